// A THORChain ETH -> BTC case in the interchange formats, traced across chains (issue 13, "Must show";
// TRACING.md v2 "Conversions"). Ethereum side, written as transfers.jsonl: two victims pay a scammer
// who holds clean ETH, and the scammer sends 2.5 ETH to the THORChain router, whose `Deposit` log carries
// the memo `SWAP:BTC.BTC:<address>` (the router forwards it to the vault by an internal call). Bitcoin
// side, real transactions on the btcd regtest node (LEDGERHOUND_SERVICES=btcd), ingested by the RPC
// adapter and written as transactions.jsonl: the vault pays 0.1 BTC to the scammer's address with an
// OP_RETURN memo `OUT:<inbound hash>`; the scammer pays it on to a tagged exchange deposit address.
// linkThorchain pairs them into conversions.jsonl. The whole case is imported from the files and
// traced; the exchange deposit's BTC per victim is computed here by hand from TRACING.md (exact
// rationals, the tracer within one base unit).
// No ETH fees are written: the Ethereum side is hand-made, and fees would only add a clean outflow.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as bitcoin from 'bitcoinjs-lib';
import { AbiCoder, zeroPadValue } from 'ethers';
import { beforeAll, describe, expect, it } from 'vitest';
import { ingestRpcBlocks } from '../../adapters/bitcoin/ingest-rpc.js';
import { decodeRouterLog, linkThorchain, opReturnMemo, ROUTER_DEPOSIT_TOPIC, THORCHAIN_ETH_ROUTERS, type ThorLeg } from '../../adapters/bridges/thorchain.js';
import { loadCaseFile } from '../../adapters/files/case-file.js';
import { importFiles } from '../../adapters/files/import-files.js';
import { openSqliteStore } from '../../graph/sqlite/sqlite-store.js';
import type { Policy } from '../../src/model/case.js';
import { type Conversion, conversionToJson } from '../../src/model/conversion.js';
import type { TraceResult } from '../../src/model/trace-result.js';
import { type UtxoTransaction, utxoTransactionToJson } from '../../src/model/utxo.js';
import type { GraphStore } from '../../src/ports.js';
import { traceCase } from '../../src/tracing/trace-case.js';
import { btcdFromEnv, keyOf, miner, p2pkhOf, p2wpkhOf, RegtestWallet } from '../bitcoin/support/regtest-wallet.js';
import { evmAddress, txid } from '../support/addresses.js';
import { usePrivateBtcd } from '../bitcoin/support/private-btcd.js';

const ETH = 10n ** 18n;
const BTC_CHAIN = 'bitcoin-regtest';
const ROUTER = THORCHAIN_ETH_ROUTERS[0];
const VAULT_ETH = evmAddress('thorchain eth vault');
const FUNDER = evmAddress('funder');
const SCAMMER = evmAddress('scammer');
const VICTIM1 = evmAddress('victim 1');
const VICTIM2 = evmAddress('victim 2');
const SCAMMER_BTC_KEY = keyOf(`thorchain scammer ${Date.now()}`);
const SCAMMER_BTC = p2wpkhOf(SCAMMER_BTC_KEY);
const EXCHANGE_BTC = p2wpkhOf(keyOf('thorchain exchange deposit'));
const DEPOSIT_HASH = `0x${txid('thorchain inbound deposit')}`;
const DEPOSIT_IN = 25n * 10n ** 17n; // 2.5 ETH
const OUTBOUND_SATS = 10_000_000n; // 0.1 BTC
const SPEND_FEE = 5_000n;

interface Built {
  dir: string;
  conversion: Conversion;
  outboundTxid: string;
  spendTxid: string;
  memo: string;
}

let built: Built;
let store: GraphStore;

function ethTransfer(id: string, block: number, index: number, from: string, to: string, amount: bigint) {
  return { id, chain: 'ethereum', asset: 'ETH', txHash: id.slice(0, 66), block, txIndex: 0, index, time: new Date(Date.UTC(2025, 2, 1, 0, block - 21_000_000)).toISOString().replace('.000Z', 'Z'), from, to, amount: amount.toString() };
}

const jsonl = (rows: unknown[]) => `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`;

