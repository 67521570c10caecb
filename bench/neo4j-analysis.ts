// Bench helper (child process): times `cluster build` (twice: the first run, then a re-run that replaces
// it) and `communities` on the Neo4j store at NEO4J_URL (namespace given) or on a SQLite store
// (`sqlite:<path>`), through the same use cases the CLI runs (app/cluster.ts, app/communities.ts).
// Usage: tsx bench/neo4j-analysis.ts <namespace | sqlite:path>

import { buildClusters } from '../app/cluster.js';
import { findCommunities } from '../app/communities.js';
import { openNeo4jStore } from '../graph/neo4j/neo4j-store.js';
import { openSqliteStore } from '../graph/sqlite/sqlite-store.js';
import type { GraphStore } from '../src/ports.js';
import { reportPeakRss } from './table.js';

const [target] = process.argv.slice(2);
async function open(): Promise<GraphStore> {
  if (target.startsWith('sqlite:')) return openSqliteStore(target.slice('sqlite:'.length));
  const url = new URL(process.env.NEO4J_URL as string);
  url.searchParams.set('namespace', target);
  return openNeo4jStore({ url: url.toString() });
}
const store = await open();
const timed = async (label: string, work: () => Promise<unknown>) => {
  const started = process.hrtime.bigint();
  await work();
  console.log(`${label}=${Number(process.hrtime.bigint() - started) / 1e9}`);
};
await timed('CLUSTER_FIRST_SECONDS', () => buildClusters(store, {}));
await timed('CLUSTER_RERUN_SECONDS', () => buildClusters(store, {}));
await timed('COMMUNITIES_SECONDS', () => findCommunities(store, {}));
await store.close();
reportPeakRss();
