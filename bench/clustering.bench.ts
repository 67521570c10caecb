// `npm run bench` rows for clustering: precision and recall of each heuristic set against a generated
// ground truth (test/clustering/support/ground-truth.ts), clustering 10^6 UTXO transactions (goal
// < 10 s) and Louvain on a 10^5-node, 10^6-edge flow graph (goal < 20 s), each heavy measurement in
// its own child process for a clean peak-memory figure. BENCH_CLUSTER_TXS / BENCH_LOUVAIN_EDGES
// shrink the workloads for a quick run.

import { fileURLToPath } from 'node:url';
import { buildClusters } from '../src/clustering/build-clusters.js';
import { type ClusterUtxoOptions, clusterUtxoTransactions } from '../src/clustering/cluster-utxo.js';
import { evaluateClusters } from '../src/clustering/evaluate-clusters.js';
import { generateWorld } from '../test/clustering/support/ground-truth.js';
import { type BenchRow, fmtBytes, fmtRate, fmtSeconds, measureChild } from './table.js';

const here = (f: string) => fileURLToPath(new URL(f, import.meta.url));
// A larger young generation (64 MiB semi-spaces) suits these allocation-heavy batch runs; the same flag
// helps `ledgerhound cluster build` on big stores (docs/clustering.md).
const HEAP_FLAGS = '--max-old-space-size=8192 --max-semi-space-size=64';
const BIG_HEAP = { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} ${HEAP_FLAGS}`.trim() };

function qualityRows(): BenchRow[] {
  const world = generateWorld({ seed: 2026, users: 300, exchanges: 3, events: 20_000, addresses: 'fast' });
  const seen = new Set<string>();
  for (const tx of world.transactions) for (const x of [...tx.inputs, ...tx.outputs]) if (x.address !== null) seen.add(x.address);
  const truth = new Map([...world.ownerOf].filter(([a]) => seen.has(a)));
  const sets: [string, ClusterUtxoOptions][] = [
    ['multi-input', {}],
    ['multi-input, CoinJoin detection off', { detectCoinJoins: false }],
    ['multi-input + change-reuse', { heuristics: ['multi-input', 'change-reuse'] }],
    ['multi-input + change-script-type', { heuristics: ['multi-input', 'change-script-type'] }],
    ['multi-input + change-round-payment', { heuristics: ['multi-input', 'change-round-payment'] }],
    ['multi-input + change-optimal', { heuristics: ['multi-input', 'change-optimal'] }],
    ['all UTXO heuristics', { heuristics: ['multi-input', 'change-reuse', 'change-script-type', 'change-round-payment', 'change-optimal'] }],
  ];
  const mixes = [...world.mixes.values()].filter((k) => k !== 'whirlpool-tx0').length;
  return sets.map(([name, options]) => {
    const built = buildClusters(clusterUtxoTransactions(world.transactions, options).links);
    const s = evaluateClusters(new Map(built.assignments.map((a) => [a.address, a.clusterId])), truth);
    return {
      area: 'clustering',
      case: `ground truth (${world.transactions.length} txs, ${truth.size} addresses, ${mixes} CoinJoins): ${name}`,
      figure: `precision ${s.precision.toFixed(4)}, recall ${s.recall.toFixed(4)}, ${s.mixedClusters} mixed clusters`,
      goal: name === 'multi-input' ? 'precision 1.0' : undefined,
    };
  });
}

export async function run(): Promise<BenchRow[]> {
  const rows = qualityRows();
  const txs = Number(process.env.BENCH_CLUSTER_TXS ?? 1_000_000);
  const utxo = measureChild(here('./clustering-utxo.ts'), [String(txs)], BIG_HEAP);
  const u = JSON.parse(utxo.stdout.split('\n')[0]) as { clusterSeconds: number; clusterCpuSeconds: number; links: number; clusters: number; coinJoins: number };
  rows.push({
    area: 'clustering',
    case: `cluster ${txs.toLocaleString('en-US')} UTXO txs (multi-input + CoinJoin detection + union-find; ${u.links} links, ${u.clusters} clusters, ${u.coinJoins} mixes)`,
    figure: `${fmtRate(txs, u.clusterSeconds, 'tx')} (CPU ${fmtSeconds(u.clusterCpuSeconds)}; node ${HEAP_FLAGS})`,
    time: fmtSeconds(u.clusterSeconds),
    peakMemory: `${fmtBytes(utxo.peakRssBytes)} (incl. the txs)`,
    goal: '< 10 s',
  });
  // As `cluster build` runs: transactions streamed, links and assignments streamed into a SQLite store.
  const streamed = measureChild(here('./clustering-utxo.ts'), [String(txs), '1', 'stream', 'sqlite'], BIG_HEAP);
  const st = JSON.parse(streamed.stdout.split('\n')[0]) as { clusterSeconds: number; clusterCpuSeconds: number };
  rows.push({
    area: 'clustering',
    case: `cluster ${txs.toLocaleString('en-US')} UTXO txs streamed one at a time, as from a store, links and cluster ids streamed into a SQLite store (time includes generating them and the store write)`,
    figure: `${fmtRate(txs, st.clusterSeconds, 'tx')} (CPU ${fmtSeconds(st.clusterCpuSeconds)})`,
    time: fmtSeconds(st.clusterSeconds),
    peakMemory: fmtBytes(streamed.peakRssBytes),
    baseline: `all txs in memory first, no store write: ${fmtSeconds(u.clusterSeconds)}, ${fmtBytes(utxo.peakRssBytes)}`,
    goal: '<= 1 GiB (issue 19)',
  });
  const edges = Number(process.env.BENCH_LOUVAIN_EDGES ?? 1_000_000);
  const nodes = Math.round(edges / 10);
  const lv = measureChild(here('./clustering-louvain.ts'), [String(nodes), String(edges)], BIG_HEAP);
  const l = JSON.parse(lv.stdout.split('\n')[0]) as {
    nodes: number;
    edges: number;
    buildSeconds: number;
    louvainSeconds: number;
    louvainCpuSeconds: number;
    communities: number;
    modularity: number;
  };
  rows.push({
    area: 'clustering',
    case: `Louvain on ${l.nodes.toLocaleString('en-US')} nodes / ${l.edges.toLocaleString('en-US')} edges (graph built in ${fmtSeconds(l.buildSeconds)})`,
    figure: `${l.communities} communities, modularity ${l.modularity.toFixed(3)} (CPU ${fmtSeconds(l.louvainCpuSeconds)})`,
    time: fmtSeconds(l.louvainSeconds),
    peakMemory: fmtBytes(lv.peakRssBytes),
    goal: '< 20 s',
  });
  return rows;
}
