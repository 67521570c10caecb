// The node adapter end to end on recorded mainnet JSON-RPC answers (ethereum-etl, SOURCES.md) replayed
// by a JSON-RPC server on 127.0.0.1: blocks 483,920 and 1,755,635 with their receipts become native,
// fee and token transfers whose values come from ethereum-etl's expected transactions, receipts and
// token transfers; ingest into the store is atomic, resumable and idempotent; token metadata survives
// bytes32 and padded answers; faults are retried.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getAddress } from 'ethers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EvmRpc, redactRpcUrl } from '../../adapters/evm/evm-rpc.js';
import { fetchBlockTransfers } from '../../adapters/evm/fetch-block.js';
import { blockCheckpointKey, ingestBlocks } from '../../adapters/evm/ingest-blocks.js';
import { decodeDecimals, decodeSymbol, readTokenInfo } from '../../adapters/evm/token-info.js';
import { assetInfo } from '../../src/model/asset.js';
import { RawCache } from '../../adapters/http/raw-cache.js';
import { sqliteFactory, tempDir } from '../support/stores.js';
import { readCsv, readJsonLines, readRpcResult } from './support/oracle.js';
import { type ReplayServer, startReplayServer } from './support/rpc-replay.js';

let server: ReplayServer;
beforeEach(async () => {
  server = await startReplayServer();
  server.answer('eth_chainId', [], '0x1');
});
afterEach(async () => server.close());

function rpc(): EvmRpc {
  return new EvmRpc({ baseUrl: server.url, maxAttempts: 3, backoff: { baseMs: 1, maxMs: 2 } });
}

const B483920 = 'test_export_blocks_job/block_with_logs/web3_response.eth_getBlockByNumber_0x76250_true.json';
const RECEIPTS = 'test_export_receipts_job/receipts_with_logs';

function load483920(): void {
  const block = readRpcResult<{ transactions: { hash: string }[] }>(B483920);
  server.answer('eth_getBlockByNumber', ['0x76250', true], block);
  for (const tx of block.transactions) {
    server.answer('eth_getTransactionReceipt', [tx.hash], readRpcResult(`${RECEIPTS}/web3_response.eth_getTransactionReceipt_${tx.hash}.json`));
  }
}

/** What the oracle files say block 483,920 moved: fees, native values and token transfers. */
function expected483920() {
  const txs = readCsv('test_export_blocks_job/block_with_logs/expected_transactions.csv');
  const receipts = new Map(readCsv(`${RECEIPTS}/expected_receipts.csv`).map((r) => [r.transaction_hash, r]));
  const tokens = readCsv('test_export_token_transfers_job/block_with_transfers/expected_token_transfers.csv');
  const rows: { id: string; asset: string; from: string; to: string | null; amount: bigint; txIndex: number; index: number }[] = [];
  for (const tx of txs) {
    const r = receipts.get(tx.hash)!;
    const txIndex = Number(tx.transaction_index);
    rows.push({ id: `${tx.hash}:fee`, asset: 'ETH', from: tx.from_address, to: null, amount: BigInt(r.gas_used) * BigInt(r.effective_gas_price), txIndex, index: -1 });
    if (BigInt(tx.value) > 0n) rows.push({ id: `${tx.hash}:native`, asset: 'ETH', from: tx.from_address, to: tx.to_address, amount: BigInt(tx.value), txIndex, index: -1 });
    for (const t of tokens.filter((t) => t.transaction_hash === tx.hash)) {
      rows.push({ id: `${tx.hash}:${t.log_index}`, asset: `erc20:${getAddress(t.token_address)}`, from: t.from_address, to: t.to_address, amount: BigInt(t.value), txIndex, index: Number(t.log_index) });
    }
  }
  return rows;
}

