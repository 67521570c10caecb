// Exact decimal arithmetic for trace figures (TRACING.md, Rounding): amounts are decimal strings of base
// units with at most 9 fractional digits, summed here as bigint scaled by 10^9, never as JS numbers.

import { formatScaled, isZeroDecimal, parseScaled } from '../tracing/scaled.js';

/** The tracer's: parse and print scaled decimals, tell zero without a BigInt. */
export { formatScaled, isZeroDecimal, parseScaled };

/** Sum of decimal strings, as a decimal string. */
export function sumDecimals(values: Iterable<string>): string {
  let total = 0n;
  for (const v of values) total += parseScaled(v);
  return formatScaled(total);
}

/** Compares two decimal strings numerically: -1, 0 or 1. */
export function compareDecimals(a: string, b: string): number {
  const x = parseScaled(a);
  const y = parseScaled(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
