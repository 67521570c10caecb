// Victims' losses in money: each victim payment valued at the price at the time of the payment
// (src/pricing/price-table.ts rule), exactly, with the quote used. A payment without a price is listed
// as missing, never guessed.

import type { TraceResult } from '../model/trace-result.js';
import type { Rational } from '../pricing/exact-rational.js';
import { fiatValue, type PriceQuote, type PriceTable, priceAt } from '../pricing/price-table.js';

/** A figure that could not be valued, and why. */
export interface MissingPrice {
  /** What needed the price: a victim payment id, or `<payment>@<cash-out ref>`. */
  for: string;
  chain: string;
  asset: string;
  time?: string;
  reason: 'no price' | 'unknown decimals';
}

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
    const quote = priceAt(table, s.chain, s.asset, currency, s.time);
    if (!quote) {
      missing.push({ for: s.id, chain: s.chain, asset: s.asset, time: s.time, reason: 'no price' });
      continue;
    }
    const value = fiatValue(s.chain, s.asset, s.amount, quote);
    if (!value) {
      missing.push({ for: s.id, chain: s.chain, asset: s.asset, time: s.time, reason: 'unknown decimals' });
      continue;
    }
    losses.set(s.id, value);
    quotes.set(s.id, quote);
  }
  return { currency: currency.toUpperCase(), losses, quotes, missing };
}
