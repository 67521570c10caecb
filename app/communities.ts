// Use case `communities`: Louvain communities of the store's value-flow graph (graph/views), seeded and
// weighted by value, with modularity, sizes, tagged members and flows; the membership is stored.

import { detectStoreCommunities } from '../graph/views/store-communities.js';
import type { CommunitiesResult } from '../src/clustering/communities.js';
import { parseDecimalNumber, parseInteger, parseWholeNumber } from '../src/input-values.js';
import type { GraphStore } from '../src/ports.js';

/** Settings as typed (absent: resolution 1, seed 42, 5 members listed per community). */
export interface CommunitiesInput {
  resolution?: string;
  seed?: string;
  asset?: string;
  chains?: string[];
  members?: string;
}

/** Detects and stores the communities of `store`. */
export function findCommunities(store: GraphStore, input: CommunitiesInput): Promise<CommunitiesResult> {
  return detectStoreCommunities(store, {
    resolution: parseDecimalNumber(input.resolution ?? '1', 'resolution'),
    seed: parseInteger(input.seed ?? '42', 'seed'),
    asset: input.asset,
    chains: input.chains,
    topMembers: parseWholeNumber(input.members ?? '5', 'members'),
  });
}
