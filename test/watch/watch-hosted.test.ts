// `watch` on hosted APIs (app/watch-hosted.ts), served on loopback:
// - Esplora: the recorded mainnet responses of test/fixtures/bitcoin/esplora (blocks 50,001-50,002 and
//   the history of 1HaHTfmv...), where the victim payment is 7940cdde...:0 (100 BTC to 1HaHTfmv...). Between
//   two polls block 50,002 appears with a transaction (made for the test, in Esplora's shape, spending
//   that real output) that pays a tagged exchange: the next poll raises `moved` and `arrived` with the
//   amounts and the victim's share; a 429 (Retry-After) and a 500 on the way are retried; a transaction
//   with fewer than --confirmations waits for the poll after the block that confirms it.
// - TronGrid: the recorded-shape pages of test/fixtures/tron (a fake TronGrid): the scammer's split of
//   the victim's USDT to an exchange and an OTC desk appears between polls -> `moved` and `arrived`.
// - Etherscan: the rows of real mainnet block 483,920 (test/fixtures/evm, a fake Etherscan); the payee
//   of a real 1.53 ETH payment sends 1 ETH to a tagged exchange in a block (a row made for the test in
//   the same shape) that appears between polls -> `moved` and `arrived`; a NOTOK rate limit and a 502 are
//   retried.
// - `--rps`: the requests the Esplora server sees never exceed the rate in any second.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openEsplora } from '../../adapters/bitcoin/clients.js';
import { ingestEsplora } from '../../adapters/bitcoin/ingest-esplora.js';
import type { LoadedCase } from '../../adapters/files/case-file.js';
import { ingestTronAddress } from '../../adapters/tron/history.js';
import type { TronTx } from '../../adapters/tron/parse.js';
import { TronGridClient } from '../../adapters/tron/trongrid-client.js';
import type { TronBlock } from '../../adapters/tron/block-order.js';
import { type Alert, type AlertSink, type PollStatus, type WatchSourceChoice, watchCase } from '../../app/watch-case.js';
import { openSqliteStore } from '../../graph/sqlite/sqlite-store.js';
import { normalizeAddress } from '../../src/model/address.js';
import { type CaseFile, DEFAULT_STOP_AT } from '../../src/model/case.js';
import type { GraphStore } from '../../src/ports.js';
import { before, EXCHANGE, esploraServer, FEE, HOLDER, mineSpend, PAYMENT, SPEND_TXID } from './support/esplora-server.js';
import { tempDir } from '../support/stores.js';
import { startTronGridServer, type TronGridServer } from '../tron/support/trongrid-server.js';
import { EtherscanClient } from '../../adapters/evm/etherscan-client.js';
import { ingestEtherscanAddress } from '../../adapters/evm/etherscan-history.js';
import { type EtherscanServer, type Row, startEtherscanServer } from '../evm/support/etherscan-server.js';

function loadedOf(kase: CaseFile): LoadedCase {
  return { path: '/cases/hosted/case.yaml', dir: '/cases/hosted', kase, sourcePaths: [], bytes: Buffer.from('') };
}

const caseOf = (chain: string, payment: { transfer?: string; output?: string }): CaseFile => ({
  name: `hosted-${chain}`,
  sources: [],
  victimPayments: [{ id: 'v1', chain, ...payment }],
  policy: 'fifo',
  maxHops: 10,
  stopAt: [...DEFAULT_STOP_AT] as CaseFile['stopAt'],
  inheritTags: false,
});

const tag = (chain: string, address: string, label: string) => ({ chain, address, label, category: 'exchange' as const, source: 'watch test', confidence: 100 });

interface Run {
  alerts: Alert[];
  polls: PollStatus[];
}

/** Runs the watch until `polls` polls are done; `between(n)` runs after poll n (synchronously). */
async function runWatch(store: GraphStore, kase: CaseFile, source: WatchSourceChoice, polls: number, between: (n: number) => void, extra: { confirmations?: number; rps?: number } = {}): Promise<Run> {
  const out: Run = { alerts: [], polls: [] };
  const sink: AlertSink = { name: 'memory', deliver: async (a) => void out.alerts.push(a) };
  const controller = new AbortController();
  await watchCase(store, loadedOf(kase), {
    sources: [source],
    sinks: [sink],
    transport: { maxAttempts: 4, ...(extra.rps !== undefined ? { requestsPerSecond: extra.rps } : {}) },
    confirmations: extra.confirmations ?? 1,
    everyMs: 100,
    signal: controller.signal,
    onPoll: (s) => {
      out.polls.push(s);
      if (out.polls.length >= polls) controller.abort();
      else between(out.polls.length);
    },
  });
  return out;
}

