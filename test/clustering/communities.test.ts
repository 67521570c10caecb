// Louvain communities on value-flow graphs: planted groups are recovered, weights follow value (a
// heavy edge holds two addresses together against many light ones), a seed fixes the result, UTXO
// transactions spread value over their inputs, and flows per community add up.

import { describe, expect, it } from 'vitest';
import { FlowGraphBuilder } from '../../graph/views/flow-graph.js';
import { createRng, detectCommunities } from '../../src/clustering/communities.js';
import { btcAddress, evmAddress } from './support/addresses.js';
import { USDT } from './support/transfers.js';
import { buildTx } from './support/tx-spec.js';

/** k groups of n addresses, dense value inside each, one small payment between consecutive groups. */
function planted(k: number, n: number, seed: number) {
  const rng = createRng(seed);
  const b = new FlowGraphBuilder();
  const name = (g: number, i: number) => evmAddress(`g${g}-${i}`);
  for (let g = 0; g < k; g++) {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) if (i !== j && rng() < 0.6) b.addFlow('ethereum', name(g, i), name(g, j), USDT, BigInt(1_000_000 + Math.floor(rng() * 1_000_000)));
    }
    b.addFlow('ethereum', name(g, 0), name((g + 1) % k, 1), USDT, 1_000n);
  }
  return { graph: b.finish(), name };
}

describe('detectCommunities', () => {
  it('recovers planted groups, with high modularity', () => {
    const { graph, name } = planted(4, 12, 3);
    const res = detectCommunities(graph, { seed: 1 });
    expect(res.count).toBe(4);
    expect(res.modularity).toBeGreaterThan(0.6);
    const community = new Map(res.assignments.map((a) => [a.address, a.community]));
    for (let g = 0; g < 4; g++) for (let i = 1; i < 12; i++) expect(community.get(name(g, i))).toBe(community.get(name(g, 0)));
    expect(new Set(Array.from({ length: 4 }, (_, g) => community.get(name(g, 0)))).size).toBe(4);
    expect(res.communities.map((c) => c.size)).toEqual([12, 12, 12, 12]);
  });

  it('is deterministic for a seed', () => {
    const { graph } = planted(6, 8, 5);
    expect(detectCommunities(graph, { seed: 9 }).assignments).toEqual(detectCommunities(graph, { seed: 9 }).assignments);
  });

  it('weights edges by value: one large payment outweighs many small ones', () => {
    const b = new FlowGraphBuilder();
    const [x, y] = [evmAddress('x'), evmAddress('y')];
    b.addFlow('ethereum', x, y, USDT, 1_000_000_000n);
    for (let i = 0; i < 5; i++) b.addFlow('ethereum', x, evmAddress(`small-${i}`), USDT, 1_000n);
    const g = b.finish();
    const heavy = g.getEdgeAttribute(g.edge(`ethereum/${x}`, `ethereum/${y}`) as string, 'weight');
    const light = g.getEdgeAttribute(g.edge(`ethereum/${x}`, `ethereum/${evmAddress('small-0')}`) as string, 'weight');
    expect(heavy / light).toBeCloseTo(1_000_000, -2);
  });

  it('spreads UTXO outputs over the inputs in proportion, and sums flows per community exactly', () => {
    const b = new FlowGraphBuilder();
    const tx = buildTx({ name: 'split', inputs: [{ value: '300000', seed: 'in-a' }, { value: '100000', seed: 'in-b' }], outputs: [{ value: '200000', seed: 'out' }, { value: '199000', seed: 'out2' }] });
    b.addTransaction(tx);
    const g = b.finish();
    const from = (i: number) => `bitcoin/${tx.inputs[i].address}`;
    const to = (n: number) => `bitcoin/${tx.outputs[n].address}`;
    expect(g.getEdgeAttribute(g.edge(from(0), to(0)) as string, 'amounts')).toEqual({ BTC: 150_000n });
    expect(g.getEdgeAttribute(g.edge(from(1), to(0)) as string, 'amounts')).toEqual({ BTC: 50_000n });
    expect(g.getEdgeAttribute(g.edge(from(1), to(1)) as string, 'amounts')).toEqual({ BTC: 49_750n });
    const res = detectCommunities(g, { seed: 1 });
    let internal = 0n;
    let inflow = 0n;
    let outflow = 0n;
    for (const c of res.communities) {
      internal += c.internal['bitcoin/BTC'] ?? 0n;
      inflow += c.inflow['bitcoin/BTC'] ?? 0n;
      outflow += c.outflow['bitcoin/BTC'] ?? 0n;
    }
    expect(inflow).toBe(outflow);
    expect(internal + inflow).toBe(150_000n + 50_000n + 149_250n + 49_750n);
    expect(btcAddress('in-a-0')).toBe(tx.inputs[0].address);
  });

  it('handles an empty graph', () => {
    expect(detectCommunities(new FlowGraphBuilder().finish())).toMatchObject({ count: 0, communities: [], assignments: [] });
  });
});
