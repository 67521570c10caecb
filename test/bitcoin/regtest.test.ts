// Integration against a real node: btcd in regtest on loopback (test/services/btcd). The test mines
// blocks, sends transactions signed with bitcoinjs-lib + ecpair (two p2pkh coinbase inputs with change;
// p2wpkh and p2tr inputs; p2wpkh, p2tr, p2wsh and OP_RETURN outputs), ingests them through the RPC
// adapter and checks every input, output, value and address in the store; then resume, offline replay
// from the raw cache, and credential handling.

import * as bitcoin from 'bitcoinjs-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { ingestRpcBlocks } from '../../adapters/bitcoin/ingest-rpc.js';
import { createBitcoinRpc } from '../../adapters/bitcoin/rpc.js';
import { RawCache } from '../../adapters/http/raw-cache.js';
import { isLedgerhoundError } from '../../src/errors.js';
import { utxoTransactionToJson } from '../../src/model/utxo.js';
import type { GraphStore } from '../../src/ports.js';
import { sqliteFactory, storeFactories, tempDir } from '../support/stores.js';
import { btcdFromEnv, keyOf, miner, p2pkhOf, p2trOf, p2wpkhOf, p2wshOf, RegtestWallet } from './support/regtest-wallet.js';

const A = keyOf('A');
const B = keyOf('B');
const C = keyOf('C');
const D = keyOf('D');
const MEMO = bitcoin.payments.embed({ data: [new TextEncoder().encode('ledgerhound')] }).output as Uint8Array;

interface Scenario {
  cb1: { txid: string; value: bigint };
  cb2: { txid: string; value: bigint };
  tx1: string;
  tx2: string;
  h1: number;
  h2: number;
  tip: number;
}

let wallet: RegtestWallet;
let s: Scenario;

async function allTransactions(store: GraphStore) {
  const out = [];
  for await (const tx of store.transactions({ chain: 'bitcoin-regtest' })) out.push(utxoTransactionToJson(tx));
  return out;
}

beforeAll(async () => {
  wallet = new RegtestWallet(btcdFromEnv());
  const mined = await wallet.mine(101);
  const cb1 = await wallet.coinbaseOf(mined[0]);
  const cb2 = await wallet.coinbaseOf(mined[1]);
  const tx1 = await wallet.send(
    [
      { txid: cb1.txid, vout: 0, value: cb1.value, key: miner, kind: 'p2pkh' },
      { txid: cb2.txid, vout: 0, value: cb2.value, key: miner, kind: 'p2pkh' },
    ],
    [
      { address: p2wpkhOf(A), value: 3_000_000_000n },
      { address: p2trOf(B), value: 2_500_000_000n },
      { address: p2pkhOf(miner), value: cb1.value + cb2.value - 5_500_010_000n },
    ],
  );
  await wallet.mine(1);
  const h1 = await wallet.height();
  const tx2 = await wallet.send(
    [
      { txid: tx1, vout: 0, value: 3_000_000_000n, key: A, kind: 'p2wpkh' },
      { txid: tx1, vout: 1, value: 2_500_000_000n, key: B, kind: 'p2tr' },
    ],
    [
      { address: p2wshOf(C), value: 4_000_000_000n },
      { script: MEMO, value: 0n },
      { address: p2trOf(D), value: 1_499_980_000n },
    ],
  );
  await wallet.mine(1);
  const h2 = await wallet.height();
  await wallet.mine(6);
  s = { cb1, cb2, tx1, tx2, h1, h2, tip: await wallet.height() };
}, 120_000);