describe('watch: Esplora (recorded mainnet responses)', () => {
  let api: Awaited<ReturnType<typeof esploraServer>>;
  afterEach(async () => api?.close());

  async function setup(): Promise<GraphStore> {
    api = await esploraServer();
    before(api.routes);
    const store = openSqliteStore(join(tempDir('lh-watch-esplora-'), 'case.db'));
    // The case's history first, as `ingest bitcoin --esplora URL --tx ...` does.
    const { client } = await openEsplora(api.url, {});
    await ingestEsplora(client, store, { chain: 'bitcoin', txids: [PAYMENT], confirmations: 1 });
    await store.importBatch({ source: { name: 'tags', sha256: 'c'.repeat(64), kind: 'file' }, tags: [tag('bitcoin', EXCHANGE, 'Test Exchange')] });
    return store;
  }

  it('a spend mined between polls: moved then arrived in the next poll, 429 and 500 retried', async () => {
    const store = await setup();
    try {
      const run = await runWatch(store, caseOf('bitcoin', { output: `${PAYMENT}:0` }), { family: 'esplora', url: api.url }, 3, (n) => {
        if (n !== 1) return;
        mineSpend(api.routes);
        api.faults.set(`/address/${HOLDER}/txs`, ['429', '500']);
      });
      expect(api.faults.get(`/address/${HOLDER}/txs`)).toEqual([]);
      expect(run.polls[0].sources[0]).toMatchObject({ chain: 'bitcoin', addresses: 1 });
      expect(run.polls[0].alerts).toBe(0);
      // Poll 1 read the holder's whole history (its other recorded payment too).
      expect(run.polls[0].sources[0].added).toBe(1);
      expect(run.polls[1].sources[0]).toMatchObject({ added: 1 });
      expect(run.polls[1].sources[0].error).toBeUndefined();
      expect(run.polls[1].retraced || run.polls[1].resumed).toBe(true);
      expect(run.alerts.map((a) => [a.kind, a.address, a.amount]).sort()).toEqual([
        ['arrived', EXCHANGE, String(10_000_000_000 - FEE)],
        ['moved', HOLDER, String(10_000_000_000 - FEE)],
      ]);
      const moved = run.alerts.find((a) => a.kind === 'moved')!;
      expect(moved).toMatchObject({ id: `moved:bitcoin:${SPEND_TXID}:${HOLDER}:BTC`, bySource: { v1: String(10_000_000_000 - FEE) }, to: [{ address: EXCHANGE, amount: String(10_000_000_000 - FEE) }], transactions: [SPEND_TXID] });
      const arrived = run.alerts.find((a) => a.kind === 'arrived')!;
      expect(arrived).toMatchObject({ entity: 'Test Exchange', transactions: [SPEND_TXID] });
      expect(arrived.freezeRequest).not.toBeNull();
      // Poll 3: nothing new, nothing again; the known history stops the paging after one page.
      expect(run.polls[2]).toMatchObject({ alerts: 0, retraced: false });
    } finally {
      await store.close();
    }
  }, 120_000);

  it('--confirmations 2: the spend waits until a block confirms it', async () => {
    const store = await setup();
    try {
      const run = await runWatch(
        store,
        caseOf('bitcoin', { output: `${PAYMENT}:0` }),
        { family: 'esplora', url: api.url },
        3,
        (n) => {
          if (n === 1) mineSpend(api.routes, 50002);
          if (n === 2) api.routes.set('/blocks/tip/height', '50003');
        },
        { confirmations: 2 },
      );
      // Poll 1 (tip 50,001): the holder's other payment has 1 confirmation and waits; poll 2 (tip 50,002)
      // takes it, while the spend waits; poll 3 (tip 50,003) takes the spend.
      expect(run.polls.map((p) => p.sources[0].added)).toEqual([0, 1, 1]);
      expect(run.polls.map((p) => p.alerts)).toEqual([0, 0, 2]);
      expect(run.alerts.map((a) => a.kind).sort()).toEqual(['arrived', 'moved']);
    } finally {
      await store.close();
    }
  }, 120_000);

  it('--rps 4: the server never sees more than 4 requests in any second', async () => {
    const store = await setup();
    try {
      api.times.length = 0;
      await runWatch(store, caseOf('bitcoin', { output: `${PAYMENT}:0` }), { family: 'esplora', url: api.url }, 2, () => mineSpend(api.routes), { rps: 4 });
      const t = api.times;
      expect(t.length).toBeGreaterThanOrEqual(10);
      // Slots are 250 ms apart when sent; arrival at the server may be later by a few ms (jitter allowance
      // 100 ms): any 5 requests in a row span at least 900 ms.
      for (let i = 4; i < t.length; i++) expect(t[i] - t[i - 4], `requests ${i - 4}..${i}`).toBeGreaterThanOrEqual(900);
      // And the limit was what paced it: n requests at 4/s take at least (n - 1) / 4 seconds.
      expect(t[t.length - 1] - t[0]).toBeGreaterThanOrEqual(((t.length - 1) / 4) * 1000 - 50);
    } finally {
      await store.close();
    }
  }, 120_000);
});

