// The pooled taint vector (src/tracing/pooled-taint.ts: components as exact doubles, no BigInt per
// component) against the Map<number, bigint> vector of taint.ts: any sequence of adds, proportional takes
// (largest remainder) and drains gives the same components in the same order and the same parts taken,
// for amounts below 2^53, up to 2^105 (two doubles) and past it (the map fallback).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INDEX_FROM, PooledTaint } from '../../src/tracing/pooled-taint.js';
import { addTaint, type Taint, taintTotal, takeShare } from '../../src/tracing/taint.js';

type Op = { kind: 'add'; entries: [number, bigint][] } | { kind: 'take'; pick: bigint } | { kind: 'drain' };

const amount = (maxBits: number) =>
  fc.oneof(
    fc.bigInt({ min: 1n, max: 1000n }),
    fc.bigInt({ min: 1n, max: 2n ** 53n }),
    fc.bigInt({ min: 2n ** 52n, max: 10n ** 22n }),
    fc.bigInt({ min: 1n, max: 2n ** BigInt(maxBits) }),
  );

const ops = (maxBits: number, keys: number) =>
  fc.array(
    fc.oneof(
      { weight: 5, arbitrary: fc.record({ kind: fc.constant('add' as const), entries: fc.array(fc.tuple(fc.nat(keys), amount(maxBits)), { maxLength: 8 }) }) },
      { weight: 5, arbitrary: fc.record({ kind: fc.constant('take' as const), pick: fc.bigInt({ min: 0n, max: 2n ** 130n }) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('drain' as const) }) },
    ),
    { maxLength: 40 },
  ) as fc.Arbitrary<Op[]>;

/** Runs `list` on both vectors; every result and state must be equal, entry by entry, in order. */
function replay(list: Op[]): void {
  const pool = new PooledTaint();
  const map: Taint = new Map();
  for (const op of list) {
    if (op.kind === 'add') {
      const from: Taint = new Map(op.entries);
      pool.add(from);
      addTaint(map, from);
    } else if (op.kind === 'take') {
      const tTotal = taintTotal(map);
      // Mostly a part of the total, sometimes all of it or more.
      const total = op.pick % 7n === 0n ? tTotal + (op.pick % 3n) : op.pick % (tTotal + 1n);
      expect([...pool.takeShare(total, tTotal)]).toEqual([...takeShare(map, total, tTotal)]);
    } else {
      expect([...pool.drain()]).toEqual([...map]);
      map.clear();
    }
    expect(pool.size).toBe(map.size);
    expect([...pool.toMap()]).toEqual([...map]);
  }
}

describe('PooledTaint', () => {
  it('matches the map vector on amounts that fit two doubles (< 2^105), few and many components', () => {
    fc.assert(fc.property(ops(100, 6), replay), { seed: 19, numRuns: 300 });
    fc.assert(fc.property(ops(100, 40), replay), { seed: 20, numRuns: 200 });
  });

  it('matches the map vector when a vector passes INDEX_FROM components (keys found through its index) and falls back below it', () => {
    const big = fc.array(fc.tuple(fc.nat(1000), amount(100)), { minLength: INDEX_FROM + 20, maxLength: 2 * INDEX_FROM + 40 });
    fc.assert(
      fc.property(big, ops(100, 1000), (entries, rest) => replay([{ kind: 'add', entries }, ...rest, { kind: 'add', entries }, ...rest])),
      { seed: 22, numRuns: 100 },
    );
  });

  it('matches the map vector past 2^105 (falls back to a map)', () => {
    fc.assert(fc.property(ops(125, 20), replay), { seed: 21, numRuns: 200 });
  });

  it('keeps map order when a component empties and comes back', () => {
    const pool = new PooledTaint();
    pool.add(new Map([[1, 1n], [2, 10n ** 21n], [3, 5n]]));
    // A take of 1e21 + 1 of 1e21 + 6: component 1 (1 unit) gives its unit and leaves; it comes back last.
    const taken = pool.takeShare(10n ** 21n + 1n, 10n ** 21n + 6n);
    const map: Taint = new Map([[1, 1n], [2, 10n ** 21n], [3, 5n]]);
    expect([...taken]).toEqual([...takeShare(map, 10n ** 21n + 1n, 10n ** 21n + 6n)]);
    pool.add(new Map([[1, 7n]]));
    addTaint(map, new Map([[1, 7n]]));
    expect([...pool.toMap()]).toEqual([...map]);
  });
});
