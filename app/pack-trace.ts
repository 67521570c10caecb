// The trace an evidence pack records and re-runs: traceCase (src/tracing) on a case as traced, with
// the case's own parameters. One place, so `export` and `verify --retrace` trace the same way.

import type { CaseFile } from '../src/model/case.js';
import type { TraceRun } from '../src/model/trace-result.js';
import type { GraphStore } from '../src/ports.js';
import { traceCase } from '../src/tracing/trace-case.js';

export interface PackTraceOptions {
  /** Events processed so far. */
  onProgress?: (done: number) => void;
}

/** Traces `kase` on `store` (parameters already applied to the case). */
export async function traceForPack(store: GraphStore, kase: CaseFile, options: PackTraceOptions = {}): Promise<TraceRun> {
  return traceCase(store, kase, options.onProgress ? { onProgress: options.onProgress } : {});
}
