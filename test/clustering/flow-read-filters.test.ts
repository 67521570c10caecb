// The communities read of a SQLite store (accountFlows pages + src/clustering/flow-sums.ts) with the
// `asset` and `chains` filters gives the same flow entries as reading the transfers one by one.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../graph/sqlite/sqlite-store.js';
import { readStoreFlowEdges } from '../../graph/views/flow-graph.js';
import { createRng } from '../../src/clustering/communities.js';
import type { FlowEdges } from '../../src/clustering/flow-edges.js';
import type { AccountTransfer } from '../../src/model/transfer.js';
import type { GraphStore } from '../../src/ports.js';
import { tempDir } from '../support/stores.js';

const USDT = 'erc20:0xdAC17F958D2ee523a2206206994597C13D831ec7';
const name = (i: number) => `0x${(i + 1).toString(16).padStart(40, '0')}`;

/** Amount per `chain/from>to/asset` and Louvain weight per `chain/from>to` (a pair's weight is the sum over its entries), order-free. */
function entries(flow: FlowEdges): { amounts: Map<string, bigint>; weights: Map<string, number> } {
  const amounts = new Map<string, bigint>();
  const weights = new Map<string, number>();
  for (let e = 0; e < flow.count; e++) {
    const s = flow.source[e];
    const pair = `${flow.chains[s]}/${flow.addresses[s]}>${flow.addresses[flow.target[e]]}`;
    amounts.set(`${pair}/${flow.assets[flow.assetOf[e]]}`, flow.amount[e]);
    weights.set(pair, (weights.get(pair) ?? 0) + flow.weight[e]);
  }
  for (const [k, w] of weights) weights.set(k, Math.round(w * 1e6));
  return { amounts, weights };
}

describe('communities read with filters (SQLite)', () => {
  it('asset and chain filters give the entries of the one-by-one read', async () => {
    const store = openSqliteStore(join(tempDir(), 'filters.db'));
    const rng = createRng(21);
    const transfers: AccountTransfer[] = [];
    for (let i = 0; i < 2_000; i++) {
      const chain = i % 3 === 0 ? 'bsc' : 'ethereum';
      const asset = i % 2 === 0 ? 'ETH' : USDT;
      const txHash = `0x${i.toString(16).padStart(64, '0')}`;
      const amount = i % 7 === 0 ? 10n ** 30n + BigInt(i) : BigInt(Math.floor(10 ** (1 + rng() * 14)));
      transfers.push({ id: `${txHash}:0`, chain, asset, txHash, block: 1 + i, txIndex: 0, index: 0, from: name(Math.floor(rng() * 60)), to: name(Math.floor(rng() * 60)), amount });
    }
    await store.importBatch({ source: { name: 'filters', sha256: 'b'.repeat(64), kind: 'file' }, transfers });
    const plain = new Proxy(store, { get: (target, p) => (p === 'accountFlows' ? undefined : Reflect.get(target, p, target)) }) as GraphStore;
    for (const options of [{}, { asset: USDT }, { chains: ['bsc'] }, { asset: 'ETH', chains: ['ethereum'] }, { chains: [] }]) {
      const fast = await readStoreFlowEdges(store, options);
      const slow = await readStoreFlowEdges(plain, options);
      expect(fast.pairs, JSON.stringify(options)).toBe(slow.pairs);
      const a = entries(fast);
      const b = entries(slow);
      expect(a.amounts, JSON.stringify(options)).toEqual(b.amounts);
      expect(a.weights, JSON.stringify(options)).toEqual(b.weights);
    }
    await store.close();
  }, 120_000);
});