describe.each(storeFactories())('ingest from btcd over RPC into $name', (factory) => {
  it('stores every input, output, value and address exactly', async () => {
    const store = await factory.create();
    const from = s.h1 - 3;
    const sum = await ingestRpcBlocks(btcdFromEnv(), store, { from, to: s.tip });
    expect(sum.chain).toBe('bitcoin-regtest');
    expect(sum.lastBlock).toBe(s.tip - 5);
    expect(sum.skipped).toEqual([{ what: `blocks ${s.tip - 4}..${s.tip}`, reason: `fewer than 6 confirmations (tip ${s.tip})` }]);
    expect(sum.batches).toBe(s.tip - 5 - from + 1);

    const tx1 = await store.getTransaction('bitcoin-regtest', s.tx1);
    expect(tx1).toMatchObject({ block: s.h1, txIndex: 1 });
    expect(tx1?.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(tx1?.inputs).toEqual([
      { prevTxid: s.cb1.txid, prevVout: 0, address: p2pkhOf(miner), value: s.cb1.value },
      { prevTxid: s.cb2.txid, prevVout: 0, address: p2pkhOf(miner), value: s.cb2.value },
    ]);
    expect(tx1?.outputs).toEqual([
      { n: 0, address: p2wpkhOf(A), value: 3_000_000_000n },
      { n: 1, address: p2trOf(B), value: 2_500_000_000n },
      { n: 2, address: p2pkhOf(miner), value: s.cb1.value + s.cb2.value - 5_500_010_000n },
    ]);
    expect(p2wpkhOf(A)).toMatch(/^bcrt1q/);
    expect(p2trOf(B)).toMatch(/^bcrt1p/);

    const tx2 = await store.getTransaction('bitcoin-regtest', s.tx2);
    expect(tx2).toMatchObject({ block: s.h2, txIndex: 1 });
    expect(tx2?.inputs).toEqual([
      { prevTxid: s.tx1, prevVout: 0, address: p2wpkhOf(A), value: 3_000_000_000n },
      { prevTxid: s.tx1, prevVout: 1, address: p2trOf(B), value: 2_500_000_000n },
    ]);
    expect(tx2?.outputs).toEqual([
      { n: 0, address: p2wshOf(C), value: 4_000_000_000n },
      { n: 1, address: null, value: 0n, script: Buffer.from(MEMO).toString('hex') },
      { n: 2, address: p2trOf(D), value: 1_499_980_000n },
    ]);
    expect((await store.spenderOf('bitcoin-regtest', s.tx1, 1))?.txid).toBe(s.tx2);

    // The miner collects the fees: the coinbase of each block pays subsidy + fee.
    const coinbases = [];
    for await (const tx of store.transactionsOf('bitcoin-regtest', p2pkhOf(miner))) if (tx.inputs[0].coinbase && (tx.block === s.h1 || tx.block === s.h2)) coinbases.push(tx);
    expect(coinbases.map((t) => t.outputs.reduce((a, o) => a + o.value, 0n))).toEqual([5_000_010_000n, 5_000_020_000n]);

    const again = await ingestRpcBlocks(btcdFromEnv(), store, { from, to: s.tip });
    expect(again).toMatchObject({ batches: 0, resumedAfter: `block ${s.tip - 5}` });
    expect((await store.stats()).transactions).toBe(sum.batches + 2);
    await store.close();
  });
});

describe('ingest from btcd over RPC: resume, replay, credentials', () => {

  it('resumes after Ctrl-C from the last committed block, without duplicates', async () => {
    const store = await sqliteFactory.create();
    const abort = new AbortController();
    const first = await ingestRpcBlocks(btcdFromEnv(), store, { from: 1, to: s.h2, confirmations: 1, signal: abort.signal, onBatch: (b) => b.block === 50 && abort.abort() });
    expect(first).toMatchObject({ interrupted: true, lastBlock: 50 });
    const second = await ingestRpcBlocks(btcdFromEnv(), store, { from: 1, to: s.h2, confirmations: 1 });
    expect(second).toMatchObject({ interrupted: false, resumedAfter: 'block 50', lastBlock: s.h2, batches: s.h2 - 50 });
    expect((await store.stats()).transactions).toBe(s.h2 + 2);
    await store.close();
  });

  it('replays an ingest offline from the raw cache alone, identically', async () => {
    const dir = tempDir();
    const online = createBitcoinRpc({ url: process.env.BTCD_RPC_URL as string, credentials: { user: process.env.BTCD_RPC_USER ?? '', password: process.env.BTCD_RPC_PASS ?? '' }, cache: new RawCache(dir) });
    const first = await sqliteFactory.create();
    await ingestRpcBlocks(online, first, { from: s.h1, to: s.h2, confirmations: 1 });
    const offline = createBitcoinRpc({ url: process.env.BTCD_RPC_URL as string, cache: new RawCache(dir), cacheMode: 'offline' });
    const second = await sqliteFactory.create();
    await ingestRpcBlocks(offline, second, { from: s.h1, to: s.h2, confirmations: 1 });
    expect(await allTransactions(second)).toEqual(await allTransactions(first));
    expect((await allTransactions(first)).length).toBe(4);
    const sources = await second.listSources();
    expect(sources.map((x) => x.sha256)).toEqual((await first.listSources()).map((x) => x.sha256));
    expect(sources[0].name).toContain('bitcoin-rpc:http://127.0.0.1:');
    await first.close();
    await second.close();
  });

  it('reports refused credentials without revealing them', async () => {
    const node = createBitcoinRpc({ url: process.env.BTCD_RPC_URL as string, credentials: { user: 'nobody', password: 'hunter2-secret' }, maxAttempts: 1 });
    const store = await sqliteFactory.create();
    let err: unknown;
    try {
      await ingestRpcBlocks(node, store, { from: 1, to: 2 });
    } catch (e) {
      err = e;
    }
    expect(isLedgerhoundError(err, 'RPC_FAILURE')).toBe(true);
    expect(JSON.stringify([(err as Error).message, (err as { details: unknown }).details])).not.toContain('hunter2');
    expect((err as Error).message).toContain('401');
    await store.close();
  });
});
