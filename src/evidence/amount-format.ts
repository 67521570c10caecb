// Display of trace amounts in human units (USDT, BTC...) for reports and freeze requests. Exact by
// default (every base-unit digit kept); the flow diagram may ask for fewer digits, rounded half up and
// marked with "~". Unknown tokens are shown in base units with the asset id.

import { formatDecimalUnits } from '../model/amount.js';
import { assetInfo } from '../model/asset.js';
import { groupThousands } from './decimal.js';

export interface AmountFormatOptions {
  /** Round to this many fractional digits (display only); exact when absent. */
  fractionDigits?: number;
  /** Display rounding for diagrams: 2 fractional digits from 1 up, else 4 significant digits. */
  compact?: boolean;
  /** Append the symbol (default true). */
  symbol?: boolean;
}

// Display facts per asset, looked up once: a big pack formats hundreds of thousands of amounts.
const display = new Map<string, { symbol: string; decimals?: number }>();

/** Symbol and decimals of an asset (memoised assetInfo). */
export function assetDisplay(chain: string, asset: string): { symbol: string; decimals?: number } {
  const key = `${chain}/${asset}`;
  let hit = display.get(key);
  if (!hit) {
    const info = assetInfo(chain, asset);
    hit = { symbol: info.decimals === undefined ? `${info.symbol} base units` : info.symbol, decimals: info.decimals };
    // Unknown tokens are not cached: an adapter may still learn their decimals (registerTokenInfo).
    if (info.decimals !== undefined) display.set(key, hit);
  }
  return hit;
}

/** The display symbol of an asset: `USDT`, `BTC`, or the asset id for unknown tokens. */
export function assetSymbol(chain: string, asset: string): string {
  return assetDisplay(chain, asset).symbol;
}

/** Base units (decimal string, maybe fractional) as human units: ("2500000000", USDT) -> "2,500 USDT". */
export function formatAssetAmount(chain: string, asset: string, baseUnits: string, options: AmountFormatOptions = {}): string {
  const info = assetDisplay(chain, asset);
  let human = info.decimals === undefined ? baseUnits : formatDecimalUnits(baseUnits, info.decimals);
  let approx = '';
  const digits = options.compact ? compactDigits(human) : options.fractionDigits;
  if (digits !== undefined) {
    const rounded = roundDecimal(human, digits);
    if (rounded !== human) approx = '~';
    human = rounded;
  }
  const text = approx + groupThousands(human);
  return options.symbol === false ? text : `${text} ${info.symbol}`;
}

/** Fraction digits that keep 4 significant digits below 1, and 2 from 1 up. */
function compactDigits(human: string): number {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(human);
  if (m?.[1] !== '0') return 2;
  const leadingZeros = /^0*/.exec(m[2] ?? '')![0].length;
  return leadingZeros + 4;
}

/** Rounds a non-negative decimal string half up to `digits` fractional digits, dropping trailing zeros. */
export function roundDecimal(value: string, digits: number): string {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(value);
  if (!m) return value;
  const frac = m[2] ?? '';
  if (frac.length <= digits) return value;
  const scaled = BigInt(m[1] + frac.slice(0, digits)) + (Number(frac[digits]) >= 5 ? 1n : 0n);
  const text = scaled.toString().padStart(digits + 1, '0');
  if (digits === 0) return text;
  const whole = text.slice(0, -digits);
  const part = text.slice(-digits).replace(/0+$/, '');
  return part ? `${whole}.${part}` : whole;
}
