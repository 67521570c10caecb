// Bench helper (child process): traces a store written by trace-generate.ts as `ledgerhound trace
// --json` does (the result JSON written, here to a file) and prints the trace time, its CPU time (user +
// system: steadier than wall time on a shared machine), the events processed, the SHA-256 of the JSON
// and the peak RSS (read by measureChild).
// Usage: tsx bench/trace-child.ts <store path> <policy> [flows|result-only] [shape] [N] [json out]

import { createHash } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import { limitHeapGrowth, noteProgress } from '../cli/heap-growth.js';
import { writeJson } from '../cli/json-stream.js';
import { openSqliteStore } from '../graph/sqlite/sqlite-store.js';
import type { Policy } from '../src/model/case.js';
import { traceCase } from '../src/tracing/trace-case.js';
import { reportPeakRss } from './table.js';
import { benchCase, type TraceShape } from './trace-generate.js';

// As the CLI does (cli/heap-growth.ts, with its progress): the figures are those of the command.
limitHeapGrowth();

const [path, policy, flows, shape = 'layered', n = '0', out] = process.argv.slice(2);
const store = openSqliteStore(path, { readonly: true });
let events = 0;
const started = process.hrtime.bigint();
const cpu0 = process.cpuUsage();
const run = await traceCase(store, benchCase(policy as Policy, shape as TraceShape, Number(n)), {
  onProgress: (e) => {
    events = e;
    noteProgress(); // as the CLI's progress does
  },
  flows: flows !== 'result-only',
});
// As `trace --json` writes it: in pieces (cli/json-stream.ts), hashed as they go.
const hash = createHash('sha256');
const fd = out ? openSync(out, 'w') : undefined;
const write = (chunk: string) => {
  hash.update(chunk);
  if (fd !== undefined) writeSync(fd, chunk);
};
writeJson(run.result, write);
write('\n');
if (fd !== undefined) closeSync(fd);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const cpu = process.cpuUsage(cpu0);
console.log(`TRACE_SECONDS=${seconds}`);
console.log(`TRACE_CPU_SECONDS=${(cpu.user + cpu.system) / 1e6}`);
console.log(`EVENTS=${events}`);
console.log(`FLOWS=${run.flows.length}`);
console.log(`ENDPOINTS=${run.result.endpoints.length}`);
console.log(`JSON_SHA256=${hash.digest('hex')}`);
await store.close();
reportPeakRss();
