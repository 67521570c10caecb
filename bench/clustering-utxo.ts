// Bench child: clusters N synthetic UTXO transactions (multi-input with CoinJoin detection, then
// union-find) and prints `{"generateSeconds", "clusterSeconds", "links", "clusters", ...}` then the
// peak RSS line. Workload: 1-3 inputs and 2 outputs per transaction over a pool of 2N addresses that
// are spent again and again, with 1% Whirlpool-like and JoinMarket-like mixes so every transaction
// goes through the detectors. With `stream`, transactions are generated one at a time and not kept
// (as when streamed from a store): the peak memory is then the clustering's own. As `cluster build`
// does (src/clustering/cluster-store.ts), links go as found into a ClusterBuilder and the links and
// assignments are then materialized as the arrays handed to the store's replaceClustering.
// Usage: tsx bench/clustering-utxo.ts <N> [seed] [stream]

import { ClusterBuilder } from '../src/clustering/cluster-builder.js';
import { createUtxoClusterer } from '../src/clustering/cluster-utxo.js';
import { createRng } from '../src/clustering/communities.js';
import type { UtxoTransaction } from '../src/model/utxo.js';
import { reportPeakRss } from './table.js';

/** User + system CPU time of this process (all its threads, GC helpers included). */
const cpuSeconds = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;

const n = Number(process.argv[2] ?? 1_000_000);
const rng = createRng(Number(process.argv[3] ?? 1));
const poolSize = 2 * n;
const pool = Array.from({ length: poolSize }, (_, i) => `bc1q${i.toString(36).padStart(38, '0')}`);
const addr = () => pool[Math.floor(rng() * poolSize)];
const txid = (i: number) => i.toString(16).padStart(64, '0');

function makeTx(i: number): UtxoTransaction {
  const r = rng();
  const mix = r < 0.005 ? 5 : r < 0.01 ? 4 : 0;
  const inCount = mix || 1 + Math.floor(rng() * 3);
  const inputs = Array.from({ length: inCount }, (_, k) => ({ prevTxid: txid(i - 1 - k), prevVout: 0, address: addr(), value: 2_000_000n }));
  const outputs =
    mix === 5
      ? Array.from({ length: 5 }, (_, k) => ({ n: k, address: addr(), value: 1_000_000n }))
      : mix === 4
        ? Array.from({ length: 7 }, (_, k) => ({ n: k, address: addr(), value: k < 4 ? 1_500_000n : 400_000n + BigInt(k) }))
        : [
            { n: 0, address: addr(), value: BigInt(Math.floor(rng() * 1_000_000)) },
            { n: 1, address: addr(), value: 900_000n },
          ];
  return { chain: 'bitcoin', txid: txid(i), block: Math.floor(i / 2000), txIndex: i % 2000, inputs, outputs };
}

function* stream(): Generator<UtxoTransaction> {
  for (let i = 0; i < n; i++) yield makeTx(i);
}

const streamed = process.argv[4] === 'stream';
const started = process.hrtime.bigint();
let txs: Iterable<UtxoTransaction>;
if (streamed) {
  txs = stream();
} else {
  const all: UtxoTransaction[] = new Array(n);
  for (let i = 0; i < n; i++) all[i] = makeTx(i);
  txs = all;
}
const generated = process.hrtime.bigint();
const cpu = process.cpuUsage();
const builder = new ClusterBuilder();
const clusterer = createUtxoClusterer({ onLink: (l) => void builder.add(l) });
for (const tx of txs) clusterer.add(tx);
const res = clusterer.finish();
const built = builder.finish();
const clustering = { links: [...built.links()], assignments: [...built.assignments()] };
const done = process.hrtime.bigint();
console.log(
  JSON.stringify({
    transactions: n,
    streamed,
    generateSeconds: Number(generated - started) / 1e9,
    clusterSeconds: Number(done - generated) / 1e9,
    clusterCpuSeconds: cpuSeconds(process.cpuUsage(cpu)),
    links: clustering.links.length,
    assignments: clustering.assignments.length,
    clusters: built.clusters,
    coinJoins: res.coinJoins.length,
  }),
);
reportPeakRss();
