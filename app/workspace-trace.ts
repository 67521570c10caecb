// Use case of the analyst workspace (`ledgerhound serve`, docs/web.md): the trace view of a trace run.
// Victims' wallets on the left (layer 0), every address the taint reached at the hop it first arrived,
// cash-out points on the right; one edge per (from, to, chain, asset) with the summed taint, coloured by
// the victim payment that carried most of it. View filters (victim, asset, minimum amount, time from)
// only select rows of the run; the settings that change the figures (policy, hops, until) re-trace.
// Large traces are aggregated: the largest flows of each hop are kept, the rest summed into one "other"
// edge per hop, with the full graph one request away (`full`).

import { compareDecimals, formatScaled, parseScaled, sumDecimals } from '../src/evidence/decimal.js';
import { invalidInput } from '../src/errors.js';
import { assetDisplay, formatAmount } from '../src/model/amount-text.js';
import type { BySource, TraceFlow, TraceRun } from '../src/model/trace-result.js';

/** View filters as typed in the page (every one optional). */
export interface TraceViewFilterInput {
  /** Victim payment id. */
  victim?: string;
  /** `<chain>/<asset>`. */
  asset?: string;
  /** Minimum amount in the asset's human units (`1000`, `0.5`). */
  min?: string;
  /** ISO-8601 UTC: flows before it are left out. */
  from?: string;
}

export interface TraceViewOptions extends TraceViewFilterInput {
  /** Edges kept before aggregating (default 400); `full` keeps every edge. */
  maxEdges?: number;
  full?: boolean;
}

export type TraceNodeKind = 'victim' | 'cash-out' | 'holding' | 'address' | 'other';

export interface TraceViewNode {
  /** `<chain>/<address>` (or `other/<hop>`). */
  id: string;
  chain: string;
  address: string;
  kind: TraceNodeKind;
  /** Column: 0 victims, hop of first arrival, cash-out points after the last hop. */
  layer: number;
  label?: string;
  category?: string;
  /** Victim payment ids whose taint passed here. */
  victims: string[];
}

export interface TraceViewEdge {
  id: string;
  source: string;
  target: string;
  chain: string;
  asset: string;
  /** Summed taint, decimal base units, and as people read it. */
  amount: string;
  amountText: string;
  /** The victim payment that carried most of it (the colour). */
  victim: string;
  hop: number;
  flows: number;
}

export interface CashOutRow {
  chain: string;
  address: string;
  asset: string;
  amount: string;
  amountText: string;
  bySource: BySource;
  label?: string;
  category?: string;
  hops: number;
  note?: string;
}

export interface TraceView {
  nodes: TraceViewNode[];
  edges: TraceViewEdge[];
  cashOuts: CashOutRow[];
  holdings: CashOutRow[];
  /** Flow edges before aggregation, and how many were folded into "other" edges. */
  edgeCount: number;
  aggregated: number;
  victims: string[];
}

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

/** Base units of a human amount (`1,000.5` with 6 decimals -> `1000500000`), or INVALID_INPUT naming `min`. */
export function humanToBaseUnits(text: string, decimals: number): string {
  const t = text.replaceAll(',', '').trim();
  const m = /^(\d+)(?:\.(\d+))?$/.exec(t);
  if (!m) throw invalidInput('must be a non-negative decimal number', { field: 'min' }, { value: text });
  const frac = (m[2] ?? '').padEnd(decimals, '0');
  const whole = `${m[1]}${frac.slice(0, decimals)}`.replace(/^0+(?=\d)/, '');
  const rest = frac.slice(decimals).replace(/0+$/, '');
  return rest ? `${whole}.${rest}` : whole;
}

/** Checks the view filters against the run (INVALID_INPUT naming the field). */
export function checkViewFilters(run: TraceRun, input: TraceViewFilterInput): void {
  if (input.victim !== undefined && !run.result.sources.some((s) => s.id === input.victim)) {
    throw invalidInput(`no victim payment "${input.victim}" in this case`, { field: 'victim' }, { value: input.victim });
  }
  if (input.asset !== undefined && !/^[^/]+\/.+$/.test(input.asset)) throw invalidInput('must be <chain>/<asset>', { field: 'asset' }, { value: input.asset });
  if (input.from !== undefined && (!ISO_UTC.test(input.from) || Number.isNaN(Date.parse(input.from)))) {
    throw invalidInput('must be an ISO-8601 UTC time (2025-03-01T12:00:00Z)', { field: 'from' }, { value: input.from });
  }
  if (input.min !== undefined) humanToBaseUnits(input.min, 0);
}

