// largestRows (src/evidence/largest-rows.ts) picks what a full sort by amount (descending, ties by
// index) would pick, in listed order.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LargestRows, largestRows } from '../../src/evidence/largest-rows.js';

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

  it('LargestRows, fed the rows one by one, keeps the same rows and builds only rows it keeps for a while (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: 0n, max: 20n })), fc.integer({ min: 0, max: 30 }), (amounts, max) => {
        const keeper = new LargestRows<number>(max);
        let built = 0;
        for (const [i, a] of amounts.entries()) {
          keeper.offer(a, () => {
            built++;
            return i;
          });
        }
        expect(keeper.count).toBe(amounts.length);
        expect(keeper.kept().map((k) => k.row)).toEqual(largestRows(amounts.length, (i) => amounts[i], max));
        expect(keeper.kept().map((k) => k.amount)).toEqual(keeper.kept().map((k) => amounts[k.row]));
        expect(built).toBeLessThanOrEqual(amounts.length);
      }),
      { numRuns: 300 },
    );
  });
});
