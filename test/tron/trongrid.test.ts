// The TRON adapter against a TronGrid-compatible API on 127.0.0.1 (support/trongrid-server.ts), on
// the fixture test/fixtures/tron/trongrid-account.json: TRX value and fees (failed transactions pay
// their fee only), TRC-20 transfers from the transaction logs with ids <txID>:<log position>,
// base58 addresses, fingerprint paging, 429/500/malformed answers retried, resume from checkpoints,
// positions in the block from /wallet/getblockbynum (or the positionUnknown mark), older rows without
// blockNumber or fee fields completed from the transaction info.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RawCache } from '../../adapters/http/raw-cache.js';
import { tronBlockPositions, type TronBlock } from '../../adapters/tron/block-order.js';
import { fetchTronTransfers, ingestTronAddress, tronCheckpointKey, tronListPages } from '../../adapters/tron/history.js';
import { tronInfoTransfers, tronTxNeedsInfo, tronTxTransfers, type TronTx, type TronTxInfo } from '../../adapters/tron/parse.js';
import { TronGridClient } from '../../adapters/tron/trongrid-client.js';
import { isLedgerhoundError } from '../../src/errors.js';
import { tronBase58ToHex, tronHexToBase58 } from '../../src/model/address.js';
import { assetInfo } from '../../src/model/asset.js';
import { transferToJson } from '../../src/model/transfer.js';
import { sqliteFactory, tempDir } from '../support/stores.js';
import { startTronGridServer, type TronGridServer } from './support/trongrid-server.js';

const F = JSON.parse(readFileSync(fileURLToPath(new URL('../fixtures/tron/trongrid-account.json', import.meta.url)), 'utf8')) as {
  addresses: Record<'victim' | 'scammer' | 'mule' | 'exchange' | 'otc' | 'usdt', string>;
  transactions: Record<string, TronTx[]>;
  trc20: Record<string, { transaction_id: string; block_timestamp: number }[]>;
  info: Record<string, unknown>;
  blocks: Record<string, TronBlock>;
  unservedBlockRows: Record<string, TronTx[]>;
};
const A = F.addresses;
const USDT = 'trc20:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t';
const [tx2, tx3, tx4] = F.transactions[A.scammer].map((t) => t.txID);
const tx1 = F.trc20[A.scammer][0].transaction_id;
const [, txM, txO] = F.transactions[A.mule].map((t) => t.txID);

let api: TronGridServer;
beforeEach(async () => {
  api = await startTronGridServer();
  api.setList('transactions', A.scammer, F.transactions[A.scammer]);
  api.setList('trc20', A.scammer, F.trc20[A.scammer]);
  for (const [id, info] of Object.entries(F.info)) api.setInfo(id, info);
  for (const [num, block] of Object.entries(F.blocks)) api.setBlock(Number(num), block);
});
afterEach(async () => api.close());

function client(extra: Partial<ConstructorParameters<typeof TronGridClient>[0]> = {}) {
  return new TronGridClient({ url: api.url, apiKey: 'TRONSECRET', requestsPerSecond: 0, maxAttempts: 4, sleep: async () => {}, ...extra });
}

describe('TRON address forms', () => {
  it('hex and base58 round-trip, USDT contract included', () => {
    expect(tronBase58ToHex('TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t')).toBe('41a614f803b6fd780986a42c78ec9c7f77e6ded13c');
    expect(tronHexToBase58('0xa614f803b6fd780986a42c78ec9c7f77e6ded13c')).toBe('TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t');
  });
});

