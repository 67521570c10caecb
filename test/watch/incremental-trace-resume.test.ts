// The watch resumes the open walks (src/tracing/resumable-trace.ts) instead of re-tracing: a resume reads
// only the new events and what taint reaches from them (store reads and events counted against a full
// trace of the same store), account (ledger and scan mode) and UTXO; and the cases that fall back to a
// full re-trace, named in the update's reason: a case with `until`, a record appended at or before a
// walk's last event, the first poll after a restart (the open walks live in memory only).

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LoadedCase } from '../../adapters/files/case-file.js';
import { recordingStore, updateWatchTrace } from '../../app/watch-trace.js';
import { openSqliteStore } from '../../graph/sqlite/sqlite-store.js';
import type { CaseFile } from '../../src/model/case.js';
import type { GraphStore } from '../../src/ports.js';
import { traceCaseResumable } from '../../src/tracing/resumable-trace.js';
import { type TraceOptions, traceCase } from '../../src/tracing/trace-case.js';
import { tempDir } from '../support/stores.js';
import { type BuiltFixture, buildFixture, type FixtureInput, type FixtureTransfer } from '../tracing/support.js';

const json = (v: unknown) => JSON.stringify(v);
const loadedOf = (kase: CaseFile): LoadedCase => ({ path: '/nonexistent/case.yaml', dir: '/nonexistent', kase, sourcePaths: [], bytes: Buffer.from('') });

/** The store's read calls, by method (writes and source listings not counted). */
function countingStore(store: GraphStore): { store: GraphStore; reads: Map<string, number>; total(): number } {
  const reads = new Map<string, number>();
  const skip = new Set(['importBatch', 'importStream', 'listSources', 'close', 'setCheckpoint', 'getCheckpoint']);
  const wrapped = new Proxy(store, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      if (typeof prop !== 'string' || skip.has(prop)) return value.bind(target);
      return (...args: unknown[]) => {
        reads.set(prop, (reads.get(prop) ?? 0) + 1);
        return value.apply(target, args);
      };
    },
  });
  return { store: wrapped, reads, total: () => [...reads.values()].reduce((a, b) => a + b, 0) };
}

/** V1 pays A; A pays 40 addresses B0..B39 (one block each), each passing it on to C<i> with history of its own. */
function fanOut(): FixtureInput {
  const transfers: FixtureTransfer[] = [{ id: 'v', block: 1, from: 'V1', to: 'A', amount: '4000' }];
  for (let i = 0; i < 40; i++) {
    transfers.push({ id: `h${i}`, block: 1, txIndex: 1 + i, from: 'W', to: `C${i}`, amount: '5' });
    transfers.push({ id: `a${i}`, block: 2 + i, from: 'A', to: `B${i}`, amount: '100' });
    transfers.push({ id: `b${i}`, block: 50 + i, from: `B${i}`, to: `C${i}`, amount: '60' });
  }
  return { transfers, tags: { X: 'exchange' }, case: { victimPayments: [{ id: 'v1', transfer: 'v' }] } };
}

async function importBase(store: GraphStore, built: BuiltFixture): Promise<void> {
  await store.importBatch({ source: { name: 'base', sha256: 'a'.repeat(64), kind: 'file' }, transfers: built.transfers, transactions: built.transactions });
  if (built.tags.length > 0) await store.importBatch({ source: { name: 'tags', sha256: 'c'.repeat(64), kind: 'file' }, tags: built.tags });
}

async function appendBlock(store: GraphStore, n: number, built: BuiltFixture): Promise<void> {
  await store.importBatch({ source: { name: `block ${n}`, sha256: n.toString(16).padStart(64, '0'), kind: 'adapter' }, transfers: built.transfers, transactions: built.transactions });
}