describe('fetchBlockTransfers on recorded mainnet answers', () => {
  it('block 483,920: fees, native values and token transfers as the oracle files say', async () => {
    load483920();
    const got = await fetchBlockTransfers(rpc(), 483920, { chain: 'ethereum' });
    expect(got.traces).toBe('none');
    expect(got.time).toBe('2015-11-03T14:44:40Z');
    expect(
      got.transfers.map((t) => ({ id: t.id, asset: t.asset, from: t.from.toLowerCase(), to: t.to?.toLowerCase() ?? null, amount: t.amount, txIndex: t.txIndex, index: t.index })),
    ).toEqual(expected483920());
    expect(got.transfers).toHaveLength(8);
    expect(new Set(got.transfers.map((t) => t.block))).toEqual(new Set([483920]));
    // The node has neither eth_getBlockReceipts nor a trace API: it fell back to receipts one by one.
    expect(server.calls.filter((c) => c.method === 'eth_getTransactionReceipt')).toHaveLength(4);
  });

  it('block 1,755,635: the stream oracle (one token transfer, one native value, pre-Byzantium receipts)', async () => {
    const dir = 'test_stream/blocks_1755634_1755635';
    const block = readRpcResult<{ transactions: { hash: string }[] }>(`${dir}/web3_response.eth_getBlockByNumber_0x1ac9f3_true.json`);
    server.answer('eth_getBlockByNumber', ['0x1ac9f3', true], block);
    for (const tx of block.transactions) server.answer('eth_getTransactionReceipt', [tx.hash], readRpcResult(`${dir}/web3_response.eth_getTransactionReceipt_${tx.hash}.json`));
    const got = await fetchBlockTransfers(rpc(), 1755635, { chain: 'ethereum', traces: 'none', tokenInfo: false });
    const txs = readJsonLines(`${dir}/expected_transactions.json`);
    const [token] = readJsonLines(`${dir}/expected_token_transfers.json`);
    const want = [
      ...txs.flatMap((tx) => [
        { id: `${tx.hash}:fee`, amount: BigInt(String(tx.receipt_gas_used)) * BigInt(String(tx.receipt_effective_gas_price)) },
        ...(BigInt(String(tx.value)) > 0n ? [{ id: `${tx.hash}:native`, amount: BigInt(String(tx.value)) }] : []),
        ...(token.transaction_hash === tx.hash ? [{ id: `${tx.hash}:${token.log_index}`, amount: BigInt(String(token.value)) }] : []),
      ]),
    ];
    expect(got.transfers.map((t) => ({ id: t.id, amount: t.amount }))).toEqual(want);
    const tt = got.transfers.find((t) => t.asset.startsWith('erc20:'))!;
    expect([tt.from.toLowerCase(), tt.to?.toLowerCase(), tt.asset.slice(6).toLowerCase()]).toEqual([token.from_address, token.to_address, token.token_address]);
    expect(tt.time).toBe(token.item_timestamp);
  });

  it('retries a 503 and a malformed body, then succeeds', async () => {
    load483920();
    server.injectFaults(['503', 'malformed']);
    const got = await fetchBlockTransfers(rpc(), 483920, { chain: 'ethereum', traces: 'none', tokenInfo: false });
    expect(got.transfers).toHaveLength(8);
  });

  it('a node whose state is pruned is reported, never taken for a node without traces', async () => {
    load483920();
    server.fail('debug_traceBlockByNumber', { code: -32000, message: 'historical state is not available' });
    await expect(fetchBlockTransfers(rpc(), 483920, { chain: 'ethereum', tokenInfo: false })).rejects.toMatchObject({ code: 'RPC_FAILURE', details: { block: 483920 } });
  });

  it('a block past the head is NOT_FOUND; a node of another chain is refused', async () => {
    server.answer('eth_getBlockByNumber', ['0x76251', true], null);
    await expect(fetchBlockTransfers(rpc(), 483921, { chain: 'ethereum', traces: 'none' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const store = await sqliteFactory.create();
    await expect(ingestBlocks(store, rpc(), { chain: 'bsc', from: 483920, to: 483920 })).rejects.toMatchObject({ code: 'INVALID_INPUT', details: { chainId: '1', expected: '56' } });
    await store.close();
  });
});

describe('ingestBlocks', () => {
  it('writes atomically with a checkpoint, resumes, and never duplicates', async () => {
    load483920();
    const store = await sqliteFactory.create();
    const first = await ingestBlocks(store, rpc(), { chain: 'ethereum', from: 483920, to: 483920, traces: 'none', tokenInfo: false });
    expect(first).toMatchObject({ blocks: 1, transfers: { added: 8, existing: 0 }, resumedAt: 483920 });
    expect(await store.getCheckpoint(blockCheckpointKey('ethereum', 483920, 483920))).toBe('483920');
    const again = await ingestBlocks(store, rpc(), { chain: 'ethereum', from: 483920, to: 483920, traces: 'none' });
    expect(again).toMatchObject({ blocks: 0, transfers: { added: 0, existing: 0 } });
    expect(again.resumedAt).toBeUndefined();
    // Another range covering the same block finds the transfers already stored.
    server.answer('eth_getBlockByNumber', ['0x7624f', true], { ...readRpcResult<object>(B483920), number: '0x7624f', hash: `0x${'00'.repeat(32)}`, transactions: [] });
    const overlap = await ingestBlocks(store, rpc(), { chain: 'ethereum', from: 483919, to: 483920, traces: 'none', tokenInfo: false });
    expect(overlap.transfers).toEqual({ added: 0, existing: 8 });
    expect((await store.stats()).transfers).toBe(8);
    const sources = await store.listSources();
    expect(sources.some((s) => s.name.includes('#ethereum:blocks:483920-483920') && s.kind === 'adapter' && /^[0-9a-f]{64}$/.test(s.sha256))).toBe(true);
    await store.close();
  });

  it('a failure in the middle keeps the committed batches and resumes after them', async () => {
    load483920();
    server.answer('eth_getBlockByNumber', ['0x7624f', true], { ...readRpcResult<object>(B483920), number: '0x7624f', hash: `0x${'00'.repeat(32)}`, transactions: [] });
    const store = await sqliteFactory.create();
    // Block 483,921 is not served: the run fails after committing 483,919 and 483,920 (batches of 1).
    await expect(ingestBlocks(store, rpc(), { chain: 'ethereum', from: 483919, to: 483921, batchBlocks: 1, traces: 'none', tokenInfo: false })).rejects.toMatchObject({ code: 'RPC_FAILURE' });
    expect(await store.getCheckpoint(blockCheckpointKey('ethereum', 483919, 483921))).toBe('483920');
    expect((await store.stats()).transfers).toBe(8);
    server.answer('eth_getBlockByNumber', ['0x76251', true], { ...readRpcResult<object>(B483920), number: '0x76251', hash: `0x${'11'.repeat(32)}`, transactions: [] });
    const before = server.calls.length;
    const resumed = await ingestBlocks(store, rpc(), { chain: 'ethereum', from: 483919, to: 483921, batchBlocks: 1, traces: 'none', tokenInfo: false });
    expect(resumed).toMatchObject({ resumedAt: 483921, blocks: 1 });
    expect(server.calls.slice(before).filter((c) => c.method === 'eth_getBlockByNumber').map((c) => c.params[0])).toEqual(['0x76251']);
    await store.close();
  });
});

describe('offline reproduction', () => {
  it('a second ingest from the raw cache alone (server gone) stores the same transfers', async () => {
    load483920();
    const dir = tempDir('lh-raw-');
    const online = await sqliteFactory.create();
    await ingestBlocks(online, new EvmRpc({ baseUrl: server.url, cache: new RawCache(dir) }), { chain: 'ethereum', from: 483920, to: 483920, traces: 'none' });
    await server.close();
    const offline = await sqliteFactory.create();
    const res = await ingestBlocks(offline, new EvmRpc({ baseUrl: server.url, cache: new RawCache(dir), cacheMode: 'offline' }), { chain: 'ethereum', from: 483920, to: 483920, traces: 'none' });
    expect(res.transfers.added).toBe(8);
    const all = async (st: typeof online) => {
      const out = [];
      for await (const t of st.transfers({ chain: 'ethereum' })) out.push(t);
      return out;
    };
    expect(await all(offline)).toEqual(await all(online));
    expect((await offline.listSources())[0].sha256).toBe((await online.listSources())[0].sha256);
    await online.close();
    await offline.close();
    server = await startReplayServer();
  });
});

describe('token metadata', () => {
  const DIR = 'test_export_tokens_job';
  it('EOS answers bytes32; a padded string answer is trimmed (ethereum-etl expected_tokens.csv)', async () => {
    for (const [sub, contract] of [
      ['token_with_alternative_return_type', '0x86fa049857e0209aa7d9e616f7eb3b3b78ecfdb0'],
      ['token_with_invalid_data', '0xf763be8b3263c268e9789abfb3934564a7b80054'],
    ]) {
      const [exp] = readCsv(`${DIR}/${sub}/expected_tokens.csv`);
      for (const sel of ['0x313ce567', '0x95d89b41']) {
        server.answer('eth_call', [{ to: getAddress(contract), data: sel }, 'latest'], readRpcResult(`${DIR}/${sub}/web3_response.eth_call_data_${sel}_to_${contract}_latest.json`));
      }
      const info = await readTokenInfo(rpc(), 'ethereum', getAddress(contract));
      expect(info).toEqual({ symbol: exp.symbol, decimals: Number(exp.decimals) });
      expect(assetInfo('ethereum', `erc20:${getAddress(contract)}`)).toMatchObject({ symbol: exp.symbol, decimals: Number(exp.decimals) });
    }
  });

  it('decoders refuse nonsense', () => {
    expect(decodeDecimals('0x')).toBeUndefined();
    expect(decodeDecimals(`0x${'f'.repeat(64)}`)).toBeUndefined();
    expect(decodeSymbol('0x')).toBeUndefined();
    expect(decodeSymbol(`0x${'00'.repeat(32)}`)).toBeUndefined();
  });

  it('a contract without decimals() gets no metadata (amounts stay in base units)', async () => {
    server.fail('eth_call', { code: 3, message: 'execution reverted' });
    const contract = getAddress('0x1111111111111111111111111111111111111112');
    expect(await readTokenInfo(rpc(), 'ethereum', contract)).toBeUndefined();
    expect(assetInfo('ethereum', `erc20:${contract}`).decimals).toBeUndefined();
  });
});

describe('node URLs with a key in the path', () => {
  it('never show the key in errors, source names or the raw cache index', async () => {
    expect(redactRpcUrl('https://mainnet.infura.io/v3/0123456789abcdef0123456789abcdef?x=1')).toBe('https://mainnet.infura.io/v3/REDACTED?x=1');
    expect(redactRpcUrl('http://127.0.0.1:8545/')).toBe('http://127.0.0.1:8545/');
    load483920();
    const key = 'abcdef0123456789abcdef0123456789';
    const dir = tempDir('lh-raw-');
    const keyed = new EvmRpc({ baseUrl: `${server.url}v3/${key}`, maxAttempts: 1, cache: new RawCache(dir) });
    const store = await sqliteFactory.create();
    await ingestBlocks(store, keyed, { chain: 'ethereum', from: 483920, to: 483920, traces: 'none', tokenInfo: false });
    const e = await keyed.getBlock(483921, true).catch((x) => x);
    expect(e.code).toBe('RPC_FAILURE');
    expect(`${e.message} ${JSON.stringify(e.details)}`).not.toContain(key);
    expect(JSON.stringify(await store.listSources())).not.toContain(key);
    expect(JSON.stringify(await store.listSources())).toContain('/v3/REDACTED');
    const index = readFileSync(join(dir, 'index.jsonl'), 'utf8');
    expect(index).not.toContain(key);
    // The redacted index still serves immutable answers: a second client reads the block from the cache.
    const before = server.calls.length;
    await new EvmRpc({ baseUrl: `${server.url}v3/${key}`, cache: new RawCache(dir) }).getBlock(483920, true);
    expect(server.calls.length).toBe(before);
    await store.close();
  });
});
