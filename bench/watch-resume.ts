// The watch's resume against a full re-trace (issue 17, docs/watch.md "How the trace is brought up to
// date"): a fan-out case (a victim pays A, A pays N addresses B<i>, each passes part on to C<i> with its
// own history), traced once; then one block is appended (B7 -> N -> an exchange) and the trace brought up
// to date by the watch (app/watch-trace.ts), then the same store traced in full again. Prints the CPU
// (user+sys, ms) of the first trace, the resume and the full re-trace, and whether resume and re-trace
// give the same run. Run: npx tsx bench/watch-resume.ts [N=2000] [ledger|scan].

import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { recordingStore, updateWatchTrace } from '../app/watch-trace.js';
import { openSqliteStore } from '../graph/sqlite/sqlite-store.js';
import { buildFixture, type FixtureInput, type FixtureTransfer } from '../test/tracing/support.js';

const N = Number(process.argv[2] ?? 2000);
const scanAfter = process.argv[3] === 'scan' ? 0 : Number.POSITIVE_INFINITY;
const transfers: FixtureTransfer[] = [{ id: 'v', block: 1, from: 'V1', to: 'A', amount: String(100 * N) }];
for (let i = 0; i < N; i++) {
  transfers.push({ id: `h${i}`, block: 1, txIndex: 1 + i, from: 'W', to: `C${i}`, amount: '5' });
  transfers.push({ id: `a${i}`, block: 2 + i, from: 'A', to: `B${i}`, amount: '100' });
  transfers.push({ id: `b${i}`, block: N + 10 + i, from: `B${i}`, to: `C${i}`, amount: '60' });
}
const input: FixtureInput = { transfers, tags: { X: 'exchange' }, case: { victimPayments: [{ id: 'v1', transfer: 'v' }] } };
const built = buildFixture(input, 'fifo');
const store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'lh-bench-resume-')), 'case.db'));
await store.importBatch({ source: { name: 'base', sha256: 'a'.repeat(64), kind: 'file' }, transfers: built.transfers, tags: built.tags });
const loaded = { path: '/x/case.yaml', dir: '/x', kase: built.kase, sourcePaths: [], bytes: Buffer.from('') };
const rec = recordingStore(store);
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
let t = cpu();
const first = await updateWatchTrace(rec.store, loaded, undefined, rec.take(), rec.written, { overrides: { scanAfter } });
const full = cpu() - t;
const block = buildFixture({ ...input, transfers: [{ id: 'n1', block: 3 * N + 100, from: 'B7', to: 'N', amount: '40' }, { id: 'n2', block: 3 * N + 100, txIndex: 1, from: 'N', to: 'X', amount: '30' }] });
await rec.store.importBatch({ source: { name: 'block', sha256: 'b'.repeat(64), kind: 'adapter' }, transfers: block.transfers });
t = cpu();
const next = await updateWatchTrace(rec.store, loaded, first.state, rec.take(), rec.written, { overrides: { scanAfter } });
const resume = cpu() - t;
// A full re-trace of the same store, for comparison.
t = cpu();
const again = await updateWatchTrace(rec.store, loaded, undefined, rec.take(), rec.written, { overrides: { scanAfter } });
const retrace = cpu() - t;
console.log(JSON.stringify({ N, mode: process.argv[3] ?? 'ledger', fullTraceCpuMs: Math.round(full), resumeCpuMs: Math.round(resume), fullRetraceCpuMs: Math.round(retrace), resumed: next.resumed, identical: JSON.stringify(next.state.traced.run) === JSON.stringify(again.state.traced.run), flows: next.state.traced.run.flows.length }));
await store.close();
