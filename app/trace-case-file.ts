// Use case `trace <case>`: load a case file, import its sources into the store (idempotent; skipped for
// a read-only trace), and trace its victim payments under the case's rule with the caller's overrides
// (TRACING.md). Returns the run (result and flows), the case and the settings; prints nothing.

import { type LoadedCase, loadCaseFile } from '../adapters/files/case-file.js';
import { importFiles } from '../adapters/files/import-files.js';
import type { TraceRun } from '../src/model/trace-result.js';
import type { GraphStore } from '../src/ports.js';
import { resolveTraceSettings, type TraceOptions, type TraceSettings, traceCase } from '../src/tracing/trace-case.js';

export interface TraceCaseFileOptions {
  /** Overrides of the case's settings (app/trace-settings.ts parses typed ones). */
  overrides?: TraceOptions;
  /** Import the case's sources first (default true). */
  importSources?: boolean;
  /** Keep the flows behind every figure (for --explain, packs, the workspace); default true. */
  flows?: boolean;
  onProgress?(stage: 'import' | 'trace', done: number): void;
}

export interface TracedCase {
  loaded: LoadedCase;
  settings: TraceSettings;
  run: TraceRun;
}

/** Reads a case file (INVALID_INPUT/NOT_FOUND naming it) before any store is opened. */
export function readCaseFile(path: string): Promise<LoadedCase> {
  return loadCaseFile(path);
}

/** Imports the case's sources (unless told not to) and traces the case. */
export async function traceLoadedCase(store: GraphStore, loaded: LoadedCase, options: TraceCaseFileOptions = {}): Promise<TracedCase> {
  const overrides = options.overrides ?? {};
  const settings = resolveTraceSettings(loaded.kase, overrides);
  if (options.importSources !== false && loaded.sourcePaths.length > 0) {
    await importFiles(store, loaded.sourcePaths, { onProgress: (n) => options.onProgress?.('import', n) });
  }
  const run = await traceCase(store, loaded.kase, { ...overrides, flows: options.flows ?? true, onProgress: (n) => options.onProgress?.('trace', n) });
  return { loaded, settings, run };
}
