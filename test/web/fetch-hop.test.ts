// `serve --allow-fetch` (issue 14): one hop around an address fetched from a chain source into the store,
// against a btcd of this suite's own on loopback (it mines). The use case follows the address's stored
// coins to their spenders, says why when there is nothing to fetch, and refuses a chain without a source;
// POST /api/fetch is 403 without --allow-fetch; in Chromium the address view's Fetch button brings the
// spender in and the new counterparty appears in the view.

import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RpcExpansionSource } from '../../adapters/bitcoin/expansion-sources.js';
import { openSqliteStore } from '../../graph/sqlite/sqlite-store.js';
import { transportSettings } from '../../app/transport.js';
import { openWorkspace } from '../../app/workspace.js';
import { openFetcher, type WorkspaceFetcher } from '../../app/workspace-fetch.js';
import { isLedgerhoundError } from '../../src/errors.js';
import type { GraphStore } from '../../src/ports.js';
import { type RunningWorkspace, startWorkspaceServer } from '../../web/server/start.js';
import { usePrivateBtcd } from '../bitcoin/support/private-btcd.js';
import { btcdFromEnv, keyOf, miner, p2pkhOf, p2wpkhOf, RegtestWallet } from '../bitcoin/support/regtest-wallet.js';
import { evmAddress } from '../support/addresses.js';
import { tempDir } from '../support/stores.js';

const CHAIN = 'bitcoin-regtest';
const S1 = keyOf('fetch-hop-1');
const S2 = keyOf('fetch-hop-2');
const S3 = keyOf('fetch-hop-3');
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'];

usePrivateBtcd();

