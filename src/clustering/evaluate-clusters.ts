// Pairwise precision and recall of a clustering against known ownership (the measure used by
// Harrigan and Fretter 2016 and Kappos et al. 2022): precision = share of same-cluster address pairs
// that truly share an owner; recall = share of same-owner pairs that the clustering put together.
// Addresses missing from the clustering count as singletons.

export interface ClusterScore {
  precision: number;
  recall: number;
  /** Same-cluster pairs, same-owner pairs, and pairs that are both. */
  predictedPairs: number;
  truePairs: number;
  correctPairs: number;
  /** Clusters (2+ members) holding addresses of more than one owner. */
  mixedClusters: number;
}

const pairs = (n: number): number => (n * (n - 1)) / 2;

/**
 * Scores `clusterOf` (address -> cluster id) against `ownerOf` (address -> true owner), over the
 * addresses of `ownerOf`.
 */
export function evaluateClusters(clusterOf: ReadonlyMap<string, string>, ownerOf: ReadonlyMap<string, string>): ClusterScore {
  const cellSizes = new Map<string, number>();
  const clusterSizes = new Map<string, number>();
  const ownerSizes = new Map<string, number>();
  const ownersInCluster = new Map<string, Set<string>>();
  for (const [address, owner] of ownerOf) {
    const cluster = clusterOf.get(address) ?? `\u0000${address}`;
    const cell = `${cluster}\u0000${owner}`;
    cellSizes.set(cell, (cellSizes.get(cell) ?? 0) + 1);
    clusterSizes.set(cluster, (clusterSizes.get(cluster) ?? 0) + 1);
    ownerSizes.set(owner, (ownerSizes.get(owner) ?? 0) + 1);
    let owners = ownersInCluster.get(cluster);
    if (!owners) {
      owners = new Set();
      ownersInCluster.set(cluster, owners);
    }
    owners.add(owner);
  }
  let correctPairs = 0;
  for (const n of cellSizes.values()) correctPairs += pairs(n);
  let predictedPairs = 0;
  for (const n of clusterSizes.values()) predictedPairs += pairs(n);
  let truePairs = 0;
  for (const n of ownerSizes.values()) truePairs += pairs(n);
  let mixedClusters = 0;
  for (const owners of ownersInCluster.values()) if (owners.size > 1) mixedClusters++;
  return {
    precision: predictedPairs === 0 ? 1 : correctPairs / predictedPairs,
    recall: truePairs === 0 ? 1 : correctPairs / truePairs,
    predictedPairs,
    truePairs,
    correctPairs,
    mixedClusters,
  };
}
