// Case-scoped expansion against a real node (its own btcd regtest instance): from a victim payment,
// follow spends forward hop by hop to a tagged exchange deposit, with unspent change, hop limits,
// backward funding and resume; busy-address skipping through Esplora (which can count activity);
// and the `ingest bitcoin` / `expand` commands end to end, including a crash (SIGKILL) mid-ingest.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EsploraExpansionSource } from '../../adapters/bitcoin/expansion-sources.js';
import { createEsploraClient } from '../../adapters/bitcoin/esplora.js';
import { createBitcoinRpc } from '../../adapters/bitcoin/rpc.js';
import { RpcExpansionSource } from '../../adapters/bitcoin/expansion-sources.js';
import { expandCase } from '../../adapters/expand/engine.js';
import { openSqliteStore } from '../../graph/sqlite/sqlite-store.js';
import type { CaseFile } from '../../src/model/case.js';
import type { GraphStore } from '../../src/ports.js';
import { type BtcdNode, startBtcd } from '../services/btcd/service.js';
import { runCli, startCli } from '../support/cli.js';
import { sqliteFactory, tempDir } from '../support/stores.js';
import { startEsploraReplay } from './support/esplora-replay.js';
import { keyOf, miner, p2pkhOf, p2trOf, p2wpkhOf, RegtestWallet } from './support/regtest-wallet.js';

const S1 = keyOf('scam-1');
const S2 = keyOf('scam-2');
const S3 = keyOf('scam-3');
const EX = keyOf('exchange-deposit');
const CHAIN = 'bitcoin-regtest';

let btcd: BtcdNode;
let wallet: RegtestWallet;
let txV: string;
let txA: string;
let txB: string;
let coinbase: string;

const nodeOf = () => createBitcoinRpc({ url: btcd.url, credentials: { user: btcd.user, password: btcd.pass } });

async function storeWithExchangeTag(path?: string): Promise<GraphStore> {
  const store = path ? openSqliteStore(path) : await sqliteFactory.create();
  await store.importBatch({
    source: { name: 'tags.jsonl', sha256: '0'.repeat(64), kind: 'file' },
    tags: [{ chain: CHAIN, address: p2wpkhOf(EX), label: 'Example Exchange', category: 'exchange', source: 'test', confidence: 90 }],
  });
  return store;
}

const kase = (): Pick<CaseFile, 'name' | 'victimPayments' | 'stopAt'> => ({
  name: 'regtest case',
  victimPayments: [{ id: 'v1', chain: CHAIN, output: `${txV}:0` }],
  stopAt: ['exchange'],
});

beforeAll(async () => {
  btcd = await startBtcd();
  wallet = new RegtestWallet(nodeOf());
  const mined = await wallet.mine(101);
  const cb = await wallet.coinbaseOf(mined[0]);
  coinbase = cb.txid;
  txV = await wallet.send([{ txid: cb.txid, vout: 0, value: cb.value, key: miner, kind: 'p2pkh' }], [
    { address: p2wpkhOf(S1), value: 1_000_000_000n },
    { address: p2pkhOf(miner), value: cb.value - 1_000_010_000n },
  ]);
  await wallet.mine(1);
  txA = await wallet.send([{ txid: txV, vout: 0, value: 1_000_000_000n, key: S1, kind: 'p2wpkh' }], [
    { address: p2trOf(S2), value: 600_000_000n },
    { address: p2wpkhOf(S3), value: 399_990_000n },
  ]);
  await wallet.mine(2);
  txB = await wallet.send([{ txid: txA, vout: 0, value: 600_000_000n, key: S2, kind: 'p2tr' }], [{ address: p2wpkhOf(EX), value: 599_990_000n }]);
  await wallet.mine(7);
}, 120_000);

afterAll(async () => btcd?.stop());

