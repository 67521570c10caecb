// What `cluster show` reports about an address's cluster: its members, every tag of every member
// (direct and inferred), and the value that entered and left the cluster per asset, counting only
// movements that cross the cluster's boundary (internal shuffles are not income).

import { chainInfo, isUtxoChain } from '../model/chain.js';
import type { Tag } from '../model/tag.js';
import type { GraphStore } from '../ports.js';

export interface ClusterSummary {
  chain: string;
  address: string;
  /** Undefined when the address is in no cluster (it is then its own, single-member cluster). */
  clusterId?: string;
  members: string[];
  tags: Tag[];
  /** Per asset: value received from outside and sent outside (base units). */
  received: Record<string, bigint>;
  sent: Record<string, bigint>;
  /** Transactions (UTXO) or transfers (account) touching a member. */
  activity: number;
  /** Members whose activity was read (all of them unless the cluster exceeds `maxMembers`). */
  scannedMembers: number;
}

export interface SummarizeClusterOptions {
  /** Read the activity of at most this many members (huge clusters). Default 10,000. */
  maxMembers?: number;
}

function add(map: Record<string, bigint>, key: string, v: bigint): void {
  map[key] = (map[key] ?? 0n) + v;
}

/** Summarises the cluster of `address` on `chain`. */
export async function summarizeCluster(store: GraphStore, chain: string, address: string, options: SummarizeClusterOptions = {}): Promise<ClusterSummary> {
  const membership = await store.clusterOf(chain, address);
  const members = membership?.members ?? [address];
  const memberSet = new Set(members);
  const tags: Tag[] = [];
  for (const m of members) tags.push(...(await store.tagsOf(chain, m)));
  const received: Record<string, bigint> = {};
  const sent: Record<string, bigint> = {};
  const seen = new Set<string>();
  const scan = members.slice(0, options.maxMembers ?? 10_000);
  if (isUtxoChain(chain)) {
    const native = chainInfo(chain)?.nativeSymbol ?? 'BTC';
    for (const m of scan) {
      for await (const tx of store.transactionsOf(chain, m)) {
        if (seen.has(tx.txid)) continue;
        seen.add(tx.txid);
        let inside = 0n;
        let fromInside = false;
        for (const i of tx.inputs) {
          if (i.address !== null && memberSet.has(i.address)) {
            inside += i.value;
            fromInside = true;
          }
        }
        let back = 0n;
        let toInside = 0n;
        for (const o of tx.outputs) if (o.address !== null && memberSet.has(o.address)) toInside += o.value;
        if (fromInside) {
          back = toInside;
          if (inside > back) add(sent, native, inside - back);
        } else if (toInside > 0n) {
          add(received, native, toInside);
        }
      }
    }
  } else {
    for (const m of scan) {
      for await (const t of store.ledger(chain, m)) {
        if (seen.has(t.id)) continue;
        seen.add(t.id);
        const fromIn = memberSet.has(t.from);
        const toIn = t.to !== null && memberSet.has(t.to);
        if (fromIn && !toIn) add(sent, t.asset, t.amount);
        if (toIn && !fromIn) add(received, t.asset, t.amount);
      }
    }
  }
  const summary: ClusterSummary = { chain, address, members, tags, received, sent, activity: seen.size, scannedMembers: scan.length };
  if (membership) summary.clusterId = membership.clusterId;
  return summary;
}