const F = JSON.parse(readFileSync(fileURLToPath(new URL('../fixtures/tron/trongrid-account.json', import.meta.url)), 'utf8')) as {
  addresses: Record<'victim' | 'scammer' | 'mule' | 'exchange' | 'otc' | 'usdt', string>;
  transactions: Record<string, TronTx[]>;
  trc20: Record<string, { transaction_id: string; block_timestamp: number }[]>;
  info: Record<string, unknown>;
  blocks: Record<string, TronBlock>;
};

describe('watch: TronGrid (fake serving recorded-shape pages)', () => {
  let api: TronGridServer;
  afterEach(async () => api?.close());

  it('the scammer splits the USDT between polls: moved and arrived at the exchange, 429 and 500 retried', async () => {
    const A = F.addresses;
    const [paymentRow, ...splitRows] = F.trc20[A.scammer];
    const [muleTx, splitTx] = F.transactions[A.scammer];
    api = await startTronGridServer();
    api.setList('trc20', A.scammer, [paymentRow]);
    api.setList('transactions', A.scammer, [muleTx]);
    for (const [id, info] of Object.entries(F.info)) api.setInfo(id, info);
    for (const [num, block] of Object.entries(F.blocks)) api.setBlock(Number(num), block);
    const store = openSqliteStore(join(tempDir('lh-watch-tron-'), 'case.db'));
    try {
      await ingestTronAddress(store, new TronGridClient({ url: api.url, requestsPerSecond: 0 }), { address: A.scammer });
      await store.importBatch({ source: { name: 'tags', sha256: 'c'.repeat(64), kind: 'file' }, tags: [tag('tron', A.exchange, 'Test Exchange TRON')] });
      const payment = `${paymentRow.transaction_id}:1`;
      const run = await runWatch(store, caseOf('tron', { transfer: payment }), { family: 'trongrid', url: api.url }, 3, (n) => {
        if (n !== 1) return;
        api.setList('trc20', A.scammer, [paymentRow, ...splitRows]);
        api.setList('transactions', A.scammer, [muleTx, splitTx]);
        api.injectFaults(['429', '500']);
      });
      expect(run.polls[0]).toMatchObject({ alerts: 0 });
      expect(run.polls[1].sources[0].error).toBeUndefined();
      expect(run.polls[1].sources[0].added).toBeGreaterThan(0);
      const moved = run.alerts.find((a) => a.kind === 'moved')!;
      expect(moved).toMatchObject({
        chain: 'tron',
        address: A.scammer,
        asset: 'trc20:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t',
        amount: '1000000000',
        bySource: { v1: '1000000000' },
        to: [
          { address: A.exchange, amount: '600000000' },
          { address: A.otc, amount: '400000000' },
        ].sort((a, b) => (a.address < b.address ? -1 : 1)),
      });
      const arrived = run.alerts.find((a) => a.kind === 'arrived')!;
      expect(arrived).toMatchObject({ address: A.exchange, amount: '600000000', entity: 'Test Exchange TRON', bySource: { v1: '600000000' } });
      expect(run.alerts).toHaveLength(2);
      expect(run.polls[2]).toMatchObject({ alerts: 0 });
    } finally {
      await store.close();
    }
  }, 120_000);
});

