// Use case of the analyst workspace (`ledgerhound serve`, docs/web.md): a case opened on a store, traced
// on demand under the settings the page asks for (parsed by app/trace-settings.ts, the one parser of
// typed trace settings) with the last runs kept, and the case's summary, trace view and explanations.
// Reads only: the sources are imported once when the workspace opens (as `trace` does). Without a case
// file the workspace shows the store alone (addresses, clusters, communities, search; no trace).

import type { LoadedCase } from '../adapters/files/case-file.js';
import { invalidInput } from '../src/errors.js';
import { formatAmount } from '../src/model/amount-text.js';
import type { TraceRun } from '../src/model/trace-result.js';
import type { GraphStore } from '../src/ports.js';
import { type Explanation, explainEndpoint } from '../src/tracing/explain.js';
import type { TraceSettings } from '../src/tracing/trace-case.js';
import { traceLoadedCase } from './trace-case-file.js';
import { parseTraceOverrides, type TraceOverrideInput } from './trace-settings.js';
import { buildTraceView, type TraceView, type TraceViewOptions } from './workspace-trace.js';

/** What the page asks: settings that re-trace, and view filters. */
export interface TraceQuery extends Pick<TraceOverrideInput, 'policy' | 'maxHops' | 'until'>, TraceViewOptions {}

export interface Workspace {
  store: GraphStore;
  /** The case file, if one was given. */
  loaded?: LoadedCase;
  /** Traces under the query's settings (the last few runs are kept). */
  run(query: Pick<TraceQuery, 'policy' | 'maxHops' | 'until'>): Promise<{ run: TraceRun; settings?: TraceSettings }>;
}

export interface OpenWorkspaceOptions {
  /** Import the case's sources first (default true). */
  importSources?: boolean;
}

const KEPT_RUNS = 4;

/** The trace of a workspace without a case: nothing traced. */
function emptyRun(): TraceRun {
  return { result: { version: 1, case: '', policy: 'fifo', sources: [], endpoints: [], holdings: [], fees: [], dropped: [], totals: {} }, flows: [] };
}

/** Opens a workspace on a store and a case, if any (imports the case's sources unless told not to). */
export async function openWorkspace(store: GraphStore, loaded: LoadedCase | undefined, options: OpenWorkspaceOptions = {}): Promise<Workspace> {
  if (!loaded) return { store, run: async () => ({ run: emptyRun() }) };
  const runs = new Map<string, Promise<{ run: TraceRun; settings?: TraceSettings }>>();
  const first = await traceLoadedCase(store, loaded, { importSources: options.importSources !== false });
  runs.set('{}', Promise.resolve({ run: first.run, settings: first.settings }));
  return {
    store,
    loaded,
    run(query) {
      const typed: TraceOverrideInput = {};
      if (query.policy) typed.policy = query.policy;
      if (query.maxHops) typed.maxHops = query.maxHops;
      if (query.until) typed.until = query.until;
      const overrides = parseTraceOverrides(typed);
      const key = JSON.stringify(overrides);
      let hit = runs.get(key);
      if (!hit) {
        hit = traceLoadedCase(store, loaded, { overrides, importSources: false }).then((t) => ({ run: t.run, settings: t.settings }));
        hit.catch(() => runs.delete(key));
        runs.set(key, hit);
        if (runs.size > KEPT_RUNS) runs.delete([...runs.keys()][1]);
      }
      return hit;
    },
  };
}

export interface CaseSummary {
  name: string;
  /** The case file; absent when the workspace shows a store alone. */
  file?: string;
  settings?: TraceSettings;
  victims: { id: string; chain: string; asset: string; amount: string; amountText: string; address?: string; time?: string }[];
  /** `<chain>/<asset>` of the traced value. */
  assets: string[];
  /** Earliest and latest flow time of the default trace (the time slider's range). */
  timeRange?: { from: string; to: string };
  policies: readonly string[];
}

/** The case as the page's header and filters need it. */
export async function caseSummary(ws: Workspace, policies: readonly string[]): Promise<CaseSummary> {
  const { run, settings } = await ws.run({});
  const times = run.flows.map((f) => f.time).filter((t): t is string => t !== undefined).sort();
  const summary: CaseSummary = {
    name: ws.loaded ? ws.loaded.kase.name : '(no case: the store alone)',
    ...(ws.loaded ? { file: ws.loaded.path } : {}),
    ...(settings ? { settings } : {}),
    victims: run.result.sources.map((s) => ({ id: s.id, chain: s.chain, asset: s.asset, amount: s.amount, amountText: formatAmount(s.chain, s.asset, s.amount), address: s.address, time: s.time })),
    assets: [...new Set(run.flows.map((f) => `${f.chain}/${f.asset}`))].sort(),
    policies,
  };
  if (times.length > 0) summary.timeRange = { from: times[0], to: times[times.length - 1] };
  return summary;
}

/** The trace view under the query's settings and filters. */
export async function traceView(ws: Workspace, query: TraceQuery): Promise<TraceView & { settings?: TraceSettings; totals: Record<string, unknown> }> {
  const { run, settings } = await ws.run(query);
  return { ...buildTraceView(run, query), settings, totals: run.result.totals };
}

/** The hop-by-hop paths of traced value into an address under the query's settings. */
export async function explainAddress(ws: Workspace, query: TraceQuery & { address?: string; chain?: string }): Promise<Explanation> {
  if (!query.address) throw invalidInput('give an address', { field: 'address' });
  const { run } = await ws.run(query);
  return explainEndpoint(run, { address: query.address, chain: query.chain || undefined, asset: query.asset?.split('/').slice(1).join('/') || undefined }, { maxPaths: 50 });
}
