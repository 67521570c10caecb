// Use case of the analyst workspace (docs/web.md): the communities view. Louvain communities of the
// store's value-flow graph (graph/views/flow-graph.ts, src/clustering/communities.ts; computed, never
// stored: the workspace only reads) as super-nodes, and the links between them as super-edges: one per
// ordered pair of communities, carrying the exact sum, per asset, of every member edge from one to the
// other, and the sum of those edges' flow weights (each edge's share of its asset's total flow, so
// amounts of different assets compare) for the width. Drilling into a community gives its members, the
// flows between them, and each member's flows to and from other communities.
// Large graphs open aggregated: the largest communities and links are listed, the rest are folded into
// one "other" community (and counted), with everything one request away (`full`). The detection is
// computed once per store state (its imported sources) and kept.

import { buildStoreFlowGraph } from '../graph/views/flow-graph.js';
import { type CommunitiesResult, detectCommunities, type FlowGraph } from '../src/clustering/communities.js';
import { invalidInput, LedgerhoundError } from '../src/errors.js';
import { formatAmount } from '../src/model/amount-text.js';
import type { Tag } from '../src/model/tag.js';
import type { GraphStore } from '../src/ports.js';

/** Per `<chain>/<asset>`: base units as decimal text. */
export type AmountsByAsset = Record<string, string>;

export interface CommunityNode {
  /** Community number (largest first); -1 is the "other" node of folded communities. */
  community: number;
  /** Member addresses. */
  size: number;
  /** Flow weight of the edges touching the community (inside, in and out): the node's size on screen. */
  value: number;
  topMembers: string[];
  tagged: { chain: string; address: string; label: string; category: string }[];
  taggedCount: number;
  internal: string[];
  /** Communities folded into this node (the "other" node only). */
  folded?: number;
}

export interface CommunityLink {
  id: string;
  source: number;
  target: number;
  amounts: AmountsByAsset;
  amountText: string[];
  /** Sum of the member edges' flow weights: the width on screen. */
  weight: number;
  /** Member edges (distinct address pairs) summed into it. */
  edges: number;
}

export interface CommunitiesOverview {
  modularity: number;
  /** Communities, addresses and address pairs of the whole graph. */
  count: number;
  nodes: number;
  edges: number;
  communities: CommunityNode[];
  links: CommunityLink[];
  /** Communities folded into "other" and links not drawn (0 with `full`). */
  foldedCommunities: number;
  foldedLinks: number;
}

export interface CommunityMember {
  id: string;
  chain: string;
  address: string;
  label?: string;
  category?: string;
  /** Flow weight of the member's edges. */
  strength: number;
}

export interface MemberFlow {
  id: string;
  /** `<chain>/<address>` or, for flows across, the community's number. */
  source: string;
  target: string;
  amounts: AmountsByAsset;
  amountText: string[];
  weight: number;
}

export interface CommunityDetail {
  community: number;
  size: number;
  members: CommunityMember[];
  tagged: CommunityNode['tagged'];
  /** Flows between the listed members. */
  internal: MemberFlow[];
  /** A listed member's flows to (target `community:<n>`) or from (source `community:<n>`) another community. */
  across: MemberFlow[];
  /** Members, internal flows and flows across left out (0 with `full`). */
  moreMembers: number;
  moreFlows: number;
}

export interface CommunitiesViewOptions {
  /** Everything, nothing folded. */
  full?: boolean;
  /** Communities drawn before folding (default 200) and links drawn (default 1,000). */
  maxCommunities?: number;
  maxLinks?: number;
}

interface Detection {
  graph: FlowGraph;
  result: CommunitiesResult;
  communityOf: Map<string, number>;
  strength: Map<string, number>;
  /** Members of each community, by strength (largest first). */
  members: string[][];
  tagsOf: Map<string, Tag[]>;
  links: Map<string, { source: number; target: number; amounts: Map<string, bigint>; weight: number; edges: number }>;
  value: number[];
}

const cache = new WeakMap<GraphStore, { key: string; detection: Promise<Detection> }>();

function addAmounts(into: Map<string, bigint>, chain: string, amounts: Record<string, bigint>): void {
  for (const [asset, v] of Object.entries(amounts)) into.set(`${chain}/${asset}`, (into.get(`${chain}/${asset}`) ?? 0n) + v);
}

function amountsOut(m: Map<string, bigint>): { amounts: AmountsByAsset; amountText: string[] } {
  const keys = [...m.keys()].sort();
  const amounts: AmountsByAsset = {};
  const amountText: string[] = [];
  for (const key of keys) {
    const v = m.get(key) as bigint;
    amounts[key] = v.toString();
    const slash = key.indexOf('/');
    amountText.push(formatAmount(key.slice(0, slash), key.slice(slash + 1), v));
  }
  return { amounts, amountText };
}

