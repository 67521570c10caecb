// Exact decimal arithmetic for trace figures (TRACING.md, Rounding): amounts are decimal strings of base
// units with at most 9 fractional digits, summed here as bigint scaled by 10^9, never as JS numbers.

const SCALE_DIGITS = 9;
const SCALE = 10n ** BigInt(SCALE_DIGITS);
const DECIMAL = /^(-?)(\d+)(?:\.(\d{1,9}))?$/;

/** Parses "123.45" into base units times 10^9; throws on anything else (a trace result is trusted data). */
export function parseScaled(value: string): bigint {
  const m = DECIMAL.exec(value);
  if (!m) throw new RangeError(`not a decimal amount: ${value}`);
  const [, sign, whole, frac = ''] = m;
  const scaled = BigInt(whole) * SCALE + BigInt(frac.padEnd(SCALE_DIGITS, '0'));
  return sign === '-' ? -scaled : scaled;
}

/** Formats a scaled amount back as a decimal string without trailing fractional zeros. */
export function formatScaled(value: bigint): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const whole = abs / SCALE;
  const frac = (abs % SCALE).toString().padStart(SCALE_DIGITS, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${frac ? `.${frac}` : ''}`;
}

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
