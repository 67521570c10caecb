// SqliteStore.transferPages (issue 19: the tracer's chain scan a page at a time, chain and asset not read
// per row) must give exactly the transfers `transfers({ chain })` gives for that asset, in the same chain
// order, across page boundaries (1,000 rows a page, keyset on block, txIndex, index, id), with times,
// null recipients and extra fields intact. numberedPages gives the same rows with their parties as the
// numbers addressNumbers gives (one per address, distinct, -1 for no recipient), their text on demand.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../graph/sqlite/sqlite-store.js';
import type { AccountTransfer } from '../../src/model/transfer.js';
import { ScanNumbers } from '../../src/tracing/scan-numbers.js';
import { evmAddress, txid } from '../support/addresses.js';
import { tempDir } from '../support/stores.js';

const USDT = 'erc20:0xdAC17F958D2ee523a2206206994597C13D831ec7';
const ETH = 'ETH';
const addresses = Array.from({ length: 40 }, (_, i) => evmAddress(`pages-${i}`));

function transfers(n: number): AccountTransfer[] {
  return Array.from({ length: n }, (_, i) => {
    const hash = `0x${i.toString(16).padStart(64, '0')}`;
    const t: AccountTransfer = {
      id: `${hash}:${i % 3}`,
      chain: 'ethereum',
      asset: i % 4 === 0 ? ETH : USDT,
      txHash: hash,
      // Many rows share a block and a position, so the keyset's id tie-break is crossed at page ends.
      block: 1 + Math.floor(i / 250),
      txIndex: i % 5,
      index: 0,
      from: addresses[i % 40],
      to: i % 97 === 0 ? null : addresses[(i * 7) % 40],
      amount: BigInt(1 + ((i * 7919) % 1_000_003)),
    };
    if (i % 2 === 0) t.time = new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString().replace('.000Z', 'Z');
    if (i % 11 === 0) t.extra = { positionUnknown: true };
    return t;
  });
}

async function all<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('SqliteStore.transferPages and ledger pages', () => {
  it('gives the transfers of one chain and asset in chain order, as transfers() does, across pages, and numbered', async () => {
    const store = openSqliteStore(join(tempDir(), 'pages.db'));
    try {
      await store.importBatch({ source: { name: 'pages.jsonl', sha256: txid('pages'), kind: 'file' }, transfers: transfers(3_300) });
      const chainOrder = await all(store.transfers({ chain: 'ethereum' }));
      for (const asset of [USDT, ETH]) {
        const pages = await all(store.transferPages('ethereum', asset));
        const expected = chainOrder.filter((t) => t.asset === asset);
        expect(pages.length).toBe(Math.floor(expected.length / 1000) + 1);
        expect(pages.flat()).toEqual(expected);
        // The same rows numbered: parties as the numbers addressNumbers gives, their text on demand.
        const numbered = await all(store.numberedPages('ethereum', asset));
        expect(numbered.map((p) => p.rows.length)).toEqual(pages.map((p) => p.length));
        const book = new ScanNumbers(
          (a) => store.addressNumbers('ethereum', a),
          () => undefined,
        );
        const fromRows = numbered.flatMap((p) => p.rows.map((r) => book.transferOf(p, r, 'ethereum', asset)));
        expect(fromRows).toEqual(expected);
        const rows = numbered.flatMap((p) => p.rows);
        expect(rows.map((r) => r[7] === -1)).toEqual(expected.map((t) => t.to === null));
        const parties = rows.flatMap((r) => (r[7] === -1 ? [r[6]] : [r[6], r[7]]));
        // Many texts in one read: in the order asked, repeats included; a number not stored is an error.
        const some = [...parties.slice(0, 50)].reverse();
        expect(numbered[0].addressesOf(some)).toEqual(some.map((n) => numbered[0].addressOf(n)));
        expect(() => numbered[0].addressesOf([2 ** 31 - 1])).toThrow(/address number 2147483647 of ethereum is not in the store/);
        expect(await store.addressNumbers('ethereum', expected.flatMap((t) => (t.to === null ? [t.from] : [t.from, t.to])))).toEqual(parties);
      }
      const numbers = await store.addressNumbers('ethereum', [...addresses, evmAddress('never-stored')]);
      expect(new Set(numbers.slice(0, 40)).size).toBe(40);
      expect(numbers.slice(0, 40).every((n) => Number.isInteger(n) && n! >= 0)).toBe(true);
      expect(numbers[40]).toBeUndefined();
      expect(await store.addressNumbers('tron', addresses.slice(0, 1))).toEqual([undefined]);
      expect(await all(store.transferPages('ethereum', 'erc20:0x0000000000000000000000000000000000000001'))).toEqual([[]]);
    } finally {
      await store.close();
    }
  });

  it('gives each ledger whole and in chain order across its growing pages (32 rows, then four times as many)', async () => {
    const store = openSqliteStore(join(tempDir(), 'ledgers.db'));
    try {
      await store.importBatch({ source: { name: 'pages.jsonl', sha256: txid('pages'), kind: 'file' }, transfers: transfers(12_000) });
      const chainOrder = await all(store.transfers({ chain: 'ethereum' }));
      for (const address of addresses) {
        const expected = chainOrder.filter((t) => t.from === address || t.to === address);
        // Past two page ends (32, then 32 + 128 rows), where rows share a block and a position.
        expect(expected.length).toBeGreaterThan(224);
        expect(await all(store.ledger('ethereum', address))).toEqual(expected);
        expect(await all(store.ledger('ethereum', address, { asset: ETH }))).toEqual(expected.filter((t) => t.asset === ETH));
        // A ledger left after its first rows (as a trace leaves it for a chain scan) gives those rows.
        const start: AccountTransfer[] = [];
        for await (const t of store.ledger('ethereum', address)) if (start.push(t) === 40) break;
        expect(start).toEqual(expected.slice(0, 40));
      }
    } finally {
      await store.close();
    }
  });
});