describe('expandCase through a node', () => {
  it('follows spends forward to the tagged exchange, reports unspent change, and resumes without refetching', async () => {
    const store = await storeWithExchangeTag();
    const report = await expandCase({ store, kase: kase(), sources: [new RpcExpansionSource(nodeOf(), { chain: CHAIN, store })], hops: 10 });
    expect(report.added.transactions).toBe(3);
    expect(report.stops).toEqual([{ chain: CHAIN, address: p2wpkhOf(EX), category: 'exchange', label: 'Example Exchange', hop: 3, direction: 'forward' }]);
    expect(report.unspent).toBe(1); // S3's coin (the victim's own change is not part of the payment)
    expect(report).toMatchObject({ atHopLimit: 0, missing: [], busy: [], interrupted: false });
    expect((await store.getTransaction(CHAIN, txA))?.inputs[0]).toEqual({ prevTxid: txV, prevVout: 0, address: p2wpkhOf(S1), value: 1_000_000_000n });
    expect((await store.spenderOf(CHAIN, txA, 0))?.txid).toBe(txB);

    const again = await expandCase({ store, kase: kase(), sources: [new RpcExpansionSource(nodeOf(), { chain: CHAIN, store })], hops: 10 });
    expect(again.added.transactions).toBe(0);
    expect(again.resumed).toEqual([`${CHAIN} forward: {"hop":4,"frontier":0}`]);
    expect(again.stops).toEqual(report.stops);
    await store.close();
  });

  it('stops at the hop limit and leaves the frontier counted', async () => {
    const store = await storeWithExchangeTag();
    const report = await expandCase({ store, kase: kase(), sources: [new RpcExpansionSource(nodeOf(), { chain: CHAIN, store })], hops: 2 });
    expect(report.added.transactions).toBe(2);
    expect(report.atHopLimit).toBe(2);
    expect(await store.getTransaction(CHAIN, txB)).toBeUndefined();
    await store.close();
  });

  it('follows funding backward on request', async () => {
    const store = await storeWithExchangeTag();
    const report = await expandCase({ store, kase: kase(), sources: [new RpcExpansionSource(nodeOf(), { chain: CHAIN, store })], hops: 3, backward: true });
    expect(report.directions).toEqual(['forward', 'backward']);
    expect((await store.getTransaction(CHAIN, coinbase))?.inputs[0].coinbase).toBe(true);
    await store.close();
  });

  it('reports a payment whose transaction the node does not know', async () => {
    const store = await storeWithExchangeTag();
    const report = await expandCase({
      store,
      kase: { ...kase(), victimPayments: [{ id: 'v9', chain: CHAIN, output: `${'ab'.repeat(32)}:0` }] },
      sources: [new RpcExpansionSource(nodeOf(), { chain: CHAIN, store })],
      hops: 3,
    });
    expect(report.missing).toEqual([{ ref: `v9 ${'ab'.repeat(32)}:0`, reason: 'transaction not found' }]);
    await store.close();
  });
});

describe('expandCase through Esplora (busy addresses)', () => {
  const T1 = '7940cdde4d713e171849efc6bd89939185be270266c94e92369e3877ad89455a';
  const mainCase = { name: 'esplora case', victimPayments: [{ id: 'v1', chain: 'bitcoin', output: `${T1}:0` }], stopAt: ['exchange' as const] };

  it('skips an address busier than the threshold and says so; follows it otherwise', async () => {
    const server = await startEsploraReplay();
    try {
      const store = await sqliteFactory.create();
      const source = new EsploraExpansionSource(createEsploraClient({ url: server.url }), { chain: 'bitcoin' });
      const busy = await expandCase({ store, kase: mainCase, sources: [source], hops: 5, busyThreshold: 1 });
      expect(busy.busy).toEqual([{ chain: 'bitcoin', address: '1HaHTfmvoUW6i6nhJf8jJs6tU4cHNmBQHQ', activity: 2, hop: 1, direction: 'forward' }]);
      expect(busy.unspent).toBe(0);
      const calm = await expandCase({ store, kase: mainCase, sources: [source], hops: 5, busyThreshold: 1000 });
      expect(calm).toMatchObject({ busy: [], unspent: 1 });
      await store.close();
    } finally {
      await server.close();
    }
  });
});

