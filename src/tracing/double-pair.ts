// An exact non-negative integer held as two doubles, value = high * 2^52 + low (0 <= low < 2^52,
// 0 <= high <= 2^53 - 1), so that amounts can be kept and updated in number arrays instead of as
// BigInts (issue 19: replaced BigInts were most of the trace's old-generation garbage). Values of
// 2^105 or more do not fit (`highOf` above MAX_HIGH): the callers keep those as BigInts.
// Used by pooled-taint.ts (taint components) and clean-balances.ts (clean balances in the scan).

const LOW_BITS = 52n;
/** 2^52: the base of the low part. */
export const LOW_BASE = 2 ** 52;
/** The largest low part, as a BigInt (2^52 - 1). */
export const LOW_MASK = (1n << LOW_BITS) - 1n;
/** The largest high part (2^53 - 1). */
export const MAX_HIGH = Number.MAX_SAFE_INTEGER;

/** The value of (high, low). */
export function joinPair(high: number, low: number): bigint {
  return high === 0 ? BigInt(low) : (BigInt(high) << LOW_BITS) + BigInt(low);
}

/** The high part of `v` (>= 0); above MAX_HIGH when `v` does not fit. */
export function highOf(v: bigint): number {
  return v <= LOW_MASK ? 0 : Number(v >> LOW_BITS);
}

/** The low part of `v` (>= 0). */
export function lowOf(v: bigint): number {
  return v <= LOW_MASK ? Number(v) : Number(v & LOW_MASK);
}
