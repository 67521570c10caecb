// Scaled bigint arithmetic for tracing (TRACING.md, Rounding): every taint figure is held in base units
// times 10^9, so a printed amount has at most 9 fractional digits and sums of printed figures are exact.
// Splits use largest-remainder (Hamilton) apportionment so that the parts of a split always add up to the
// whole: no remainder is ever lost, and each part is within one scaled unit (1e-9 base unit) of exact.

import { awardLargestRemainders } from './largest-remainder.js';
import { proportionalParts } from './proportional-parts.js';

/** Scaled units per base unit. */
export const SCALE = 1_000_000_000n;
const FRACTION_DIGITS = 9;

/** Base units to scaled units. */
export function toScaled(baseUnits: bigint): bigint {
  return baseUnits * SCALE;
}

/** Formats scaled units as a decimal string of base units: 1999999999500000000n -> "1999999999.5". */
export function formatScaled(value: bigint): string {
  // From the digits of the whole value, with no BigInt division (a trace prints one figure per flow and
  // victim): the last nine digits are the fraction, its trailing zeros dropped.
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString();
  const cut = digits.length - FRACTION_DIGITS;
  const whole = cut > 0 ? digits.slice(0, cut) : '0';
  let end = digits.length;
  while (end > cut && end > 0 && digits.charCodeAt(end - 1) === 0x30) end--;
  const fraction = cut >= 0 ? digits.slice(cut, end) : '0'.repeat(-cut) + digits.slice(0, end);
  return (negative ? '-' : '') + whole + (end > Math.max(cut, 0) ? `.${fraction}` : '');
}

const ZEROS = '0'.repeat(FRACTION_DIGITS);
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;

/**
 * Where the fraction of a decimal amount starts (the index of its '.', or the length without one), after
 * checking the form /^-?\d+(\.\d{1,9})?$/ in one pass over the code units; throws RangeError otherwise.
 * A 10^5-transfer case's victim statements read half a million amounts: no regex match per amount.
 */
function decimalPoint(value: string): number {
  let i = value.charCodeAt(0) === 0x2d ? 1 : 0;
  const wholeFrom = i;
  while (i < value.length && value.charCodeAt(i) >= DIGIT_0 && value.charCodeAt(i) <= DIGIT_9) i++;
  const point = i;
  let ok = point > wholeFrom;
  if (ok && point < value.length) {
    ok = value.charCodeAt(point) === 0x2e && value.length - point - 1 >= 1 && value.length - point - 1 <= FRACTION_DIGITS;
    for (i = point + 1; ok && i < value.length; i++) ok = value.charCodeAt(i) >= DIGIT_0 && value.charCodeAt(i) <= DIGIT_9;
  }
  if (!ok) throw new RangeError(`not a decimal amount with at most 9 fractional digits: ${value}`);
  return point;
}

/** Parses a decimal string of base units with at most 9 fractional digits into scaled units. */
export function parseScaled(value: string): bigint {
  const point = decimalPoint(value);
  const frac = point < value.length ? value.slice(point + 1) : '';
  return BigInt(value.slice(0, point) + frac + ZEROS.slice(frac.length));
}

/** Whether a decimal amount is zero (parseScaled(value) === 0n, with its check), without a BigInt. */
export function isZeroDecimal(value: string): boolean {
  decimalPoint(value);
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code > DIGIT_0 && code <= DIGIT_9) return false;
  }
  return true;
}

/** `value * num / den` rounded to the nearest integer, halves away from zero (all operands >= 0). */
export function mulDivRound(value: bigint, num: bigint, den: bigint): bigint {
  const product = value * num;
  const q = product / den;
  const r = product - q * den;
  return r * 2n >= den ? q + 1n : q;
}

/**
 * Largest-remainder apportionment: splits `total` over `weights` in proportion, in integers that add up
 * to `total` exactly. The units left after flooring go to the largest remainders; ties go to the lower
 * index, so the result is deterministic. Weights are >= 0 and their sum is > 0 (or total is 0).
 */
export function apportion(total: bigint, weights: readonly bigint[]): bigint[] {
  const n = weights.length;
  const parts = new Array<bigint>(n).fill(0n);
  if (total === 0n || n === 0) return parts;
  let sum = 0n;
  for (const w of weights) sum += w;
  if (sum === 0n) throw new RangeError('apportion: all weights are zero');
  if (n === 1) {
    parts[0] = total;
    return parts;
  }
  // The floors and remainders (proportional-parts.ts), then the units left to the largest remainders.
  const remainders = new Array<bigint>(n);
  const given = proportionalParts(weights, n, total, sum, parts, remainders);
  awardLargestRemainders(parts, remainders, n, total - given);
  return parts;
}
