// Use case `share`: a case and its latest trace as a STIX 2.1 bundle or a MISP event (issue 15). Loads
// the case file, imports its sources (idempotent, as `trace` does), traces it with the case's own rule,
// selects what may be shared under the chosen TLP (src/sharing/share-content.ts) and builds the document.
// Returns the document and what was left out; prints nothing and reads no process state.

import { loadCaseFile } from '../adapters/files/case-file.js';
import { importFiles } from '../adapters/files/import-files.js';
import { loadProducerConfig } from '../adapters/files/producer-config.js';
import type { Tag, Tlp } from '../src/model/tag.js';
import type { GraphStore } from '../src/ports.js';
import { buildMispEvent, type MispEventDocument } from '../src/sharing/misp-event.js';
import { DEFAULT_PRODUCER, type Producer } from '../src/sharing/producer.js';
import { type LeftOut, type MinAmount, type ShareContent, type SharePart, selectShareContent } from '../src/sharing/share-content.js';
import { buildStixBundle, type StixBundle } from '../src/sharing/stix-bundle.js';
import { traceCase } from '../src/tracing/trace-case.js';

export type ShareFormat = 'stix' | 'misp';

export interface ShareCaseOptions {
  format: ShareFormat;
  tlp?: Tlp;
  producer?: Producer;
  minAmount?: MinAmount;
  include?: readonly SharePart[];
  scamType?: string;
  /** The time of sharing (ISO 8601 UTC); the caller passes the clock. */
  now: string;
  /** Import the case's sources first (default true). */
  importSources?: boolean;
  onProgress?: (stage: 'import' | 'trace', done: number) => void;
}

export interface ShareCaseResult {
  format: ShareFormat;
  document: StixBundle | MispEventDocument;
  content: ShareContent;
  leftOut: LeftOut[];
}

/** Reads an agency identity config (YAML/JSON: name, uuid, identityClass, contact, country). */
export function readProducer(file: string): Promise<Producer> {
  return loadProducerConfig(file);
}

/** Default marking of a share. */
export const DEFAULT_SHARE_TLP: Tlp = 'amber';

export async function shareCase(store: GraphStore, caseFile: string, options: ShareCaseOptions): Promise<ShareCaseResult> {
  const loaded = await loadCaseFile(caseFile);
  if (options.importSources !== false && loaded.sourcePaths.length > 0) {
    await importFiles(store, loaded.sourcePaths, { onProgress: (n) => options.onProgress?.('import', n) });
  }
  const run = await traceCase(store, loaded.kase, { flows: true, onProgress: (n) => options.onProgress?.('trace', n) });
  const addresses = new Map<string, { chain: string; address: string }>();
  const note = (chain: string, address: string | null | undefined) => {
    if (address) addresses.set(`${chain}/${address}`, { chain, address });
  };
  for (const s of run.result.sources) note(s.chain, s.address);
  for (const e of run.result.endpoints) note(e.chain, e.address);
  for (const h of run.result.holdings) note(h.chain, h.address);
  for (const f of run.flows) {
    note(f.chain, f.from);
    note(f.chain, f.to);
  }
  const tags = new Map<string, Tag[]>();
  for (const [k, { chain, address }] of addresses) tags.set(k, await store.tagsOf(chain, address));
  const { content, leftOut } = selectShareContent(loaded.kase.name, run, (chain, address) => tags.get(`${chain}/${address}`) ?? [], {
    tlp: options.tlp ?? DEFAULT_SHARE_TLP,
    ...(options.minAmount ? { minAmount: options.minAmount } : {}),
    ...(options.include ? { include: options.include } : {}),
    ...(options.scamType ? { scamType: options.scamType } : {}),
  });
  const producer = options.producer ?? DEFAULT_PRODUCER;
  const document = options.format === 'stix' ? buildStixBundle(content, { producer, now: options.now }) : buildMispEvent(content, { producer, now: options.now });
  return { format: options.format, document, content, leftOut };
}
