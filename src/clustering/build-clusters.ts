// Union-find over all links of all heuristics, with a cluster-collapse guard. One false link between
// two large clusters merges them into a "super-cluster" that swallows unrelated entities (Harrigan and
// Fretter, "The Unreasonable Effectiveness of Address Clustering", 2016; Möser and Narayanan,
// "Resurrecting Address Clustering in Bitcoin", FC 2022). So every merge of two clusters that both
// already have `reportMerge` members is reported, and with `maxMerge` a merge of two clusters that both
// have at least that many members is refused (the link is kept out of the clustering and listed).
// Links are applied in the order given (chain order), so the result is deterministic.

import type { ClusterAssignment, ClusterLink } from '../ports.js';
import { ClusterBuilder, type ClusterBuilderOptions, type CollapseReport } from './cluster-builder.js';

export type { CollapseReport } from './cluster-builder.js';

export type BuildClustersOptions = ClusterBuilderOptions;

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

/**
 * Joins addresses by `links` (union-find per chain), guarding against cluster collapse; links and
 * assignments as arrays (for big inputs, feed a `ClusterBuilder` and iterate its result instead).
 */
export function buildClusters(links: Iterable<ClusterLink>, options: BuildClustersOptions = {}): BuildClustersResult {
  const builder = new ClusterBuilder(options);
  const kept: ClusterLink[] = [];
  for (const link of links) if (builder.add(link)) kept.push(link);
  const built = builder.finish();
  return {
    links: kept,
    assignments: [...built.assignments()],
    collapses: built.collapses,
    ignored: built.ignored,
    clusters: built.clusters,
    largest: built.largest,
  };
}