describe('watch: a resume reads only the new events', () => {
  for (const [mode, overrides] of [
    // Infinity: never scan (the default switches to a scan by cost, issue 19).
    ['ledger mode', { scanAfter: Number.POSITIVE_INFINITY }],
    ['scan mode', { scanAfter: 0 }],
  ] as [string, TraceOptions][]) {
    it(`account, ${mode}: one appended block costs a few reads, not a trace of 81 ledgers`, async () => {
      const input = fanOut();
      const built = buildFixture(input, 'fifo');
      const store = openSqliteStore(join(tempDir('lh-watch-resume-'), 'case.db'));
      try {
        await importBase(store, built);
        const counting = countingStore(store);
        const rec = recordingStore(counting.store);
        const first = await updateWatchTrace(rec.store, loadedOf(built.kase), undefined, rec.take(), rec.written, { overrides });
        const fullReads = counting.total();
        const fullEvents = first.state.resumable!.events;
        // B7 moves its rest on to N, then N pays the exchange X: two new events, one new ledger (N's).
        const block = buildFixture({ ...input, transfers: [{ id: 'n1', block: 100, from: 'B7', to: 'N', amount: '40' }, { id: 'n2', block: 100, txIndex: 1, from: 'N', to: 'X', amount: '30' }] });
        await appendBlock(rec.store, 100, block);
        counting.reads.clear();
        const next = await updateWatchTrace(rec.store, loadedOf(built.kase), first.state, rec.take(), rec.written, { overrides });
        expect(next).toMatchObject({ resumed: true, retraced: false });
        expect(next.reason).toContain('transfer n1');
        const resumeEvents = next.state.resumable!.events - fullEvents;
        expect(resumeEvents).toBe(2);
        const resumeReads = counting.total();
        expect(json(next.state.traced.run)).toBe(json(await traceCase(store, built.kase, { ...overrides, flows: true })));
        expect(next.state.traced.run.result.endpoints.map((e) => e.amount)).toEqual(['30']);
        // The full trace read the 81 followed ledgers (ledger mode) or the chain (scan mode) and their tags.
        if (mode === 'ledger mode') {
          expect(fullReads).toBeGreaterThan(80);
          expect(counting.reads.get('ledger') ?? 0).toBe(1);
        } else expect(counting.reads.get('transfers') ?? 0).toBe(0);
        expect(resumeReads).toBeLessThanOrEqual(6);
        expect(fullEvents).toBeGreaterThanOrEqual(81);
      } finally {
        await store.close();
      }
    });
  }

  it('UTXO: a spend of a traced coin costs the reads of that transaction and its outputs', async () => {
    const transactions = [{ txid: 'f0', block: 1, txIndex: 0, inputs: [{ prev: 'far:0', address: 'V1', value: '1000' }], outputs: [{ address: 'A', value: '1000' }] }];
    for (let i = 1; i <= 30; i++) {
      transactions.push({ txid: `t${i}`, block: 1 + i, txIndex: 0, inputs: [{ prev: `${i === 1 ? 'f0' : `t${i - 1}`}:0`, address: i === 1 ? 'A' : 'B', value: String(1000 - (i - 1) * 10) }], outputs: [{ address: 'B', value: String(1000 - i * 10) }] });
    }
    const input: FixtureInput = { transactions, tags: { X: 'exchange' }, case: { maxHops: 100, victimPayments: [{ id: 'v1', output: 'f0:0' }] } };
    const built = buildFixture(input, 'haircut');
    const store = openSqliteStore(join(tempDir('lh-watch-resume-'), 'case.db'));
    try {
      await importBase(store, built);
      const counting = countingStore(store);
      const rec = recordingStore(counting.store);
      const first = await updateWatchTrace(rec.store, loadedOf(built.kase), undefined, rec.take(), rec.written);
      const fullReads = counting.total();
      const fullEvents = first.state.resumable!.events;
      const spend = buildFixture({ ...input, transactions: [{ txid: 's', block: 40, txIndex: 0, inputs: [{ prev: 't30:0', address: 'B', value: '700' }], outputs: [{ address: 'X', value: '500' }, { address: 'D', value: '200' }] }] }, 'haircut');
      await appendBlock(rec.store, 40, spend);
      counting.reads.clear();
      const next = await updateWatchTrace(rec.store, loadedOf(built.kase), first.state, rec.take(), rec.written);
      expect(next).toMatchObject({ resumed: true, retraced: false });
      expect(next.state.resumable!.events - fullEvents).toBe(1);
      expect(fullEvents).toBe(31);
      expect(json(next.state.traced.run)).toBe(json(await traceCase(store, built.kase, { flows: true })));
      expect(next.state.traced.run.result.endpoints.map((e) => e.amount)).toEqual(['500']);
      // One spenderOf for D's new coin, the tags of X and D, D's holding label: no transaction before 's'.
      expect(counting.reads.get('getTransaction') ?? 0).toBe(0);
      expect(counting.reads.get('spenderOf') ?? 0).toBe(1);
      expect(counting.total()).toBeLessThanOrEqual(8);
      expect(fullReads).toBeGreaterThan(30);
    } finally {
      await store.close();
    }
  });
});