async function detect(store: GraphStore): Promise<Detection> {
  const graph = await buildStoreFlowGraph(store);
  const tags: Tag[] = [];
  for await (const t of store.tags()) tags.push(t);
  const result = detectCommunities(graph, { seed: 42, topMembers: 10, tags });
  const communityOf = new Map<string, number>();
  for (const a of result.assignments) communityOf.set(`${a.chain}/${a.address}`, a.community);
  const strength = new Map<string, number>();
  const value = new Array<number>(result.count).fill(0);
  const links: Detection['links'] = new Map();
  graph.forEachEdge((_e, attr, source, target, sourceAttr) => {
    strength.set(source, (strength.get(source) ?? 0) + attr.weight);
    strength.set(target, (strength.get(target) ?? 0) + attr.weight);
    const cs = communityOf.get(source) as number;
    const ct = communityOf.get(target) as number;
    value[cs] += attr.weight;
    if (cs === ct) return;
    value[ct] += attr.weight;
    const key = `${cs}>${ct}`;
    let link = links.get(key);
    if (!link) {
      link = { source: cs, target: ct, amounts: new Map(), weight: 0, edges: 0 };
      links.set(key, link);
    }
    addAmounts(link.amounts, sourceAttr.chain, attr.amounts);
    link.weight += attr.weight;
    link.edges++;
  });
  const members: string[][] = Array.from({ length: result.count }, () => []);
  for (const [node, c] of communityOf) members[c].push(node);
  const s = (n: string) => strength.get(n) ?? 0;
  for (const m of members) m.sort((x, y) => s(y) - s(x) || (x < y ? -1 : 1));
  const tagsOf = new Map<string, Tag[]>();
  for (const t of tags) {
    const key = `${t.chain}/${t.address}`;
    if (communityOf.has(key)) tagsOf.set(key, [...(tagsOf.get(key) ?? []), t]);
  }
  return { graph, result, communityOf, strength, members, tagsOf, links, value };
}

/**
 * The detection for the store as it is now: recomputed when a source was imported since (an expansion
 * with --allow-fetch records one; every import does, and its hash changes with its content). The list
 * of sources is small and cheap to read, unlike counts over 10^6 transfers.
 */
async function detection(store: GraphStore): Promise<Detection> {
  const key = (await store.listSources()).map((s) => `${s.name}\u0000${s.sha256}`).join('\n');
  const hit = cache.get(store);
  if (hit && hit.key === key) return hit.detection;
  const d = detect(store);
  cache.set(store, { key, detection: d });
  d.catch(() => cache.delete(store));
  return d;
}

function textOf(m: Record<string, bigint>): string[] {
  return Object.entries(m).map(([key, v]) => {
    const slash = key.indexOf('/');
    return formatAmount(key.slice(0, slash), key.slice(slash + 1), v);
  });
}

/** Communities of the store's value flows as super-nodes, and the links between them as super-edges. */
export async function communitiesOverview(ws: { store: GraphStore }, options: CommunitiesViewOptions = {}): Promise<CommunitiesOverview> {
  const d = await detection(ws.store);
  const { result } = d;
  const maxCommunities = options.full ? Number.POSITIVE_INFINITY : (options.maxCommunities ?? 200);
  const maxLinks = options.full ? Number.POSITIVE_INFINITY : (options.maxLinks ?? 1000);
  const shown = (c: number) => c < maxCommunities;
  const communities: CommunityNode[] = result.communities.filter((c) => shown(c.community)).map((c) => ({
    community: c.community,
    size: c.size,
    value: d.value[c.community],
    topMembers: c.topMembers,
    tagged: c.taggedMembers.slice(0, 20),
    taggedCount: c.taggedMembers.length,
    internal: textOf(c.internal),
  }));
  const folded = result.communities.filter((c) => !shown(c.community));
  // Links: those between drawn communities as they are; those touching folded ones summed per drawn end.
  const merged = new Map<string, { source: number; target: number; amounts: Map<string, bigint>; weight: number; edges: number }>();
  for (const link of d.links.values()) {
    const source = shown(link.source) ? link.source : -1;
    const target = shown(link.target) ? link.target : -1;
    if (source === target) continue;
    const key = `${source}>${target}`;
    let m = merged.get(key);
    if (!m) {
      m = { source, target, amounts: new Map(), weight: 0, edges: 0 };
      merged.set(key, m);
    }
    for (const [k, v] of link.amounts) m.amounts.set(k, (m.amounts.get(k) ?? 0n) + v);
    m.weight += link.weight;
    m.edges += link.edges;
  }
  if (folded.length > 0) {
    communities.push({
      community: -1,
      size: folded.reduce((s, c) => s + c.size, 0),
      value: folded.reduce((s, c) => s + d.value[c.community], 0),
      topMembers: [],
      tagged: folded.flatMap((c) => c.taggedMembers).slice(0, 20),
      taggedCount: folded.reduce((s, c) => s + c.taggedMembers.length, 0),
      internal: [],
      folded: folded.length,
    });
  }
  const all = [...merged.values()].sort((x, y) => y.weight - x.weight || x.source - y.source || x.target - y.target);
  const links: CommunityLink[] = all.slice(0, maxLinks).map((l) => ({ id: `${l.source}>${l.target}`, source: l.source, target: l.target, ...amountsOut(l.amounts), weight: l.weight, edges: l.edges }));
  return {
    modularity: result.modularity,
    count: result.count,
    nodes: result.nodes,
    edges: result.edges,
    communities,
    links,
    foldedCommunities: folded.length,
    foldedLinks: all.length - links.length,
  };
}

