// largestRows (src/evidence/largest-rows.ts) picks what a full sort by amount (descending, ties by
// index) would pick, in listed order.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { largestRows } from '../../src/evidence/largest-rows.js';

describe('largestRows', () => {
  it('equals the first max of a stable sort by amount, returned in index order (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: 0n, max: 20n })), fc.integer({ min: 0, max: 30 }), (amounts, max) => {
        const sorted = amounts.map((_, i) => i).sort((a, b) => (amounts[b] > amounts[a] ? 1 : amounts[b] < amounts[a] ? -1 : a - b));
        const expected = sorted.slice(0, max).sort((a, b) => a - b);
        expect(largestRows(amounts.length, (i) => amounts[i], max)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
