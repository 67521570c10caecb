// SQLite schema versions (graph/sqlite/schema.ts): a store written by schema 2 (before conversions) is
// upgraded in place when opened for writing, keeping its records; opened read-only it is left as it is
// and answers that it holds no conversions.

import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../graph/sqlite/sqlite-store.js';
import type { Conversion } from '../../src/model/conversion.js';
import { evmAddress, txid } from '../support/addresses.js';
import { tempDir } from '../support/stores.js';

const USDT = 'erc20:0xdAC17F958D2ee523a2206206994597C13D831ec7';

/** A store as schema 2 left it: today's tables without the conversion ones, meta schema = 2. */
async function schema2Store(path: string): Promise<void> {
  const store = openSqliteStore(path);
  await store.importBatch({
    source: { name: 'old.jsonl', sha256: txid('old'), kind: 'file' },
    transfers: [{ id: `${txid('t1')}:1`, chain: 'ethereum', asset: USDT, txHash: txid('t1'), block: 1, txIndex: 0, index: 1, from: evmAddress('a'), to: evmAddress('b'), amount: 5n }],
  });
  await store.close();
  const db = new Database(path);
  db.exec("DROP TABLE conversions; DROP TABLE conversion_refs; UPDATE meta SET value = '2' WHERE key = 'schema'");
  db.close();
}

const conversion: Conversion = {
  id: 'c1',
  kind: 'swap',
  venue: 'pool',
  in: { chain: 'ethereum', address: evmAddress('a'), asset: USDT, amount: 5n, refs: [`${txid('t1')}:1`] },
  out: { chain: 'ethereum', address: evmAddress('a'), asset: 'ETH', amount: 1n, refs: [`${txid('t1')}:2`] },
  confidence: 100,
  method: 'm',
  evidence: [],
};

describe('SQLite schema upgrade 2 -> 3 (conversions)', () => {
  it('opened read-only, a schema 2 store is read as it is and has no conversions', async () => {
    const path = join(tempDir(), 'case.db');
    await schema2Store(path);
    const store = openSqliteStore(path, { readonly: true });
    try {
      expect((await store.stats()).conversions).toBe(0);
      expect((await store.stats()).transfers).toBe(1);
      const all: Conversion[] = [];
      for await (const c of store.conversions()) all.push(c);
      expect(all).toEqual([]);
      expect(await store.getConversion('c1')).toBeUndefined();
      expect(await store.conversionsByRef('ethereum', `${txid('t1')}:1`)).toEqual([]);
    } finally {
      await store.close();
    }
    const db = new Database(path, { readonly: true });
    expect(db.prepare("SELECT value FROM meta WHERE key = 'schema'").pluck().get()).toBe('2');
    db.close();
  });

  it('opened for writing, a schema 2 store is upgraded in place and keeps its records', async () => {
    const path = join(tempDir(), 'case.db');
    await schema2Store(path);
    const store = openSqliteStore(path);
    try {
      expect((await store.stats()).transfers).toBe(1);
      expect((await store.importBatch({ source: { name: 'c.jsonl', sha256: txid('c'), kind: 'file' }, conversions: [conversion] })).conversions).toEqual({ added: 1, existing: 0 });
      expect(await store.conversionsByRef('ethereum', `${txid('t1')}:1`)).toEqual([conversion]);
    } finally {
      await store.close();
    }
    const db = new Database(path, { readonly: true });
    expect(db.prepare("SELECT value FROM meta WHERE key = 'schema'").pluck().get()).toBe('3');
    db.close();
  });

  it('a store of an unknown schema version is refused', async () => {
    const path = join(tempDir(), 'case.db');
    await schema2Store(path);
    const db = new Database(path);
    db.exec("UPDATE meta SET value = '1' WHERE key = 'schema'");
    db.close();
    expect(() => openSqliteStore(path)).toThrow(/schema 1/);
  });
});