async function build(): Promise<Built> {
  const dir = mkdtempSync(join(tmpdir(), 'lh-thorchain-'));
  const h = (label: string) => `0x${txid(label)}`;
  const transfers = [
    ethTransfer(`${h('clean')}:native`, 21_000_000, -1, FUNDER, SCAMMER, 1n * ETH),
    ethTransfer(`${h('victim 1')}:native`, 21_000_001, -1, VICTIM1, SCAMMER, 15n * 10n ** 17n),
    ethTransfer(`${h('victim 2')}:native`, 21_000_002, -1, VICTIM2, SCAMMER, 1n * ETH),
    ethTransfer(`${DEPOSIT_HASH}:native`, 21_000_003, -1, SCAMMER, ROUTER, DEPOSIT_IN),
    ethTransfer(`${DEPOSIT_HASH}:call:0`, 21_000_003, 0, ROUTER, VAULT_ETH, DEPOSIT_IN),
  ];

  // The router's Deposit(address indexed to, address indexed asset, uint amount, string memo) log, read back as THORChain's inbound.
  const swapMemo = `SWAP:BTC.BTC:${SCAMMER_BTC}`;
  const log = {
    address: ROUTER,
    topics: [ROUTER_DEPOSIT_TOPIC, zeroPadValue(VAULT_ETH, 32), zeroPadValue('0x00', 32)],
    data: AbiCoder.defaultAbiCoder().encode(['uint256', 'string'], [DEPOSIT_IN, swapMemo]),
  };
  const deposit = decodeRouterLog(log);
  if (deposit?.kind !== 'deposit') throw new Error('router log not decoded');

  // Bitcoin: the vault's outbound with OUT:<inbound hash> (THORChain writes it upper case, no 0x), then the scammer's payment on.
  const wallet = new RegtestWallet(btcdFromEnv());
  const mined = await wallet.mine(101);
  const cb = await wallet.coinbaseOf(mined[0]);
  const memo = `OUT:${DEPOSIT_HASH.slice(2).toUpperCase()}`;
  const embed = bitcoin.payments.embed({ data: [new TextEncoder().encode(memo)] }).output as Uint8Array;
  const outboundTxid = await wallet.send(
    [{ txid: cb.txid, vout: 0, value: cb.value, key: miner, kind: 'p2pkh' }],
    [
      { address: SCAMMER_BTC, value: OUTBOUND_SATS },
      { script: embed, value: 0n },
      { address: p2pkhOf(miner), value: cb.value - OUTBOUND_SATS - 10_000n },
    ],
  );
  await wallet.mine(1);
  const from = await wallet.height();
  const spendTxid = await wallet.send([{ txid: outboundTxid, vout: 0, value: OUTBOUND_SATS, key: SCAMMER_BTC_KEY, kind: 'p2wpkh' }], [{ address: EXCHANGE_BTC, value: OUTBOUND_SATS - SPEND_FEE }]);
  await wallet.mine(1);
  const to = await wallet.height();
  await wallet.mine(6);

  const btcStore = await openSqliteStore(':memory:');
  await ingestRpcBlocks(wallet.node, btcStore, { chain: BTC_CHAIN, from, to });
  const txs: UtxoTransaction[] = [];
  for await (const tx of btcStore.transactions({ chain: BTC_CHAIN })) if (tx.txid === outboundTxid || tx.txid === spendTxid) txs.push(tx);
  await btcStore.close();
  if (txs.length !== 2) throw new Error(`expected the two regtest transactions, got ${txs.length}`);
  const outbound = txs.find((t) => t.txid === outboundTxid)!;
  const memoOutput = outbound.outputs.find((o) => o.script && opReturnMemo(o.script));

  const inbound: ThorLeg = { chain: 'ethereum', address: SCAMMER, asset: 'ETH', amount: deposit.amount, refs: [`${DEPOSIT_HASH}:native`], txHash: DEPOSIT_HASH, memo: deposit.memo };
  const out: ThorLeg = {
    chain: BTC_CHAIN,
    address: outbound.outputs[0].address!,
    asset: 'BTC',
    amount: outbound.outputs[0].value,
    refs: [`${outboundTxid}:0`],
    txHash: outboundTxid,
    memo: opReturnMemo(memoOutput?.script ?? '') ?? '',
  };
  const [conversion] = linkThorchain([inbound], [out]);

  writeFileSync(join(dir, 'transfers.jsonl'), jsonl(transfers));
  writeFileSync(join(dir, 'transactions.jsonl'), jsonl(txs.map(utxoTransactionToJson)));
  writeFileSync(join(dir, 'conversions.jsonl'), jsonl([conversionToJson(conversion)]));
  writeFileSync(
    join(dir, 'tags.jsonl'),
    jsonl([{ chain: BTC_CHAIN, address: EXCHANGE_BTC, label: 'Regtest Exchange deposit', category: 'exchange', source: 'test', confidence: 100 }]),
  );
  writeFileSync(
    join(dir, 'case.yaml'),
    [
      'name: THORChain ETH to BTC',
      'sources: [transfers.jsonl, transactions.jsonl, conversions.jsonl, tags.jsonl]',
      'victimPayments:',
      `  - { id: v1, chain: ethereum, transfer: "${h('victim 1')}:native" }`,
      `  - { id: v2, chain: ethereum, transfer: "${h('victim 2')}:native" }`,
      'policy: fifo',
      'maxHops: 20',
      '',
    ].join('\n'),
  );
  return { dir, conversion, outboundTxid, spendTxid, memo };
}

