// The watch's incremental trace (app/watch-trace.ts) equals a full re-trace byte for byte (the run's JSON:
// result and flows) after every appended block: fast-check over random account and UTXO cases with random
// blocks appended one by one (records among the traced addresses and among outsiders), under every policy,
// account walks in ledger (merge) mode, in scan mode, and switching to scan mode on the way (scanAfter 2);
// and a real-data case, mainnet block 1,755,635 (ethereum-etl, SOURCES.md), whose later transaction is
// appended after the trace. The properties also check that polls do skip the re-trace when the appended
// records do not touch the frontier, and resume the open walks when they do (never a full re-trace), else
// the test would prove nothing about the incremental paths.

import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EvmRpc } from '../../adapters/evm/evm-rpc.js';
import { fetchBlockTransfers } from '../../adapters/evm/fetch-block.js';
import type { LoadedCase } from '../../adapters/files/case-file.js';
import { recordingStore, updateWatchTrace, type WatchTraceState } from '../../app/watch-trace.js';
import { openSqliteStore } from '../../graph/sqlite/sqlite-store.js';
import type { CaseFile, Policy } from '../../src/model/case.js';
import { DEFAULT_STOP_AT } from '../../src/model/case.js';
import type { GraphStore } from '../../src/ports.js';
import { type TraceOptions, traceCase } from '../../src/tracing/trace-case.js';
import { join } from 'node:path';
import { readRpcResult } from '../evm/support/oracle.js';
import { type ReplayServer, startReplayServer } from '../evm/support/rpc-replay.js';
import { tempDir } from '../support/stores.js';
import { accountCase, utxoCase } from '../tracing/generators.js';
import { Aliases, blockTime, type BuiltFixture, buildFixture, type FixtureInput, type FixtureTransaction, type FixtureTransfer } from '../tracing/support.js';
import { parseTransfer } from '../../src/model/transfer.js';
import { parseConversion } from '../../src/model/conversion.js';
import { firstTouching } from '../../src/watch/trace-frontier.js';

const POLICIES: Policy[] = ['fifo', 'lifo', 'haircut', 'libr', 'poison'];
const RUNS = Number(process.env.LEDGERHOUND_FC_RUNS ?? 0);

function loadedOf(kase: CaseFile): LoadedCase {
  return { path: '/nonexistent/case.yaml', dir: '/nonexistent', kase, sourcePaths: [], bytes: Buffer.from('') };
}

const json = (v: unknown) => JSON.stringify(v);

interface Counts {
  skipped: number;
  resumed: number;
  retraced: number;
}
const add = (a: Counts, b: Counts): Counts => ({ skipped: a.skipped + b.skipped, resumed: a.resumed + b.resumed, retraced: a.retraced + b.retraced });
const SCAN_AFTER = [Number.POSITIVE_INFINITY, 0, 2];

/** Imports the base records, then appends each block through the watch's recording store; compares after each. */
async function checkIncremental(store: GraphStore, built: BuiltFixture, appended: BuiltFixture[], overrides: TraceOptions = {}): Promise<Counts> {
  const rec = recordingStore(store);
  const s = rec.store;
  if (built.transfers.length > 0) await s.importBatch({ source: { name: 'base transfers', sha256: 'a'.repeat(64), kind: 'file' }, transfers: built.transfers });
  if (built.transactions.length > 0) await s.importBatch({ source: { name: 'base transactions', sha256: 'b'.repeat(64), kind: 'file' }, transactions: built.transactions });
  if (built.tags.length > 0) await s.importBatch({ source: { name: 'tags', sha256: 'c'.repeat(64), kind: 'file' }, tags: built.tags });
  const loaded = loadedOf(built.kase);
  let state: WatchTraceState = (await updateWatchTrace(s, loaded, undefined, rec.take(), rec.written, { overrides })).state;
  expect(state.resumable).toBeDefined();
  let skipped = 0;
  let resumed = 0;
  let retraced = 0;
  for (const [i, block] of appended.entries()) {
    await s.importBatch({
      source: { name: `block ${i}`, sha256: i.toString(16).padStart(64, '0'), kind: 'adapter' },
      transfers: block.transfers,
      transactions: block.transactions,
    });
    const update = await updateWatchTrace(s, loaded, state, rec.take(), rec.written, { overrides });
    state = update.state;
    if (update.retraced) retraced++;
    else if (update.resumed) resumed++;
    else skipped++;
    const full = await traceCase(store, built.kase, { ...overrides, flows: true });
    expect(json(state.traced.run)).toBe(json(full));
  }
  return { skipped, resumed, retraced };
}

