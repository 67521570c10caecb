// `verify`: the pack's TLP marking against the tags the pack itself carries (issue 15). The tags on the
// addresses its trace used (trace.json and flows.csv, as export-pack.ts `markedTagsOfTrace`) are read from
// the pack's tag-bearing data files (tags, TagPacks, address lists, STIX/MISP documents; transfer,
// transaction and conversion files are skipped) into a scratch store; a marking less strict than the
// strictest of them, or no marking over marked data, is a `marking` problem naming that tag. A victim
// pack carries no data and nothing to check.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isListEntry } from '../adapters/files/address-list.js';
import { readPackRun } from '../adapters/files/evidence-pack-run.js';
import { importFile } from '../adapters/files/import-files.js';
import { readRecords, shapeOf } from '../adapters/files/read-records.js';
import { sniffSharingFormat } from '../adapters/files/sharing-document.js';
import { openSqliteStore } from '../graph/sqlite/sqlite-store.js';
import { MANIFEST_FILE, type Manifest } from '../src/evidence/manifest.js';
import { strictestTag, tlpLabel } from '../src/evidence/pack-marking.js';
import type { PackProblem } from '../src/evidence/verify-pack.js';
import { mayShareUnder } from '../src/sharing/tlp.js';
import { markedTagsOfTrace } from './export-pack.js';
import { packDataFiles } from './retrace-pack.js';

/** Whether a data file holds tags (its first record, or its kind by name). */
async function holdsTags(file: string): Promise<boolean> {
  const lower = file.toLowerCase();
  if (lower.endsWith('.yaml') || lower.endsWith('.yml') || lower.endsWith('.txt')) return true;
  if (lower.endsWith('.json') && (await sniffSharingFormat(file)) !== undefined) return true;
  const shape = shapeOf(file);
  if (!shape) return false;
  for await (const { value } of readRecords(file, shape)) {
    const rec = value as Record<string, unknown>;
    return (typeof rec === 'object' && rec !== null && 'label' in rec && 'category' in rec) || isListEntry(value);
  }
  return false;
}

/** Marking problems of a pack whose files already match its manifest (empty when the marking holds). */
export async function checkPackMarking(dir: string, manifest: Manifest): Promise<PackProblem[]> {
  if (manifest.audience === 'victim') return [];
  const { dataFiles } = await packDataFiles(dir, manifest);
  const run = await readPackRun(dir, manifest);
  const scratch = await mkdtemp(join(tmpdir(), 'ledgerhound-marking-'));
  try {
    const store = await openSqliteStore(join(scratch, 'tags.db'));
    try {
      for (const file of dataFiles) if (await holdsTags(file)) await importFile(store, file);
      const strictest = strictestTag(await markedTagsOfTrace(store, run));
      if (strictest?.tlp === undefined || (manifest.tlp !== undefined && mayShareUnder(strictest.tlp, manifest.tlp))) return [];
      const marked = manifest.tlp === undefined ? 'carries no TLP marking' : `is marked ${tlpLabel(manifest.tlp)}`;
      return [
        {
          path: MANIFEST_FILE,
          kind: 'marking',
          detail: `the pack ${marked}, less strict than its data: tag "${strictest.label}" on ${strictest.chain} ${strictest.address} (${strictest.source}) used by the trace is ${tlpLabel(strictest.tlp)}`,
        },
      ];
    } finally {
      await store.close();
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
