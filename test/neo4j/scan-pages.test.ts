// The trace's page source on Neo4j (GraphStore.transferPages, graph/neo4j/chain-scan.ts, issue 18): one
// chain and asset in chain order, pages of whole blocks read with a keyset on the block. Whatever the page
// size (a block larger than a page, a page boundary inside a run of transfers at one place), the pages
// put together are SQLite's, ties ordered by id in code-point order, other assets left out. The scans read
// a TRANSFER's packed `scanRow` (records.ts), or, for one written before it existed, its properties and ends.

import neo4j from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toJson } from '../../cli/output.js';
import type { Neo4jStore } from '../../graph/neo4j/neo4j-store.js';
import type { AccountTransfer } from '../../src/model/transfer.js';
import type { GraphStore } from '../../src/ports.js';
import { evmAddress, txid } from '../support/addresses.js';
import { neo4jFactory, sqliteFactory } from '../support/stores.js';
import { neo4jWanted } from './support/dump-store.js';

async function pagesOf(store: GraphStore, asset: string, pageSize?: number): Promise<AccountTransfer[][]> {
  const pages: AccountTransfer[][] = [];
  const source = pageSize === undefined ? store.transferPages!('ethereum', asset) : (store as Neo4jStore).transferPages('ethereum', asset, pageSize);
  for await (const page of source) pages.push([...page]);
  return pages;
}

describe.runIf(neo4jWanted())('Neo4j transferPages: pages of whole blocks, in chain order', () => {
  const transfers: AccountTransfer[] = [];
  const who = Array.from({ length: 6 }, (_, i) => evmAddress(`pages-${i}`));
  // Ids whose UTF-16 order differs from their code-point order (U+FFFF sorts before U+10000 by code point only).
  const ids = ['a', '\u{10000}', '\uffff', 'b\u{1F600}', 'b\uff00', 'c'];
  const add = (block: number, txIndex: number, index: number, id: string, asset: string) => {
    const n = transfers.length;
    const t: AccountTransfer = { id, chain: 'ethereum', asset, txHash: txid(`p${n}`), block, txIndex, index, from: who[n % 6], to: n % 9 === 4 ? null : who[(n + 1) % 6], amount: 10n ** 20n + BigInt(n) };
    if (n % 2 === 0) t.time = new Date(Date.UTC(2026, 0, 1) + block * 12_000).toISOString();
    if (n % 5 === 0) t.extra = { n };
    transfers.push(t);
  };
  for (let block = 1; block <= 12; block++) {
    // Block 5: 30 transfers at one place (a run larger than the small pages); other blocks: a tie run of 6 and singles.
    const run = block === 5 ? 30 : 6;
    for (let k = 0; k < run; k++) add(block, 0, 0, `${ids[k % 6]}-${block}-${Math.floor(k / 6)}`, 'ETH');
    for (let k = 0; k < 3; k++) add(block, 1 + k, k, `s-${block}-${k}`, k === 1 ? 'USDT' : 'ETH');
  }
  let sqlite: GraphStore;
  let neo: GraphStore;
  beforeAll(async () => {
    sqlite = await sqliteFactory.create();
    neo = await neo4jFactory.create();
    for (const store of [sqlite, neo]) await store.importBatch({ source: { name: 'pages', sha256: txid('pages'), kind: 'file' }, transfers });
  }, 120_000);
  afterAll(async () => {
    await sqlite?.close();
    await neo?.close();
  });

  it('gives SQLite\'s transfers of the asset at every page size, each page ending at a block boundary', async () => {
    for (const asset of ['ETH', 'USDT', 'DAI']) {
      const expected = toJson((await pagesOf(sqlite, asset)).flat());
      for (const size of [1, 7, 8, 40, undefined]) {
        const pages = await pagesOf(neo, asset, size);
        expect(toJson(pages.flat()), `${asset}, page size ${size}`).toBe(expected);
        for (let i = 1; i < pages.length; i++) expect(pages[i][0].block, `${asset}, page size ${size}, page ${i}`).toBeGreaterThan(pages[i - 1].at(-1)!.block);
        // A page grows (doubles) only until a block larger than the page size fits: at most twice the largest block (32).
        if (size !== undefined) for (const page of pages) expect(page.length, `${asset}, page size ${size}`).toBeLessThanOrEqual(Math.max(size, 64));
      }
    }
    expect(await pagesOf(neo, 'ETH', 8)).not.toHaveLength(1);
  }, 60_000);

  it('writes scanRow, and reads a store written without it (some TRANSFERs with, some without) the same', async () => {
    const driver = neo4j.driver(process.env.NEO4J_URL as string, neo4j.auth.basic(process.env.NEO4J_USER as string, process.env.NEO4J_PASSWORD as string));
    const session = driver.session();
    const ns = (neo as Neo4jStore).namespace;
    try {
      const one = transfers[5];
      const stored = await session.run('MATCH ()-[t:TRANSFER {ns: $ns, chain: $chain, id: $id}]->() RETURN t.scanRow AS r', { ns, chain: one.chain, id: one.id });
      expect(JSON.parse(stored.records[0].get('r'))).toEqual([one.txHash, one.time ?? null, one.amount.toString(), one.extra ?? null, one.from, one.to]);
      // As a store written before scanRow: every other TRANSFER without it.
      await session.run('MATCH ()-[t:TRANSFER {ns: $ns}]->() WHERE t.block % 2 = 0 OR t.txIndex = 2 REMOVE t.scanRow', { ns });
      const left = await session.run('MATCH ()-[t:TRANSFER {ns: $ns}]->() RETURN count(t.scanRow) AS n, count(t) AS all', { ns });
      expect(left.records[0].get('n').toNumber()).toBeGreaterThan(0);
      expect(left.records[0].get('n').toNumber()).toBeLessThan(left.records[0].get('all').toNumber());
    } finally {
      await session.close();
      await driver.close();
    }
    for (const asset of ['ETH', 'USDT']) {
      const expected = toJson((await pagesOf(sqlite, asset)).flat());
      for (const size of [7, undefined]) expect(toJson((await pagesOf(neo, asset, size)).flat()), `${asset}, page size ${size}`).toBe(expected);
    }
    const all = async (store: GraphStore) => {
      const out: AccountTransfer[] = [];
      for await (const t of store.transfers({ chain: 'ethereum' })) out.push(t);
      return toJson(out);
    };
    expect(await all(neo)).toBe(await all(sqlite));
  }, 60_000);
});
