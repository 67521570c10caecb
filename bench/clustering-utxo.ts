// Bench child: clusters N synthetic UTXO transactions (multi-input with CoinJoin detection, then
// union-find) and prints `{"generateSeconds", "clusterSeconds", "links", "clusters", ...}` then the
// peak RSS line. Workload: clustering-utxo-workload.ts. With `stream`, transactions are generated one
// at a time and not kept (as when streamed from a store): the peak memory is then the clustering's own. As `cluster build`
// does (src/clustering/cluster-store.ts), links go as found into a ClusterBuilder; then the links and
// assignments are produced row by row as the store write reads them. The fifth argument picks the
// write: `none` (default: the rows are read once, counted and dropped), `sqlite` (written by
// SqliteStore.replaceClustering into a fresh store file, streamed), `sqlite-arrays` (the same write
// with the rows first materialized as arrays: how `cluster build` wrote until issue 19's streaming).
// Usage: tsx bench/clustering-utxo.ts <N> [seed] [stream] [none|sqlite|sqlite-arrays]

import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../graph/sqlite/sqlite-store.js';
import { ClusterBuilder, storedClustering } from '../src/clustering/cluster-builder.js';
import { createUtxoClusterer } from '../src/clustering/cluster-utxo.js';
import type { UtxoTransaction } from '../src/model/utxo.js';
import { utxoWorkload } from './clustering-utxo-workload.js';
import { reportPeakRss } from './table.js';

/** User + system CPU time of this process (all its threads, GC helpers included). */
const cpuSeconds = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;

const n = Number(process.argv[2] ?? 1_000_000);
const seed = Number(process.argv[3] ?? 1);

const streamed = process.argv[4] === 'stream';
const started = process.hrtime.bigint();
let txs: Iterable<UtxoTransaction>;
if (streamed) {
  txs = utxoWorkload(n, seed);
} else {
  txs = [...utxoWorkload(n, seed)];
}
const generated = process.hrtime.bigint();
const cpu = process.cpuUsage();
const builder = new ClusterBuilder();
const clusterer = createUtxoClusterer({ onLink: (l) => void builder.add(l) });
for (const tx of txs) clusterer.add(tx);
const res = clusterer.finish();
const built = builder.finish();
const write = process.argv[5] ?? 'none';
let links = 0;
let assignments = 0;
let storeBytes: number | undefined;
if (write === 'none') {
  for (const _ of built.links()) links++;
  for (const _ of built.assignments()) assignments++;
} else {
  const clustering =
    write === 'sqlite-arrays' ? { links: [...built.links()], assignments: [...built.assignments()], inferredTags: [] } : storedClustering(built, []);
  const dir = mkdtempSync(join(tmpdir(), 'ledgerhound-cluster-bench-'));
  try {
    const store = openSqliteStore(join(dir, 'case.db'));
    await store.replaceClustering(clustering);
    const stats = await store.stats();
    links = stats.clusterLinks;
    assignments = built.clusteredAddresses;
    await store.close();
    storeBytes = statSync(join(dir, 'case.db')).size;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const done = process.hrtime.bigint();
console.log(
  JSON.stringify({
    transactions: n,
    streamed,
    write,
    generateSeconds: Number(generated - started) / 1e9,
    clusterSeconds: Number(done - generated) / 1e9,
    clusterCpuSeconds: cpuSeconds(process.cpuUsage(cpu)),
    links,
    assignments,
    storeBytes,
    clusters: built.clusters,
    coinJoins: res.coinJoins.length,
  }),
);
reportPeakRss();
