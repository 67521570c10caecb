// The watch's incremental trace (issue 17). A poll appends whole blocks (node sources) or the newest
// history of watched addresses (hosted sources) to the store; the trace is then brought up to date from
// what the poll appended, not from scratch:
// - when no appended record touches the previous trace's frontier (src/watch/trace-frontier.ts), a full
//   re-trace would read exactly what the previous one read, so the previous run is the result, byte for
//   byte (a trace kept open is still fed the records, which scan mode needs for its clean balances);
// - when one does, the walks the previous trace kept open (src/tracing/resumable-trace.ts) are resumed from
//   their last events with the appended records: only the new events and what taint reaches from them are
//   read, and the result equals a full re-trace byte for byte (tested);
// - a full re-trace when resuming is not exact: the first trace (also after a restart: the open walks live
//   in memory), a source the watch did not write (tags or data imported beside it), a case with `until`,
//   conversions on the case's chains, an appended record at or before a walk's last event. A conversion
//   needs no frontier check: one the trace reached has all its refs stored (else NOT_FOUND), one it did
//   not reach matters only once a record touches the frontier (docs/watch.md).
// `recordingStore` wraps the store the watch writes through and keeps what each batch appended.

import type { LoadedCase } from '../adapters/files/case-file.js';
import type { AccountTransfer } from '../src/model/transfer.js';
import type { UtxoTransaction } from '../src/model/utxo.js';
import type { GraphStore, ImportBatch, ImportPart, ImportSource, ImportSummary } from '../src/ports.js';
import { importFiles } from '../adapters/files/import-files.js';
import { type ResumableTrace, traceCaseResumable } from '../src/tracing/resumable-trace.js';
import { resolveTraceSettings, type TraceOptions } from '../src/tracing/trace-case.js';
import { type AppendedRecords, firstTouching, type TraceFrontier, traceFrontier } from '../src/watch/trace-frontier.js';
import type { TracedCase } from './trace-case-file.js';

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
  let tags = 0;
  const written = new Set<string>();
  const note = (summary: ImportSummary, parts: { transfers?: AccountTransfer[]; transactions?: UtxoTransaction[] }[]) => {
    // Re-imported identical records change nothing; a batch that added none is not a change.
    if (summary.transfers.added > 0) for (const p of parts) transfers.push(...(p.transfers ?? []));
    if (summary.transactions.added > 0) for (const p of parts) transactions.push(...(p.transactions ?? []));
    tags += summary.tags.added;
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
      const out = { transfers, transactions, ...(tags > 0 ? { tags } : {}) };
      transfers = [];
      transactions = [];
      tags = 0;
      return out;
    },
  };
}

export interface WatchTraceState {
  traced: TracedCase;
  frontier: TraceFrontier;
  /** The store's sources when it was traced. */
  sources: Set<string>;
  /** The trace's walks kept open (in memory only); absent when the case cannot be resumed. */
  resumable?: ResumableTrace;
  /** Why the trace was not kept open. */
  notResumable?: string;
}

export interface WatchTraceUpdate {
  state: WatchTraceState;
  /** True when the case was re-traced in full; false when the previous run stood or was resumed. */
  retraced: boolean;
  /** True when the previous trace was brought up to date from the appended records on. */
  resumed: boolean;
  /**
   * Why it was re-traced (`first trace`, a foreign source, or the record that touched the frontier and
   * why the trace could not be resumed), or the record that touched the frontier when resumed.
   */
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
  const overrides = options.overrides ?? {};
  const settings = resolveTraceSettings(loaded.kase, overrides);
  if (options.importSources === true && loaded.sourcePaths.length > 0) await importFiles(store, loaded.sourcePaths);
  const { run, resumable, reason: notResumable } = await traceCaseResumable(store, loaded.kase, { ...overrides, flows: true });
  const traced: TracedCase = { loaded, settings, run };
  const state: WatchTraceState = { traced, frontier: traceFrontier(run), sources: await sourcesOf(store) };
  if (resumable) state.resumable = resumable;
  if (notResumable !== undefined) state.notResumable = notResumable;
  return { state, retraced: true, resumed: false, reason };
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
  if (previous.resumable && (appended.tags ?? 0) > 0) return fullTrace(store, loaded, options, `${touching ?? 'appended records'}; not resumable: the watch's writes added ${appended.tags} tags`);
  if (previous.resumable) {
    const resumed = await previous.resumable.resume(appended, touching !== undefined);
    if (resumed.reason !== undefined) return fullTrace(store, loaded, options, `${touching ?? 'appended records'}; not resumable: ${resumed.reason}`);
    if (resumed.run) {
      const traced: TracedCase = { ...previous.traced, run: resumed.run };
      return { state: { ...previous, traced, frontier: traceFrontier(resumed.run), sources: now }, retraced: false, resumed: true, reason: touching };
    }
  } else if (touching !== undefined) return fullTrace(store, loaded, options, `${touching}; not resumable: ${previous.notResumable ?? 'no open trace'}`);
  return { state: { ...previous, sources: now }, retraced: false, resumed: false };
}
