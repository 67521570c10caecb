// `expand` follows conversions (issue 13; adapters/expand/engine.ts): a reference store (expand
// --from-store) holds an Ethereum swap of USDT for ETH paid to another address, a THORChain bridge of
// that ETH to Bitcoin, the Bitcoin outbound and its spend to an exchange deposit, plus a pool payout to
// another trader that has nothing to do with the case. Expanding the case from the victim payment must
// go through the swap to its recipient (never into the pool), through the bridge to the Bitcoin output
// when a Bitcoin source is given, and stop at the exchange; without a Bitcoin source the bridge is
// listed as "not followed: no source for bitcoin". The expanded store then traces to the exchange.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { expandCase } from '../../adapters/expand/engine.js';
import { openStoreSources } from '../../adapters/expand/store-source.js';
import { openSqliteStore } from '../../graph/sqlite/sqlite-store.js';
import { type CaseFile, DEFAULT_STOP_AT } from '../../src/model/case.js';
import type { Conversion } from '../../src/model/conversion.js';
import { parseTag } from '../../src/model/tag.js';
import { type AccountTransfer, parseTransfer } from '../../src/model/transfer.js';
import { parseUtxoTransaction, type UtxoTransaction } from '../../src/model/utxo.js';
import type { GraphStore } from '../../src/ports.js';
import { traceCase } from '../../src/tracing/trace-case.js';
import { btcAddress, evmAddress, txid } from '../support/addresses.js';
import { runCli } from '../support/cli.js';
import { tempDir } from '../support/stores.js';

const USDT = 'erc20:0xdAC17F958D2ee523a2206206994597C13D831ec7';
const V1 = evmAddress('victim');
const S = evmAddress('scammer');
const S2 = evmAddress('swap recipient');
const POOL = evmAddress('pool');
const Z = evmAddress('other trader');
const ROUTER = evmAddress('thor router');
const VAULT = evmAddress('thor vault');
const S_BTC = btcAddress('scammer btc');
const E_BTC = btcAddress('exchange deposit');
const VAULT_BTC = btcAddress('thor vault btc');
const H = (label: string) => `0x${txid(label)}`;
const BTX1 = txid('outbound');
const BTX2 = txid('spend');

function transfer(id: string, block: number, index: number, from: string, to: string, asset: string, amount: string): AccountTransfer {
  return parseTransfer({ id, chain: 'ethereum', asset, txHash: id.slice(0, 66), block, txIndex: 0, index, time: `2025-03-01T00:0${block - 100}:00Z`, from, to, amount });
}

const T1 = transfer(`${H('pay')}:5`, 100, 5, V1, S, USDT, '1000000000');
const T2 = transfer(`${H('swap')}:1`, 101, 1, S, POOL, USDT, '1000000000');
const T3 = transfer(`${H('swap')}:call:0`, 101, 2, POOL, S2, 'ETH', '500000000000000000');
const T4 = transfer(`${H('other')}:3`, 102, 3, POOL, Z, USDT, '100000000');
const T5 = transfer(`${H('bridge')}:native`, 103, -1, S2, ROUTER, 'ETH', '500000000000000000');
const T6 = transfer(`${H('bridge')}:call:0`, 103, 0, ROUTER, VAULT, 'ETH', '500000000000000000');

const OUTBOUND: UtxoTransaction = parseUtxoTransaction({
  chain: 'bitcoin',
  txid: BTX1,
  block: 880_000,
  txIndex: 1,
  time: '2025-03-01T00:10:00Z',
  inputs: [{ prevTxid: txid('vault funding'), prevVout: 0, address: VAULT_BTC, value: '50000000' }],
  outputs: [
    { n: 0, address: S_BTC, value: '1000000' },
    { n: 1, address: null, value: '0', script: '6a' },
    { n: 2, address: VAULT_BTC, value: '48990000' },
  ],
});
const SPEND: UtxoTransaction = parseUtxoTransaction({
  chain: 'bitcoin',
  txid: BTX2,
  block: 880_001,
  txIndex: 1,
  time: '2025-03-01T00:20:00Z',
  inputs: [{ prevTxid: BTX1, prevVout: 0, address: S_BTC, value: '1000000' }],
  outputs: [{ n: 0, address: E_BTC, value: '990000' }],
});

const SWAP: Conversion = {
  id: `ethereum:${H('swap')}:swap:0`,
  kind: 'swap',
  venue: 'Uniswap V2 USDT/WETH (test)',
  in: { chain: 'ethereum', address: S, asset: USDT, amount: 1_000_000_000n, refs: [T2.id] },
  out: { chain: 'ethereum', address: S2, asset: 'ETH', amount: 500_000_000_000_000_000n, refs: [T3.id] },
  confidence: 100,
  method: 'test',
  evidence: [H('swap')],
};
const BRIDGE: Conversion = {
  id: `ethereum:${H('bridge')}:bridge:0`,
  kind: 'bridge',
  venue: 'THORChain',
  in: { chain: 'ethereum', address: S2, asset: 'ETH', amount: 500_000_000_000_000_000n, refs: [T5.id] },
  out: { chain: 'bitcoin', address: S_BTC, asset: 'BTC', amount: 1_000_000n, refs: [`${BTX1}:0`] },
  confidence: 100,
  method: 'THORChain memo OUT:<inbound hash>',
  evidence: [H('bridge'), BTX1],
};

const KASE: CaseFile = {
  name: 'expand through conversions',
  sources: [],
  victimPayments: [{ id: 'v1', chain: 'ethereum', transfer: T1.id }],
  policy: 'fifo',
  maxHops: 20,
  stopAt: DEFAULT_STOP_AT,
  inheritTags: false,
};

let reference: GraphStore;
let store: GraphStore;