const ETH = JSON.parse(readFileSync(fileURLToPath(new URL('../fixtures/evm/etherscan-block-483920.json', import.meta.url)), 'utf8')) as {
  addresses: Record<string, Record<string, Row[]>>;
};

describe('watch: Etherscan (fake serving the rows of real block 483,920)', () => {
  let api: EtherscanServer;
  afterEach(async () => api?.close());

  it('the payee sends on to an exchange in a block mined between polls: moved and arrived, rate limit and 502 retried', async () => {
    const R = '0x743b8aeedc163c0e3a0fe9f3910d146c48e70da8';
    const EXCHANGE_EVM = '0x00000000000000000000000000000000000e0e0e';
    const [paymentRow] = ETH.addresses[R].txlist;
    const onward: Row = {
      ...paymentRow,
      blockNumber: '483925',
      timeStamp: String(Number(paymentRow.timeStamp) + 75),
      hash: `0x${createHash('sha256').update('watch-hosted onward payment').digest('hex')}`,
      blockHash: `0x${createHash('sha256').update('watch-hosted block 483925').digest('hex')}`,
      transactionIndex: '0',
      from: R,
      to: EXCHANGE_EVM,
      value: '1000000000000000000',
      nonce: '0',
    };
    api = await startEtherscanServer();
    api.setRows('txlist', R, [paymentRow]);
    api.setProxy('eth_blockNumber', 'latest', '0x76250');
    const store = openSqliteStore(join(tempDir('lh-watch-etherscan-'), 'case.db'));
    try {
      await ingestEtherscanAddress(store, new EtherscanClient({ url: api.url, requestsPerSecond: 0 }), { chain: 'ethereum', address: R, endBlock: 483920 });
      await store.importBatch({ source: { name: 'tags', sha256: 'c'.repeat(64), kind: 'file' }, tags: [tag('ethereum', normalizeAddress('ethereum', EXCHANGE_EVM), 'Test Exchange EVM')] });
      const payment = `${paymentRow.hash}:native`;
      const run = await runWatch(store, caseOf('ethereum', { transfer: payment }), { family: 'etherscan', url: api.url, chain: 'ethereum' }, 3, (n) => {
        if (n !== 1) return;
        api.setRows('txlist', R, [paymentRow, onward]);
        api.setProxy('eth_blockNumber', 'latest', '0x76255');
        api.injectFaults(['rate-limit', '502']);
      }, { rps: 50 });
      expect(run.polls[0]).toMatchObject({ alerts: 0 });
      expect(run.polls[1].sources[0].error).toBeUndefined();
      expect(run.polls[1].sources[0].added).toBeGreaterThan(0);
      const moved = run.alerts.find((a) => a.kind === 'moved')!;
      const [r, e] = [normalizeAddress('ethereum', R), normalizeAddress('ethereum', EXCHANGE_EVM)];
      expect(moved).toMatchObject({ chain: 'ethereum', address: r, asset: 'ETH', amount: '1000000000000000000', bySource: { v1: '1000000000000000000' }, to: [{ address: e, amount: '1000000000000000000' }], transactions: [onward.hash] });
      const arrived = run.alerts.find((a) => a.kind === 'arrived')!;
      expect(arrived).toMatchObject({ address: e, amount: '1000000000000000000', entity: 'Test Exchange EVM' });
      expect(run.alerts).toHaveLength(2);
      // Each list was asked from its checkpoint on, up to the head less K-1 blocks.
      const later = api.queries.filter((q) => q.module === 'account' && q.action === 'txlist' && q.startblock === '483921');
      expect(later.length).toBeGreaterThanOrEqual(1);
      expect(later.every((q) => q.endblock === '483925')).toBe(true);
    } finally {
      await store.close();
    }
  }, 120_000);
});
