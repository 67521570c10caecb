// The watch's incremental trace (issue 17). A poll appends whole blocks (node sources) or the newest
// history of watched addresses (hosted sources) to the store; the trace is then brought up to date from
// what the poll appended, not from scratch: when no appended record touches the previous trace's frontier
// (src/watch/trace-frontier.ts), a full re-trace would read exactly what the previous one read, so the
// previous run is the result, byte for byte (tested against full re-traces). Conversions need no check
// of their own: a conversion the previous trace reached had all its refs stored (the tracer stops with
// NOT_FOUND otherwise), and one it did not reach matters only once taint reaches its in-ref, through a
// record that touches the frontier;
// otherwise, and whenever something other than the watch wrote to the store (a source the watch did not
// write appeared), the case is re-traced in full. The tracer keeps no walk state between runs, so a
// touched frontier costs one full re-trace, for every policy (docs/watch.md).
// `recordingStore` wraps the store the watch writes through and keeps what each batch appended.

import type { LoadedCase } from '../adapters/files/case-file.js';
import type { AccountTransfer } from '../src/model/transfer.js';
import type { UtxoTransaction } from '../src/model/utxo.js';
import type { GraphStore, ImportBatch, ImportPart, ImportSource, ImportSummary } from '../src/ports.js';
import type { TraceOptions } from '../src/tracing/trace-case.js';
import { type AppendedRecords, firstTouching, type TraceFrontier, traceFrontier } from '../src/watch/trace-frontier.js';
import { type TracedCase, traceLoadedCase } from './trace-case-file.js';

const sourceKey = (s: ImportSource) => `${s.name}\u0000${s.sha256}`;

/** A store that notes the records and sources written through it (the watch's own writes). */
export interface RecordingStore {
  store: GraphStore;
  /** The transfers and transactions written since the last call (new ones only, by the batch summaries). */
  take(): AppendedRecords;
  /** Sources written through this store so far. */
  written: Set<string>;
}

/** Wraps `store`: every importBatch/importStream is passed on and what it added is recorded. */
export function recordingStore(store: GraphStore): RecordingStore {
  let transfers: AccountTransfer[] = [];
  let transactions: UtxoTransaction[] = [];
  const written = new Set<string>();
  const note = (summary: ImportSummary, parts: { transfers?: AccountTransfer[]; transactions?: UtxoTransaction[] }[]) => {
    // Re-imported identical records change nothing; a batch that added none is not a change.
    if (summary.transfers.added > 0) for (const p of parts) transfers.push(...(p.transfers ?? []));
    if (summary.transactions.added > 0) for (const p of parts) transactions.push(...(p.transactions ?? []));
  };
  const wrapped = new Proxy(store, {
    get(target, prop) {
      if (prop === 'importBatch') {
        return async (batch: ImportBatch) => {
          written.add(sourceKey(batch.source));
          const summary = await target.importBatch(batch);
          note(summary, [batch]);
          return summary;
        };
      }
      if (prop === 'importStream' && target.importStream) {
        return async (source: ImportSource, parts: AsyncIterable<ImportPart>) => {
          written.add(sourceKey(source));
          const seen: ImportPart[] = [];
          async function* tee() {
            for await (const p of parts) {
              seen.push({ transfers: p.transfers, transactions: p.transactions });
              yield p;
            }
          }
          const summary = await target.importStream!(source, tee());
          note(summary, seen);
          return summary;
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return {
    store: wrapped,
    written,
    take() {
      const out = { transfers, transactions };
      transfers = [];
      transactions = [];
      return out;
    },
  };
}

export interface WatchTraceState {
  traced: TracedCase;
  frontier: TraceFrontier;
  /** The store's sources when it was traced. */
  sources: Set<string>;
}

export interface WatchTraceUpdate {
  state: WatchTraceState;
  /** True when the case was re-traced in full; false when the previous run stood. */
  retraced: boolean;
  /** Why it was re-traced (`first trace`, the record that touched the frontier, a foreign source). */
  reason?: string;
}

export interface WatchTraceOptions {
  overrides?: TraceOptions;
  /** Import the case's sources before tracing (the watch's first poll). */
  importSources?: boolean;
}

async function sourcesOf(store: GraphStore): Promise<Set<string>> {
  return new Set((await store.listSources()).map(sourceKey));
}

async function fullTrace(store: GraphStore, loaded: LoadedCase, options: WatchTraceOptions, reason: string): Promise<WatchTraceUpdate> {
  const traced = await traceLoadedCase(store, loaded, { overrides: options.overrides, importSources: options.importSources === true, flows: true });
  return { state: { traced, frontier: traceFrontier(traced.run), sources: await sourcesOf(store) }, retraced: true, reason };
}

/**
 * Brings the watch's trace up to date after `appended` was written (records of blocks after everything
 * the previous trace saw). Without a previous state it traces in full. `ownSources` are the sources the
 * watch itself wrote (RecordingStore.written): any other new source means a full re-trace.
 */
export async function updateWatchTrace(
  store: GraphStore,
  loaded: LoadedCase,
  previous: WatchTraceState | undefined,
  appended: AppendedRecords,
  ownSources: ReadonlySet<string>,
  options: WatchTraceOptions = {},
): Promise<WatchTraceUpdate> {
  if (!previous) return fullTrace(store, loaded, options, 'first trace');
  const now = await sourcesOf(store);
  for (const s of now) if (!previous.sources.has(s) && !ownSources.has(s)) return fullTrace(store, loaded, options, `the store has a new source: ${s.split('\u0000')[0]}`);
  const touching = firstTouching(previous.frontier, appended);
  if (touching !== undefined) return fullTrace(store, loaded, options, touching);
  return { state: { ...previous, sources: now }, retraced: false };
}