describe('ingest bitcoin and expand commands', () => {
  const env = () => ({ BITCOIN_RPC_USER: btcd.user, BITCOIN_RPC_PASSWORD: btcd.pass });

  it('ingests over RPC with --json on stdout alone, credentials from the environment', () => {
    const store = join(tempDir(), 'case.db');
    const res = runCli(['ingest', 'bitcoin', '--rpc', btcd.url, '--blocks', '100..105', '--store', store, '--json'], { env: env() });
    expect(res.code, res.stderr).toBe(0);
    const out = JSON.parse(res.stdout);
    expect(out).toMatchObject({ mode: 'rpc', chain: CHAIN, batches: 6, lastBlock: 105 });
    expect(res.stdout + res.stderr).not.toContain(btcd.pass);
  });

  it('refuses credentials in the URL (exit 2) without echoing them', () => {
    const res = runCli(['ingest', 'bitcoin', '--rpc', `http://alice:${btcd.pass}@127.0.0.1:1/`, '--blocks', '1..2', '--store', join(tempDir(), 'x.db')]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('INVALID_INPUT');
    expect(res.stderr).not.toContain(btcd.pass);
  });

  it('expands a case file from the command line', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'tags.jsonl'), `${JSON.stringify({ chain: CHAIN, address: p2wpkhOf(EX), label: 'Example Exchange', category: 'exchange', source: 'test', confidence: 90 })}\n`);
    writeFileSync(join(dir, 'case.yaml'), `name: CLI case\nsources: [tags.jsonl]\nvictimPayments:\n  - id: v1\n    chain: ${CHAIN}\n    output: "${txV}:0"\n`);
    const store = join(dir, 'case.db');
    expect(runCli(['import', join(dir, 'tags.jsonl'), '--store', store]).code).toBe(0);
    const res = runCli(['expand', join(dir, 'case.yaml'), '--hops', '6', '--rpc', btcd.url, '--store', store, '--json'], { env: env() });
    expect(res.code, res.stderr).toBe(0);
    const out = JSON.parse(res.stdout);
    expect(out.stops.map((s: { address: string }) => s.address)).toEqual([p2wpkhOf(EX)]);
    expect(out.added.transactions).toBe(3);
    expect(out.sources[0]).toBe(`bitcoin-rpc:${btcd.url}`);
  });

  it('resumes after the process is killed mid-ingest, without duplicates', async () => {
    await wallet.mine(150);
    const tip = await wallet.height();
    const store = join(tempDir(), 'case.db');
    const args = ['ingest', 'bitcoin', '--rpc', btcd.url, '--blocks', `1..${tip}`, '--confirmations', '1', '--rps', '150', '--store', store, '--quiet'];
    const child = startCli(args, { env: env() });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    // Kill it once at least one block has been committed.
    for (let i = 0; i < 600; i++) {
      await new Promise((r) => setTimeout(r, 50));
      let cp: string | undefined;
      try {
        const probe = openSqliteStore(store, { readonly: true });
        cp = await probe.getCheckpoint(`bitcoin-rpc:${CHAIN}:blocks:1-${tip}`).catch(() => undefined);
        await probe.close();
      } catch {
        // Not created yet.
      }
      if (cp) break;
    }
    child.kill('SIGKILL');
    await exited;
    const res = runCli([...args.slice(0, -1), '--json'], { env: env() });
    expect(res.code, res.stderr).toBe(0);
    const out = JSON.parse(res.stdout);
    expect(out.resumedAfter).toMatch(/^block \d+$/);
    expect(out.lastBlock).toBe(tip);
    const check = openSqliteStore(store, { readonly: true });
    const stats = await check.stats();
    expect(stats.chains[CHAIN]).toMatchObject({ minBlock: 1, maxBlock: tip });
    // One coinbase per block plus the three test transactions: nothing twice, nothing lost.
    expect(stats.transactions).toBe(tip + 3);
    await check.close();
  }, 120_000);

  it('stops cleanly on Ctrl-C (SIGINT) after the current block, reports it, and the rerun resumes', async () => {
    const tip = await wallet.height();
    const store = join(tempDir(), 'case.db');
    const args = ['ingest', 'bitcoin', '--rpc', btcd.url, '--blocks', `1..${tip}`, '--confirmations', '1', '--rps', '40', '--store', store, '--json'];
    const child = startCli(args, { env: env() });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    for (let i = 0; i < 600; i++) {
      await new Promise((r) => setTimeout(r, 50));
      let cp: string | undefined;
      try {
        const probe = openSqliteStore(store, { readonly: true });
        cp = await probe.getCheckpoint(`bitcoin-rpc:${CHAIN}:blocks:1-${tip}`).catch(() => undefined);
        await probe.close();
      } catch {
        // Not created yet.
      }
      if (cp) break;
    }
    child.kill('SIGINT');
    expect(await exited, stderr).toBe(0);
    const first = JSON.parse(stdout);
    expect(first.interrupted).toBe(true);
    expect(first.lastBlock).toBeLessThan(tip);
    expect(stderr).toContain('interrupted');
    const res = runCli(args, { env: env() });
    expect(res.code, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ interrupted: false, resumedAfter: `block ${first.lastBlock}`, lastBlock: tip });
  }, 120_000);
});

describe('ingest bitcoin and expand commands against Esplora', () => {
  const T1 = '7940cdde4d713e171849efc6bd89939185be270266c94e92369e3877ad89455a';

  /** Runs the CLI without blocking this process (the replay server lives here). */
  function runAsync(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const child = startCli(args);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
  }

  it('ingests a transaction and expands a case through --esplora', async () => {
    const server = await startEsploraReplay({ faults: { [`/tx/${T1}`]: ['500'] } });
    try {
      const dir = tempDir();
      const store = join(dir, 'case.db');
      const ingest = await runAsync(['ingest', 'bitcoin', '--esplora', server.url, '--tx', T1, '--store', store, '--json']);
      expect(ingest.code, ingest.stderr).toBe(0);
      expect(JSON.parse(ingest.stdout)).toMatchObject({ mode: 'esplora', chain: 'bitcoin', transactions: { added: 1 } });
      expect(ingest.stderr).toContain('retry 1');
      writeFileSync(join(dir, 'case.yaml'), `name: Esplora case\nvictimPayments:\n  - id: v1\n    chain: bitcoin\n    output: "${T1}:0"\n`);
      const busy = await runAsync(['expand', join(dir, 'case.yaml'), '--esplora', server.url, '--busy-threshold', '1', '--store', store]);
      expect(busy.code, busy.stderr).toBe(0);
      expect(busy.stdout).toContain('skipped busy address: bitcoin 1HaHTfmvoUW6i6nhJf8jJs6tU4cHNmBQHQ (2 transactions, hop 1, forward)');
    } finally {
      await server.close();
    }
  });
});
