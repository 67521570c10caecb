// Display of trace amounts in human units (USDT, BTC...) for reports and freeze requests, on the one
// amount formatter (model/amount-text.ts) in the report's own layout: exact by default (every base-unit
// digit kept, as the report's tables are checked against trace.json); the flow diagram asks for fewer
// digits and a rounded label is marked with a leading "~". Unknown tokens are shown in base units.

import { type AmountTextOptions, amountText, assetDisplay } from '../model/amount-text.js';

export { assetDisplay };

export interface AmountFormatOptions {
  /** Round to this many fractional digits (display only); exact when absent. */
  fractionDigits?: number;
  /** Display rounding for diagrams: 2 fractional digits from 1 up, else 4 significant digits. */
  compact?: boolean;
  /** Append the symbol (default true). */
  symbol?: boolean;
}

/** The display symbol of an asset: `USDT`, `BTC`, or the asset id for unknown tokens. */
export function assetSymbol(chain: string, asset: string): string {
  return assetDisplay(chain, asset).symbol;
}

/** Base units (decimal string, maybe fractional) as human units: ("2500000000", USDT) -> "2,500 USDT". */
export function formatAssetAmount(chain: string, asset: string, baseUnits: string, options: AmountFormatOptions = {}): string {
  const digits: AmountTextOptions['digits'] = options.compact ? 'compact' : (options.fractionDigits ?? 'exact');
  const t = amountText(chain, asset, baseUnits, { digits });
  const text = (t.rounded ? '~' : '') + t.number;
  return options.symbol === false ? text : `${text} ${t.symbol}`;
}
