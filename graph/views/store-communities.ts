// Communities of a store's value-flow graph: reads the flow entries (flow-graph.ts: summed per address
// pair in the store where it can), runs Louvain (src/clustering/communities.ts) with the store's tags,
// and stores the membership atomically.

import { type CommunitiesResult, type DetectCommunitiesOptions, detectFlowCommunities } from '../../src/clustering/communities.js';
import type { Tag } from '../../src/model/tag.js';
import type { GraphStore } from '../../src/ports.js';
import { type FlowGraphOptions, readStoreFlowEdges } from './flow-graph.js';

export interface StoreCommunitiesOptions extends FlowGraphOptions, Omit<DetectCommunitiesOptions, 'tags'> {
  /** Compute but do not store the membership. */
  dryRun?: boolean;
}

/** Detects the communities of the store's flow graph and replaces the stored membership. */
export async function detectStoreCommunities(store: GraphStore, options: StoreCommunitiesOptions = {}): Promise<CommunitiesResult> {
  const flow = await readStoreFlowEdges(store, options);
  const tags: Tag[] = [];
  for await (const t of store.tags()) tags.push(t);
  const result = detectFlowCommunities(flow, { ...options, tags });
  if (!options.dryRun) await store.replaceCommunities(result.assignments);
  return result;
}
