// Use case `export <case> --out DIR`: import the case's sources (idempotent), trace the case as the
// overrides set it, and write the seizure evidence pack (app/export-pack.ts) recording that case, so that
// `verify --retrace` re-runs exactly this trace. A signing key is checked before any long work.

import { readFile } from 'node:fs/promises';
import { importFiles } from '../adapters/files/import-files.js';
import type { LoadedCase } from '../adapters/files/case-file.js';
import { LedgerhoundError } from '../src/errors.js';
import { signManifest } from '../src/evidence/manifest.js';
import type { GraphStore } from '../src/ports.js';
import type { TraceOptions } from '../src/tracing/trace-case.js';
import { partialPackDir, type WriteEvidencePackOptions, type WrittenPack, writeEvidencePack } from './export-pack.js';
import { traceForPack } from './pack-trace.js';
import { applyTraceOverrides } from './trace-settings.js';

export { partialPackDir };

/** Reads a PEM signing key and checks it can sign (NOT_FOUND naming the option when missing). */
export async function readSigningKey(file: string): Promise<string> {
  let pem: string;
  try {
    pem = await readFile(file, 'utf8');
  } catch {
    throw new LedgerhoundError('NOT_FOUND', `${file}: no such key file`, { field: '--sign', path: file });
  }
  signManifest('check', pem);
  return pem;
}

export interface ExportCaseOptions extends Pick<WriteEvidencePackOptions, 'outDir' | 'tool' | 'argv' | 'signingKeyPem' | 'now' | 'tlp'> {
  overrides?: TraceOptions;
  onProgress?(stage: string, done: number, total?: number): void;
  /** Called once the trace is done, with its flow count. */
  onTraced?(flows: number): void;
}

/** Imports, traces and writes the pack of `loaded` into `options.outDir`. */
export async function exportCase(store: GraphStore, loaded: LoadedCase, options: ExportCaseOptions): Promise<WrittenPack> {
  const kase = applyTraceOverrides(loaded.kase, options.overrides ?? {});
  await importFiles(store, loaded.sourcePaths, { onProgress: (n) => options.onProgress?.('import', n) });
  const run = await traceForPack(store, kase, { onProgress: (n) => options.onProgress?.('trace', n) });
  options.onTraced?.(run.flows.length);
  return writeEvidencePack({
    store,
    loaded,
    kase,
    run,
    outDir: options.outDir,
    tool: options.tool,
    argv: options.argv,
    signingKeyPem: options.signingKeyPem,
    now: options.now,
    tlp: options.tlp,
    onProgress: options.onProgress,
  });
}
