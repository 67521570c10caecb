// Explains a figure of a trace: the hop-by-hop paths by which traced value reached an address (an
// endpoint, or a holding), from each victim payment, with the taint each hop carried under the rule.
// A hop's predecessors are exact where the rule keeps identity (UTXO inputs; the lots a fifo/lifo outflow
// drew from); under the mixing rules (haircut, libr, poison) they are the earlier tainted inflows of the
// sending address that share a source with it, which is what those rules mean by "where it came from".
// A conversion is a hop (TRACING.md v2): a landing's predecessors are the flows of its conversion's
// in-refs, on whatever chain and asset they were (those may come later in walk order: paths are cycle-free).

import type { TraceEndpoint, TraceFlow, TraceHolding, TraceRun } from '../model/trace-result.js';

export interface ExplainTarget {
  address: string;
  chain?: string;
  asset?: string;
}

export interface ExplainOptions {
  /** Stop after this many paths (default 100); `truncated` says so. */
  maxPaths?: number;
}

export interface ExplainPath {
  /** Victim payment id the path starts from. */
  source: string;
  /** Hops from the victim payment (hop 1) to the flow into the target. */
  hops: TraceFlow[];
}

export interface Explanation {
  target: ExplainTarget;
  endpoints: TraceEndpoint[];
  holdings: TraceHolding[];
  /** Flows into the target, in walk order. */
  inflows: TraceFlow[];
  paths: ExplainPath[];
  truncated: boolean;
}

const sameAddress = (a: string | null, b: string) => a !== null && (a === b || a.toLowerCase() === b.toLowerCase());

/** The paths of traced value into `target` (an endpoint or holding address). */
export function explainEndpoint(run: TraceRun, target: ExplainTarget, options: ExplainOptions = {}): Explanation {
  const maxPaths = options.maxPaths ?? 100;
  const flows = run.flows;
  const matches = (chain: string, asset: string) => (target.chain === undefined || target.chain === chain) && (target.asset === undefined || target.asset === asset);
  const byRef = new Map<string, number>();
  const inflowsTo = new Map<string, number[]>();
  const converted = new Map<string, number[]>();
  flows.forEach((f, i) => {
    byRef.set(`${f.chain}\u0000${f.ref}`, i);
    if (f.conversion !== undefined && f.outcome === 'converted') {
      const list = converted.get(f.conversion) ?? [];
      list.push(i);
      converted.set(f.conversion, list);
    }
    if (f.to !== null) {
      const key = `${f.chain}\u0000${f.asset}\u0000${f.to.toLowerCase()}`;
      const list = inflowsTo.get(key) ?? [];
      list.push(i);
      inflowsTo.set(key, list);
    }
  });

  const parentsOf = (i: number): number[] => {
    const f = flows[i];
    if (f.source !== undefined) return [];
    if (f.fromConversion !== undefined) return converted.get(f.fromConversion) ?? [];
    if (f.parents) return f.parents.map((ref) => byRef.get(`${f.chain}\u0000${ref}`)).filter((p): p is number => p !== undefined && p < i);
    const sources = new Set(Object.keys(f.bySource));
    return (inflowsTo.get(`${f.chain}\u0000${f.asset}\u0000${f.from.toLowerCase()}`) ?? []).filter(
      (p) => p < i && Object.keys(flows[p].bySource).some((s) => sources.has(s)),
    );
  };

  const finals = flows.map((f, i) => ({ f, i })).filter(({ f }) => sameAddress(f.to, target.address) && matches(f.chain, f.asset));
  const paths: ExplainPath[] = [];
  let truncated = false;
  const walk = (i: number, suffix: number[]): void => {
    if (truncated) return;
    const chain = [i, ...suffix];
    const f = flows[i];
    if (f.source !== undefined) {
      if (paths.length >= maxPaths) {
        truncated = true;
        return;
      }
      paths.push({ source: f.source, hops: chain.map((j) => flows[j]) });
      return;
    }
    for (const p of parentsOf(i)) if (!chain.includes(p)) walk(p, chain);
  };
  for (const { i } of finals) walk(i, []);

  const at = (row: { chain: string; asset: string; address: string }) => sameAddress(row.address, target.address) && matches(row.chain, row.asset);
  return {
    target,
    endpoints: run.result.endpoints.filter(at),
    holdings: run.result.holdings.filter(at),
    inflows: finals.map(({ f }) => f),
    paths,
    truncated,
  };
}
