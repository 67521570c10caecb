// Several clients opening stores at once on a fresh Neo4j database all create the schema
// (graph/neo4j/schema.ts): their schema locks can deadlock (Neo.TransientError.Transaction.
// DeadlockDetected, seen when parallel test files opened stores); the idempotent statements are retried,
// so every client opens its store.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openNeo4jStore } from '../../graph/neo4j/neo4j-store.js';
import { launchNeo4j, type Neo4jProcess } from '../services/neo4j/service.js';
import { neo4jWanted } from './support/dump-store.js';

describe.runIf(neo4jWanted())('Neo4j schema creation by clients racing on a fresh database', () => {
  const home = mkdtempSync(join(tmpdir(), 'lh-neo4j-race-'));
  let server: Neo4jProcess | undefined;
  afterAll(async () => {
    await server?.stop();
    rmSync(home, { recursive: true, force: true });
  });

  it('opens eight stores at once, each creating the schema', { timeout: 600_000 }, async () => {
    server = await launchNeo4j({ home, heapMb: 512, timeoutMs: 400_000 });
    const url = (ns: string) => `${server!.url}?namespace=${ns}`;
    const stores = await Promise.all(Array.from({ length: 8 }, (_, i) => openNeo4jStore({ url: url(`race${i}`), user: server!.user, password: server!.password })));
    try {
      for (const store of stores) expect((await store.stats()).conversions).toBe(0);
      const names = (await stores[0].query('SHOW INDEXES YIELD name RETURN name')).map((r) => r.name);
      expect(names).toEqual(expect.arrayContaining(['lh_into_ref', 'lh_outof_ref', 'lh_conversion']));
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });
});