const ACCOUNT_PARTIES = ['A', 'B', 'C', 'D', 'E', 'V1', 'V2', 'X', 'O1', 'O2', 'O3'];

/** Appended blocks of an account case: 1-4 blocks after block 15, each with 1-3 transfers. */
const accountBlocks = fc.array(
  fc.array(
    fc.record({
      from: fc.constantFrom(...ACCOUNT_PARTIES),
      to: fc.option(fc.constantFrom(...ACCOUNT_PARTIES), { freq: 8, nil: null }),
      amount: fc.bigInt({ min: 1n, max: 800n }),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  { minLength: 1, maxLength: 4 },
);

function withTransfers(input: FixtureInput, transfers: FixtureTransfer[], policy: Policy): BuiltFixture {
  return buildFixture({ ...input, transfers, tags: {} }, policy);
}

/** Appended blocks of a UTXO case: each spends 1-2 coins (of the case's or outsiders') into 1-2 outputs. */
const utxoBlocks = fc.array(
  fc.record({
    picks: fc.array(fc.nat(), { minLength: 1, maxLength: 2 }),
    to: fc.array(fc.constantFrom('A', 'B', 'X', 'O1', 'O2'), { minLength: 1, maxLength: 2 }),
    outsider: fc.boolean(),
  }),
  { minLength: 1, maxLength: 4 },
);

describe('watch: incremental trace equals a full re-trace', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir('lh-watch-incr-');
  });

  it('account cases, random blocks appended, every policy, ledger and scan mode (fast-check)', async () => {
    let total: Counts = { skipped: 0, resumed: 0, retraced: 0 };
    let n = 0;
    await fc.assert(
      fc.asyncProperty(accountCase, accountBlocks, fc.constantFrom(...POLICIES), fc.constantFrom(...SCAN_AFTER), async (input, blocks, policy, scanAfter) => {
        const built = buildFixture(input, policy);
        const appended = blocks.map((rows, b) =>
          withTransfers(
            input,
            rows.map((r, i) => ({ id: `n${b}-${i}`, block: 16 + b, txIndex: i, index: 0, from: r.from, to: r.to, amount: r.amount.toString() })),
            policy,
          ),
        );
        const store = openSqliteStore(join(dir, `a${n++}.db`));
        try {
          total = add(total, await checkIncremental(store, built, appended, { scanAfter }));
        } finally {
          await store.close();
        }
      }),
      { numRuns: RUNS || 60, seed: 1717 },
    );
    expect(total.skipped).toBeGreaterThan(10);
    expect(total.resumed).toBeGreaterThan(10);
    expect(total.retraced).toBe(0);
  }, 240_000);

  it('UTXO cases, random transactions appended, every policy (fast-check)', async () => {
    let total: Counts = { skipped: 0, resumed: 0, retraced: 0 };
    let n = 0;
    await fc.assert(
      fc.asyncProperty(utxoCase, utxoBlocks, fc.constantFrom(...POLICIES), async (input, blocks, policy) => {
        const built = buildFixture(input, policy);
        // Unspent coins of the case: outputs no transaction of the case spends.
        const txs = input.transactions ?? [];
        const spent = new Set(txs.flatMap((tx) => tx.inputs.flatMap((i) => ('prev' in i ? [i.prev] : []))));
        const unspent = txs.flatMap((tx) => tx.outputs.map((o, k) => ({ ref: `${tx.txid}:${k}`, address: o.address as string, value: BigInt(o.value) }))).filter((c) => !spent.has(c.ref) && c.value > 0n);
        const lastBlock = Math.max(...txs.map((t) => t.block));
        const appended: BuiltFixture[] = [];
        blocks.forEach((b, i) => {
          let inputs: FixtureTransaction['inputs'];
          let total: bigint;
          if (b.outsider || unspent.length === 0) {
            inputs = [{ prev: `far${i}:0`, address: 'O3', value: '100' }];
            total = 100n;
          } else {
            const taken = [...new Set(b.picks.map((p) => p % unspent.length))].sort((x, y) => y - x).map((k) => unspent.splice(k, 1)[0]);
            inputs = taken.map((c) => ({ prev: c.ref, address: c.address, value: c.value.toString() }));
            total = taken.reduce((s, c) => s + c.value, 0n);
          }
          const share = total / BigInt(b.to.length);
          const outputs = b.to.map((to, k) => ({ address: to, value: (k === b.to.length - 1 ? total - share * BigInt(b.to.length - 1) : share).toString() }));
          const id = `w${i}`;
          outputs.forEach((o, k) => {
            if (BigInt(o.value) > 0n) unspent.push({ ref: `${id}:${k}`, address: o.address, value: BigInt(o.value) });
          });
          appended.push(buildFixture({ ...input, transactions: [{ txid: id, block: lastBlock + 1 + i, txIndex: 0, inputs, outputs }], tags: {} }, policy));
        });
        const store = openSqliteStore(join(dir, `u${n++}.db`));
        try {
          total = add(total, await checkIncremental(store, built, appended));
        } finally {
          await store.close();
        }
      }),
      { numRuns: RUNS || 40, seed: 2929 },
    );
    expect(total.skipped).toBeGreaterThan(5);
    expect(total.resumed).toBeGreaterThan(5);
    expect(total.retraced).toBe(0);
  }, 240_000);

  it('a source the watch did not write (tags imported beside it) makes the next poll re-trace', async () => {
    const input: FixtureInput = {
      transfers: [
        { id: 't1', block: 1, from: 'V1', to: 'A', amount: '100' },
        { id: 't2', block: 2, from: 'A', to: 'B', amount: '60' },
      ],
      case: { victimPayments: [{ id: 'v1', transfer: 't1' }] },
    };
    const built = buildFixture(input);
    const store = openSqliteStore(join(dir, 'tags.db'));
    try {
      const rec = recordingStore(store);
      await rec.store.importBatch({ source: { name: 'base', sha256: 'a'.repeat(64), kind: 'file' }, transfers: built.transfers });
      const loaded = loadedOf(built.kase);
      const first = await updateWatchTrace(rec.store, loaded, undefined, rec.take(), rec.written);
      expect(first.state.traced.run.result.endpoints).toHaveLength(0);
      // B becomes an exchange through a file imported by someone else, not through the watch's store.
      const exchange = buildFixture({ ...input, tags: { B: 'exchange' } });
      await store.importBatch({ source: { name: 'late tags', sha256: 'd'.repeat(64), kind: 'file' }, tags: exchange.tags });
      const next = await updateWatchTrace(rec.store, loaded, first.state, rec.take(), rec.written);
      expect(next.retraced).toBe(true);
      expect(next.reason).toContain('late tags');
      expect(json(next.state.traced.run)).toBe(json(await traceCase(store, built.kase, { flows: true })));
      expect(next.state.traced.run.result.endpoints.map((e) => e.amount)).toEqual(['60']);
    } finally {
      await store.close();
    }
  });
});