/** Appends to the list under `key` in place (copying the list on every append is quadratic on large traces). */
function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The share of `amount` that a victim filter keeps: that victim's part, else the whole. */
function shareOf(amount: string, bySource: BySource, victim: string | undefined): string | undefined {
  if (victim === undefined) return amount;
  const part = bySource[victim];
  return part === undefined || compareDecimals(part, '0') <= 0 ? undefined : part;
}

function largestSource(bySource: BySource): string {
  let best = '';
  let bestAmount = '-1';
  for (const [id, a] of Object.entries(bySource).sort(([x], [y]) => (x < y ? -1 : 1))) {
    if (compareDecimals(a, bestAmount) > 0) {
      best = id;
      bestAmount = a;
    }
  }
  return best;
}

/** Builds the trace view of a run under view filters. */
export function buildTraceView(run: TraceRun, options: TraceViewOptions = {}): TraceView {
  checkViewFilters(run, options);
  const { victim, asset } = options;
  const minFor = (chain: string, a: string): string | undefined => (options.min === undefined ? undefined : humanToBaseUnits(options.min, assetDisplay(chain, a).decimals ?? 0));
  const keepAmount = (chain: string, a: string, amount: string | undefined): amount is string => {
    if (amount === undefined) return false;
    if (asset !== undefined && `${chain}/${a}` !== asset) return false;
    const min = minFor(chain, a);
    return min === undefined || compareDecimals(amount, min) >= 0;
  };
  const fromMs = options.from === undefined ? undefined : Date.parse(options.from);
  const row = (r: { chain: string; address: string; asset: string; amount: string; bySource: BySource; label?: string; category?: string; hops?: number; note?: string }): CashOutRow | undefined => {
    const amount = shareOf(r.amount, r.bySource, victim);
    if (!keepAmount(r.chain, r.asset, amount)) return undefined;
    const out: CashOutRow = { chain: r.chain, address: r.address, asset: r.asset, amount, amountText: formatAmount(r.chain, r.asset, amount), bySource: r.bySource, hops: r.hops ?? 0 };
    if (r.label !== undefined) out.label = r.label;
    if (r.category !== undefined) out.category = r.category;
    if (r.note !== undefined) out.note = r.note;
    return out;
  };
  const cashOuts = run.result.endpoints.map(row).filter((r): r is CashOutRow => r !== undefined);
  const holdings = run.result.holdings.map(row).filter((r): r is CashOutRow => r !== undefined);

  // Edges: flows summed per (from, to, chain, asset), as scaled bigints (parsed once per flow: a
  // 10^6-transfer trace has hundreds of thousands of edges).
  interface Acc {
    first: TraceFlow;
    flows: number;
    total: bigint;
    bySource: Map<string, bigint>;
    hop: number;
  }
  const acc = new Map<string, Acc>();
  for (const f of run.flows) {
    if (f.to === null) continue;
    if (fromMs !== undefined && f.time !== undefined && Date.parse(f.time) < fromMs) continue;
    const amount = shareOf(f.amount, f.bySource, victim);
    if (amount === undefined || (asset !== undefined && `${f.chain}/${f.asset}` !== asset)) continue;
    const key = `${f.chain}\u0000${f.asset}\u0000${f.from}\u0000${f.to}`;
    let a = acc.get(key);
    if (!a) {
      a = { first: f, flows: 0, total: 0n, bySource: new Map(), hop: f.hop };
      acc.set(key, a);
    }
    a.flows++;
    a.total += parseScaled(amount);
    a.hop = Math.min(a.hop, f.hop);
    for (const [id, v] of Object.entries(f.bySource)) if (victim === undefined || id === victim) a.bySource.set(id, (a.bySource.get(id) ?? 0n) + parseScaled(v));
  }
  const scaledOf = new Map<TraceViewEdge, bigint>();
  let edges: TraceViewEdge[] = [];
  for (const a of acc.values()) {
    const f = a.first;
    const min = minFor(f.chain, f.asset);
    if (min !== undefined && a.total < parseScaled(min)) continue;
    const bySource: BySource = {};
    for (const [id, v] of a.bySource) bySource[id] = formatScaled(v);
    const edge: TraceViewEdge = {
      id: `${f.chain}/${f.asset}/${f.from}>${f.to}`,
      source: `${f.chain}/${f.from}`,
      target: `${f.chain}/${f.to}`,
      chain: f.chain,
      asset: f.asset,
      amount: formatScaled(a.total),
      amountText: '',
      victim: largestSource(bySource),
      hop: a.hop,
      flows: a.flows,
    };
    scaledOf.set(edge, a.total);
    edges.push(edge);
  }
  edges.sort((x, y) => {
    if (x.hop !== y.hop) return x.hop - y.hop;
    const ax = scaledOf.get(x) as bigint;
    const ay = scaledOf.get(y) as bigint;
    return ay > ax ? 1 : ay < ax ? -1 : x.id < y.id ? -1 : 1;
  });
  const edgeCount = edges.length;
  let aggregated = 0;
  const maxEdges = options.maxEdges ?? 400;
  if (!options.full && edges.length > maxEdges) ({ edges, aggregated } = aggregate(edges, maxEdges));
  // Amounts as people read them, for the edges drawn only (the "other" edges have theirs).
  for (const e of edges) if (e.amountText === '') e.amountText = formatAmount(e.chain, e.asset, e.amount);

  // Nodes: victims' wallets at layer 0, the rest at the hop of first arrival, cash-out points last.
  const cashOutIds = new Set(run.result.endpoints.map((e) => `${e.chain}/${e.address}`));
  const holdingIds = new Set(run.result.holdings.map((h) => `${h.chain}/${h.address}`));
  const victimWallets = new Map<string, string[]>();
  for (const f of run.flows) if (f.source !== undefined && (victim === undefined || f.source === victim)) pushTo(victimWallets, `${f.chain}/${f.from}`, f.source);
  const nodes = new Map<string, TraceViewNode>();
  const maxHop = edges.reduce((m, e) => Math.max(m, e.hop), 0);
  const tagOf = new Map<string, { label?: string; category?: string }>();
  for (const e of [...run.result.endpoints, ...run.result.holdings]) if (e.label !== undefined) tagOf.set(`${e.chain}/${e.address}`, { label: e.label, category: e.category });
  const node = (id: string, layer: number, victimId: string) => {
    let n = nodes.get(id);
    if (!n) {
      const slash = id.indexOf('/');
      const kind: TraceNodeKind = id.startsWith('other/') ? 'other' : victimWallets.has(id) ? 'victim' : cashOutIds.has(id) ? 'cash-out' : holdingIds.has(id) ? 'holding' : 'address';
      n = { id, chain: id.slice(0, slash), address: id.slice(slash + 1), kind, layer: kind === 'victim' ? 0 : kind === 'cash-out' ? maxHop + 1 : layer, victims: [] };
      const tag = tagOf.get(id);
      if (tag?.label !== undefined) n.label = tag.label;
      if (tag?.category !== undefined) n.category = tag.category;
      nodes.set(id, n);
    } else if (n.kind !== 'victim' && n.kind !== 'cash-out') n.layer = Math.min(n.layer, layer);
    if (victimId && !n.victims.includes(victimId)) n.victims.push(victimId);
  };
  for (const e of edges) {
    node(e.source, e.hop - 1, e.victim);
    node(e.target, e.hop, e.victim);
  }
  return { nodes: [...nodes.values()], edges, cashOuts, holdings, edgeCount, aggregated, victims: run.result.sources.map((s) => s.id) };
}

