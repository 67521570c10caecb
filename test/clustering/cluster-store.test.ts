// Clustering a whole store through the GraphStore port (every store implementation): stored links,
// cluster ids and inferred deposit-address tags; explanations whose every step is a stored
// transaction that shows the link; the collapse guard; idempotent re-runs; cluster summaries; and
// Louvain communities stored per address.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectStoreCommunities } from '../../graph/views/store-communities.js';
import { buildClusters } from '../../src/clustering/build-clusters.js';
import { clusterStore } from '../../src/clustering/cluster-store.js';
import { summarizeCluster } from '../../src/clustering/cluster-summary.js';
import { clusterUtxoTransactions } from '../../src/clustering/cluster-utxo.js';
import { explainLink } from '../../src/clustering/explain-link.js';
import type { UtxoTransaction } from '../../src/model/utxo.js';
import type { ClusterLink, GraphStore } from '../../src/ports.js';
import { storeFactories } from '../support/stores.js';
import { btcAddress, txidOf } from './support/addresses.js';
import { BINANCE, CUSTOMERS, type CaseData, caseData, DEPOSIT, loadCase } from './support/case-data.js';

const data: CaseData = caseData();

async function all<T>(xs: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of xs) out.push(x);
  return out;
}

describe.each(storeFactories())('clusterStore on $name', (factory) => {
  // One store per implementation: every test replaces the clustering (or communities) it reads.
  let store: GraphStore;
  beforeAll(async () => {
    store = await factory.create();
    await loadCase(store, data);
  });
  afterAll(async () => {
    await store.close();
  });

  it('stores the same clusters as the pure pipeline, and the deposit-address tag', async () => {
    const res = await clusterStore(store);
    const pure = buildClusters(clusterUtxoTransactions(data.world.transactions).links);
    const btcAssignments = pure.assignments;
    for (const a of btcAssignments.slice(0, 200)) {
      const m = await store.clusterOf('bitcoin', a.address);
      expect(m?.clusterId).toBe(a.clusterId);
    }
    expect(res.clusters).toBe(pure.clusters + 1);
    expect(res.linksByHeuristic['deposit-address']).toBe(2);
    expect(res.deposits.map((d) => d.address)).toEqual([DEPOSIT]);
    const tags = await store.tagsOf('ethereum', DEPOSIT);
    expect(tags).toHaveLength(1);
    expect(tags[0]).toMatchObject({ label: 'Binance', category: 'exchange', source: 'ledgerhound:deposit-address', confidence: 70 });
    expect(tags[0].inferredFrom).toEqual({ heuristic: 'deposit-address', evidence: [data.transfers[3].id], via: BINANCE });
    expect((await store.clusterOf('ethereum', CUSTOMERS[2]))?.members).toEqual([...CUSTOMERS].sort());
    expect(await store.clusterOf('ethereum', DEPOSIT)).toBeUndefined();
    expect((await store.stats()).clusterLinks).toBe(res.links);
  });

  it('re-running replaces, never duplicates', async () => {
    await clusterStore(store);
    const first = await all(store.clusterLinks());
    await clusterStore(store);
    expect(await all(store.clusterLinks())).toEqual(first);
    expect(await store.tagsOf('ethereum', DEPOSIT)).toHaveLength(1);
  });

  it('explains a link with stored transactions that show each step', async () => {
    await clusterStore(store);
    const links = await all(store.clusterLinks({ chain: 'bitcoin' }));
    // The two ends of the longest explanation in the largest cluster.
    const pure = buildClusters(links);
    const byCluster = new Map<string, string[]>();
    for (const a of pure.assignments) byCluster.set(a.clusterId, [...(byCluster.get(a.clusterId) ?? []), a.address]);
    const biggest = [...byCluster.values()].sort((x, y) => y.length - x.length)[0];
    const a = biggest[0];
    const b = biggest[biggest.length - 1];
    const res = await explainLink('bitcoin', a, b, (x) => store.linksOf('bitcoin', x));
    expect(res.linked).toBe(true);
    expect(res.steps[0].from).toBe(a);
    expect(res.steps[res.steps.length - 1].to).toBe(b);
    for (const [i, s] of res.steps.entries()) {
      if (i > 0) expect(s.from).toBe(res.steps[i - 1].to);
      const tx = await store.getTransaction('bitcoin', s.evidence);
      expect(tx).toBeDefined();
      const inputs = tx?.inputs.map((x) => x.address);
      expect(s.heuristic).toBe('multi-input');
      expect(inputs).toContain(s.from);
      expect(inputs).toContain(s.to);
    }
    const other = [...byCluster.values()].find((g) => g !== biggest) as string[];
    expect((await explainLink('bitcoin', a, other[0], (x) => store.linksOf('bitcoin', x))).linked).toBe(false);
  });

  it('refuses a merge of two large clusters with maxMerge and reports it', async () => {
    const loose = await clusterStore(store, { reportMerge: 2 });
    expect(loose.collapses.length).toBeGreaterThan(0);
    expect(loose.collapses.every((c) => !c.refused && Math.min(c.sizeA, c.sizeB) >= 2)).toBe(true);
    const guarded = await clusterStore(store, { reportMerge: 2, maxMerge: 2 });
    expect(guarded.collapses.every((c) => c.refused)).toBe(true);
    expect(guarded.collapses.length).toBeGreaterThan(0);
    expect(guarded.largestCluster).toBeLessThanOrEqual(loose.largestCluster);
    const stored: ClusterLink[] = await all(store.clusterLinks());
    for (const c of guarded.collapses) expect(stored).not.toContainEqual(c.link);
  });

  it('summarises a cluster: members, tags and value crossing its boundary', async () => {
    await clusterStore(store);
    const s = await summarizeCluster(store, 'ethereum', CUSTOMERS[1]);
    expect(s.members).toEqual([...CUSTOMERS].sort());
    expect(s.sent).toEqual({ [data.transfers[0].asset]: 1_800_000_000n });
    expect(s.received).toEqual({ [data.transfers[0].asset]: 42_000_000n });
    expect(s.activity).toBe(4);
    const d = await summarizeCluster(store, 'ethereum', DEPOSIT);
    expect(d.clusterId).toBeUndefined();
    expect(d.tags.map((t) => t.label)).toEqual(['Binance']);
    expect(d.received).toEqual({ [data.transfers[0].asset]: 1_800_000_000n });
  });

  it('stores Louvain communities, the same for the same seed', async () => {
    const first = await detectStoreCommunities(store, { seed: 7 });
    const second = await detectStoreCommunities(store, { seed: 7 });
    expect(second.assignments).toEqual(first.assignments);
    expect(first.count).toBeGreaterThan(1);
    expect(first.modularity).toBeGreaterThan(0.3);
    const binance = first.assignments.find((r) => r.address === BINANCE);
    expect(await store.communityOf('ethereum', BINANCE)).toBe(binance?.community);
    const eth = first.communities.find((c) => c.community === binance?.community);
    expect(eth?.taggedMembers.map((t) => t.label)).toContain('Binance');
  });
});

