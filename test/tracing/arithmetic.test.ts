// Scaled bigint arithmetic (TRACING.md, Rounding): formatting, largest-remainder apportionment, and the
// splits of taint vectors, whose parts always add up to the whole and stay within one scaled unit of exact.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apportion, formatScaled, mulDivRound, parseScaled, SCALE } from '../../src/tracing/scaled.js';
import { splitByWeights, type Taint, taintTotal, takeShare } from '../../src/tracing/taint.js';

describe('formatScaled / parseScaled', () => {
  it.each([
    [1999999999500000000n, '1999999999.5'],
    [0n, '0'],
    [1n, '0.000000001'],
    [SCALE, '1'],
    [123456789012345678901234567890n, '123456789012345678901.23456789'],
  ])('%s -> %s', (scaled, text) => {
    expect(formatScaled(scaled)).toBe(text);
    expect(parseScaled(text)).toBe(scaled);
  });

  it('round-trips any value', () => {
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: 10n ** 40n }), (v) => parseScaled(formatScaled(v)) === v), { seed: 1 });
  });

  it('writes what whole units, then the nine-digit fraction without its trailing zeros, give (any sign, any magnitude)', () => {
    // The definition by BigInt division that the digit-string version replaced.
    const byDivision = (value: bigint) => {
      const abs = value < 0n ? -value : value;
      const fraction = (abs % SCALE).toString().padStart(9, '0').replace(/0+$/, '');
      return (value < 0n ? '-' : '') + (abs / SCALE).toString() + (fraction ? `.${fraction}` : '');
    };
    const magnitude = fc.tuple(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.integer({ min: 0, max: 12 })).map(([v, zeros]) => v * 10n ** BigInt(zeros));
    fc.assert(
      fc.property(fc.oneof(magnitude, fc.bigInt({ min: -(10n ** 10n), max: 10n ** 10n })), (v) => {
        expect(formatScaled(v)).toBe(byDivision(v));
      }),
      { numRuns: 5000 },
    );
  });
});

describe('apportion (largest remainder)', () => {
  it('gives the remainders to the largest fractional parts, ties to the lower index', () => {
    expect(apportion(10n, [1n, 1n, 1n])).toEqual([4n, 3n, 3n]);
    expect(apportion(1000000000n, [1000000000n, 2000000000n])).toEqual([333333333n, 666666667n]);
    expect(apportion(7n, [0n, 5n, 5n])).toEqual([0n, 4n, 3n]);
    expect(apportion(0n, [3n, 4n])).toEqual([0n, 0n]);
  });

  it('parts add up exactly and each is within 1 of its exact share', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 30n }), fc.array(fc.bigInt({ min: 0n, max: 10n ** 20n }), { minLength: 1, maxLength: 12 }), (total, weights) => {
        fc.pre(weights.some((w) => w > 0n));
        const parts = apportion(total, weights);
        const sum = weights.reduce((a, b) => a + b, 0n);
        expect(parts.reduce((a, b) => a + b, 0n)).toBe(total);
        parts.forEach((p, i) => {
          const diff = p * sum - total * weights[i];
          expect(diff > -sum && diff < sum).toBe(true);
        });
      }),
      { seed: 2 },
    );
  });

  it('mulDivRound rounds halves up', () => {
    expect(mulDivRound(1n, 1n, 2n)).toBe(1n);
    expect(mulDivRound(1n, 1n, 3n)).toBe(0n);
    expect(mulDivRound(2n, 1n, 3n)).toBe(1n);
  });
});

/** want, at most max. */
function clamp(want: bigint, max: bigint): bigint {
  if (want > max) return max;
  return want;
}

describe('taint splits', () => {
  const vector = fc.array(fc.bigInt({ min: 1n, max: 10n ** 18n }), { minLength: 1, maxLength: 6 }).map((vs) => new Map(vs.map((v, i) => [i * 7 + 1, v])) as Taint);

  it('takeShare removes exactly the share asked for, in proportion', () => {
    fc.assert(
      fc.property(vector, fc.bigInt({ min: 0n, max: 10n ** 18n }), (t, want) => {
        const total = taintTotal(t);
        const share = clamp(want, total);
        const before = new Map(t);
        const taken = takeShare(t, share);
        expect(taintTotal(taken)).toBe(share);
        expect(taintTotal(taken) + taintTotal(t)).toBe(total);
        for (const [k, v] of before) {
          const part = taken.get(k) ?? 0n;
          const diff = part * total - share * v;
          expect(diff > -total && diff < total).toBe(true);
        }
      }),
      { seed: 3 },
    );
  });

  it('takeShare splits exactly as apportion() would (largest remainder, first component wins a tie)', () => {
    fc.assert(
      fc.property(vector, fc.bigInt({ min: 0n, max: 10n ** 18n }), (t, want) => {
        const values = [...t.values()];
        const share = clamp(want, taintTotal(t));
        const expected = apportion(share, values);
        const taken = takeShare(new Map(t), share);
        expect([...t.keys()].map((k) => taken.get(k) ?? 0n)).toEqual(expected);
      }),
      { seed: 5 },
    );
  });

  it('takeShare of a vector of many components (sources x hops) splits as apportion() would, ties included', () => {
    // Many components leave many units to hand out: the sorted path (issue 19), with tied remainders.
    const many = fc.array(fc.constantFrom(1n, 2n, 3n, 7n, 10n ** 12n, 10n ** 12n + 1n), { minLength: 5, maxLength: 400 }).map((vs) => new Map(vs.map((v, i) => [i * 3 + 2, v])) as Taint);
    fc.assert(
      fc.property(many, fc.bigInt({ min: 0n, max: 10n ** 15n }), (t, want) => {
        const values = [...t.values()];
        const share = clamp(want, taintTotal(t));
        const taken = takeShare(new Map(t), share);
        expect([...t.keys()].map((k) => taken.get(k) ?? 0n)).toEqual(apportion(share, values));
        expect(taintTotal(taken)).toBe(share);
      }),
      { seed: 11, numRuns: 200 },
    );
  });

  it('splitByWeights conserves the vector and keeps each part within a unit of its share', () => {
    fc.assert(
      fc.property(vector, fc.array(fc.bigInt({ min: 0n, max: 10n ** 9n }), { minLength: 1, maxLength: 6 }), (t, weights) => {
        fc.pre(weights.some((w) => w > 0n));
        const total = taintTotal(t);
        const parts = splitByWeights(t, weights);
        expect(parts.reduce((s, p) => s + taintTotal(p), 0n)).toBe(total);
        const sum = weights.reduce((a, b) => a + b, 0n);
        parts.forEach((p, j) => {
          const diff = taintTotal(p) * sum - total * weights[j];
          expect(diff >= -sum && diff <= sum).toBe(true);
        });
      }),
      { seed: 4 },
    );
  });
});
