// Clusters scored against a generated ground truth (users, exchanges, payments with change, peel
// chains, consolidations, CoinJoins of every known kind with unrelated participants): common-input
// ownership with CoinJoin exclusion makes no false merge; without the exclusion it does. Plus the
// union-find invariants (order independence, agreement with a naive reference) and the collapse guard.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildClusters } from '../../src/clustering/build-clusters.js';
import { clusterUtxoTransactions } from '../../src/clustering/cluster-utxo.js';
import { detectCoinJoin, isExcludedMix } from '../../src/clustering/coinjoin.js';
import { evaluateClusters } from '../../src/clustering/evaluate-clusters.js';
import type { ClusterLink } from '../../src/ports.js';
import { generateWorld, type World } from './support/ground-truth.js';

function score(world: World, options: Parameters<typeof clusterUtxoTransactions>[1]) {
  const res = clusterUtxoTransactions(world.transactions, options);
  const built = buildClusters(res.links);
  const seen = new Set<string>();
  for (const tx of world.transactions) for (const x of [...tx.inputs, ...tx.outputs]) if (x.address !== null) seen.add(x.address);
  const truth = new Map([...world.ownerOf].filter(([a]) => seen.has(a)));
  return evaluateClusters(new Map(built.assignments.map((a) => [a.address, a.clusterId])), truth);
}

describe('clustering against a generated ground truth', () => {
  const worlds = [1, 2, 3].map((seed) => generateWorld({ seed, users: seed === 3 ? 130 : 60, events: 1200, addresses: 'fast' }));

  it('generates every CoinJoin kind, and the detectors find each one', () => {
    const kinds = new Set(worlds.flatMap((w) => [...w.mixes.values()]));
    expect([...kinds].sort()).toEqual(['joinmarket', 'wasabi-1.0', 'wasabi-1.1', 'wasabi-2.0', 'whirlpool', 'whirlpool-tx0']);
    for (const w of worlds) {
      for (const tx of w.transactions) {
        const kind = w.mixes.get(tx.txid);
        const v = detectCoinJoin(tx);
        if (kind === undefined) expect(isExcludedMix(v)).toBe(false);
        else if (kind === 'whirlpool-tx0') expect(v?.kind).toBe('whirlpool-tx0');
        else expect(v?.kind).toBe(kind);
      }
    }
  });

  it('multi-input alone reaches precision 1.0; without CoinJoin detection it merges owners', () => {
    for (const w of worlds) {
      const s = score(w, {});
      expect(s.precision).toBe(1);
      expect(s.mixedClusters).toBe(0);
      expect(s.correctPairs).toBeGreaterThan(0);
      const blind = score(w, { detectCoinJoins: false });
      expect(blind.precision).toBeLessThan(0.9);
      expect(blind.mixedClusters).toBeGreaterThan(0);
    }
  });

  it('change heuristics add recall (each is a separate switch)', () => {
    const w = worlds[0];
    const base = score(w, {});
    for (const h of ['change-reuse', 'change-script-type', 'change-round-payment', 'change-optimal'] as const) {
      const s = score(w, { heuristics: ['multi-input', h] });
      expect(s.correctPairs).toBeGreaterThan(base.correctPairs);
      expect(s.recall).toBeGreaterThan(base.recall);
    }
  });

  it('is reproducible: one seed, one world', () => {
    const a = generateWorld({ seed: 9, users: 30, events: 300, addresses: 'fast' });
    const b = generateWorld({ seed: 9, users: 30, events: 300, addresses: 'fast' });
    expect(b.transactions).toEqual(a.transactions);
  });
});

const linkArb = fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 30 })), { maxLength: 60 }).map((pairs) =>
  pairs.map(([a, b], i): ClusterLink => ({ chain: 'bitcoin', a: `a${a}`, b: `a${b}`, heuristic: 'multi-input', confidence: 95, evidence: `t${i}` })),
);

function partitionOf(links: ClusterLink[]): string[] {
  const groups = new Map<string, string[]>();
  for (const a of buildClusters(links).assignments) groups.set(a.clusterId, [...(groups.get(a.clusterId) ?? []), a.address]);
  return [...groups.values()].map((g) => g.sort().join(',')).sort();
}

describe('union-find clustering', () => {
  it('does not depend on link order and matches connected components', () => {
    fc.assert(
      fc.property(linkArb, fc.integer(), (links, seed) => {
        const shuffled = [...links].sort((x, y) => ((x.evidence.length * 31 + seed) % 7) - ((y.evidence.length * 31 + seed) % 7) || (x.evidence < y.evidence ? 1 : -1));
        expect(partitionOf(shuffled)).toEqual(partitionOf(links));
        // Reference: repeated relaxation of component labels.
        const label = new Map<string, string>();
        for (const l of links) {
          label.set(l.a, l.a);
          label.set(l.b, l.b);
        }
        let changed = true;
        while (changed) {
          changed = false;
          for (const l of links) {
            const m = [label.get(l.a) as string, label.get(l.b) as string].sort()[0];
            if (label.get(l.a) !== m || label.get(l.b) !== m) {
              label.set(l.a, m);
              label.set(l.b, m);
              changed = true;
            }
          }
        }
        const groups = new Map<string, string[]>();
        for (const [addr, m] of label) groups.set(m, [...(groups.get(m) ?? []), addr]);
        const expected = [...groups.values()].filter((g) => g.length > 1).map((g) => g.sort().join(',')).sort();
        expect(partitionOf(links)).toEqual(expected);
        // Cluster ids are the smallest member.
        for (const a of buildClusters(links).assignments) expect(a.clusterId).toBe(label.get(a.address));
      }),
      { seed: 11, numRuns: 200 },
    );
  });

  it('reports a merge of two large clusters and refuses it above --max-merge', () => {
    const star = (hub: string, n: number, tx: string): ClusterLink[] =>
      Array.from({ length: n }, (_, i) => ({ chain: 'bitcoin', a: hub, b: `${hub}-${i}`, heuristic: 'multi-input', confidence: 95, evidence: `${tx}${i}` }));
    const bridge: ClusterLink = { chain: 'bitcoin', a: 'x-3', b: 'y-7', heuristic: 'multi-input', confidence: 95, evidence: 'bridge' };
    const links = [...star('x', 9, 'tx'), ...star('y', 14, 'ty'), bridge];
    const reported = buildClusters(links, { reportMerge: 10 });
    expect(reported.clusters).toBe(1);
    expect(reported.collapses).toEqual([{ link: bridge, sizeA: 10, sizeB: 15, refused: false }]);
    const refused = buildClusters(links, { reportMerge: 10, maxMerge: 10 });
    expect(refused.clusters).toBe(2);
    expect(refused.collapses).toEqual([{ link: bridge, sizeA: 10, sizeB: 15, refused: true }]);
    expect(refused.links).not.toContain(bridge);
    expect(buildClusters(links, { maxMerge: 11 }).clusters).toBe(1);
    const quiet = buildClusters(links);
    expect(quiet.collapses).toEqual([]);
  });

  it('ignores links below minConfidence', () => {
    const links: ClusterLink[] = [
      { chain: 'bitcoin', a: 'a', b: 'b', heuristic: 'multi-input', confidence: 95, evidence: 't1' },
      { chain: 'bitcoin', a: 'b', b: 'c', heuristic: 'change-optimal', confidence: 50, evidence: 't2' },
    ];
    const res = buildClusters(links, { minConfidence: 60 });
    expect(res.ignored).toBe(1);
    expect(res.assignments.map((a) => a.address)).toEqual(['a', 'b']);
  });
});
