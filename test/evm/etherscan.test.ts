// The Etherscan-compatible adapter against a local API on 127.0.0.1 (support/etherscan-server.ts):
// paging with a moving startblock (and page=2.. inside one busy block), the NOTOK rate-limit answer,
// 5xx and malformed bodies retried, invalid keys reported without the key, resume from per-list
// checkpoints, and, on rows carrying the values of real block 483,920, the same transfer ids and
// amounts as the node adapter (so both sources can share one store without conflicts).

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getAddress, parseEther } from 'ethers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EtherscanClient } from '../../adapters/evm/etherscan-client.js';
import { etherscanCheckpointKey, fetchAddressTransfers, ingestEtherscanAddress, listPages } from '../../adapters/evm/etherscan-history.js';
import { EtherscanExpansionSource } from '../../adapters/evm/etherscan-source.js';
import { EvmRpc } from '../../adapters/evm/evm-rpc.js';
import { fetchBlockTransfers } from '../../adapters/evm/fetch-block.js';
import { ingestBlocks } from '../../adapters/evm/ingest-blocks.js';
import { RawCache } from '../../adapters/http/raw-cache.js';
import { isLedgerhoundError } from '../../src/errors.js';
import { assetInfo } from '../../src/model/asset.js';
import { evmAddress, txid } from '../support/addresses.js';
import { sqliteFactory, tempDir } from '../support/stores.js';
import { type EtherscanServer, type Row, startEtherscanServer } from './support/etherscan-server.js';
import { readRpcResult } from './support/oracle.js';
import { type ReplayServer, startReplayServer } from './support/rpc-replay.js';

const FIXTURE = JSON.parse(readFileSync(fileURLToPath(new URL('../fixtures/evm/etherscan-block-483920.json', import.meta.url)), 'utf8')) as {
  addresses: Record<string, { txlist: Row[]; tokentx: Row[] }>;
};

let api: EtherscanServer;
beforeEach(async () => {
  api = await startEtherscanServer();
});
afterEach(async () => api.close());

function client(extra: Partial<ConstructorParameters<typeof EtherscanClient>[0]> = {}): EtherscanClient {
  return new EtherscanClient({ url: api.url, apiKey: 'TOPSECRETKEY', requestsPerSecond: 0, maxAttempts: 4, sleep: async () => {}, ...extra });
}

const P = evmAddress('etherscan-payer');
const Q = evmAddress('etherscan-payee');
const BLOCKS = [100, 101, 101, 101, 101, 102, 103];
function pagingRows(): Row[] {
  return BLOCKS.map((b, i) => ({
    blockNumber: String(b), timeStamp: String(1_700_000_000 + b * 12), hash: `0x${txid(`es-${i}`)}`, nonce: String(i), blockHash: `0x${txid(`blk-${b}`)}`,
    transactionIndex: String(i), from: P.toLowerCase(), to: Q.toLowerCase(), value: parseEther(String(i + 1)).toString(), gas: '21000', gasPrice: '1000000000',
    isError: '0', txreceipt_status: '1', input: '0x', contractAddress: '', cumulativeGasUsed: '21000', gasUsed: '21000', confirmations: '100', methodId: '0x', functionName: '',
  }));
}

