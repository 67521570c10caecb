// Communities of the value-flow graph: Louvain modularity optimisation (Blondel et al., "Fast
// unfolding of communities in large networks", 2008; own typed-array implementation in louvain.ts,
// undirected as igraph's multilevel), with a seeded RNG so the same data and seed give the same
// communities. Edges are weighted by value (see
// graph/views/flow-graph.ts). Communities are numbered by size (largest first), then by smallest
// member, so numbers are stable across runs.
// Known limits: Louvain finds densely connected groups, not owners: an exchange and its customers, or a
// scam network and its victims, can share a community. Modularity has a resolution limit (small
// communities merge into large ones); raise `resolution` to split them.

import type { DirectedGraph } from 'graphology';
import type { Tag } from '../model/tag.js';
import type { CommunityAssignment } from '../ports.js';
import type { FlowEdges } from './flow-edges.js';
import { louvain } from './louvain.js';

/** Node attributes of a flow graph: node key is `<chain>/<address>`. */
export interface FlowNodeAttributes {
  chain: string;
  address: string;
}

/** Edge attributes: Louvain weight (number) and the exact value per asset (base units). */
export interface FlowEdgeAttributes {
  weight: number;
  amounts: Record<string, bigint>;
  /** Transfers or transactions that make up the edge. */
  count: number;
}

export type FlowGraph = DirectedGraph<FlowNodeAttributes, FlowEdgeAttributes>;

/** A small, fast, seedable PRNG (mulberry32). */
export function createRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface DetectCommunitiesOptions {
  /** Louvain resolution (higher: smaller communities). Default 1. */
  resolution?: number;
  /** RNG seed. Default 42. */
  seed?: number;
  /** Tags of the graph's addresses, to list the tagged members of each community. */
  tags?: Iterable<Tag>;
  /** Members listed per community (the ones with the most flow). Default 10. */
  topMembers?: number;
}

export interface CommunityReport {
  community: number;
  size: number;
  /** Members with the largest flow (in + out weight), up to `topMembers`, as `<chain>/<address>`. */
  topMembers: string[];
  taggedMembers: { chain: string; address: string; label: string; category: string }[];
  /** Per `<chain>/<asset>`: value moving inside the community, into it and out of it (base units). */
  internal: Record<string, bigint>;
  inflow: Record<string, bigint>;
  outflow: Record<string, bigint>;
}

export interface CommunitiesResult {
  modularity: number;
  resolution: number;
  seed: number;
  count: number;
  nodes: number;
  edges: number;
  communities: CommunityReport[];
  assignments: CommunityAssignment[];
}

/** Runs Louvain on `graph` and reports every community. */
export function detectCommunities(graph: FlowGraph, options: DetectCommunitiesOptions = {}): CommunitiesResult {
  return detectFlowCommunities(flowEdgesOfGraph(graph), options);
}

/** The graphology flow graph as flow entries: one per edge and asset, the edge's weight on its first. */
export function flowEdgesOfGraph(graph: FlowGraph): FlowEdges {
  const index = new Map<string, number>();
  const chains: string[] = [];
  const addresses: string[] = [];
  graph.forEachNode((node, attr) => {
    index.set(node, chains.length);
    chains.push(attr.chain);
    addresses.push(attr.address);
  });
  const source: number[] = [];
  const target: number[] = [];
  const weight: number[] = [];
  const assetOf: number[] = [];
  const amount: bigint[] = [];
  const transfers: number[] = [];
  const assets: string[] = [];
  const assetIndex = new Map<string, number>();
  graph.forEachEdge((_e, attr, s, t) => {
    let first = true;
    for (const [asset, v] of Object.entries(attr.amounts)) {
      let a = assetIndex.get(asset);
      if (a === undefined) {
        a = assets.length;
        assetIndex.set(asset, a);
        assets.push(asset);
      }
      source.push(index.get(s) as number);
      target.push(index.get(t) as number);
      weight.push(first ? attr.weight : 0);
      assetOf.push(a);
      amount.push(v);
      transfers.push(first ? attr.count : 0);
      first = false;
    }
  });
  return {
    chains,
    addresses,
    count: source.length,
    pairs: graph.size,
    source: Int32Array.from(source),
    target: Int32Array.from(target),
    weight: Float64Array.from(weight),
    assets,
    assetOf: Int32Array.from(assetOf),
    amount,
    transfers: Int32Array.from(transfers),
  };
}