describe('TronGrid parsing', () => {
  it('TRX transfer: value and bandwidth fee; failed call: fee only', () => {
    const [t2, , t4] = F.transactions[A.scammer];
    expect(tronTxTransfers(t2)).toEqual([
      { id: `${tx2}:fee`, chain: 'tron', asset: 'TRX', txHash: tx2, block: 68000010, txIndex: 0, index: -1, time: '2025-01-01T00:00:27Z', from: A.scammer, to: null, amount: 268000n },
      { id: `${tx2}:native`, chain: 'tron', asset: 'TRX', txHash: tx2, block: 68000010, txIndex: 0, index: -1, time: '2025-01-01T00:00:27Z', from: A.scammer, to: A.mule, amount: 50_000_000n },
    ]);
    expect(tronTxTransfers(t4).map((t) => [t.id, t.amount, t.to])).toEqual([[`${tx4}:fee`, 8_000_000n, null]]);
  });

  it('TRC-20 from logs: the Approval is skipped, ids are log positions, two transfers in one transaction', () => {
    expect(tronInfoTransfers(tx1, F.info[tx1] as never).map((t) => [t.id, t.asset, t.from, t.to, t.amount, t.index])).toEqual([[`${tx1}:1`, USDT, A.victim, A.scammer, 1_000_000_000n, 1]]);
    expect(tronInfoTransfers(tx3, F.info[tx3] as never).map((t) => [t.id, t.to, t.amount])).toEqual([
      [`${tx3}:0`, A.exchange, 600_000_000n],
      [`${tx3}:1`, A.otc, 400_000_000n],
    ]);
    expect(() => tronInfoTransfers(tx1, {} as never)).toThrowError(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('malformed fields are RPC_FAILURE naming the field', () => {
    const broken = { ...F.transactions[A.scammer][0], blockNumber: 'x' } as unknown as TronTx;
    expect(() => tronTxTransfers(broken)).toThrowError(expect.objectContaining({ code: 'RPC_FAILURE', details: expect.objectContaining({ field: 'blockNumber' }) }));
  });
});

describe('TronGrid history', () => {
  it('all transfers of the scammer, in order, with the key only in the header', async () => {
    const got = await fetchTronTransfers(client(), A.scammer, { limit: 2 });
    expect(got.map((t) => [t.id, t.asset, t.amount])).toEqual([
      [`${tx1}:1`, USDT, 1_000_000_000n],
      [`${tx2}:fee`, 'TRX', 268_000n],
      [`${tx2}:native`, 'TRX', 50_000_000n],
      [`${tx3}:fee`, 'TRX', 27_420_000n],
      [`${tx3}:0`, USDT, 600_000_000n],
      [`${tx3}:1`, USDT, 400_000_000n],
      [`${tx4}:fee`, 'TRX', 8_000_000n],
    ]);
    expect(assetInfo('tron', USDT)).toMatchObject({ symbol: 'USDT', decimals: 6 });
    const listCalls = api.requests.filter((r) => r.path.startsWith('/v1/'));
    expect(listCalls.some((r) => r.query.fingerprint)).toBe(true);
    expect(listCalls.every((r) => r.query.order_by === 'block_timestamp,asc' && r.query.only_confirmed === 'true')).toBe(true);
    expect(api.requests.every((r) => r.headers['tron-pro-api-key'] === 'TRONSECRET' && !JSON.stringify(r.query).includes('TRONSECRET'))).toBe(true);
  });

  it('retries 429 (Retry-After), 500 and malformed bodies; reports a refused request', async () => {
    api.injectFaults(['429', '500', 'malformed']);
    expect(await fetchTronTransfers(client(), A.scammer)).toHaveLength(7);
    api.injectFaults(['bad-request']);
    const e = await fetchTronTransfers(client(), A.scammer).catch((x) => x);
    expect(isLedgerhoundError(e, 'RPC_FAILURE')).toBe(true);
    api.injectFaults(['429', '429', '429', '429']);
    const e2 = await fetchTronTransfers(client(), A.scammer).catch((x) => x);
    expect(isLedgerhoundError(e2, 'RATE_LIMITED')).toBe(true);
  });

  it('pages cover timestamps only once the last page is read', async () => {
    const pages = [];
    for await (const p of tronListPages(client(), 'transactions', A.scammer, { limit: 2 })) pages.push([p.rows.length, p.coveredTo]);
    const [, t3, t4] = F.transactions[A.scammer].map((t) => t.block_timestamp);
    expect(pages).toEqual([
      [2, t3 - 1],
      [1, t4],
    ]);
  });

  it('ingest commits per page, resumes from checkpoints, never duplicates', async () => {
    const store = await sqliteFactory.create();
    const first = await ingestTronAddress(store, client(), { address: A.scammer, limit: 2 });
    // tx3's two TRC-20 rows fall on two pages: its logs are read twice and found existing the second time.
    expect(first.transfers).toEqual({ added: 7, existing: 2 });
    const last = F.transactions[A.scammer][2].block_timestamp;
    expect(await store.getCheckpoint(tronCheckpointKey(A.scammer, 'transactions'))).toBe(String(last));
    const again = await ingestTronAddress(store, client(), { address: A.scammer, limit: 2 });
    expect(again.transfers.added).toBe(0);
    const txCalls = api.requests.filter((r) => r.path.endsWith('/transactions'));
    expect(txCalls[txCalls.length - 1].query.min_timestamp).toBe(String(last));
    expect((await store.stats()).transfers).toBe(7);
    const ledger = [];
    for await (const t of store.ledger('tron', A.scammer, { asset: USDT })) ledger.push(t.amount);
    expect(ledger).toEqual([1_000_000_000n, 600_000_000n, 400_000_000n]);
    await store.close();
  });

  it('an interruption between pages keeps what was committed; the next run completes it', async () => {
    const store = await sqliteFactory.create();
    const stop = new AbortController();
    const cut = await ingestTronAddress(store, client(), { address: A.scammer, limit: 2, signal: stop.signal, onPage: () => stop.abort() });
    expect(cut).toMatchObject({ interrupted: true, pages: 1 });
    const partial = (await store.stats()).transfers;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(7);
    const rest = await ingestTronAddress(store, client(), { address: A.scammer, limit: 2 });
    expect(rest.interrupted).toBe(false);
    expect((await store.stats()).transfers).toBe(7);
    await store.close();
  });
});

describe('TRON positions in the block (getblockbynum)', () => {
  it('txIndex is the transaction\'s place in its block: a payment after a receipt in one block sorts after it', async () => {
    // Issue 11 item 4: with txIndex 0 for all, the mule's payment (hash 37b1...) sorted before the
    // receipt it spends (hash afae...) in block 68,000,010.
    api.setList('transactions', A.mule, F.transactions[A.mule].slice(0, 2));
    const got = await fetchTronTransfers(client(), A.mule, { lists: ['transactions'] });
    expect(got.map((t) => [t.id, t.block, t.txIndex, t.from, t.to, t.amount])).toEqual([
      [`${tx2}:fee`, 68000010, 1, A.scammer, null, 268_000n],
      [`${tx2}:native`, 68000010, 1, A.scammer, A.mule, 50_000_000n],
      [`${txM}:fee`, 68000010, 3, A.mule, null, 268_000n],
      [`${txM}:native`, 68000010, 3, A.mule, A.exchange, 49_000_000n],
    ]);
    expect(got.every((t) => t.extra === undefined)).toBe(true);
    // One getblockbynum call per block, however many transfers it holds.
    expect(api.requests.filter((r) => r.path === '/wallet/getblockbynum').map((r) => JSON.parse(r.body ?? '{}').num)).toEqual([68000010]);
  });

  it('the scammer\'s TRC-20 and TRX transfers take their positions too', async () => {
    const got = await fetchTronTransfers(client(), A.scammer);
    expect(got.map((t) => [t.id, t.txIndex])).toEqual([
      [`${tx1}:1`, 1],
      [`${tx2}:fee`, 1],
      [`${tx2}:native`, 1],
      [`${tx3}:fee`, 2],
      [`${tx3}:0`, 2],
      [`${tx3}:1`, 2],
      [`${tx4}:fee`, 0],
    ]);
  });

  it('a block that cannot be had leaves txIndex 0 and marks positionUnknown, which the store keeps', async () => {
    const [rowU] = F.unservedBlockRows[A.mule];
    api.setList('transactions', A.mule, [...F.transactions[A.mule], rowU]);
    api.setBlock(68000040, { ...F.blocks['68000040'], block_header: { raw_data: { number: 68000041 } } });
    const store = await sqliteFactory.create();
    await ingestTronAddress(store, client(), { address: A.mule, lists: ['transactions'] });
    const ledger = [];
    for await (const t of store.ledger('tron', A.mule)) ledger.push(transferToJson(t));
    const unknown = ledger.filter((t) => t.positionUnknown === true).map((t) => [t.id, t.block, t.txIndex]);
    // Block 68,000,050 is not served ({}); the answer for 68,000,040 names another block.
    expect(unknown).toEqual([
      [`${txO}:fee`, 68000040, 0],
      [`${txO}:native`, 68000040, 0],
      [`${rowU.txID}:native`, 68000050, 0],
    ]);
    expect(ledger.filter((t) => t.positionUnknown === undefined).map((t) => t.txIndex)).toEqual([1, 3, 3]);
    await store.close();
  });

  it('a rate-limited block call stops the run instead of marking positions unknown', async () => {
    api.setList('transactions', A.mule, F.transactions[A.mule]);
    api.injectFaults(['429', '429', '429', '429'], '/wallet/getblockbynum');
    const e = await fetchTronTransfers(client(), A.mule, { lists: ['transactions'] }).catch((x) => x);
    expect(isLedgerhoundError(e, 'RATE_LIMITED')).toBe(true);
    expect(api.requests.filter((r) => r.path === '/wallet/getblockbynum')).toHaveLength(4);
  });

  it('block answers are kept in the raw cache and served from it on the next run', async () => {
    api.setList('transactions', A.mule, F.transactions[A.mule]);
    const dir = tempDir('lh-tron-raw-');
    const first = await fetchTronTransfers(client({ cache: new RawCache(dir) }), A.mule, { lists: ['transactions'] });
    const calls = () => api.requests.filter((r) => r.path === '/wallet/getblockbynum').length;
    expect(calls()).toBe(2);
    const again = await fetchTronTransfers(client({ cache: new RawCache(dir) }), A.mule, { lists: ['transactions'] });
    expect(calls()).toBe(2);
    expect(again).toEqual(first);
  });

  it('reads positions from a getblockbynum answer; {} is no block; another block is RPC_FAILURE', () => {
    expect([...(tronBlockPositions(68000010, F.blocks['68000010']) ?? [])]).toEqual([
      [F.blocks['68000010'].transactions?.[0].txID, 0],
      [tx2, 1],
      [F.blocks['68000010'].transactions?.[2].txID, 2],
      [txM, 3],
    ]);
    expect(tronBlockPositions(68000010, {})).toBeUndefined();
    expect(() => tronBlockPositions(68000011, F.blocks['68000010'])).toThrowError(expect.objectContaining({ code: 'RPC_FAILURE' }));
  });
});

describe('older TronGrid rows', () => {
  it('a row without blockNumber or fee fields takes both from /wallet/gettransactioninfobyid', async () => {
    // Issue 11 item 6: such a row failed the whole page with RPC_FAILURE (field blockNumber).
    const rowO = F.transactions[A.mule][2];
    expect(rowO.blockNumber).toBeUndefined();
    expect(tronTxNeedsInfo(rowO)).toBe(true);
    expect(tronTxNeedsInfo(F.transactions[A.mule][1])).toBe(false);
    expect(tronTxTransfers(rowO, F.info[txO] as TronTxInfo).map((t) => [t.id, t.block, t.amount])).toEqual([
      [`${txO}:fee`, 68000040, 268_000n],
      [`${txO}:native`, 68000040, 500_000n],
    ]);
    expect(() => tronTxTransfers(rowO, {} as TronTxInfo)).toThrowError(expect.objectContaining({ code: 'NOT_FOUND' }));
    api.setList('transactions', A.mule, [rowO]);
    expect((await fetchTronTransfers(client(), A.mule, { lists: ['transactions'] })).map((t) => [t.id, t.block, t.txIndex, t.amount])).toEqual([
      [`${txO}:fee`, 68000040, 1, 268_000n],
      [`${txO}:native`, 68000040, 1, 500_000n],
    ]);
    const store = await sqliteFactory.create();
    const res = await ingestTronAddress(store, client(), { address: A.mule, lists: ['transactions'] });
    expect(res.transfers.added).toBe(2);
    expect(api.requests.some((r) => r.path === '/wallet/gettransactioninfobyid' && r.body?.includes(txO))).toBe(true);
    await store.close();
  });
});