/** Keeps the largest edges of each hop (and every edge into a cash-out point's hop share), folds the rest per hop. */
function aggregate(edges: TraceViewEdge[], maxEdges: number): { edges: TraceViewEdge[]; aggregated: number } {
  const byHop = new Map<number, TraceViewEdge[]>();
  for (const e of edges) pushTo(byHop, e.hop, e);
  const perHop = Math.max(1, Math.floor(maxEdges / byHop.size));
  const out: TraceViewEdge[] = [];
  let aggregated = 0;
  for (const [hop, list] of [...byHop.entries()].sort(([a], [b]) => a - b)) {
    out.push(...list.slice(0, perHop));
    const rest = list.slice(perHop);
    if (rest.length === 0) continue;
    aggregated += rest.length;
    // One "other" edge per hop and asset, from the previous hop's "other" node to this hop's.
    const byAsset = new Map<string, TraceViewEdge[]>();
    for (const e of rest) pushTo(byAsset, `${e.chain}/${e.asset}`, e);
    for (const [key, group] of byAsset) {
      const { chain, asset } = group[0];
      const amount = sumDecimals(group.map((e) => e.amount));
      out.push({
        id: `other/${hop}/${key}`,
        source: `other/${hop - 1}`,
        target: `other/${hop}`,
        chain,
        asset,
        amount,
        amountText: `${formatAmount(chain, asset, amount)} (${group.length} flows)`,
        victim: group[0].victim,
        hop,
        flows: group.reduce((s, e) => s + e.flows, 0),
      });
    }
  }
  return { edges: out, aggregated };
}
