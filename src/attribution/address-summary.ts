// What the store knows about one address: its tags (best first), totals in and out per asset, first
// and last seen, and its counterparties ranked by value. Account chains read the address's ledger;
// UTXO chains read the transactions that pay or spend its coins.

import { bestTag, type Tag } from '../model/tag.js';
import { chainInfo } from '../model/chain.js';
import type { GraphStore } from '../ports.js';

export interface AssetTotals {
  asset: string;
  received: bigint;
  sent: bigint;
  /** received - sent (negative when the data starts after the address was funded). */
  balance: bigint;
  transfersIn: number;
  transfersOut: number;
}

export interface Counterparty {
  address: string | null;
  asset: string;
  received: bigint;
  sent: bigint;
  count: number;
}

export interface AddressSummary {
  chain: string;
  address: string;
  tags: Tag[];
  best?: Tag;
  assets: AssetTotals[];
  firstSeen?: { ref: string; block: number; time?: string };
  lastSeen?: { ref: string; block: number; time?: string };
  counterparties: Counterparty[];
  cluster?: { clusterId: string; size: number };
}

export interface AddressSummaryOptions {
  /** How many counterparties to list (by value). Default 20. */
  maxCounterparties?: number;
}

export async function summarizeAddress(store: GraphStore, chain: string, address: string, options: AddressSummaryOptions = {}): Promise<AddressSummary> {
  const tags = await store.tagsOf(chain, address);
  const assets = new Map<string, AssetTotals>();
  const parties = new Map<string, Counterparty>();
  const summary: AddressSummary = { chain, address, tags, assets: [], counterparties: [] };
  const best = bestTag(tags);
  if (best) summary.best = best;
  const totals = (asset: string) => {
    let t = assets.get(asset);
    if (!t) {
      t = { asset, received: 0n, sent: 0n, balance: 0n, transfersIn: 0, transfersOut: 0 };
      assets.set(asset, t);
    }
    return t;
  };
  const party = (other: string | null, asset: string) => {
    const key = `${asset}\u0000${other ?? ''}`;
    let p = parties.get(key);
    if (!p) {
      p = { address: other, asset, received: 0n, sent: 0n, count: 0 };
      parties.set(key, p);
    }
    return p;
  };
  const seen = (ref: string, block: number, time?: string) => {
    const at = time !== undefined ? { ref, block, time } : { ref, block };
    summary.firstSeen ??= at;
    summary.lastSeen = at;
  };

  if (chainInfo(chain)?.model === 'utxo') {
    for await (const tx of store.transactionsOf(chain, address)) {
      seen(tx.txid, tx.block, tx.time);
      const asset = 'BTC';
      const ins = tx.inputs.filter((i) => i.address === address).reduce((s, i) => s + i.value, 0n);
      const outs = tx.outputs.filter((o) => o.address === address).reduce((s, o) => s + o.value, 0n);
      const t = totals(asset);
      if (outs > 0n) {
        t.received += outs;
        t.transfersIn++;
        for (const i of tx.inputs) {
          if (i.address === address || i.coinbase) continue;
          const p = party(i.address, asset);
          p.received += i.value;
          p.count++;
        }
      }
      if (ins > 0n) {
        t.sent += ins;
        t.transfersOut++;
        for (const o of tx.outputs) {
          if (o.address === address) continue;
          const p = party(o.address, asset);
          p.sent += o.value;
          p.count++;
        }
      }
    }
  } else {
    for await (const tr of store.ledger(chain, address)) {
      seen(tr.id, tr.block, tr.time);
      const t = totals(tr.asset);
      if (tr.to === address) {
        t.received += tr.amount;
        t.transfersIn++;
        const p = party(tr.from, tr.asset);
        p.received += tr.amount;
        p.count++;
      }
      if (tr.from === address) {
        t.sent += tr.amount;
        t.transfersOut++;
        const p = party(tr.to, tr.asset);
        p.sent += tr.amount;
        p.count++;
      }
    }
  }
  for (const t of assets.values()) t.balance = t.received - t.sent;
  summary.assets = [...assets.values()].sort((a, b) => (a.asset < b.asset ? -1 : 1));
  const value = (p: Counterparty) => p.received + p.sent;
  summary.counterparties = [...parties.values()]
    .sort((a, b) => (value(b) > value(a) ? 1 : value(b) < value(a) ? -1 : String(a.address).localeCompare(String(b.address))))
    .slice(0, options.maxCounterparties ?? 20);
  const cluster = await store.clusterOf(chain, address);
  if (cluster) summary.cluster = { clusterId: cluster.clusterId, size: cluster.members.length };
  return summary;
}