describe('watch: a record written twice in one poll', () => {
  it('scan mode: counted once in the clean balance taint later meets (overlapping pages of a hosted source)', async () => {
    const input: FixtureInput = {
      transfers: [
        { id: 't1', block: 1, from: 'V1', to: 'A', amount: '100' },
        { id: 't2', block: 5, from: 'A', to: 'B', amount: '60' },
      ],
      case: { victimPayments: [{ id: 'v1', transfer: 't1' }] },
    };
    const built = buildFixture(input);
    const store = openSqliteStore(join(tempDir('lh-watch-resume-'), 'case.db'));
    try {
      const rec = recordingStore(store);
      await importBase(rec.store, built);
      const overrides = { scanAfter: 0 };
      const first = await updateWatchTrace(rec.store, loadedOf(built.kase), undefined, rec.take(), rec.written, { overrides });
      const x: FixtureTransfer = { id: 'x', block: 9, from: 'W', to: 'Q', amount: '50' };
      await appendBlock(rec.store, 9, buildFixture({ ...input, transfers: [x] }));
      // The second page repeats x; it adds y and z, so the poll's records hold x twice.
      const page = buildFixture({ ...input, transfers: [x, { id: 'y', block: 9, txIndex: 1, from: 'B', to: 'Q', amount: '60' }, { id: 'z', block: 9, txIndex: 2, from: 'Q', to: 'R', amount: '80' }] });
      await rec.store.importBatch({ source: { name: 'page 2', sha256: 'e'.repeat(64), kind: 'adapter' }, transfers: page.transfers });
      const appended = rec.take();
      expect(appended.transfers.filter((t) => t.id === page.transfers[0].id)).toHaveLength(2);
      const next = await updateWatchTrace(rec.store, loadedOf(built.kase), first.state, appended, rec.written, { overrides });
      expect(next).toMatchObject({ resumed: true, retraced: false });
      expect(json(next.state.traced.run)).toBe(json(await traceCase(store, built.kase, { ...overrides, flows: true })));
      expect(next.state.traced.run.result.holdings.map((h) => h.amount).sort()).toEqual(['30', '30', '40']);
    } finally {
      await store.close();
    }
  });
});

