// Communities do not depend on the order a store reads the flows in (src/clustering/flow-edges.ts,
// canonical order): the same flow entries fed in any order, pairs kept together as the builder asks,
// give the same entries, the same weights and the same communities.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectFlowCommunities } from '../../src/clustering/communities.js';
import { FlowEdgesBuilder } from '../../src/clustering/flow-edges.js';

interface Entry {
  from: number;
  to: number;
  asset: string;
  amount: bigint;
  transfers: number;
}

const ASSETS = ['ETH', 'USDT', 'BTC'];

/** Distinct (from, to, asset) entries over `nodes` addresses on two chains. */
const entries = fc
  .array(
    fc.record({
      from: fc.nat({ max: 39 }),
      to: fc.nat({ max: 39 }),
      asset: fc.constantFrom(...ASSETS),
      amount: fc.bigInt({ min: 1n, max: 10n ** 30n }),
      transfers: fc.integer({ min: 1, max: 5 }),
    }),
    { minLength: 1, maxLength: 200 },
  )
  .map((list) => {
    const seen = new Set<string>();
    return list.filter((e) => e.from !== e.to && !seen.has(`${e.from}/${e.to}/${e.asset}`) && seen.add(`${e.from}/${e.to}/${e.asset}`));
  })
  .filter((list) => list.length > 0);

const chainOf = (node: number) => (node % 2 === 0 ? 'ethereum' : 'tron');
const addressOf = (node: number) => `addr-${(node * 7919) % 101}`;

/** Builds the flow edges from `list`, pairs in the order `pairOrder` gives, nodes introduced as met. */
function build(list: Entry[], pairOrder: string[], reverseWithinPair: boolean) {
  const byPair = new Map<string, Entry[]>();
  for (const e of list) {
    const key = `${e.from}/${e.to}`;
    byPair.set(key, [...(byPair.get(key) ?? []), e]);
  }
  const builder = new FlowEdgesBuilder();
  for (const key of pairOrder) {
    const group = byPair.get(key)!;
    for (const e of reverseWithinPair ? [...group].reverse() : group) {
      builder.add(builder.node(chainOf(e.from), addressOf(e.from)), builder.node(chainOf(e.to), addressOf(e.to)), e.asset, e.amount, e.transfers);
    }
  }
  return builder.finish();
}

describe('flow edges in canonical order', () => {
  it('the same entries in any read order give the same edges and the same communities', () => {
    fc.assert(
      fc.property(entries, fc.integer(), (list, shuffleSeed) => {
        const pairs = [...new Set(list.map((e) => `${e.from}/${e.to}`))];
        // A deterministic shuffle of the pairs (Fisher-Yates on a linear congruential sequence).
        const shuffled = [...pairs];
        let s = shuffleSeed >>> 0;
        for (let i = shuffled.length - 1; i > 0; i--) {
          s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
          const j = s % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
        }
        const a = build(list, pairs, false);
        const b = build(list, shuffled, true);
        expect(b).toEqual(a);
        expect(detectFlowCommunities(b)).toEqual(detectFlowCommunities(a));
        // Canonical: nodes by (chain, address), entries by (source, target, asset).
        const keys = a.chains.map((c, i) => `${c}\u0000${a.addresses[i]}`);
        expect(keys).toEqual([...keys].sort());
        for (let e = 1; e < a.count; e++) {
          const before = [a.source[e - 1], a.target[e - 1], a.assets[a.assetOf[e - 1]]];
          const here = [a.source[e], a.target[e], a.assets[a.assetOf[e]]];
          expect(before[0] < here[0] || (before[0] === here[0] && (before[1] < here[1] || (before[1] === here[1] && before[2] < here[2])))).toBe(true);
        }
      }),
      { numRuns: 100 },
    );
  });
});
