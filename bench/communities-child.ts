// Bench helper (child process): `ledgerhound communities` end to end on a store (read the transfers,
// build the flow graph, Louvain, write the membership back), then, outside the timing, writes the
// flow graph's weighted edges for igraph (`<source index> <target index> <weight>` per line, one per
// address pair, nodes numbered as in the run). Prints one JSON line, then the peak RSS line.
// Usage: tsx bench/communities-child.ts <store path> <edges out>

import { createWriteStream } from 'node:fs';
import { limitHeapGrowth } from '../cli/heap-growth.js';
import { openSqliteStore } from '../graph/sqlite/sqlite-store.js';
import { readStoreFlowEdges } from '../graph/views/flow-graph.js';
import { detectStoreCommunities } from '../graph/views/store-communities.js';
import { reportPeakRss } from './table.js';

// As the CLI does (cli/heap-growth.ts): the figures are those of the command.
limitHeapGrowth();

const [path, edgesOut] = process.argv.slice(2);
const store = openSqliteStore(path);
const started = process.hrtime.bigint();
const cpu0 = process.cpuUsage();
const res = await detectStoreCommunities(store, { seed: 42 });
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const cpu = process.cpuUsage(cpu0);
const peakKb = process.resourceUsage().maxRSS;
if (edgesOut) {
  // The same flow entries the run used (one line per address pair, its assets' weights summed).
  const flow = await readStoreFlowEdges(store);
  const out = createWriteStream(edgesOut);
  let buf = '';
  for (let e = 0; e < flow.count; ) {
    const s = flow.source[e];
    const t = flow.target[e];
    let w = 0;
    for (; e < flow.count && flow.source[e] === s && flow.target[e] === t; e++) w += flow.weight[e];
    buf += `${s} ${t} ${w}\n`;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await new Promise<void>((r) => out.once('drain', () => r()));
      buf = '';
    }
  }
  out.write(buf);
  await new Promise<void>((r) => out.end(r));
}
await store.close();
console.log(
  JSON.stringify({ seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, nodes: res.nodes, edges: res.edges, communities: res.count, modularity: res.modularity, peakKb }),
);
reportPeakRss();