/** One community: its members (the most connected first), the flows between them, and their flows to and from other communities. */
export async function communityDetail(ws: { store: GraphStore }, query: { community?: string; full?: boolean }): Promise<CommunityDetail> {
  if (query.community === undefined || !/^\d+$/.test(query.community)) throw invalidInput('give a community number', { field: 'community' }, { value: query.community });
  const d = await detection(ws.store);
  const id = Number(query.community);
  if (id >= d.result.count) throw new LedgerhoundError('NOT_FOUND', `no community ${id}`, { community: id });
  const maxMembers = query.full ? Number.POSITIVE_INFINITY : 300;
  const maxFlows = query.full ? Number.POSITIVE_INFINITY : 1500;
  const all = d.members[id];
  const listed = all.slice(0, maxMembers);
  const isListed = new Set(listed);
  const members: CommunityMember[] = listed.map((key) => {
    const attr = d.graph.getNodeAttributes(key);
    const m: CommunityMember = { id: key, chain: attr.chain, address: attr.address, strength: d.strength.get(key) ?? 0 };
    const tag = d.tagsOf.get(key)?.[0];
    if (tag) {
      m.label = tag.label;
      m.category = tag.category;
    }
    return m;
  });
  const internal: MemberFlow[] = [];
  const across = new Map<string, { source: string; target: string; amounts: Map<string, bigint>; weight: number }>();
  for (const key of listed) {
    d.graph.forEachOutEdge(key, (_e, attr, source, target, sourceAttr) => {
      const ct = d.communityOf.get(target) as number;
      if (ct === id) {
        if (isListed.has(target)) internal.push({ id: `${source}>${target}`, source, target, ...amountsOut(new Map(Object.entries(attr.amounts).map(([a, v]) => [`${sourceAttr.chain}/${a}`, v]))), weight: attr.weight });
        return;
      }
      const k = `${source}>community:${ct}`;
      const a = across.get(k) ?? { source, target: `community:${ct}`, amounts: new Map(), weight: 0 };
      addAmounts(a.amounts, sourceAttr.chain, attr.amounts);
      a.weight += attr.weight;
      across.set(k, a);
    });
    d.graph.forEachInEdge(key, (_e, attr, source, target, sourceAttr) => {
      const cs = d.communityOf.get(source) as number;
      if (cs === id) return;
      const k = `community:${cs}>${target}`;
      const a = across.get(k) ?? { source: `community:${cs}`, target, amounts: new Map(), weight: 0 };
      addAmounts(a.amounts, sourceAttr.chain, attr.amounts);
      a.weight += attr.weight;
      across.set(k, a);
    });
  }
  const byWeight = <T extends { weight: number; source: string; target: string }>(x: T, y: T) => y.weight - x.weight || (x.source < y.source ? -1 : x.source > y.source ? 1 : x.target < y.target ? -1 : 1);
  internal.sort(byWeight);
  const acrossList = [...across.values()].sort(byWeight);
  const keptInternal = internal.slice(0, maxFlows);
  const keptAcross = acrossList.slice(0, maxFlows);
  const report = d.result.communities[id];
  return {
    community: id,
    size: all.length,
    members,
    tagged: report.taggedMembers,
    internal: keptInternal,
    across: keptAcross.map((a) => ({ id: `${a.source}>${a.target}`, source: a.source, target: a.target, ...amountsOut(a.amounts), weight: a.weight })),
    moreMembers: all.length - listed.length,
    moreFlows: internal.length - keptInternal.length + acrossList.length - keptAcross.length,
  };
}