describe('Etherscan paging', () => {
  it('moves startblock after full pages, pages inside a busy block, and de-duplicates', async () => {
    api.setRows('txlist', P, pagingRows());
    const pages = [];
    for await (const p of listPages(client(), 'txlist', P, { pageSize: 3 })) pages.push({ blocks: p.rows.map((r) => Number(r.blockNumber)), coveredTo: p.coveredTo });
    expect(pages).toEqual([
      { blocks: [100, 101, 101], coveredTo: 100 },
      { blocks: [101, 101, 101], coveredTo: 100 },
      { blocks: [101, 102, 103], coveredTo: 102 },
      { blocks: [103], coveredTo: 103 },
    ]);
    expect(api.queries.map((q) => [q.startblock, q.page, q.offset, q.sort])).toEqual([
      ['0', '1', '3', 'asc'], ['101', '1', '3', 'asc'], ['101', '2', '3', 'asc'], ['103', '1', '3', 'asc'],
    ]);
    const transfers = await fetchAddressTransfers(client(), 'ethereum', P, { pageSize: 3, lists: ['txlist'] });
    expect(transfers.filter((t) => t.id.endsWith(':native')).map((t) => t.amount)).toEqual(BLOCKS.map((_, i) => parseEther(String(i + 1))));
    expect(transfers.filter((t) => t.id.endsWith(':fee')).every((t) => t.amount === 21_000_000_000_000n && t.to === null && t.from === P)).toBe(true);
    expect(transfers).toHaveLength(14);
  });

  it('retries the NOTOK rate-limit answer, a 502 and a malformed body; empty lists are empty', async () => {
    api.setRows('txlist', P, pagingRows());
    api.injectFaults(['rate-limit', '502', 'malformed']);
    const transfers = await fetchAddressTransfers(client(), 'ethereum', P, { pageSize: 1000 });
    expect(transfers).toHaveLength(14);
    // 3 faults + txlist + txlistinternal (empty) + tokentx (empty)
    expect(api.queries).toHaveLength(6);
  });

  it('gives up with RATE_LIMITED when the limit never lifts, and with RPC_FAILURE on a bad key, never showing the key', async () => {
    api.injectFaults(['rate-limit', 'rate-limit', 'rate-limit', 'rate-limit']);
    const e1 = await fetchAddressTransfers(client(), 'ethereum', P).catch((e) => e);
    expect(isLedgerhoundError(e1, 'RATE_LIMITED')).toBe(true);
    api.injectFaults(['invalid-key']);
    const e2 = await fetchAddressTransfers(client(), 'ethereum', P).catch((e) => e);
    expect(isLedgerhoundError(e2, 'RPC_FAILURE')).toBe(true);
    for (const e of [e1, e2]) {
      expect(`${e.message} ${JSON.stringify(e.details)}`).not.toContain('TOPSECRETKEY');
      expect(`${e.message} ${JSON.stringify(e.details)}`).toContain('REDACTED');
    }
    expect(api.queries.every((q) => q.apikey === 'TOPSECRETKEY')).toBe(true);
  });

  it('rejects a result that is not a list and rows with broken fields (RPC_FAILURE naming the field)', async () => {
    api.setRows('txlist', P, [{ ...pagingRows()[0], gasUsed: 'lots' }]);
    await expect(fetchAddressTransfers(client(), 'ethereum', P, { lists: ['txlist'] })).rejects.toMatchObject({ code: 'RPC_FAILURE', details: { field: 'gasUsed' } });
  });
});

describe('Etherscan ingest', () => {
  it('commits each page with its checkpoint, resumes, and stores no secret', async () => {
    api.setRows('txlist', P, pagingRows());
    const store = await sqliteFactory.create();
    const cacheDir = tempDir('lh-raw-');
    const c = client({ cache: new RawCache(cacheDir) });
    const first = await ingestEtherscanAddress(store, c, { chain: 'ethereum', address: P, pageSize: 3 });
    // Boundary rows fetched twice (pages overlap at their last block) are found existing, not duplicated.
    expect(first.transfers).toEqual({ added: 14, existing: 6 });
    expect((await store.stats()).transfers).toBe(14);
    expect(await store.getCheckpoint(etherscanCheckpointKey('ethereum', P, 'txlist'))).toBe('103');
    // New rows arrive later: the next run starts after the checkpoint and adds only them.
    const later = { ...pagingRows()[0], blockNumber: '110', hash: `0x${txid('es-late')}`, value: '5' };
    api.setRows('txlist', P, [...pagingRows(), later]);
    api.queries.length = 0;
    const second = await ingestEtherscanAddress(store, c, { chain: 'ethereum', address: P, pageSize: 3 });
    expect(second.transfers).toEqual({ added: 2, existing: 0 });
    expect(api.queries.find((q) => q.action === 'txlist')?.startblock).toBe('104');
    const sources = await store.listSources();
    expect(sources.length).toBeGreaterThan(0);
    expect(JSON.stringify(sources)).not.toContain('TOPSECRETKEY');
    const index = readFileSync(join(cacheDir, 'index.jsonl'), 'utf8');
    expect(index).toContain('apikey=REDACTED');
    expect(index).not.toContain('TOPSECRETKEY');
    expect(readdirSync(join(cacheDir, 'objects')).length).toBeGreaterThan(0);
    await store.close();
  });
});

describe('Etherscan ingest interruption', () => {
  it('stops between pages on the signal and resumes from the checkpoint', async () => {
    api.setRows('txlist', P, pagingRows());
    const store = await sqliteFactory.create();
    const stop = new AbortController();
    const cut = await ingestEtherscanAddress(store, client(), { chain: 'ethereum', address: P, pageSize: 3, lists: ['txlist'], signal: stop.signal, onPage: () => stop.abort() });
    expect(cut).toMatchObject({ interrupted: true, pages: 1, coveredTo: { txlist: 100 } });
    const rest = await ingestEtherscanAddress(store, client(), { chain: 'ethereum', address: P, pageSize: 3, lists: ['txlist'] });
    expect(rest.interrupted).toBe(false);
    expect((await store.stats()).transfers).toBe(14);
    await store.close();
  });
});

