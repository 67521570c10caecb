// Bench helper (child process): traces the case of bench/trace-generate.ts on the Neo4j store at
// NEO4J_URL (the namespace bench/neo4j-import.ts filled), or on a SQLite store (`sqlite:<path>`), and
// prints the trace time, the events processed and a hash of the result JSON (both stores must agree),
// and on Neo4j the statements sent and the records they returned (issue 18: round trips cost most).
// Usage: tsx bench/neo4j-trace.ts <namespace | sqlite:path> <policy> [inheritTags] (BENCH_SCAN_AFTER=n overrides scanAfter)

import { createHash } from 'node:crypto';
import { toJson } from '../cli/output.js';
import { openNeo4jStore } from '../graph/neo4j/neo4j-store.js';
import { Runner } from '../graph/neo4j/runner.js';
import { openSqliteStore } from '../graph/sqlite/sqlite-store.js';
import type { GraphStore } from '../src/ports.js';
import type { Policy } from '../src/model/case.js';
import { traceCase } from '../src/tracing/trace-case.js';
import { reportPeakRss } from './table.js';
import { benchCase } from './trace-generate.js';

const [target, policy, inherit] = process.argv.slice(2) as [string, Policy, string | undefined];
async function open(): Promise<GraphStore> {
  if (target.startsWith('sqlite:')) return openSqliteStore(target.slice('sqlite:'.length), { readonly: true });
  const url = new URL(process.env.NEO4J_URL as string);
  url.searchParams.set('namespace', target);
  return openNeo4jStore({ url: url.toString() });
}
let statements = 0;
let records = 0;
const proto = Runner.prototype as unknown as { rows: Runner['rows']; stream: Runner['stream'] };
const rows0 = proto.rows;
const stream0 = proto.stream;
proto.rows = async function (this: Runner, ...args: Parameters<Runner['rows']>) {
  statements++;
  const out = await rows0.apply(this, args);
  records += out.length;
  return out;
};
proto.stream = async function* (this: Runner, ...args: Parameters<Runner['stream']>) {
  statements++;
  for await (const rec of stream0.apply(this, args)) {
    records++;
    yield rec;
  }
};
const store = await open();
let events = 0;
const started = process.hrtime.bigint();
const run = await traceCase(
  store,
  benchCase(policy),
  {
    onProgress: (n) => (events = n),
    inheritTags: inherit === 'inheritTags',
    // BENCH_SCAN_AFTER: the walk's switch to a chain scan forced (0: from the start; Infinity: never).
    ...(process.env.BENCH_SCAN_AFTER ? { scanAfter: Number(process.env.BENCH_SCAN_AFTER) } : {}),
  },
);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
console.log(`TRACE_SECONDS=${seconds}`);
const cpu = process.cpuUsage();
console.log(`CPU_SECONDS=${(cpu.user + cpu.system) / 1e6}`);
console.log(`EVENTS=${events}`);
console.log(`STATEMENTS=${statements}`);
console.log(`RECORDS=${records}`);
console.log(`RESULT_SHA256=${createHash('sha256').update(toJson(run.result)).digest('hex')}`);
await store.close();
reportPeakRss();
