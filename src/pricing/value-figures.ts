// Fiat figures of a trace (FORMATS.md v2, fiat fields): a victim payment at the price at its time; value
// reaching a cash-out point at the prices at its arrivals, each arrival carrying its part of the share
// (share x arrival / endpoint total). Exact, rounded once to cents; a figure lacking any price is none.

import type { TraceEndpoint, TraceFiat, TraceMissingPrice, TraceSource } from '../model/trace-result.js';
import { addRational, divRational, mulRational, parseRational, type Rational, roundRational, ZERO } from './exact-rational.js';
import { fiatValue, type PriceQuote, type PriceTable, priceAt } from './price-table.js';

/** A figure that could not be valued, and why. */
export type MissingPrice = TraceMissingPrice;

const CENTS = 2;

/** A rounded figure with the distinct prices behind it. */
export function fiatFigure(value: Rational, currency: string, prices: PriceQuote[]): TraceFiat {
  const seen = new Set<string>();
  const unique = prices.filter((q) => {
    const k = `${q.source}|${q.time}|${q.price}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return { amount: roundRational(value, CENTS), currency, prices: unique };
}

/** A victim payment at the price at its time (value exact), or the reason it has none. */
export function valuePayment(table: PriceTable, currency: string, s: TraceSource): { value: Rational; figure: TraceFiat } | { missing: MissingPrice } {
  const quote = priceAt(table, s.chain, s.asset, currency, s.time);
  const value = quote && fiatValue(s.chain, s.asset, s.amount, quote);
  if (quote && value) return { value, figure: fiatFigure(value, currency, [quote]) };
  return { missing: { for: s.id, chain: s.chain, asset: s.asset, time: s.time, reason: quote ? 'unknown decimals' : 'no price' } };
}

/** `share` (decimal base units, default the whole endpoint) of an endpoint at the prices at its arrivals. */
export function valueArrivals(table: PriceTable, currency: string, e: TraceEndpoint, label: string, share = e.amount): { figure: TraceFiat } | { missing: MissingPrice } {
  const total = parseRational(e.amount) as Rational;
  const part = parseRational(share) as Rational;
  let value = ZERO;
  const quotes: PriceQuote[] = [];
  for (const t of e.transfers) {
    const quote = priceAt(table, e.chain, e.asset, currency, t.time);
    const unit = quote && fiatValue(e.chain, e.asset, '1', quote);
    if (!quote || !unit) return { missing: { for: `${label}@${t.ref}`, chain: e.chain, asset: e.asset, time: t.time, reason: quote ? 'unknown decimals' : 'no price' } };
    quotes.push(quote);
    const carried = total.num === 0n ? ZERO : mulRational(part, divRational(parseRational(t.amount) as Rational, total));
    value = addRational(value, mulRational(carried, unit));
  }
  return { figure: fiatFigure(value, currency, quotes) };
}