describe('serve --allow-fetch: one hop from a node', () => {
  let txV: string;
  let txA: string;
  const dir = tempDir('lh-fetch-hop-');

  /** A store holding only the payment into S1 (as if a case had imported it). */
  async function storeWithPayment(name: string): Promise<GraphStore> {
    const store = openSqliteStore(join(dir, `${name}.db`));
    const tx = await new RpcExpansionSource(btcdFromEnv(), { chain: CHAIN, store }).getTransaction(txV);
    if (!tx) throw new Error('payment not found on the node');
    await store.importBatch({ source: { name: 'payment', sha256: '0'.repeat(64), kind: 'adapter' }, transactions: [tx] });
    return store;
  }

  function fetcherFor(store: GraphStore): Promise<WorkspaceFetcher> {
    process.env.BITCOIN_RPC_USER = process.env.BTCD_RPC_USER;
    process.env.BITCOIN_RPC_PASSWORD = process.env.BTCD_RPC_PASS;
    return openFetcher(store, { rpc: process.env.BTCD_RPC_URL }, { transport: transportSettings({}, store.location, dir) });
  }

  beforeAll(async () => {
    const wallet = new RegtestWallet(btcdFromEnv());
    const mined = await wallet.mine(101);
    const cb = await wallet.coinbaseOf(mined[0]);
    txV = await wallet.send([{ txid: cb.txid, vout: 0, value: cb.value, key: miner, kind: 'p2pkh' }], [
      { address: p2wpkhOf(S1), value: 1_000_000_000n },
      { address: p2pkhOf(miner), value: cb.value - 1_000_010_000n },
    ]);
    await wallet.mine(1);
    txA = await wallet.send([{ txid: txV, vout: 0, value: 1_000_000_000n, key: S1, kind: 'p2wpkh' }], [
      { address: p2wpkhOf(S2), value: 600_000_000n },
      { address: p2wpkhOf(S3), value: 399_990_000n },
    ]);
    await wallet.mine(6);
  }, 180_000);

  it('fetches the spender of the address’s stored coin once, and says why when there is nothing to fetch', async () => {
    const store = await storeWithPayment('app');
    const fetcher = await fetcherFor(store);
    try {
      expect(await store.spenderOf(CHAIN, txV, 0)).toBeUndefined();
      const first = await fetcher.fetchHop(CHAIN, p2wpkhOf(S1));
      expect(first).toMatchObject({ chain: CHAIN, address: p2wpkhOf(S1), added: { transactions: 1, transfers: 0 } });
      expect(first.source).toMatch(/^bitcoin-rpc:http:\/\/127\.0\.0\.1:\d+/);
      expect((await store.spenderOf(CHAIN, txV, 0))?.txid).toBe(txA);
      expect((await store.listSources()).some((s) => s.kind === 'adapter' && s.name.startsWith('fetch:bitcoin-rpc:') && s.name.endsWith(`${CHAIN}/${p2wpkhOf(S1)}`))).toBe(true);
      // Store first: nothing is fetched twice.
      expect(await fetcher.fetchHop(CHAIN, p2wpkhOf(S1))).toMatchObject({ added: { transactions: 0, transfers: 0 }, reason: 'nothing new one hop from this address' });
      // S2's coin is unspent: nothing further.
      expect((await fetcher.fetchHop(CHAIN, p2wpkhOf(S2))).added.transactions).toBe(0);
      // A UTXO source follows coins: an address with no stored transaction cannot start.
      expect((await fetcher.fetchHop(CHAIN, p2wpkhOf(keyOf('nobody')))).reason).toMatch(/^no stored transaction/);
      // A chain without a source is INVALID_INPUT naming the chain.
      const wrong = await fetcher.fetchHop('ethereum', evmAddress('x')).catch((e: unknown) => e);
      expect(isLedgerhoundError(wrong, 'INVALID_INPUT') && wrong.details.field).toBe('chain');
    } finally {
      await fetcher.close();
      await store.close();
    }
  }, 120_000);

  it('without a source, --allow-fetch is INVALID_INPUT naming the option', async () => {
    const store = openSqliteStore(':memory:');
    const refused = await openFetcher(store, {}, { transport: transportSettings({}, store.location, dir) }).catch((e: unknown) => e);
    expect(isLedgerhoundError(refused, 'INVALID_INPUT') && refused.details.field).toBe('--allow-fetch');
    await store.close();
  });

  describe('from the address view', () => {
    let store: GraphStore;
    let fetcher: WorkspaceFetcher;
    let server: RunningWorkspace;
    let readOnly: RunningWorkspace;
    let browser: Browser;

    beforeAll(async () => {
      execFileSync('npm', ['run', '--silent', 'build:web'], { stdio: 'ignore' });
      store = await storeWithPayment('web');
      fetcher = await fetcherFor(store);
      const workspace = await openWorkspace(store, undefined);
      server = await startWorkspaceServer({ workspace, fetchHop: (chain, address) => fetcher.fetchHop(chain, address) });
      readOnly = await startWorkspaceServer({ workspace });
      browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    }, 180_000);

    afterAll(async () => {
      await browser?.close();
      await server?.close();
      await readOnly?.close();
      await fetcher?.close();
      await store?.close();
    });

    it('POST /api/fetch is 403 on a workspace without --allow-fetch', async () => {
      const res = await fetch(`${readOnly.url}api/fetch`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${readOnly.token}`, 'Content-Type': 'application/json', 'X-Ledgerhound-Request': '1' },
        body: JSON.stringify({ chain: CHAIN, address: p2wpkhOf(S1) }),
      });
      expect(res.status).toBe(403);
      expect(await store.spenderOf(CHAIN, txV, 0)).toBeUndefined();
    });

    it('the Fetch button brings the spender in; its receivers join the view', async () => {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      const problems: string[] = [];
      page.on('pageerror', (e) => problems.push(String(e)));
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(m.text());
      });
      try {
        await page.goto(`${server.url}?token=${server.token}#/address/${CHAIN}/${p2wpkhOf(S1)}`);
        await page.waitForSelector('body[data-ready="address"]', { timeout: 60_000 });
        const before = await page.$$eval('#neighbourhood-table tbody tr', (trs) => trs.map((tr) => tr.textContent ?? ''));
        expect(before.some((t) => t.includes(p2wpkhOf(S2)))).toBe(false);
        await page.click('#node-fetch');
        await page.waitForSelector('body[data-fetched="1"][data-ready="address"]', { timeout: 60_000 });
        await page.waitForFunction((s2) => {
          const doc = (globalThis as unknown as { document: { querySelector(s: string): { textContent: string | null } | null } }).document;
          return (doc.querySelector('#neighbourhood-table')?.textContent ?? '').includes(s2);
        }, p2wpkhOf(S2), { timeout: 60_000 });
        expect((await store.spenderOf(CHAIN, txV, 0))?.txid).toBe(txA);
        expect(problems).toEqual([]);
      } finally {
        await page.close();
      }
    }, 180_000);
  });
});
