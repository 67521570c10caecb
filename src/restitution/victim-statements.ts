// Per-victim statements (`ledgerhound victims`): for each victim payment of a case, what was paid, how much
// of it the case rule puts at each cash-out point (endpoint), still held, gone to fees or dropped, and the
// movements that carried it. With a price table, fiat beside token amounts: the payment at the price at
// its time, a cash-out point at the prices at the arrivals (each arrival's part of the victim's share),
// exact and rounded once; anything without a price is listed as missing.

import { formatScaled, isZeroDecimal, parseScaled } from '../evidence/decimal.js';
import type { TraceFiat, TraceFlow, TraceResult } from '../model/trace-result.js';
import type { PriceTable } from '../pricing/price-table.js';
import { type MissingPrice, valueArrivals, valuePayment } from '../pricing/value-figures.js';

/** A fiat figure, rounded once to the currency's cents, with the prices behind it. */
export type FiatFigure = TraceFiat;

export interface StatementPayment {
  ref: string;
  chain: string;
  asset: string;
  amount: string;
  address?: string;
  time?: string;
  fiat?: FiatFigure;
}

export interface StatementCashOut {
  chain: string;
  address: string;
  asset: string;
  /** The victim's share of the value that stopped there (decimal base units). */
  amount: string;
  label?: string;
  category?: string;
  /** Transfers that brought value in, with their times (the arrivals valued). */
  arrivals: { ref: string; time?: string }[];
  fiat?: FiatFigure;
}

export interface StatementHolding {
  chain: string;
  address: string;
  asset: string;
  amount: string;
  reason: string;
}

export interface StatementAmount {
  chain: string;
  asset: string;
  amount: string;
}

export interface StatementMovement {
  txHash: string;
  ref: string;
  hop: number;
  time?: string;
  from: string;
  to: string | null;
  /** Chain and asset of the movement: after a swap or bridge, not those of the payment. */
  chain: string;
  asset: string;
  /** The victim's part of the movement (decimal base units of `asset`). */
  amount: string;
}

export interface VictimStatement {
  id: string;
  paid: StatementPayment;
  cashOuts: StatementCashOut[];
  holdings: StatementHolding[];
  fees: StatementAmount[];
  dropped: StatementAmount[];
  transactions: StatementMovement[];
}

export interface VictimStatements {
  version: 2;
  case: string;
  policy: string;
  currency?: string;
  victims: VictimStatement[];
  /** Figures left without fiat: no price by the rule, or unknown decimals. */
  missingPrices?: MissingPrice[];
}

export interface VictimStatementOptions {
  prices?: PriceTable;
  /** Default USD. */
  currency?: string;
}

