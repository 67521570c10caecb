// Bench helper (child process) for the bulk path (bench/neo4j-bulk.ts): a FIFO trace of one transfer of
// bench/generate-transfers.ts's data (maxHops 20) on the Neo4j store at NEO4J_URL (namespace given) or
// on a SQLite store (`sqlite:<path>`); prints the first open's time (a bulk-loaded database gets its
// indexes then), the trace's time and CPU, and the size and a hash of the result JSON.
// Usage: tsx bench/neo4j-bulk-trace.ts <namespace | sqlite:path> <transfer id>

import { createHash } from 'node:crypto';
import { toJson } from '../cli/output.js';
import { openNeo4jStore } from '../graph/neo4j/neo4j-store.js';
import { openSqliteStore } from '../graph/sqlite/sqlite-store.js';
import type { GraphStore } from '../src/ports.js';
import { traceCase } from '../src/tracing/trace-case.js';
import { reportPeakRss } from './table.js';

const [target, transfer] = process.argv.slice(2);
async function open(): Promise<GraphStore> {
  if (target.startsWith('sqlite:')) return openSqliteStore(target.slice('sqlite:'.length), { readonly: true });
  const url = new URL(process.env.NEO4J_URL as string);
  url.searchParams.set('namespace', target);
  return openNeo4jStore({ url: url.toString() });
}
// The first open of a bulk-loaded database creates the constraints and indexes: timed on its own.
let started = process.hrtime.bigint();
const store = await open();
console.log(`OPEN_SECONDS=${Number(process.hrtime.bigint() - started) / 1e9}`);
const cpuOpen = process.cpuUsage();
let events = 0;
started = process.hrtime.bigint();
const run = await traceCase(
  store,
  { name: 'bulk', sources: [], victimPayments: [{ id: 'v1', chain: 'ethereum', transfer }], policy: 'fifo', maxHops: 20, stopAt: ['exchange'], inheritTags: false },
  { onProgress: (n) => (events = n) },
);
console.log(`TRACE_SECONDS=${Number(process.hrtime.bigint() - started) / 1e9}`);
const cpu = process.cpuUsage(cpuOpen);
console.log(`CPU_SECONDS=${(cpu.user + cpu.system) / 1e6}`);
console.log(`EVENTS=${events}`);
const json = toJson(run.result);
console.log(`RESULT_BYTES=${json.length}`);
console.log(`RESULT_SHA256=${createHash('sha256').update(json).digest('hex')}`);
await store.close();
reportPeakRss();
