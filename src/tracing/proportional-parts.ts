// The floors and remainders of a proportional split (TRACING.md, Rounding: largest remainder): for each
// value v of a vector, floor(v * a / b) and v * a mod b, exactly (for scaled.ts `apportion`, taint.ts
// `takeShare` and pooled-taint.ts). A haircut outflow splits every (source, hop) component of its sender
// this way, and a BigInt division per component was most of a 100-victim trace (issue 19). From
// RECIPROCAL_FROM components on, one division per split gives a reciprocal R = ceil(2^k * a / b) with
// 2^k > v * b, and each component costs multiplications and shifts:
//   q = (v * R) >> k is floor(v * a / b), and with L = (v * R) mod 2^k, r = (L * b) >> k is v * a - q * b.
// Why: v * R / 2^k = v * a / b + e with 0 <= e < v / 2^k < 1 / b. A gap below 1 / b cannot reach the next
// integer above v * a / b (its distance is a positive multiple of 1 / b), so the floors agree; and
// L * b / 2^k = (v * a - q * b) + e * b with 0 <= e * b < 1, so its floor is the remainder. (Granlund and
// Montgomery, "Division by invariant integers using multiplication", 1994, for the idea.)

/** From this many components on, a split divides once (a reciprocal) instead of once per component. */
export const RECIPROCAL_FROM = 8;

/**
 * Fills parts[j] = floor(values[j] * a / b) and remainders[j] = values[j] * a - parts[j] * b for j < n
 * (values >= 0, 0 < a, 0 < b) and returns the sum of the parts.
 */
export function proportionalParts(values: readonly bigint[], n: number, a: bigint, b: bigint, parts: bigint[], remainders: bigint[]): bigint {
  // 2^k > b^2 >= v * b for every v <= b (a component of a vector whose total is b); a larger v is divided.
  const byReciprocal = n >= RECIPROCAL_FROM;
  const bits = byReciprocal ? 2 * b.toString(16).length * 4 + 1 : 0;
  const k = BigInt(bits);
  const reciprocal = byReciprocal ? ((a << k) + b - 1n) / b : 0n;
  let given = 0n;
  for (let j = 0; j < n; j++) {
    const v = values[j];
    let part: bigint;
    if (byReciprocal && v <= b) {
      const scaled = v * reciprocal;
      part = scaled >> k;
      remainders[j] = (BigInt.asUintN(bits, scaled) * b) >> k;
    } else {
      const product = v * a;
      part = product / b;
      remainders[j] = product - part * b;
    }
    parts[j] = part;
    given += part;
  }
  return given;
}
