// Exact fiat arithmetic: values as fractions of bigints (token amounts times decimal prices, shares of an
// amount), summed without loss and rounded once, half up, when a figure is finally written.

export interface Rational {
  num: bigint;
  /** Always positive. */
  den: bigint;
}

export const ZERO: Rational = { num: 0n, den: 1n };

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/** A decimal string ("1.5", "-0.25", "42") as an exact fraction; undefined when it is not one. */
export function parseRational(text: string): Rational | undefined {
  const m = DECIMAL.exec(text.trim());
  if (!m) return undefined;
  const frac = m[3] ?? '';
  const num = BigInt(m[2] + frac) * (m[1] === '-' ? -1n : 1n);
  return { num, den: 10n ** BigInt(frac.length) };
}

export function addRational(a: Rational, b: Rational): Rational {
  if (a.den === b.den) return { num: a.num + b.num, den: a.den };
  return { num: a.num * b.den + b.num * a.den, den: a.den * b.den };
}

export function mulRational(a: Rational, b: Rational): Rational {
  return { num: a.num * b.num, den: a.den * b.den };
}

/** a / b; b must not be zero. */
export function divRational(a: Rational, b: Rational): Rational {
  if (b.num === 0n) throw new RangeError('division by zero');
  const sign = b.num < 0n ? -1n : 1n;
  return { num: a.num * b.den * sign, den: a.den * b.num * sign };
}

/** The fraction rounded half up (away from zero) to `digits` fractional digits, as a decimal string. */
export function roundRational(value: Rational, digits: number): string {
  const scale = 10n ** BigInt(digits);
  const negative = value.num < 0n;
  const abs = negative ? -value.num : value.num;
  const scaled = (abs * scale * 2n + value.den) / (2n * value.den);
  const whole = scaled / scale;
  const frac = digits > 0 ? `.${(scaled % scale).toString().padStart(digits, '0')}` : '';
  return `${negative && scaled !== 0n ? '-' : ''}${whole}${frac}`;
}

/** The value scaled by 10^digits and rounded down, for weights in bigint allocations. */
export function floorScaled(value: Rational, digits: number): bigint {
  return (value.num * 10n ** BigInt(digits)) / value.den;
}