/** Runs Louvain (src/clustering/louvain.ts) on flow entries and reports every community. */
export function detectFlowCommunities(flow: FlowEdges, options: DetectCommunitiesOptions = {}): CommunitiesResult {
  const resolution = options.resolution ?? 1;
  const seed = options.seed ?? 42;
  const top = options.topMembers ?? 10;
  const n = flow.chains.length;
  const base = { resolution, seed, nodes: n, edges: flow.pairs };
  if (n === 0) return { ...base, modularity: 0, count: 0, communities: [], assignments: [] };
  const res = louvain(n, flow, { resolution, rng: createRng(seed) });
  const key = (i: number) => `${flow.chains[i]}/${flow.addresses[i]}`;
  // Renumber: size descending, then smallest member key.
  const members: number[][] = Array.from({ length: res.count }, () => []);
  for (let i = 0; i < n; i++) members[res.membership[i]].push(i);
  const smallest = members.map((g) => {
    let least = key(g[0]);
    for (const i of g) {
      const k = key(i);
      if (k < least) least = k;
    }
    return least;
  });
  const order = members.map((_g, c) => c).sort((x, y) => members[y].length - members[x].length || (smallest[x] < smallest[y] ? -1 : 1));
  const numberOf = new Int32Array(n);
  order.forEach((c, i) => {
    for (const node of members[c]) numberOf[node] = i;
  });
  const reports: CommunityReport[] = order.map((c, i) => ({ community: i, size: members[c].length, topMembers: [], taggedMembers: [], internal: {}, inflow: {}, outflow: {} }));
  // Flow keys `<chain>/<asset>` per (chain, asset), made once.
  const flowKeys = new Map<string, string>();
  const flowKey = (chain: string, asset: number) => {
    const k = `${chain}\u0000${asset}`;
    let v = flowKeys.get(k);
    if (v === undefined) {
      v = `${chain}/${flow.assets[asset]}`;
      flowKeys.set(k, v);
    }
    return v;
  };
  const strength = new Float64Array(n);
  // The last entry's key, reused while chain and asset stay the same (no string made per entry).
  let lastChain = '';
  let lastAsset = -1;
  let k = '';
  for (let e = 0; e < flow.count; e++) {
    const s = flow.source[e];
    const t = flow.target[e];
    strength[s] += flow.weight[e];
    strength[t] += flow.weight[e];
    if (flow.chains[s] !== lastChain || flow.assetOf[e] !== lastAsset) {
      lastChain = flow.chains[s];
      lastAsset = flow.assetOf[e];
      k = flowKey(lastChain, lastAsset);
    }
    const v = flow.amount[e];
    const cs = numberOf[s];
    const ct = numberOf[t];
    if (cs === ct) add(reports[cs].internal, k, v);
    else {
      add(reports[cs].outflow, k, v);
      add(reports[ct].inflow, k, v);
    }
  }
  order.forEach((c, i) => {
    const keyed = members[c].map((node) => ({ node, key: key(node) }));
    keyed.sort((x, y) => strength[y.node] - strength[x.node] || (x.key < y.key ? -1 : 1));
    reports[i].topMembers = keyed.slice(0, top).map((m) => m.key);
  });
  if (options.tags) {
    let nodeOf: Map<string, number> | undefined;
    const seen = new Set<string>();
    for (const t of options.tags) {
      if (nodeOf === undefined) {
        nodeOf = new Map();
        for (let i = 0; i < n; i++) nodeOf.set(key(i), i);
      }
      const k = `${t.chain}/${t.address}`;
      const node = nodeOf.get(k);
      if (node === undefined || seen.has(`${k}\u0000${t.label}`)) continue;
      seen.add(`${k}\u0000${t.label}`);
      reports[numberOf[node]].taggedMembers.push({ chain: t.chain, address: t.address, label: t.label, category: t.category });
    }
  }
  const assignments: CommunityAssignment[] = new Array(n);
  for (let i = 0; i < n; i++) assignments[i] = { chain: flow.chains[i], address: flow.addresses[i], community: numberOf[i] };
  return { ...base, modularity: res.modularity, count: res.count, communities: reports, assignments };
}

function add(map: Record<string, bigint>, key: string, v: bigint): void {
  map[key] = (map[key] ?? 0n) + v;
}
