// Victims' losses in money: each victim payment valued at the price at the time of the payment
// (src/pricing/price-table.ts rule), exactly, with the quote used. A payment without a price is listed
// as missing, never guessed.

import type { TraceResult } from '../model/trace-result.js';
import type { Rational } from '../pricing/exact-rational.js';
import type { PriceQuote, PriceTable } from '../pricing/price-table.js';
import { type MissingPrice, valuePayment } from '../pricing/value-figures.js';

export type { MissingPrice };

export interface FiatLossesResult {
  currency: string;
  losses: Map<string, Rational>;
  quotes: Map<string, PriceQuote>;
  missing: MissingPrice[];
}

/** Every victim payment of a trace valued in `currency` at the time of the payment. */
export function fiatLossesOf(result: TraceResult, table: PriceTable, currency: string): FiatLossesResult {
  const losses = new Map<string, Rational>();
  const quotes = new Map<string, PriceQuote>();
  const missing: MissingPrice[] = [];
  for (const s of result.sources) {
    const v = valuePayment(table, currency.toUpperCase(), s);
    if ('missing' in v) {
      missing.push(v.missing);
      continue;
    }
    losses.set(s.id, v.value);
    quotes.set(s.id, v.figure.prices[0] as PriceQuote);
  }
  return { currency: currency.toUpperCase(), losses, quotes, missing };
}
