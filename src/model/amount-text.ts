// Amounts as text for people: the one formatter every command and the evidence report use. Base units
// (a bigint, or a decimal string that may carry up to 9 fractional digits of a base unit, TRACING.md
// Rounding) become the asset's human units (USDT, BTC...) with thousands separators. By default at most
// the asset's decimals are shown, rounded half up, and a rounded figure is marked (`6,666.666667 USDT≈`).
// Unknown tokens are counted in base units. Display only: `--json` and machine-readable files keep the
// exact figure.

import { formatDecimalUnits } from './amount.js';
import { assetInfo } from './asset.js';

/** The mark after a figure that was rounded for display. */
export const ROUNDED_MARK = '≈';

export interface AmountTextOptions {
  /**
   * Fractional digits shown: `asset` (default) at most the asset's decimals (whole base units for an
   * unknown token); `exact` every digit; `compact` 2 from 1 up and 4 significant digits below 1 (diagram
   * labels); a number: at most that many. Rounding is half up, trailing zeros are dropped.
   */
  digits?: 'asset' | 'exact' | 'compact' | number;
  /** Thousands separators in the whole part (default true). */
  group?: boolean;
}

/** A figure ready to print, in parts so that each output can lay it out its own way. */
export interface AmountText {
  /** The number in human units: `6,666.666667`. */
  number: string;
  /** The display symbol: `USDT`; an unknown token's id followed by `base units`. */
  symbol: string;
  /** The shown number differs from the exact figure. */
  rounded: boolean;
}

// Display facts per asset, looked up once: a big evidence pack formats hundreds of thousands of amounts.
/** By chain, then asset: looked up by the two strings a row already holds, no key built per call. */
const display = new Map<string, Map<string, { symbol: string; decimals?: number }>>();

/** Symbol and decimals of an asset for display (memoised `assetInfo`); unknown tokens count base units. */
export function assetDisplay(chain: string, asset: string): { symbol: string; decimals?: number } {
  let ofChain = display.get(chain);
  let hit = ofChain?.get(asset);
  if (!hit) {
    const info = assetInfo(chain, asset);
    hit = { symbol: info.decimals === undefined ? `${info.symbol} base units` : info.symbol, decimals: info.decimals };
    // Unknown tokens are not cached: an adapter may still learn their decimals (registerTokenInfo).
    if (info.decimals !== undefined) {
      if (ofChain === undefined) {
        ofChain = new Map();
        display.set(chain, ofChain);
      }
      ofChain.set(asset, hit);
    }
  }
  return hit;
}

/** The parts of an amount's display: number, symbol and whether the number was rounded. */
export function amountText(chain: string, asset: string, baseUnits: bigint | string, options: AmountTextOptions = {}): AmountText {
  const info = assetDisplay(chain, asset);
  const raw = typeof baseUnits === 'bigint' ? baseUnits.toString() : baseUnits;
  const exact = info.decimals === undefined ? raw : formatDecimalUnits(raw, info.decimals);
  const wanted = options.digits ?? 'asset';
  const digits = wanted === 'exact' ? undefined : wanted === 'asset' ? (info.decimals ?? 0) : wanted === 'compact' ? compactDigits(exact) : wanted;
  const shown = digits === undefined ? exact : roundDecimal(exact, digits);
  return { number: options.group === false ? shown : groupThousands(shown), symbol: info.symbol, rounded: shown !== exact };
}

/**
 * An amount as people read it: `("6666666666.666666667", USDT)` -> `6,666.666667 USDT≈`,
 * `(100000000000n, USDT)` -> `100,000 USDT`. See `AmountTextOptions` for the digits shown.
 */
export function formatAmount(chain: string, asset: string, baseUnits: bigint | string, options: AmountTextOptions = {}): string {
  const t = amountText(chain, asset, baseUnits, options);
  return `${t.number} ${t.symbol}${t.rounded ? ROUNDED_MARK : ''}`;
}

/** Inserts thousands separators in the whole part of a decimal string (`1234567.5` -> `1,234,567.5`). */
export function groupThousands(value: string): string {
  const m = /^(-?)(\d+)(\.\d+)?$/.exec(value);
  if (!m) return value;
  return m[1] + m[2].replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (m[3] ?? '');
}

/** Rounds a decimal string half up (away from zero) to `digits` fractional digits, dropping trailing zeros. */
export function roundDecimal(value: string, digits: number): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value);
  if (!m) return value;
  const [, sign, whole, frac = ''] = m;
  if (frac.length <= digits) return value;
  const scaled = BigInt(whole + frac.slice(0, digits)) + (Number(frac[digits]) >= 5 ? 1n : 0n);
  const text = scaled.toString().padStart(digits + 1, '0');
  const intPart = digits === 0 ? text : text.slice(0, -digits);
  const fracPart = digits === 0 ? '' : text.slice(-digits).replace(/0+$/, '');
  const out = fracPart ? `${intPart}.${fracPart}` : intPart;
  return sign && /[1-9]/.test(out) ? `-${out}` : out;
}

/** Fraction digits that keep 4 significant digits below 1, and 2 from 1 up. */
function compactDigits(human: string): number {
  const m = /^-?(\d+)(?:\.(\d+))?$/.exec(human);
  if (m?.[1] !== '0') return 2;
  const leadingZeros = /^0*/.exec(m[2] ?? '')![0].length;
  return leadingZeros + 4;
}
