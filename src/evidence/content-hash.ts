// The store's content hash (evidence pack manifest): SHA-256 over a canonical serialization of every
// transfer, UTXO transaction and tag, each list in the order GraphStore documents, each record in its
// interchange form (transferToJson / utxoTransactionToJson / tagToJson) with sorted keys. Two stores
// (SQLite, Neo4j) holding the same data give the same hash; import times and source names do not count.

import { createHash } from 'node:crypto';
import { type Tag, tagToJson } from '../model/tag.js';
import { type AccountTransfer, transferToJson } from '../model/transfer.js';
import { utxoTransactionToJson } from '../model/utxo.js';
import type { GraphStore } from '../ports.js';
import { canonicalJsonLine } from './canonical-json.js';

export interface StoreContentHash {
  /** Hex SHA-256. */
  sha256: string;
  transfers: number;
  transactions: number;
  tags: number;
}

/** Lines per hash update. */
const HASH_BATCH = 512;

/**
 * canonicalJsonLine(transferToJson(t)): a transfer without extra fields has a fixed set of keys, written
 * here in sorted order directly (amount, asset, block, chain, from, id, index, time, to, txHash,
 * txIndex) instead of sorting a copy per transfer; one with extra fields goes the general way.
 */
export function canonicalTransferLine(t: AccountTransfer): string {
  if (t.extra !== undefined) return canonicalJsonLine(transferToJson(t));
  return JSON.stringify({
    amount: t.amount.toString(),
    asset: t.asset,
    block: t.block,
    chain: t.chain,
    from: t.from,
    id: t.id,
    index: t.index,
    time: t.time,
    to: t.to,
    txHash: t.txHash,
    txIndex: t.txIndex,
  });
}

/**
 * Hashes the store's records: a line `transfers`, then one canonical JSON line per transfer, then
 * `transactions` and its records, then `tags` and its records, each line ending with LF. `keepTag`:
 * only the tags an audience's pack carries (pack-audience.ts), as a store holding just those would hash.
 */
export async function hashStoreContents(store: GraphStore, options: { keepTag?: (tag: Tag) => boolean } = {}): Promise<StoreContentHash> {
  const hash = createHash('sha256');
  const counts = { transfers: 0, transactions: 0, tags: 0 };
  hash.update('transfers\n');
  // Lines go to the hash a batch at a time (the same bytes; one update per line cost ~1 µs each).
  let batch = '';
  let inBatch = 0;
  for await (const t of store.transfers()) {
    batch += `${canonicalTransferLine(t)}\n`;
    counts.transfers++;
    if (++inBatch === HASH_BATCH) {
      hash.update(batch);
      batch = '';
      inBatch = 0;
    }
  }
  hash.update(batch);
  hash.update('transactions\n');
  for await (const tx of store.transactions()) {
    hash.update(`${canonicalJsonLine(utxoTransactionToJson(tx))}\n`);
    counts.transactions++;
  }
  hash.update('tags\n');
  for await (const tag of store.tags()) {
    if (options.keepTag && !options.keepTag(tag)) continue;
    hash.update(`${canonicalJsonLine(tagToJson(tag))}\n`);
    counts.tags++;
  }
  return { sha256: hash.digest('hex'), ...counts };
}
