// Communities of the value-flow graph: Louvain modularity optimisation (Blondel et al., "Fast
// unfolding of communities in large networks", 2008) through graphology-communities-louvain, with a
// seeded RNG so the same data and seed give the same communities. Edges are weighted by value (see
// graph/views/flow-graph.ts). Communities are numbered by size (largest first), then by smallest
// member, so numbers are stable across runs.
// Known limits: Louvain finds densely connected groups, not owners: an exchange and its customers, or a
// scam network and its victims, can share a community. Modularity has a resolution limit (small
// communities merge into large ones); raise `resolution` to split them.

import * as louvainNs from 'graphology-communities-louvain';
import type { DirectedGraph } from 'graphology';
import type { Tag } from '../model/tag.js';
import type { CommunityAssignment } from '../ports.js';

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

interface LouvainDetailed {
  communities: Record<string, number>;
  count: number;
  modularity: number;
}
interface LouvainFn {
  detailed(graph: unknown, options: { getEdgeWeight: string | null; resolution: number; rng: () => number }): LouvainDetailed;
}
// The package is CommonJS with a default export in its types (DEPENDENCIES.md).
const louvain = ((louvainNs as unknown as { default?: LouvainFn }).default ?? louvainNs) as unknown as LouvainFn;

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

function add(map: Record<string, bigint>, chain: string, amounts: Record<string, bigint>): void {
  for (const [asset, v] of Object.entries(amounts)) map[`${chain}/${asset}`] = (map[`${chain}/${asset}`] ?? 0n) + v;
}

/** Runs Louvain on `graph` and reports every community. */
export function detectCommunities(graph: FlowGraph, options: DetectCommunitiesOptions = {}): CommunitiesResult {
  const resolution = options.resolution ?? 1;
  const seed = options.seed ?? 42;
  const top = options.topMembers ?? 10;
  const base = { resolution, seed, nodes: graph.order, edges: graph.size };
  if (graph.order === 0) return { ...base, modularity: 0, count: 0, communities: [], assignments: [] };
  const res = louvain.detailed(graph, { getEdgeWeight: 'weight', resolution, rng: createRng(seed) });
  // Renumber: size descending, then smallest node key.
  const groups = new Map<number, string[]>();
  graph.forEachNode((node) => {
    const c = res.communities[node];
    const g = groups.get(c);
    if (g) g.push(node);
    else groups.set(c, [node]);
  });
  const ordered = [...groups.values()].map((g) => g.sort()).sort((x, y) => y.length - x.length || (x[0] < y[0] ? -1 : 1));
  const numberOf = new Map<string, number>();
  ordered.forEach((g, i) => {
    for (const n of g) numberOf.set(n, i);
  });
  const reports: CommunityReport[] = ordered.map((g, i) => ({ community: i, size: g.length, topMembers: [], taggedMembers: [], internal: {}, inflow: {}, outflow: {} }));
  graph.forEachEdge((_e, attr, source, target, sourceAttr) => {
    const cs = numberOf.get(source) as number;
    const ct = numberOf.get(target) as number;
    if (cs === ct) add(reports[cs].internal, sourceAttr.chain, attr.amounts);
    else {
      add(reports[cs].outflow, sourceAttr.chain, attr.amounts);
      add(reports[ct].inflow, sourceAttr.chain, attr.amounts);
    }
  });
  const strength = new Map<string, number>();
  graph.forEachEdge((_e, attr, source, target) => {
    strength.set(source, (strength.get(source) ?? 0) + attr.weight);
    strength.set(target, (strength.get(target) ?? 0) + attr.weight);
  });
  const s = (n: string) => strength.get(n) ?? 0;
  ordered.forEach((g, i) => {
    reports[i].topMembers = [...g].sort((x, y) => s(y) - s(x) || (x < y ? -1 : 1)).slice(0, top);
  });
  if (options.tags) {
    const seen = new Set<string>();
    for (const t of options.tags) {
      const key = `${t.chain}/${t.address}`;
      const c = numberOf.get(key);
      if (c === undefined || seen.has(`${key}\u0000${t.label}`)) continue;
      seen.add(`${key}\u0000${t.label}`);
      reports[c].taggedMembers.push({ chain: t.chain, address: t.address, label: t.label, category: t.category });
    }
  }
  const assignments: CommunityAssignment[] = [];
  graph.forEachNode((node, attr) => {
    assignments.push({ chain: attr.chain, address: attr.address, community: numberOf.get(node) as number });
  });
  return { ...base, modularity: res.modularity, count: ordered.length, communities: reports, assignments };
}