/** An exact rational n/d. */
interface Q {
  n: bigint;
  d: bigint;
}

function expectNear(reported: string | undefined, exact: Q, what: string): void {
  const [int, frac = ''] = (reported ?? '0').split('.');
  const r = { n: BigInt(int + frac), d: 10n ** BigInt(frac.length) };
  const diff = r.n * exact.d - exact.n * r.d;
  expect((diff < 0n ? -diff : diff) <= r.d * exact.d, `${what}: ${reported} vs ${exact.n}/${exact.d}`).toBe(true);
}

// A btcd of its own: this suite mines blocks during its run.
usePrivateBtcd();

beforeAll(async () => {
  built = await build();
  store = await openSqliteStore(':memory:');
  const loaded = await loadCaseFile(join(built.dir, 'case.yaml'));
  const imported = await importFiles(store, loaded.sourcePaths);
  expect(imported.map((r) => r.kind)).toEqual(['transfers', 'transactions', 'conversions', 'tags']);
}, 180_000);

describe('THORChain ETH -> BTC: link by memo', () => {
  it('the router Deposit memo names BTC and the scammer; the regtest OP_RETURN carries OUT:<inbound hash>; the link is a bridge of confidence 100', () => {
    expect(built.memo).toBe(`OUT:${DEPOSIT_HASH.slice(2).toUpperCase()}`);
    expect(built.conversion).toMatchObject({
      id: `ethereum:${DEPOSIT_HASH}:bridge:0`,
      kind: 'bridge',
      venue: 'THORChain',
      confidence: 100,
      in: { chain: 'ethereum', address: SCAMMER, asset: 'ETH', amount: DEPOSIT_IN, refs: [`${DEPOSIT_HASH}:native`] },
      out: { chain: BTC_CHAIN, address: SCAMMER_BTC, asset: 'BTC', amount: OUTBOUND_SATS, refs: [`${built.outboundTxid}:0`] },
      evidence: [DEPOSIT_HASH, built.outboundTxid],
    });
    expect(built.conversion.method).toContain(`BTC.BTC to ${SCAMMER_BTC}`);
  });
});

