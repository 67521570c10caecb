// A trace that can be brought up to date from new events on (the watch, issue 17; TRACING.md, The walk).
// Without conversions a trace is one pass of independent walks, each a chain-order merge; the watch appends
// only whole later blocks, so each walk's state at its end is where those blocks continue from
// (resumable-walk.ts). The trace keeps its walks open, reports their ends into a copy of the collector
// (holdings, open unknown-order groups, labels), and keeps each walk's flows and unknown-order rows apart,
// so that a resumed result lists everything in the order of a full trace: the result and flows are
// byte-identical to a full trace of the store (tested: test/watch/incremental-trace*.test.ts).
// Not resumable, traced in full instead (`reason`): a case with `until`, a store with conversions on the
// case's chains (TRACING.md v2 passes: a new event can change the landings of earlier passes), a resumed
// record at or before a walk's last event.

import type { CaseFile } from '../model/case.js';
import type { TraceFlow, TraceRun, UnknownOrder } from '../model/trace-result.js';
import type { GraphStore } from '../ports.js';
import { cmp, TraceCollector } from './collector.js';
import { ConversionBook } from './conversion-book.js';
import type { AppendedEvents, ResumableWalk } from './resumable-walk.js';
import { finishRun, prepareTrace, type TraceOptions, traceCase, walkContext, walkGroups } from './trace-case.js';

export interface ResumableTrace {
  /**
   * Walks the records appended to the store since the last run or resume, from each walk's last event on.
   * Returns the new run (undefined with `build: false`: the caller knows nothing it reports changed), or
   * a reason to trace in full; after a reason the handle is spent.
   */
  resume(appended: AppendedEvents, build?: boolean): Promise<{ run?: TraceRun; reason?: undefined } | { reason: string; run?: undefined }>;
  /** Events the walks processed so far (the first run and every resume). */
  readonly events: number;
}

export interface ResumableRun {
  run: TraceRun;
  /** Absent when the case cannot be resumed; `reason` says why. */
  resumable?: ResumableTrace;
  reason?: string;
}

interface OpenWalk {
  walk: ResumableWalk;
  flows: TraceFlow[];
  unknownOrder: UnknownOrder[];
}

/** Traces the case as traceCase does and, where it can, keeps the walks open to resume them later. */
export async function traceCaseResumable(store: GraphStore, kase: CaseFile, options: TraceOptions = {}): Promise<ResumableRun> {
  const prepared = await prepareTrace(store, kase, options);
  const { settings, keys, sources, accountGroups, utxoGroups, rule, tags, book } = prepared;
  if (settings.until !== undefined) return { run: await traceCase(store, kase, options), reason: 'the case sets until' };
  if (book.count > 0) return { run: await traceCase(store, kase, options), reason: 'the store has conversions on the case chains' };
  const chains = [...new Set(kase.victimPayments.map((v) => v.chain))].sort(cmp);

  const collector = new TraceCollector(keys, sources, { exposure: rule.exposure, flows: options.flows ?? true });
  const ctx = walkContext(store, settings, keys, collector, tags, options, book);
  if (rule.exposure) collector.addNote(`${settings.policy} counts exposure: a unit reached by several victims counts once for each, so totals do not add up`);
  const walks: OpenWalk[] = [];
  const events = await walkGroups(ctx, settings.policy, accountGroups, utxoGroups, [], (walk) => walks.push({ walk, ...collector.takeOutput() }));
  options.onProgress?.(events);

  const build = () => {
    const out = collector.copy();
    for (const w of walks) {
      for (const f of w.flows) out.flows.push(f);
      for (const row of w.unknownOrder) out.addUnknownOrder(row);
      w.walk.report(out);
    }
    return finishRun(store, kase, settings, out, tags);
  };

  let spent = false;
  const resumable: ResumableTrace = {
    get events() {
      return walks.reduce((n, w) => n + w.walk.events, 0);
    },
    async resume(appended, wanted = true) {
      if (spent) return { reason: 'the trace could not be resumed before' };
      // A conversion stored since (by the watch's own writes) would make this a trace of several passes.
      const now = new ConversionBook(store, keys, { followProbable: settings.followProbable === true, exposure: rule.exposure });
      for (const chain of chains) await now.load(chain);
      if (now.count > 0) {
        spent = true;
        return { reason: 'the store has conversions on the case chains' };
      }
      for (const w of walks) {
        const reason = await w.walk.resume(appended);
        if (reason !== undefined) {
          spent = true;
          return { reason };
        }
        const { flows, unknownOrder } = collector.takeOutput();
        for (const f of flows) w.flows.push(f);
        w.unknownOrder.push(...unknownOrder);
      }
      return wanted ? { run: await build() } : {};
    },
  };
  return { run: await build(), resumable };
}
