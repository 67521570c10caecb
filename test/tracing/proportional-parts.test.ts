// The floors and remainders of a proportional split (src/tracing/proportional-parts.ts) equal BigInt
// division's for every value, below and from the reciprocal path's size on, including the splits where
// v * a / b is an exact integer (a reciprocal rounded down would give one less there).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { proportionalParts, RECIPROCAL_FROM } from '../../src/tracing/proportional-parts.js';

function byDivision(values: readonly bigint[], a: bigint, b: bigint): { parts: bigint[]; remainders: bigint[] } {
  return { parts: values.map((v) => (v * a) / b), remainders: values.map((v) => (v * a) % b) };
}

function check(values: bigint[], a: bigint, b: bigint): void {
  const parts: bigint[] = [];
  const remainders: bigint[] = [];
  const given = proportionalParts(values, values.length, a, b, parts, remainders);
  const expected = byDivision(values, a, b);
  expect(parts).toEqual(expected.parts);
  expect(remainders).toEqual(expected.remainders);
  expect(given).toBe(expected.parts.reduce((s, p) => s + p, 0n));
}

describe('proportionalParts', () => {
  it('gives floor(v * a / b) and v * a mod b for values up to b (and past it), few and many', () => {
    const split = fc.bigInt({ min: 1n, max: 2n ** 120n }).chain((b) =>
      fc.tuple(
        fc.constant(b),
        fc.bigInt({ min: 1n, max: b }),
        fc.array(fc.oneof(fc.bigInt({ min: 0n, max: b }), fc.constant(b), fc.bigInt({ min: 0n, max: 2n ** 60n }), fc.bigInt({ min: b, max: 4n * b + 7n })), { minLength: 1, maxLength: 3 * RECIPROCAL_FROM, size: 'max' }),
      ),
    );
    fc.assert(
      fc.property(split, ([b, a, values]) => check(values, a, b)),
      { seed: 23, numRuns: 3000 },
    );
  });

  it('is exact where v * a / b is a whole number (remainder 0)', () => {
    // b = d * e, a = d * t, v = e * m: v * a / b = m * t exactly.
    const exact = fc
      .tuple(fc.bigInt({ min: 1n, max: 2n ** 50n }), fc.bigInt({ min: 1n, max: 2n ** 60n }))
      .chain(([d, e]) => fc.tuple(fc.constant(d), fc.constant(e), fc.bigInt({ min: 1n, max: e }), fc.array(fc.bigInt({ min: 0n, max: d }), { minLength: RECIPROCAL_FROM, maxLength: 40 })));
    fc.assert(
      fc.property(exact, ([d, e, t, ms]) => {
        const values = ms.map((m) => e * m);
        check(values, d * t, d * e);
        expect(values.every((v) => (v * d * t) % (d * e) === 0n)).toBe(true);
      }),
      { seed: 29, numRuns: 2000 },
    );
  });
});