describe('watch: incremental trace and conversions', () => {
  it("a bridge out of the trace's reach: its out-ref appended on the other chain changes nothing; reached, its out-ref must be stored", async () => {
    const eth = new Aliases('ethereum');
    const bsc = new Aliases('bsc');
    const transfer = (chain: string, a: Aliases, id: string, block: number, from: string, to: string, asset: string, amount: string) =>
      parseTransfer({ id, chain, asset, txHash: `tx-${id}`, block, txIndex: 0, index: 0, time: blockTime(block), from: a.address(from), to: a.address(to), amount });
    // The victim pays B; A (not reached) bridges its own 100 ETH to Z on BSC.
    const base = [transfer('ethereum', eth, 't1', 1, 'V1', 'B', 'ETH', '100'), transfer('ethereum', eth, 't0', 1, 'W', 'A', 'ETH', '100'), transfer('ethereum', eth, 't2', 2, 'A', 'BR', 'ETH', '100')];
    const outRef = transfer('bsc', bsc, 't3', 5, 'BRB', 'Z', 'BNB', '90');
    const conversion = parseConversion({
      id: 'bridge:t2',
      kind: 'bridge',
      venue: 'Test bridge',
      in: { chain: 'ethereum', address: eth.address('A'), asset: 'ETH', amount: '100', refs: ['t2'] },
      out: { chain: 'bsc', address: bsc.address('Z'), asset: 'BNB', amount: '90', refs: ['t3'] },
      confidence: 100,
      method: 'test',
      evidence: ['tx-t2', 'tx-t3'],
    });
    const kase: CaseFile = { name: 'bridge', sources: [], victimPayments: [{ id: 'v1', chain: 'ethereum', transfer: 't1' }], policy: 'fifo', maxHops: 10, stopAt: [...DEFAULT_STOP_AT] as CaseFile['stopAt'], inheritTags: false };
    const store = openSqliteStore(join(tempDir('lh-watch-bridge-'), 'case.db'));
    try {
      const rec = recordingStore(store);
      await rec.store.importBatch({ source: { name: 'base', sha256: 'a'.repeat(64), kind: 'file' }, transfers: base, conversions: [conversion] });
      const first = await updateWatchTrace(rec.store, loadedOf(kase), undefined, rec.take(), rec.written);
      await rec.store.importBatch({ source: { name: 'bsc block 5', sha256: 'b'.repeat(64), kind: 'adapter' }, transfers: [outRef] });
      const appended = rec.take();
      expect(firstTouching(first.state.frontier, appended)).toBeUndefined();
      const next = await updateWatchTrace(rec.store, loadedOf(kase), first.state, appended, rec.written);
      expect(next.retraced).toBe(false);
      expect(json(next.state.traced.run)).toBe(json(await traceCase(store, kase, { flows: true })));
      // Had the trace reached the bridge, it could not have run without the out-ref (no stale run to keep).
      const reaching: CaseFile = { ...kase, victimPayments: [{ id: 'v1', chain: 'ethereum', transfer: 't0' }] };
      const other = openSqliteStore(join(tempDir('lh-watch-bridge-'), 'case.db'));
      try {
        await other.importBatch({ source: { name: 'base', sha256: 'a'.repeat(64), kind: 'file' }, transfers: base, conversions: [conversion] });
        await expect(traceCase(other, reaching, { flows: true })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      } finally {
        await other.close();
      }
    } finally {
      await store.close();
    }
  });
});

describe('watch: incremental trace on real data (mainnet block 1,755,635)', () => {
  let server: ReplayServer;
  beforeEach(async () => {
    server = await startReplayServer();
    server.answer('eth_chainId', [], '0x1');
  });
  afterEach(async () => server.close());

  it('the later transaction appended after the trace of the first: same run as a full re-trace', async () => {
    const dirName = 'test_stream/blocks_1755634_1755635';
    const block = readRpcResult<{ transactions: { hash: string }[] }>(`${dirName}/web3_response.eth_getBlockByNumber_0x1ac9f3_true.json`);
    server.answer('eth_getBlockByNumber', ['0x1ac9f3', true], block);
    for (const tx of block.transactions) server.answer('eth_getTransactionReceipt', [tx.hash], readRpcResult(`${dirName}/web3_response.eth_getTransactionReceipt_${tx.hash}.json`));
    const rpc = new EvmRpc({ baseUrl: server.url, maxAttempts: 3, backoff: { baseMs: 1, maxMs: 2 } });
    const { transfers } = await fetchBlockTransfers(rpc, 1755635, { chain: 'ethereum', traces: 'none', tokenInfo: false });
    const firstTx = Math.min(...transfers.map((t) => t.txIndex));
    const base = transfers.filter((t) => t.txIndex === firstTx);
    const later = transfers.filter((t) => t.txIndex !== firstTx);
    expect(later.length).toBeGreaterThan(0);
    const payment = base.find((t) => t.to !== null && t.amount > 0n)!;
    const kase: CaseFile = {
      name: 'real-1755635',
      sources: [],
      victimPayments: [{ id: 'v1', chain: 'ethereum', transfer: payment.id }],
      policy: 'fifo',
      maxHops: 10,
      stopAt: [...DEFAULT_STOP_AT] as CaseFile['stopAt'],
      inheritTags: false,
    };
    const loaded = loadedOf(kase);
    const dir = tempDir('lh-watch-real-');
    for (const policy of POLICIES) {
      const store = openSqliteStore(join(dir, `${policy}.db`));
      try {
        const rec = recordingStore(store);
        await rec.store.importBatch({ source: { name: 'block 1755635 first tx', sha256: 'e'.repeat(64), kind: 'adapter' }, transfers: base });
        const policyCase = { ...kase, policy };
        const first = await updateWatchTrace(rec.store, loadedOf(policyCase), undefined, rec.take(), rec.written);
        await rec.store.importBatch({ source: { name: 'block 1755635 later txs', sha256: 'f'.repeat(64), kind: 'adapter' }, transfers: later });
        const next = await updateWatchTrace(rec.store, loadedOf(policyCase), first.state, rec.take(), rec.written);
        expect(json(next.state.traced.run)).toBe(json(await traceCase(store, policyCase, { flows: true })));
        expect(next.state.traced.run.result.holdings.length + next.state.traced.run.result.endpoints.length).toBeGreaterThan(0);
      } finally {
        await store.close();
      }
    }
    expect(loaded.kase.name).toBe('real-1755635');
  });
});
