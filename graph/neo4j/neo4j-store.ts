// Neo4j GraphStore: placeholder until graph/neo4j is built (issue: Neo4j graph store).

import { LedgerhoundError } from '../../src/errors.js';
import type { GraphStore } from '../../src/ports.js';

export async function openNeo4jStore(_opts: { url: string }): Promise<GraphStore> {
  throw new LedgerhoundError('STORE_FAILURE', 'the Neo4j store is not available in this build');
}
