// Re-traces an evidence pack from its own data (verify --retrace): imports the pack's copy of the case
// sources (and its store snapshot and clustering, if any) into a fresh store, traces with the parameters
// recorded in the manifest, and compares the result with trace.json and the store content hash with the
// manifest. This is how the pack shows, on its own, that the same rule on the same data gives the same
// figures.

import { readFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { LedgerhoundError } from '../src/errors.js';
import { canonicalJson } from '../src/evidence/canonical-json.js';
import { hashStoreContents } from '../src/evidence/content-hash.js';
import { isSafePackPath, MANIFEST_FILE, type Manifest } from '../src/evidence/manifest.js';
import type { PackProblem } from '../src/evidence/verify-pack.js';
import type { CaseFile, Policy } from '../src/model/case.js';
import type { TagCategory } from '../src/model/tag.js';
import type { TraceRun } from '../src/model/trace-result.js';
import type { GraphStore } from '../src/ports.js';
import { type LoadedCase, loadCaseFile } from '../adapters/files/case-file.js';
import { CLUSTER_ASSIGNMENTS_FILE, CLUSTER_LINKS_FILE, loadClusteringFiles } from '../adapters/files/evidence-pack-clustering.js';
import { importFiles } from '../adapters/files/import-files.js';

export interface RetraceDeps {
  /** A new, empty store (temporary SQLite in the CLI). The caller closes nothing: retrace closes it. */
  createStore(): Promise<GraphStore>;
  /** The tracer: traceCase from src/tracing. */
  trace(store: GraphStore, kase: CaseFile): Promise<TraceRun>;
  onProgress?: (records: number) => void;
}

export interface RetraceResult {
  ok: boolean;
  /** The trace result equals trace.json (canonical JSON). */
  sameResult: boolean;
  /** The fresh store's content hash equals the manifest's. */
  sameStoreContent: boolean;
  storeContentHash: string;
  /** First differing top-level sections of the result (`endpoints`, `totals`...). */
  differences: string[];
  problems: PackProblem[];
}

/** In import order: conversions after the transfers and outputs they refer to. */
const SNAPSHOT_FILES = ['store/transfers.jsonl', 'store/transactions.jsonl', 'store/tags.jsonl', 'store/conversions.jsonl'];

/** The data files of a pack (all covered by its manifest): its case file loaded, the case's sources, the store snapshot, the clustering. */
export interface PackDataFiles {
  loaded: LoadedCase;
  /** Absolute paths: the case's sources, then the store snapshot's files. */
  dataFiles: string[];
  clustering: { name: string; path: string }[];
}

/**
 * Refuses a victim-audience pack (`export --audience victim`) where trace data is needed (import-pack,
 * hits, retrace): it holds one victim's statement and no trace, case file or data. INTEGRITY (exit 4, as
 * import-pack's other refusals), reason `victim-pack`.
 */
export function refuseStatementOnlyPack(dir: string, manifest: Manifest, use: string): void {
  if (manifest.audience !== 'victim') return;
  throw new LedgerhoundError('INTEGRITY', `${use}: evidence pack ${dir} ${VICTIM_PACK_REASON}`, { pack: dir, reason: 'victim-pack', audience: 'victim', files: [MANIFEST_FILE] });
}

/** Why a victim pack has nothing to import or compare. */
export const VICTIM_PACK_REASON =
  "is a victim pack (export --audience victim): it holds one victim's statement (victims/<id>.html, .pdf) and no trace data; use the case's court or exchange pack";

/** The pack's data files; INTEGRITY when the manifest or the case file points outside what the manifest covers, or the pack is a victim pack. */
export async function packDataFiles(dir: string, manifest: Manifest): Promise<PackDataFiles> {
  refuseStatementOnlyPack(dir, manifest, 'no trace data');
  const listed = new Set(manifest.files.map((f) => f.path));
  // Only files the manifest covers are read: a crafted manifest or case file cannot point outside the pack.
  if (!isSafePackPath(manifest.case.file) || !listed.has(manifest.case.file)) {
    throw new LedgerhoundError('INTEGRITY', `the manifest's case file ${manifest.case.file} is not a file of the pack`, { files: [MANIFEST_FILE] });
  }
  const loaded = await loadCaseFile(join(dir, ...manifest.case.file.split('/')));
  const root = resolve(dir);
  for (const source of loaded.sourcePaths) {
    const rel = relative(root, source).split(sep).join('/');
    if (!isSafePackPath(rel) || !listed.has(rel)) {
      throw new LedgerhoundError('INTEGRITY', `the pack's case file names a source outside the pack's manifest: ${source}`, { files: [manifest.case.file] });
    }
  }
  const snapshot = SNAPSHOT_FILES.filter((f) => listed.has(f)).map((f) => join(dir, ...f.split('/')));
  const clustering = [CLUSTER_LINKS_FILE, CLUSTER_ASSIGNMENTS_FILE].filter((f) => listed.has(f)).map((name) => ({ name, path: join(dir, ...name.split('/')) }));
  return { loaded, dataFiles: [...loaded.sourcePaths, ...snapshot], clustering };
}

/** Re-runs the trace recorded in `manifest` from the pack at `dir`. */
export async function retraceEvidencePack(dir: string, manifest: Manifest, deps: RetraceDeps): Promise<RetraceResult> {
  const { loaded, dataFiles, clustering } = await packDataFiles(dir, manifest);
  const p = manifest.command.parameters;
  const kase: CaseFile = {
    ...loaded.kase,
    policy: p.policy as Policy,
    maxHops: p.maxHops,
    stopAt: p.stopAt as TagCategory[],
    inheritTags: p.inheritTags,
  };
  if (p.until !== undefined) kase.until = p.until;
  else delete kase.until;
  if (p.dust !== undefined) kase.dust = p.dust;
  else delete kase.dust;

  const store = await deps.createStore();
  try {
    await importFiles(store, dataFiles, { onProgress: deps.onProgress });
    if (clustering.length > 0) await loadClusteringFiles(store, clustering);
    const content = await hashStoreContents(store);
    const run = await deps.trace(store, kase);
    const recorded = JSON.parse(await readFile(join(dir, 'trace.json'), 'utf8')) as Record<string, unknown>;
    const fresh = JSON.parse(JSON.stringify(run.result)) as Record<string, unknown>;
    const differences = [...new Set([...Object.keys(recorded), ...Object.keys(fresh)])]
      .sort()
      .filter((k) => canonicalJson(recorded[k] ?? null) !== canonicalJson(fresh[k] ?? null));
    const problems: PackProblem[] = [];
    if (differences.length > 0) {
      problems.push({ path: 'trace.json', kind: 'changed', detail: `re-tracing the pack's data gives other figures in: ${differences.join(', ')}` });
    }
    const sameStoreContent = content.sha256 === manifest.store.contentHash;
    if (!sameStoreContent) {
      problems.push({ path: manifest.case.file, kind: 'changed', detail: `the pack's data hash to ${content.sha256}, the manifest records store content ${manifest.store.contentHash}` });
    }
    return { ok: problems.length === 0, sameResult: differences.length === 0, sameStoreContent, storeContentHash: content.sha256, differences, problems };
  } finally {
    await store.close();
  }
}