/** Statements for every victim payment of a traced case (flows as `traceCase` collects them). */
export function buildVictimStatements(result: TraceResult, flows: readonly TraceFlow[], options: VictimStatementOptions = {}): VictimStatements {
  const currency = (options.currency ?? 'USD').toUpperCase();
  const table = options.prices;
  const missing: MissingPrice[] = [];
  // Endpoints and flows per victim payment, indexed once (not scanned once per victim), in their order;
  // an endpoint's arrivals are listed once and shared by the statements that cite it.
  const endpointsOf = new Map<string, TraceResult['endpoints']>();
  for (const e of result.endpoints) for (const id of Object.keys(e.bySource)) pushTo(endpointsOf, id, e);
  // Each victim's movements in their listed order (hop, time, ref): the flows are sorted once, and every
  // victim's list taken from them in that order is sorted too (a stable sort commutes with taking a
  // subset), instead of one sort per victim; the victim's amount is kept beside each flow, read once.
  const flowsOf = new Map<string, { flows: TraceFlow[]; amounts: string[] }>();
  for (const f of [...flows].sort(byMovementOrder)) {
    for (const id of Object.keys(f.bySource)) {
      const amount = f.bySource[id];
      if (isZeroDecimal(amount)) continue;
      let of = flowsOf.get(id);
      if (of === undefined) {
        of = { flows: [], amounts: [] };
        flowsOf.set(id, of);
      }
      of.flows.push(f);
      of.amounts.push(amount);
    }
  }
  const arrivalsOf = new Map<TraceResult['endpoints'][number], StatementCashOut['arrivals']>();
  const arrivals = (e: TraceResult['endpoints'][number]) => {
    let list = arrivalsOf.get(e);
    if (list === undefined) {
      list = e.transfers.map((t) => (t.time === undefined ? { ref: t.ref } : { ref: t.ref, time: t.time }));
      arrivalsOf.set(e, list);
    }
    return list;
  };
  const victims = result.sources.map((s): VictimStatement => {
    const paid: StatementPayment = { ref: s.ref, chain: s.chain, asset: s.asset, amount: s.amount };
    if (s.address !== undefined) paid.address = s.address;
    if (s.time !== undefined) paid.time = s.time;
    if (table) {
      const v = valuePayment(table, currency, s);
      if ('missing' in v) missing.push(v.missing);
      else paid.fiat = v.figure;
    }
    const cashOuts: StatementCashOut[] = [];
    for (const e of endpointsOf.get(s.id) ?? []) {
      const share = e.bySource[s.id];
      if (share === undefined || isZeroDecimal(share)) continue;
      const row: StatementCashOut = { chain: e.chain, address: e.address, asset: e.asset, amount: share, arrivals: arrivals(e) };
      if (e.label !== undefined) row.label = e.label;
      if (e.category !== undefined) row.category = e.category;
      if (table) {
        const v = valueArrivals(table, currency, e, s.id, share);
        if ('missing' in v) missing.push(v.missing);
        else row.fiat = v.figure;
      }
      cashOuts.push(row);
    }
    const holdings: StatementHolding[] = result.holdings
      .filter((h) => h.bySource[s.id] !== undefined && !isZeroDecimal(h.bySource[s.id]))
      .map((h) => ({ chain: h.chain, address: h.address, asset: h.asset, amount: h.bySource[s.id], reason: h.reason }));
    const perAsset = (rows: { chain: string; asset: string; bySource: Record<string, string> }[]): StatementAmount[] => {
      const by = new Map<string, StatementAmount & { scaled: bigint }>();
      for (const r of rows) {
        const v = r.bySource[s.id];
        if (v === undefined) continue;
        const k = `${r.chain}/${r.asset}`;
        const cur = by.get(k) ?? { chain: r.chain, asset: r.asset, amount: '0', scaled: 0n };
        cur.scaled += parseScaled(v);
        by.set(k, cur);
      }
      return [...by.values()].filter((r) => r.scaled !== 0n).map((r) => ({ chain: r.chain, asset: r.asset, amount: formatScaled(r.scaled) }));
    };
    const movements = (): StatementMovement[] => {
      const of = flowsOf.get(s.id);
      if (of === undefined) return [];
      const list = new Array<StatementMovement>(of.flows.length);
      for (let i = 0; i < list.length; i++) {
        const f = of.flows[i];
        const m: StatementMovement = { txHash: f.txHash, ref: f.ref, hop: f.hop, from: f.from, to: f.to, chain: f.chain, asset: f.asset, amount: of.amounts[i] };
        if (f.time !== undefined) m.time = f.time;
        list[i] = m;
      }
      return list;
    };
    const statement = { id: s.id, paid, cashOuts, holdings, fees: perAsset(result.fees), dropped: perAsset(result.dropped) } as VictimStatement;
    // The movements are listed when read (an enumerable getter: JSON and equality see a plain list): on a
    // big case every victim's money moves through most flows, and holding every list at once took
    // victims x flows objects (5 x 10^6 at 10^5 transfers); a reader now holds one payment's list at a time.
    Object.defineProperty(statement, 'transactions', { enumerable: true, get: movements });
    return statement;
  });
  const out: VictimStatements = { version: 2, case: result.case, policy: result.policy, victims };
  if (table) {
    out.currency = currency;
    out.missingPrices = missing;
  }
  return out;
}

/** Locale order as String#localeCompare gives it (the same collation), without making a collator per call. */
const collation = new Intl.Collator();

/** The order of a victim's movements: hop, then time, then ref. */
function byMovementOrder(a: TraceFlow, b: TraceFlow): number {
  return a.hop - b.hop || collation.compare(a.time ?? '', b.time ?? '') || collation.compare(a.ref, b.ref);
}

function pushTo<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