describe('watch: when the trace is not resumed but re-traced in full', () => {
  const input: FixtureInput = {
    transfers: [
      { id: 't1', block: 1, from: 'V1', to: 'A', amount: '100' },
      { id: 't2', block: 5, from: 'A', to: 'B', amount: '60' },
    ],
    case: { victimPayments: [{ id: 'v1', transfer: 't1' }] },
  };

  it('a case with until: traced in full at every touching poll, the reason says why', async () => {
    const built = buildFixture({ ...input, case: { ...input.case, until: '2030-01-01T00:00:00Z' } });
    const store = openSqliteStore(join(tempDir('lh-watch-resume-'), 'case.db'));
    try {
      const rec = recordingStore(store);
      await importBase(rec.store, built);
      const first = await updateWatchTrace(rec.store, loadedOf(built.kase), undefined, rec.take(), rec.written);
      expect(first.state.resumable).toBeUndefined();
      expect(first.state.notResumable).toBe('the case sets until');
      await appendBlock(rec.store, 9, buildFixture({ ...input, transfers: [{ id: 'n', block: 9, from: 'B', to: 'C', amount: '10' }] }));
      const next = await updateWatchTrace(rec.store, loadedOf(built.kase), first.state, rec.take(), rec.written);
      expect(next).toMatchObject({ retraced: true, resumed: false });
      expect(next.reason).toBe('ethereum transfer n; not resumable: the case sets until');
      expect(json(next.state.traced.run)).toBe(json(await traceCase(store, built.kase, { flows: true })));
    } finally {
      await store.close();
    }
  });

  it('a record at or before the last event the walk read: traced in full, then resumable again', async () => {
    const built = buildFixture(input);
    const store = openSqliteStore(join(tempDir('lh-watch-resume-'), 'case.db'));
    try {
      const rec = recordingStore(store);
      await importBase(rec.store, built);
      const first = await updateWatchTrace(rec.store, loadedOf(built.kase), undefined, rec.take(), rec.written);
      // A late record of block 3 (a hosted source's history): B was paid before the walk's last event.
      await appendBlock(rec.store, 3, buildFixture({ ...input, transfers: [{ id: 'late', block: 3, from: 'A', to: 'C', amount: '20' }] }));
      const next = await updateWatchTrace(rec.store, loadedOf(built.kase), first.state, rec.take(), rec.written);
      expect(next).toMatchObject({ retraced: true, resumed: false });
      expect(next.reason).toContain('not resumable: ethereum transfer late is not after the last event the trace read');
      expect(json(next.state.traced.run)).toBe(json(await traceCase(store, built.kase, { flows: true })));
      await appendBlock(rec.store, 9, buildFixture({ ...input, transfers: [{ id: 'n', block: 9, from: 'C', to: 'D', amount: '5' }] }));
      const third = await updateWatchTrace(rec.store, loadedOf(built.kase), next.state, rec.take(), rec.written);
      expect(third).toMatchObject({ retraced: false, resumed: true });
      expect(json(third.state.traced.run)).toBe(json(await traceCase(store, built.kase, { flows: true })));
    } finally {
      await store.close();
    }
  });

  it("tags among the watch's own writes: traced in full (stop decisions at addresses reached before may change)", async () => {
    const built = buildFixture(input);
    const store = openSqliteStore(join(tempDir('lh-watch-resume-'), 'case.db'));
    try {
      const rec = recordingStore(store);
      await importBase(rec.store, built);
      const first = await updateWatchTrace(rec.store, loadedOf(built.kase), undefined, rec.take(), rec.written);
      const tagged = buildFixture({ ...input, tags: { B: 'exchange' } });
      await rec.store.importBatch({ source: { name: 'block 9', sha256: '9'.padStart(64, '0'), kind: 'adapter' }, transfers: buildFixture({ ...input, transfers: [{ id: 'n', block: 9, from: 'B', to: 'D', amount: '5' }] }).transfers, tags: tagged.tags });
      const next = await updateWatchTrace(rec.store, loadedOf(built.kase), first.state, rec.take(), rec.written);
      expect(next).toMatchObject({ retraced: true, resumed: false, reason: "ethereum transfer n; not resumable: the watch's writes added 1 tags" });
      expect(json(next.state.traced.run)).toBe(json(await traceCase(store, built.kase, { flows: true })));
      expect(next.state.traced.run.result.endpoints.map((e) => e.amount)).toEqual(['60']);
    } finally {
      await store.close();
    }
  });

  it('after a restart the first poll traces in full (the open walks were in memory), the next resumes', async () => {
    const built = buildFixture(input);
    const store = openSqliteStore(join(tempDir('lh-watch-resume-'), 'case.db'));
    try {
      await importBase(store, built);
      const before = await traceCaseResumable(store, built.kase, { flows: true });
      expect(before.resumable).toBeDefined();
      // The watcher is killed; a new process starts with no state.
      const rec = recordingStore(store);
      await appendBlock(rec.store, 9, buildFixture({ ...input, transfers: [{ id: 'n', block: 9, from: 'B', to: 'D', amount: '5' }] }));
      const restart = await updateWatchTrace(rec.store, loadedOf(built.kase), undefined, rec.take(), rec.written);
      expect(restart).toMatchObject({ retraced: true, resumed: false, reason: 'first trace' });
      await appendBlock(rec.store, 10, buildFixture({ ...input, transfers: [{ id: 'm', block: 10, from: 'D', to: 'E', amount: '5' }] }));
      const next = await updateWatchTrace(rec.store, loadedOf(built.kase), restart.state, rec.take(), rec.written);
      expect(next).toMatchObject({ retraced: false, resumed: true });
      expect(json(next.state.traced.run)).toBe(json(await traceCase(store, built.kase, { flows: true })));
    } finally {
      await store.close();
    }
  });
});
