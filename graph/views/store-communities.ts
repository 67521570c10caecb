// Communities of a store's value-flow graph: builds the graph (flow-graph.ts), runs Louvain
// (src/clustering/communities.ts) with the store's tags, and stores the membership atomically.

import { type CommunitiesResult, type DetectCommunitiesOptions, detectCommunities } from '../../src/clustering/communities.js';
import type { Tag } from '../../src/model/tag.js';
import type { GraphStore } from '../../src/ports.js';
import { buildStoreFlowGraph, type FlowGraphOptions } from './flow-graph.js';

export interface StoreCommunitiesOptions extends FlowGraphOptions, Omit<DetectCommunitiesOptions, 'tags'> {
  /** Compute but do not store the membership. */
  dryRun?: boolean;
}

/** Detects the communities of the store's flow graph and replaces the stored membership. */
export async function detectStoreCommunities(store: GraphStore, options: StoreCommunitiesOptions = {}): Promise<CommunitiesResult> {
  const graph = await buildStoreFlowGraph(store, options);
  const tags: Tag[] = [];
  for await (const t of store.tags()) tags.push(t);
  const result = detectCommunities(graph, { ...options, tags });
  if (!options.dryRun) await store.replaceCommunities(result.assignments);
  return result;
}
