// Bench helper (child process): traces a store written by trace-generate.ts and prints the trace time,
// its CPU time (user + system: steadier than wall time on a shared machine), the events processed and
// the peak RSS (read by measureChild).
// Usage: tsx bench/trace-child.ts <store path> <policy> [flows|result-only]

import { openSqliteStore } from '../graph/sqlite/sqlite-store.js';
import type { Policy } from '../src/model/case.js';
import { traceCase } from '../src/tracing/trace-case.js';
import { reportPeakRss } from './table.js';
import { benchCase } from './trace-generate.js';

const store = openSqliteStore(process.argv[2], { readonly: true });
const policy = process.argv[3] as Policy;
let events = 0;
const started = process.hrtime.bigint();
const cpu0 = process.cpuUsage();
const run = await traceCase(
  store,
  benchCase(policy),
  { onProgress: (n) => (events = n), flows: process.argv[4] !== 'result-only' },
);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const cpu = process.cpuUsage(cpu0);
console.log(`TRACE_SECONDS=${seconds}`);
console.log(`TRACE_CPU_SECONDS=${(cpu.user + cpu.system) / 1e6}`);
console.log(`EVENTS=${events}`);
console.log(`FLOWS=${run.flows.length}`);
console.log(`ENDPOINTS=${run.result.endpoints.length}`);
await store.close();
reportPeakRss();
