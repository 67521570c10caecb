// Bench child: Louvain on a value-flow graph of N nodes and M edges (planted communities of 100
// nodes, 80% of edges inside them, amounts log-uniform), built with the flow-graph builder. Prints
// `{"buildSeconds", "louvainSeconds", "communities", "modularity"}` then the peak RSS line.
// Usage: tsx bench/clustering-louvain.ts <nodes> <edges> [seed]

import { FlowGraphBuilder } from '../graph/views/flow-graph.js';
import { createRng, detectCommunities } from '../src/clustering/communities.js';
import { reportPeakRss } from './table.js';

/** User + system CPU time of this process (all its threads, GC helpers included). */
const cpuSeconds = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;

const nodes = Number(process.argv[2] ?? 100_000);
const edges = Number(process.argv[3] ?? 1_000_000);
const rng = createRng(Number(process.argv[4] ?? 1));
const size = 100;
const name = Array.from({ length: nodes }, (_, i) => `0x${i.toString(16).padStart(40, '0')}`);

const started = process.hrtime.bigint();
const builder = new FlowGraphBuilder();
let added = 0;
while (added < edges) {
  const s = Math.floor(rng() * nodes);
  const t = rng() < 0.8 ? Math.floor(s / size) * size + Math.floor(rng() * size) : Math.floor(rng() * nodes);
  if (t === s || t >= nodes) continue;
  const before = builder.edgeCount;
  builder.addFlow('ethereum', name[s], name[t], 'ETH', BigInt(Math.floor(10 ** (3 + rng() * 9))));
  if (builder.edgeCount > before) added++;
}
const graph = builder.finish();
const built = process.hrtime.bigint();
const cpu = process.cpuUsage();
const res = detectCommunities(graph, { seed: 42 });
const done = process.hrtime.bigint();
console.log(
  JSON.stringify({
    nodes: graph.order,
    edges: graph.size,
    buildSeconds: Number(built - started) / 1e9,
    louvainSeconds: Number(done - built) / 1e9,
    louvainCpuSeconds: cpuSeconds(process.cpuUsage(cpu)),
    communities: res.count,
    modularity: res.modularity,
  }),
);
reportPeakRss();
