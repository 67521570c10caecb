// Bulk imports into the SQLite store (graph/sqlite/sqlite-store.ts, issue 19): a write that adds at
// least 50,000 transfers, and at least as many as the store held, drops the secondary transfer indexes
// and builds them again before its commit. The store must read the same as one loaded row by row
// (ledgers, chain order), stay atomic (a conflict after the drop leaves the store and its indexes as they
// were) and idempotent (the same file again adds nothing).

import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openSqliteStore, type SqliteStore } from '../../graph/sqlite/sqlite-store.js';
import type { AccountTransfer } from '../../src/model/transfer.js';
import type { ImportPart } from '../../src/ports.js';
import { evmAddress, txid } from '../support/addresses.js';
import { tempDir } from '../support/stores.js';

const USDT = 'erc20:0xdAC17F958D2ee523a2206206994597C13D831ec7';
const N = 60_000;
const addresses = Array.from({ length: 500 }, (_, i) => evmAddress(`bulk-${i}`));

function transfers(n: number): AccountTransfer[] {
  let seed = 7;
  const rand = (m: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % m;
  };
  return Array.from({ length: n }, (_, i) => {
    const hash = `0x${i.toString(16).padStart(64, '0')}`;
    return { id: `${hash}:0`, chain: 'ethereum', asset: USDT, txHash: hash, block: 1 + Math.floor(i / 100), txIndex: i % 100, index: 0, from: addresses[rand(500)], to: addresses[rand(500)], amount: BigInt(1 + rand(1_000_000)) };
  });
}

const source = { name: 'bulk.jsonl', sha256: txid('bulk'), kind: 'file' as const };

async function* parts(all: AccountTransfer[], size: number): AsyncIterable<ImportPart> {
  for (let i = 0; i < all.length; i += size) yield { transfers: all.slice(i, i + size) };
}

function indexes(path: string): string[] {
  const db = new Database(path, { readonly: true });
  const names = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'transfers' AND name LIKE 'transfers_%' ORDER BY name").pluck().all() as string[];
  db.close();
  return names;
}

async function ledgerIds(store: SqliteStore, address: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const t of store.ledger('ethereum', address)) ids.push(t.id);
  return ids;
}

async function chainIds(store: SqliteStore): Promise<string> {
  const ids: string[] = [];
  for await (const t of store.transfers({ chain: 'ethereum' })) ids.push(`${t.id}/${t.from}/${t.to}/${t.amount}`);
  return ids.join('\n');
}

describe('SQLite bulk import (secondary indexes built after the load)', () => {
  it('reads the same as a store loaded row by row, with every index back, and re-imports as existing', async () => {
    const dir = await tempDir();
    const all = transfers(N);
    const bulkPath = join(dir, 'bulk.db');
    const bulk = openSqliteStore(bulkPath);
    const summary = await bulk.importStream(source, parts(all, 10_000));
    expect(summary.transfers).toEqual({ added: N, existing: 0 });
    // Small writes (below the bulk threshold) keep the indexes up to date row by row.
    const plain = openSqliteStore(join(dir, 'plain.db'));
    for (let i = 0; i < N; i += 5_000) await plain.importBatch({ source, transfers: all.slice(i, i + 5_000) });
    expect(await chainIds(bulk)).toBe(await chainIds(plain));
    for (const a of addresses.slice(0, 5)) expect(await ledgerIds(bulk, a)).toEqual(await ledgerIds(plain, a));
    const again = await bulk.importBatch({ source, transfers: all });
    expect(again.transfers).toEqual({ added: 0, existing: N });
    await bulk.close();
    await plain.close();
    expect(indexes(bulkPath)).toEqual(['transfers_from', 'transfers_order', 'transfers_to']);
  }, 300_000);

  it('a conflict after the indexes were dropped rolls the whole file back, indexes included', async () => {
    const dir = await tempDir();
    const path = join(dir, 'case.db');
    const store = openSqliteStore(path);
    const all = transfers(N);
    const first = all.slice(0, 1_000);
    await store.importBatch({ source: { ...source, name: 'first.jsonl' }, transfers: first });
    const conflicting = { ...all[10], amount: all[10].amount + 1n };
    async function* withConflict(): AsyncIterable<ImportPart> {
      yield* parts(all.slice(1_000), 20_000);
      yield { transfers: [conflicting] };
    }
    await expect(store.importStream(source, withConflict())).rejects.toMatchObject({ code: 'INTEGRITY' });
    expect((await store.stats()).transfers).toBe(1_000);
    await store.close();
    expect(indexes(path)).toEqual(['transfers_from', 'transfers_order', 'transfers_to']);
  }, 300_000);
});