describe('Etherscan and the node agree on real block 483,920', () => {
  let node: ReplayServer;
  beforeEach(async () => {
    node = await startReplayServer();
    node.answer('eth_chainId', [], '0x1');
    const block = readRpcResult<{ transactions: { hash: string }[] }>('test_export_blocks_job/block_with_logs/web3_response.eth_getBlockByNumber_0x76250_true.json');
    node.answer('eth_getBlockByNumber', ['0x76250', true], block);
    for (const tx of block.transactions) {
      const receipt = readRpcResult(`test_export_receipts_job/receipts_with_logs/web3_response.eth_getTransactionReceipt_${tx.hash}.json`);
      node.answer('eth_getTransactionReceipt', [tx.hash], receipt);
      api.setProxy('eth_getTransactionReceipt', tx.hash, receipt);
    }
    for (const [address, lists] of Object.entries(FIXTURE.addresses)) {
      api.setRows('txlist', address, lists.txlist);
      api.setRows('tokentx', address, lists.tokentx);
    }
  });
  afterEach(async () => node.close());

  it('every address gives the node transfers that involve it, with the same ids and content', async () => {
    const rpc = new EvmRpc({ baseUrl: node.url });
    const fromNode = (await fetchBlockTransfers(rpc, 483920, { chain: 'ethereum', traces: 'none', tokenInfo: false })).transfers;
    for (const address of Object.keys(FIXTURE.addresses)) {
      const a = getAddress(address);
      const got = await fetchAddressTransfers(client(), 'ethereum', a);
      // txlist lists the transactions the address sent or was called by: their fees come with them.
      const listed = new Set(FIXTURE.addresses[address].txlist.map((r) => r.hash));
      const want = fromNode.filter((t) => t.from === a || t.to === a || (t.id.endsWith(':fee') && listed.has(t.txHash)));
      expect(got, address).toEqual(want);
    }
  });

  it('ingesting an address into a store that has the node ingest finds everything existing (no conflict)', async () => {
    const store = await sqliteFactory.create();
    await ingestBlocks(store, new EvmRpc({ baseUrl: node.url }), { chain: 'ethereum', from: 483920, to: 483920, traces: 'none', tokenInfo: false });
    const res = await ingestEtherscanAddress(store, client(), { chain: 'ethereum', address: getAddress('0x1b63142628311395ceafeea5667e7c9026c862ca') });
    expect(res.transfers).toEqual({ added: 0, existing: 2 });
    await store.close();
  });
});

describe('internal transactions', () => {
  it('txlistinternal rows become <hash>:call:<traceId> with the txIndex from the proxy; failed and zero rows are dropped', async () => {
    const hash = '0x91acb43c5f141c393a189e091c190c9ffb20e4e8a502e4cc3087be9587bdbc89';
    const contract = '0x474faa5018639791952fae334e2911700ac7fe9b';
    const owner = '0x83973747eec131bf9a08ac64fb1a518e891bdf4b';
    const row = { blockNumber: '1011973', timeStamp: '1456180000', hash, from: contract, to: owner, value: '50000000000000000', contractAddress: '', input: '', type: 'suicide', gas: '0', gasUsed: '0', traceId: '0', isError: '0', errCode: '' };
    api.setRows('txlistinternal', owner, [row, { ...row, traceId: '1', isError: '1' }, { ...row, traceId: '2', value: '0' }]);
    api.setProxy('eth_getTransactionByHash', hash, { hash, transactionIndex: '0x0', blockNumber: '0xf7105' });
    const got = await fetchAddressTransfers(client(), 'ethereum', getAddress(owner), { lists: ['txlistinternal'] });
    expect(got).toEqual([
      { id: `${hash}:call:0`, chain: 'ethereum', asset: 'ETH', txHash: hash, block: 1011973, txIndex: 0, index: 0, time: '2016-02-22T22:26:40Z', from: getAddress(contract), to: getAddress(owner), amount: 50000000000000000n },
    ]);
  });
});