describe('THORChain ETH -> BTC: traced from the ETH victim payments to the BTC exchange deposit', () => {
  /**
   * The scammer holds 1 ETH clean, then 1.5 ETH of v1, then 1 ETH of v2, and sends 2.5 ETH to the router.
   * fifo: the clean lot and v1's; haircut: 2.5/3.5 of each victim's; libr: the clean ETH first, so 1.5
   * tainted, split 1.5 : 1. Wei become satoshis at 0.1 BTC / 2.5 ETH; the scammer's spend of the one
   * coin pays the fee pro rata under every rule (fifo's stretches and haircut agree for one input; libr
   * is not defined for coins: fifo).
   */
  const CARRIED: Record<string, { v1: Q; v2: Q }> = {
    fifo: { v1: { n: 15n * 10n ** 17n, d: 1n }, v2: { n: 0n, d: 1n } },
    haircut: { v1: { n: 15n * 10n ** 17n * 25n, d: 35n }, v2: { n: 10n ** 18n * 25n, d: 35n } },
    libr: { v1: { n: 9n * 10n ** 17n, d: 1n }, v2: { n: 6n * 10n ** 17n, d: 1n } },
  };
  const LEFT_ETH: Record<string, { v1: Q; v2: Q }> = {
    fifo: { v1: { n: 0n, d: 1n }, v2: { n: 10n ** 18n, d: 1n } },
    haircut: { v1: { n: 15n * 10n ** 17n * 10n, d: 35n }, v2: { n: 10n ** 18n * 10n, d: 35n } },
    libr: { v1: { n: 6n * 10n ** 17n, d: 1n }, v2: { n: 4n * 10n ** 17n, d: 1n } },
  };
  const sats = (wei: Q, part: bigint): Q => ({ n: wei.n * OUTBOUND_SATS * part, d: wei.d * DEPOSIT_IN * OUTBOUND_SATS });

  const results = new Map<Policy, TraceResult>();
  const run = async (policy: Policy) => {
    if (!results.has(policy)) results.set(policy, (await traceCase(store, (await loadCaseFile(join(built.dir, 'case.yaml'))).kase, { policy })).result);
    return results.get(policy)!;
  };

  for (const policy of ['fifo', 'haircut', 'libr'] as const) {
    it(`${policy}: the exchange deposit receives each victim's BTC; the spend's fee its share; the rest of the ETH stays with the scammer`, async () => {
      const r = await run(policy);
      expect(r.endpoints.map((e) => [e.chain, e.address, e.asset, e.category])).toEqual([[BTC_CHAIN, EXCHANGE_BTC, 'BTC', 'exchange']]);
      const [end] = r.endpoints;
      expect(end.transfers.map((t) => t.ref)).toEqual([`${built.spendTxid}:0`]);
      for (const v of ['v1', 'v2'] as const) {
        expectNear(end.bySource[v], sats(CARRIED[policy][v], OUTBOUND_SATS - SPEND_FEE), `${policy} exchange ${v}`);
        const fee = r.fees.find((f) => f.chain === BTC_CHAIN);
        expectNear(fee?.bySource[v], sats(CARRIED[policy][v], SPEND_FEE), `${policy} fee ${v}`);
        const held = r.holdings.find((x) => x.chain === 'ethereum' && x.address === SCAMMER);
        expectNear(held?.bySource[v], LEFT_ETH[policy][v], `${policy} ETH left ${v}`);
      }
      // Neither the router nor the vault on either chain holds anything.
      expect(r.holdings.every((x) => x.address === SCAMMER)).toBe(true);
      const conv = r.conversions ?? [];
      expect(conv.map((c) => [c.id, c.kind, c.in.chain, c.out?.chain])).toEqual([[`ethereum:${DEPOSIT_HASH}:bridge:0`, 'bridge', 'ethereum', BTC_CHAIN]]);
    });
  }

  it('fifo totals per chain and asset: the ETH that left by the bridge entered BTC as 0.06 BTC; the endpoint is hop 4 (payment, deposit, landing, spend)', async () => {
    const r = await run('fifo');
    expect(r.endpoints[0].hops).toBe(4);
    // 1.5 ETH of v1 at 0.1 BTC / 2.5 ETH = 6,000,000 sat, of which the 5,000 sat fee takes 3,000.
    expect(r.totals['ethereum/ETH']).toEqual({ sources: '2500000000000000000', endpoints: '0', holdings: '1000000000000000000', fees: '0', dropped: '0', convertedIn: '0', convertedOut: '1500000000000000000' });
    expect(r.totals[`${BTC_CHAIN}/BTC`]).toEqual({ sources: '0', endpoints: '5997000', holdings: '0', fees: '3000', dropped: '0', convertedIn: '6000000', convertedOut: '0' });
  });
});