describe.each(storeFactories())('UTXO cluster summary on $name', (factory) => {
  it('counts value entering and leaving a Bitcoin cluster, fees in what left', async () => {
    const store = await factory.create();
    try {
      const [A, B, X, C] = ['sum-a', 'sum-b', 'sum-x', 'sum-c'].map((s) => btcAddress(s));
      const cb = (name: string, to: string, value: bigint, txIndex: number): UtxoTransaction => ({
        chain: 'bitcoin',
        txid: txidOf(name),
        block: 10,
        txIndex,
        inputs: [{ address: null, value: 0n, coinbase: true }],
        outputs: [{ n: 0, address: to, value }],
      });
      const t1 = cb('sum-1', A, 100_000n, 0);
      const t2 = cb('sum-2', B, 50_000n, 1);
      const t3: UtxoTransaction = {
        chain: 'bitcoin',
        txid: txidOf('sum-3'),
        block: 11,
        txIndex: 0,
        inputs: [
          { prevTxid: t1.txid, prevVout: 0, address: A, value: 100_000n },
          { prevTxid: t2.txid, prevVout: 0, address: B, value: 50_000n },
        ],
        outputs: [
          { n: 0, address: X, value: 120_000n },
          { n: 1, address: C, value: 29_000n },
        ],
      };
      await store.importBatch({ source: { name: 'sum', sha256: txidOf('sum'), kind: 'file' }, transactions: [t1, t2, t3] });
      const res = await clusterStore(store);
      expect(res.links).toBe(1);
      const s = await summarizeCluster(store, 'bitcoin', B);
      expect(s.members).toEqual([A, B].sort());
      expect(s.clusterId).toBe([A, B].sort()[0]);
      expect(s.received).toEqual({ BTC: 150_000n });
      expect(s.sent).toEqual({ BTC: 150_000n });
      expect(s.activity).toBe(3);
      expect(s.scannedMembers).toBe(2);
      const partial = await summarizeCluster(store, 'bitcoin', B, { maxMembers: 1 });
      expect(partial.scannedMembers).toBe(1);
      expect(partial.activity).toBe(2);
      const explained = await explainLink('bitcoin', A, B, (x) => store.linksOf('bitcoin', x));
      expect(explained.steps).toEqual([{ from: A, to: B, heuristic: 'multi-input', confidence: 95, evidence: t3.txid }]);
    } finally {
      await store.close();
    }
  });
});