describe('Etherscan genesis allocations', () => {
  const G = JSON.parse(readFileSync(fileURLToPath(new URL('../fixtures/evm/etherscan-genesis.json', import.meta.url)), 'utf8')) as { address: string; txlist: Row[] };

  it('the GENESIS_<address> row of txlist is stored as a genesis inflow in block 0 and the ingest goes on', async () => {
    // Issue 11 item 5: this row used to stop the whole ingest with RPC_FAILURE (field hash).
    const a = getAddress(G.address);
    api.setRows('txlist', G.address, G.txlist);
    const store = await sqliteFactory.create();
    const res = await ingestEtherscanAddress(store, client(), { chain: 'ethereum', address: a });
    const genesisHash = 'GENESIS_ddbd2b932c763ba5b1b7ae3b362eac3e8d40121a';
    const spend = '0xad1c27dd8d0329dbc400021d7477b34ac41e84365bd54b45a4019a15deb10c0d';
    expect(res.transfers).toEqual({ added: 3, existing: 0 });
    const ledger = [];
    for await (const t of store.ledger('ethereum', a)) ledger.push(t);
    expect(ledger.map((t) => [t.id, t.block, t.from, t.to, t.amount])).toEqual([
      [`${genesisHash}:native`, 0, '0x0000000000000000000000000000000000000000', a, parseEther('10000')],
      [`${spend}:fee`, 47884, a, null, 21612n * 400_000_000_000n],
      [`${spend}:native`, 47884, a, getAddress('0x2910543af39aba0cd09dbb2d50200b3e800a63d2'), parseEther('5')],
    ]);
    expect(ledger[0]).toMatchObject({ txHash: genesisHash, txIndex: 0, index: -1, time: '2015-07-30T15:26:13Z' });
    await store.close();
  });

  it('a genesis row naming another holder than its recipient is RPC_FAILURE naming the field', async () => {
    const [row] = G.txlist;
    api.setRows('txlist', G.address, [{ ...row, to: '0x2910543af39aba0cd09dbb2d50200b3e800a63d2' }]);
    await expect(fetchAddressTransfers(client(), 'ethereum', getAddress(G.address), { lists: ['txlist'] })).rejects.toMatchObject({ code: 'RPC_FAILURE', details: { field: 'to' } });
  });
});

describe('Etherscan expansion source and tokentx rows', () => {
  it('filters by direction and reads the activity count from the nonce', async () => {
    api.setRows('txlist', P, pagingRows().slice(0, 2));
    api.setRows('txlist', Q, pagingRows().slice(0, 2));
    api.setProxy('eth_getTransactionCount', 'latest', '0x2a');
    const source = new EtherscanExpansionSource(client(), 'ethereum');
    expect((await source.getTransfersOf(P, 'out')).map((t) => t.id.split(':')[1])).toEqual(['fee', 'native', 'fee', 'native']);
    expect(await source.getTransfersOf(P, 'in')).toEqual([]);
    expect((await source.getTransfersOf(Q, 'in')).map((t) => t.amount)).toEqual([parseEther('1'), parseEther('2')]);
    expect(await source.getActivityCount(P)).toBe(42);
    expect(api.queries.find((q) => q.action === 'eth_getTransactionCount')).toMatchObject({ module: 'proxy', address: P, tag: 'latest' });
  });

  it('tokentx rows with logIndex need no receipt; their symbol and decimals are remembered', async () => {
    const token = evmAddress('some-token');
    const hash = `0x${txid('tok-1')}`;
    api.setRows('tokentx', P, [
      { blockNumber: '300', timeStamp: '1700000000', hash, nonce: '1', blockHash: `0x${txid('b300')}`, from: P.toLowerCase(), contractAddress: token.toLowerCase(), to: Q.toLowerCase(), value: '123456789', tokenName: 'Tether USD', tokenSymbol: 'USDT', tokenDecimal: '6', transactionIndex: '4', logIndex: '17', gas: '60000', gasPrice: '1', gasUsed: '50000', cumulativeGasUsed: '1', input: 'deprecated', confirmations: '1' },
    ]);
    const got = await fetchAddressTransfers(client(), 'ethereum', P, { lists: ['tokentx'] });
    expect(got).toEqual([{ id: `${hash}:17`, chain: 'ethereum', asset: `erc20:${token}`, txHash: hash, block: 300, txIndex: 4, index: 17, time: '2023-11-14T22:13:20Z', from: P, to: Q, amount: 123456789n }]);
    expect(api.queries.some((q) => q.module === 'proxy')).toBe(false);
    expect(assetInfo('ethereum', `erc20:${token}`)).toMatchObject({ symbol: 'USDT', decimals: 6 });
  });
});
