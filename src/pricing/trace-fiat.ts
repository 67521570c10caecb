// Fiat beside token amounts in a trace result (`trace --prices FILE`, FORMATS.md v2): each source valued
// at its payment time, each endpoint at its arrivals (value-figures.ts), and `prices` naming the currency,
// the rule and every figure left without a price. Only adds optional fields; token figures are untouched.

import type { TraceResult } from '../model/trace-result.js';
import type { PriceTable } from './price-table.js';
import { PRICE_TABLE_RULE } from './price-table.js';
import { STABLECOIN_RULE } from './stablecoins.js';
import { type MissingPrice, valueArrivals, valuePayment } from './value-figures.js';

/** A copy of `result` with `fiat` on sources and endpoints and a `prices` summary. */
export function withFiatFigures(result: TraceResult, table: PriceTable, currency = 'USD'): TraceResult {
  const cur = currency.toUpperCase();
  const missing: MissingPrice[] = [];
  const sources = result.sources.map((s) => {
    const v = valuePayment(table, cur, s);
    if ('missing' in v) {
      missing.push(v.missing);
      return s;
    }
    return { ...s, fiat: v.figure };
  });
  const endpoints = result.endpoints.map((e) => {
    const v = valueArrivals(table, cur, e, `${e.chain}:${e.address}`);
    if ('missing' in v) {
      missing.push(v.missing);
      return e;
    }
    return { ...e, fiat: v.figure };
  });
  const rules = table.stablecoinRule ? [PRICE_TABLE_RULE, STABLECOIN_RULE] : [PRICE_TABLE_RULE];
  return { ...result, sources, endpoints, prices: { currency: cur, rules, missing } };
}
