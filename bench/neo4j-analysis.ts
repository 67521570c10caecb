// Bench helper (child process): times `cluster build` and `communities` (twice each: the first run, then a
// re-run that replaces it) on the Neo4j store at NEO4J_URL (namespace given) or on a SQLite store
// (`sqlite:<path>`), through the same use cases the CLI runs (app/cluster.ts, app/communities.ts).
// Each phase also prints its CPU seconds (`<LABEL>_CPU`): this process's user + system, plus the Neo4j
// server's when BENCH_NEO4J_PID names it (read from /proc), steadier than wall time on a loaded machine.
// With BENCH_PHASES=1 it also prints each phase's time per store method (bench/store-timing.ts: `PHASE ...`).
// Usage: tsx bench/neo4j-analysis.ts <namespace | sqlite:path>

import { buildClusters } from '../app/cluster.js';
import { findCommunities } from '../app/communities.js';
import { openNeo4jStore } from '../graph/neo4j/neo4j-store.js';
import { openSqliteStore } from '../graph/sqlite/sqlite-store.js';
import type { GraphStore } from '../src/ports.js';
import { printTimes, processCpu, timeStore } from './store-timing.js';
import { reportPeakRss } from './table.js';

const [target] = process.argv.slice(2);
async function open(): Promise<GraphStore> {
  if (target.startsWith('sqlite:')) return openSqliteStore(target.slice('sqlite:'.length));
  const url = new URL(process.env.NEO4J_URL as string);
  url.searchParams.set('namespace', target);
  return openNeo4jStore({ url: url.toString() });
}
const opened = await open();
const times = new Map();
const store = process.env.BENCH_PHASES === '1' ? timeStore(opened, times, target.startsWith('sqlite:') ? undefined : process.env.BENCH_NEO4J_PID) : opened;
/** CPU seconds (user + system) of the server process, 0 when not known. */
function serverCpu(): number {
  return target.startsWith('sqlite:') ? 0 : processCpu(process.env.BENCH_NEO4J_PID);
}
const timed = async (label: string, work: () => Promise<unknown>) => {
  const started = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  const server0 = serverCpu();
  await work();
  const cpu = process.cpuUsage(cpu0);
  console.log(`${label}_SECONDS=${Number(process.hrtime.bigint() - started) / 1e9}`);
  console.log(`${label}_CPU=${(cpu.user + cpu.system) / 1e6 + serverCpu() - server0}`);
  printTimes(label, times);
};
await timed('CLUSTER_FIRST', () => buildClusters(store, {}));
await timed('CLUSTER_RERUN', () => buildClusters(store, {}));
await timed('COMMUNITIES', () => findCommunities(store, {}));
await timed('COMMUNITIES_RERUN', () => findCommunities(store, {}));
await opened.close();
reportPeakRss();
