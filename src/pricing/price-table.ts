// Prices as data (FORMATS.md v2, Prices): the price of one whole unit of an asset in a currency at a time,
// from a named source. The rule: the price used for an event is the latest at or before its time on the
// same UTC day; failing that, the stablecoin rule (stablecoins.ts) where it applies; failing that, none,
// and the event is listed as missing. Never interpolated, never carried over from another day.

import { assetInfo } from '../model/asset.js';
import { mulRational, parseRational, type Rational } from './exact-rational.js';
import { isUsdStablecoin, STABLECOIN_RULE } from './stablecoins.js';

/** One row of prices.csv. */
export interface PriceRow {
  asset: string;
  currency: string;
  /** ISO-8601 UTC; a daily price is stamped 00:00:00Z. */
  time: string;
  /** Decimal string: price of one whole unit. */
  price: string;
  source: string;
}

/** The rule a quote was chosen by. */
export const PRICE_TABLE_RULE = 'latest-same-day';

/** A price used for one figure, with where it came from. */
export interface PriceQuote {
  asset: string;
  currency: string;
  price: string;
  /** The price row's time (absent under the stablecoin rule). */
  time?: string;
  source: string;
  rule: typeof PRICE_TABLE_RULE | typeof STABLECOIN_RULE;
}

export interface PriceTableOptions {
  /** Apply the stablecoin rule (default true). */
  stablecoinRule?: boolean;
}

/** Rows grouped by `<asset>|<currency>` (asset lower-cased: EVM contracts compare case-insensitively). */
export interface PriceTable {
  rows: Map<string, PriceRow[]>;
  stablecoinRule: boolean;
}

function key(asset: string, currency: string): string {
  return `${asset.toLowerCase()}|${currency.toUpperCase()}`;
}

/** Builds a lookup table from price rows (any order). */
export function buildPriceTable(rows: readonly PriceRow[], options: PriceTableOptions = {}): PriceTable {
  const map = new Map<string, PriceRow[]>();
  for (const r of rows) {
    const k = key(r.asset, r.currency);
    const list = map.get(k) ?? [];
    if (list.length === 0) map.set(k, list);
    list.push(r);
  }
  for (const list of map.values()) list.sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
  return { rows: map, stablecoinRule: options.stablecoinRule ?? true };
}

/** The quote for `asset` on `chain` in `currency` at `time` by the rule above, or undefined (missing). */
export function priceAt(table: PriceTable, chain: string, asset: string, currency: string, time: string | undefined): PriceQuote | undefined {
  if (time !== undefined) {
    const at = Date.parse(time);
    const day = time.slice(0, 10);
    let best: PriceRow | undefined;
    for (const r of table.rows.get(key(asset, currency)) ?? []) {
      const t = Date.parse(r.time);
      if (t > at) break;
      if (r.time.slice(0, 10) === day) best = r;
    }
    if (best) return { asset, currency: currency.toUpperCase(), price: best.price, time: best.time, source: best.source, rule: PRICE_TABLE_RULE };
  }
  if (table.stablecoinRule && currency.toUpperCase() === 'USD' && isUsdStablecoin(chain, asset)) {
    return { asset, currency: 'USD', price: '1', source: STABLECOIN_RULE, rule: STABLECOIN_RULE };
  }
  return undefined;
}

/**
 * The exact fiat value of `baseUnits` (a decimal string of base units, up to 9 fractional digits) at
 * `quote`; undefined when the asset's decimals are not known (an unknown token cannot be valued).
 */
export function fiatValue(chain: string, asset: string, baseUnits: string, quote: PriceQuote): Rational | undefined {
  const decimals = assetInfo(chain, asset).decimals;
  const amount = parseRational(baseUnits);
  const price = parseRational(quote.price);
  if (decimals === undefined || !amount || !price) return undefined;
  return mulRational({ num: amount.num, den: amount.den * 10n ** BigInt(decimals) }, price);
}
