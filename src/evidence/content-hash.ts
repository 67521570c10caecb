// The store's content hash (evidence pack manifest): SHA-256 over a canonical serialization of every
// transfer, UTXO transaction and tag, each list in the order GraphStore documents, each record in its
// interchange form (transferToJson / utxoTransactionToJson / tagToJson) with sorted keys. Two stores
// (SQLite, Neo4j) holding the same data give the same hash; import times and source names do not count.

import { createHash } from 'node:crypto';
import { type Tag, tagToJson } from '../model/tag.js';
import { transferToJson } from '../model/transfer.js';
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

/**
 * Hashes the store's records: a line `transfers`, then one canonical JSON line per transfer, then
 * `transactions` and its records, then `tags` and its records, each line ending with LF. `keepTag`:
 * only the tags an audience's pack carries (pack-audience.ts), as a store holding just those would hash.
 */
export async function hashStoreContents(store: GraphStore, options: { keepTag?: (tag: Tag) => boolean } = {}): Promise<StoreContentHash> {
  const hash = createHash('sha256');
  const counts = { transfers: 0, transactions: 0, tags: 0 };
  hash.update('transfers\n');
  for await (const t of store.transfers()) {
    hash.update(`${canonicalJsonLine(transferToJson(t))}\n`);
    counts.transfers++;
  }
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
