// Largest-remainder apportionment's last step (src/tracing/largest-remainder.ts): the units left go to
// the largest remainders, the lower index first on a tie. Checked against the definition (a sort of
// every remainder by BigInt, then index) on remainders chosen to share their nearest double, where the
// placement by doubles must fall back to the exact order.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { awardLargestRemainders } from '../../src/tracing/largest-remainder.js';

/** The definition: every remainder sorted, largest first, lower index first on a tie. */
function byDefinition(parts: readonly bigint[], remainders: readonly bigint[], left: number): bigint[] {
  const order = remainders.map((_, i) => i).sort((a, b) => (remainders[b] > remainders[a] ? 1 : remainders[b] < remainders[a] ? -1 : a - b));
  const out = [...parts];
  for (let i = 0; i < left; i++) out[order[i]] += 1n;
  return out;
}

/** Remainders near 2^80 that differ by a few units (one double for many) or by whole steps, and zeros. */
const remainder = fc.oneof(
  fc.constant(0n),
  fc.bigInt({ min: 0n, max: 7n }).map((d) => 2n ** 80n + d),
  fc.bigInt({ min: 0n, max: 7n }).map((d) => 3n * 2n ** 79n + d),
  fc.bigInt({ min: 0n, max: 2n ** 90n }),
);

describe('awardLargestRemainders', () => {
  it('hands out the units as a sort of the exact remainders would, ties to the lower index', () => {
    const cases = fc
      .array(remainder, { minLength: 1, maxLength: 300, size: 'max' })
      .chain((rs) => fc.tuple(fc.constant(rs), fc.array(fc.bigInt({ min: 0n, max: 10n ** 20n }), { minLength: rs.length, maxLength: rs.length }), fc.integer({ min: 0, max: rs.length - 1 })));
    fc.assert(
      fc.property(cases, ([remainders, parts, left]) => {
        const expected = byDefinition(parts, remainders, left);
        const got = [...parts];
        awardLargestRemainders(got, [...remainders], remainders.length, BigInt(left));
        expect(got).toEqual(expected);
      }),
      { seed: 19, numRuns: 3000 },
    );
  });

  it('places units among remainders that round to one double by their exact values', () => {
    // 2^80 + d are all the same double: the order comes from the BigInts alone.
    const remainders = [2n ** 80n + 1n, 2n ** 80n + 5n, 2n ** 80n, 2n ** 80n + 5n, 2n ** 80n + 3n, 2n ** 80n + 2n, 7n];
    const parts = remainders.map(() => 0n);
    awardLargestRemainders(parts, [...remainders], remainders.length, 5n);
    expect(parts).toEqual([1n, 1n, 0n, 1n, 1n, 1n, 0n]);
  });
});
