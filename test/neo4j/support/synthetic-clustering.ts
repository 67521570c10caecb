// A synthetic clustering of a given size for the staged-replacement tests (test/neo4j/cluster-*.test.ts):
// `n` addresses in clusters of 10 (a chain of links inside each), one inferred tag per cluster, and a
// community per address. `variant` changes the cluster ids, the evidence and the communities, so two
// variants differ in every record a reader can see.

import type { Tag } from '../../../src/model/tag.js';
import type { ClusterAssignment, ClusterLink, Clustering, CommunityAssignment } from '../../../src/ports.js';
import { evmAddress } from '../../support/addresses.js';

export const CHAIN = 'ethereum';

export const address = (i: number): string => evmAddress(`c${i}`);

export function syntheticClustering(n: number, variant: string): Clustering {
  const links: ClusterLink[] = [];
  const assignments: ClusterAssignment[] = [];
  const inferredTags: Tag[] = [];
  for (let i = 0; i < n; i++) {
    const head = i - (i % 10);
    assignments.push({ chain: CHAIN, address: address(i), clusterId: `${variant}-${address(head)}` });
    if (i !== head) links.push({ chain: CHAIN, a: address(i - 1), b: address(i), heuristic: 'deposit-address', confidence: 80, evidence: `${variant}:${i}` });
    else {
      inferredTags.push({
        chain: CHAIN,
        address: address(i),
        label: 'Exchange deposit',
        category: 'exchange',
        source: 'clustering',
        confidence: 60,
        inferredFrom: { heuristic: 'deposit-address', evidence: [`${variant}:${i}`] },
      } as Tag);
    }
  }
  return { links, assignments, inferredTags };
}

export function syntheticCommunities(n: number, variant: number): CommunityAssignment[] {
  return Array.from({ length: n }, (_, i) => ({ chain: CHAIN, address: address(i), community: (i % 97) + variant * 1000 }));
}
