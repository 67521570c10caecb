// Union-find over all links of all heuristics, with a cluster-collapse guard. One false link between
// two large clusters merges them into a "super-cluster" that swallows unrelated entities (Harrigan and
// Fretter, "The Unreasonable Effectiveness of Address Clustering", 2016; Möser and Narayanan,
// "Resurrecting Address Clustering in Bitcoin", FC 2022). So every merge of two clusters that both
// already have `reportMerge` members is reported, and with `maxMerge` a merge of two clusters that both
// have at least that many members is refused (the link is kept out of the clustering and listed).
// Links are applied in the order given (chain order), so the result is deterministic.

import type { ClusterAssignment, ClusterLink } from '../ports.js';
import { UnionFind } from './union-find.js';

export interface BuildClustersOptions {
  /** Refuse a merge when both clusters already have at least this many members. Default: never refuse. */
  maxMerge?: number;
  /** Report a merge when both clusters already have at least this many members. Default 100. */
  reportMerge?: number;
  /** Ignore links below this confidence (0-100). Default 0. */
  minConfidence?: number;
}

/** A merge of two large clusters, applied or refused. */
export interface CollapseReport {
  link: ClusterLink;
  /** Members of the cluster on `link.a`'s side and on `link.b`'s side before the merge. */
  sizeA: number;
  sizeB: number;
  refused: boolean;
}

export interface BuildClustersResult {
  /** Links that joined or confirmed clusters (refused and low-confidence links are left out). */
  links: ClusterLink[];
  /**
   * Every clustered address (in a cluster of 2+), with its cluster id: the cluster's smallest address.
   * By chain, then cluster (in order of first appearance), then order of first appearance.
   */
  assignments: ClusterAssignment[];
  collapses: CollapseReport[];
  /** Links ignored for `minConfidence`. */
  ignored: number;
  clusters: number;
  largest: number;
}

/** Joins addresses by `links` (union-find per chain), guarding against cluster collapse. */
export function buildClusters(links: Iterable<ClusterLink>, options: BuildClustersOptions = {}): BuildClustersResult {
  const maxMerge = options.maxMerge ?? Number.POSITIVE_INFINITY;
  const reportMerge = options.reportMerge ?? 100;
  const minConfidence = options.minConfidence ?? 0;
  const byChain = new Map<string, UnionFind>();
  const kept: ClusterLink[] = [];
  const collapses: CollapseReport[] = [];
  let ignored = 0;
  for (const link of links) {
    if (link.confidence < minConfidence) {
      ignored++;
      continue;
    }
    let uf = byChain.get(link.chain);
    if (!uf) {
      uf = new UnionFind();
      byChain.set(link.chain, uf);
    }
    const ra = uf.find(link.a);
    const rb = uf.find(link.b);
    if (ra !== rb) {
      const sizeA = uf.rootSize(ra);
      const sizeB = uf.rootSize(rb);
      const small = Math.min(sizeA, sizeB);
      const refused = small >= maxMerge;
      if (refused || small >= reportMerge) collapses.push({ link, sizeA, sizeB, refused });
      if (refused) continue;
      uf.unionRoots(ra, rb);
    }
    kept.push(link);
  }
  const assignments: ClusterAssignment[] = [];
  let clusters = 0;
  let largest = 0;
  for (const chain of [...byChain.keys()].sort()) {
    const uf = byChain.get(chain) as UnionFind;
    for (const members of uf.sets(2)) {
      clusters++;
      largest = Math.max(largest, members.length);
      let id = members[0];
      for (const m of members) if (m < id) id = m;
      for (const address of members) assignments.push({ chain, address, clusterId: id });
    }
  }
  return { links: kept, assignments, collapses, ignored, clusters, largest };
}