beforeEach(async () => {
  reference = await openSqliteStore(':memory:');
  await reference.importBatch({ source: { name: 'ref', sha256: 'a'.repeat(64), kind: 'file' }, transfers: [T1, T2, T3, T4, T5, T6], transactions: [OUTBOUND, SPEND], conversions: [SWAP, BRIDGE] });
  store = await openSqliteStore(':memory:');
  // The case store starts with the victim payment and the tags, as after `import`.
  await store.importBatch({
    source: { name: 'case', sha256: 'b'.repeat(64), kind: 'file' },
    transfers: [T1],
    tags: [parseTag({ chain: 'bitcoin', address: E_BTC, label: 'Exchange deposit', category: 'exchange', source: 'test', confidence: 100 })],
  });
});

async function transferIds(s: GraphStore): Promise<string[]> {
  const ids: string[] = [];
  for await (const t of s.transfers({ chain: 'ethereum' })) ids.push(t.id);
  return ids.sort();
}

describe('expand follows conversions', () => {
  it('after the swap from its recipient (not the pool), after the bridge on Bitcoin, to the exchange; the expanded store traces there', async () => {
    const report = await expandCase({ store, kase: KASE, sources: await openStoreSources(reference), hops: 10 });
    expect(report.conversions).toEqual([
      { id: SWAP.id, kind: 'swap', venue: SWAP.venue, chain: 'ethereum', address: S, hop: 2, to: { chain: 'ethereum', address: S2, asset: 'ETH' }, followed: true },
      { id: BRIDGE.id, kind: 'bridge', venue: 'THORChain', chain: 'ethereum', address: S2, hop: 4, to: { chain: 'bitcoin', address: S_BTC, asset: 'BTC' }, followed: true },
    ]);
    expect(report.stops).toEqual([{ chain: 'bitcoin', address: E_BTC, category: 'exchange', label: 'Exchange deposit', hop: 6, direction: 'forward' }]);
    // The pool's payout to another trader and the router's forwarding to the vault are never fetched.
    expect(await transferIds(store)).toEqual([T1.id, T2.id, T3.id, T5.id].sort());
    expect(await store.getTransaction('bitcoin', BTX1)).toBeDefined();
    expect(await store.getTransaction('bitcoin', BTX2)).toBeDefined();
    expect(await store.getConversion(SWAP.id)).toEqual(SWAP);
    expect(await store.getConversion(BRIDGE.id)).toEqual(BRIDGE);

    const { result } = await traceCase(store, KASE);
    expect(result.endpoints.map((e) => [e.chain, e.address, e.asset, e.amount, e.bySource])).toEqual([['bitcoin', E_BTC, 'BTC', '990000', { v1: '990000' }]]);
  });

  it('without a Bitcoin source the bridge is listed as not followed: no source for bitcoin, and nothing of Bitcoin is fetched', async () => {
    const sources = (await openStoreSources(reference)).filter((s) => s.chain === 'ethereum');
    const report = await expandCase({ store, kase: KASE, sources, hops: 10 });
    expect(report.conversions.map((c) => [c.id, c.followed, c.reason])).toEqual([
      [SWAP.id, true, undefined],
      [BRIDGE.id, false, 'no source for bitcoin'],
    ]);
    expect(report.stops).toEqual([]);
    let btc = 0;
    for await (const _ of store.transactions({ chain: 'bitcoin' })) btc++;
    expect(btc).toBe(0);
    expect(await transferIds(store)).toEqual([T1.id, T2.id, T3.id, T5.id].sort());
  });

  it('a conversion already in the case store is followed too (the source need not know it); the hop limit still holds', async () => {
    await store.importBatch({ source: { name: 'conversions.jsonl', sha256: 'c'.repeat(64), kind: 'file' }, conversions: [SWAP] });
    const sources = (await openStoreSources(reference)).map((s) => Object.assign(Object.create(Object.getPrototypeOf(s)), s, { getConversionsByRef: undefined }));
    const report = await expandCase({ store, kase: KASE, sources, hops: 3 });
    expect(report.conversions.map((c) => [c.id, c.followed])).toEqual([[SWAP.id, true]]);
    // S2 received at hop 3; its bridge payment would be hop 4, past the limit.
    expect(report.atHopLimit).toBe(1);
    expect(await transferIds(store)).toEqual([T1.id, T2.id, T3.id].sort());
  });

  it('the command line prints each conversion met: followed, or not followed: no source for <chain>', async () => {
    const dir = tempDir('lh-expand-conv-');
    const ref = await openSqliteStore(join(dir, 'reference.db'));
    await ref.importBatch({ source: { name: 'ref', sha256: 'a'.repeat(64), kind: 'file' }, transfers: [T1, T2, T3, T4, T5, T6], conversions: [SWAP, BRIDGE] });
    await ref.close();
    const kase = await openSqliteStore(join(dir, 'case.db'));
    await kase.importBatch({ source: { name: 'case', sha256: 'b'.repeat(64), kind: 'file' }, transfers: [T1] });
    await kase.close();
    writeFileSync(join(dir, 'case.yaml'), `name: expand through conversions\nsources: []\nvictimPayments:\n  - { id: v1, chain: ethereum, transfer: "${T1.id}" }\npolicy: fifo\nmaxHops: 10\n`);
    const res = runCli(['expand', join(dir, 'case.yaml'), '--from-store', join(dir, 'reference.db'), '--store', join(dir, 'case.db'), '--quiet']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain(`conversion: ${SWAP.id} swap ${SWAP.venue} (hop 2) followed to ethereum ${S2} (ETH)`);
    expect(res.stdout).toContain(`conversion: ${BRIDGE.id} bridge THORChain (hop 4) not followed: no source for bitcoin`);
  }, 120_000);
});
