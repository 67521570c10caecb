// SourceSums (src/tracing/source-sums.ts), the per-victim sums of a result row kept in two fields until
// a second source arrives: after any sequence of additions (repeats, zeros, sources in any order) each
// source's sum and its absence are those of a Map summing the same additions, and a copy is independent.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SourceSums } from '../../src/tracing/source-sums.js';

const additions = fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.bigInt({ min: 0n, max: 10n ** 30n })), { maxLength: 30 });

describe('SourceSums', () => {
  it('sums as a Map by source does, for one source or many', () => {
    fc.assert(
      fc.property(additions, (adds) => {
        const sums = new SourceSums();
        const map = new Map<number, bigint>();
        for (const [s, v] of adds) {
          sums.add(s, v);
          map.set(s, (map.get(s) ?? 0n) + v);
        }
        for (let s = 0; s <= 7; s++) expect(sums.get(s)).toBe(map.get(s));
      }),
      { numRuns: 2000 },
    );
  });

  it('copies: additions to the copy leave the original as it was, in either form', () => {
    fc.assert(
      fc.property(additions, additions, (first, then) => {
        const original = new SourceSums();
        for (const [s, v] of first) original.add(s, v);
        const before = Array.from({ length: 8 }, (_, s) => original.get(s));
        const copy = original.copy();
        for (const [s, v] of then) copy.add(s, v);
        expect(Array.from({ length: 8 }, (_, s) => original.get(s))).toEqual(before);
      }),
      { numRuns: 1000 },
    );
  });
});
