// The store implementations every store-backed suite runs against: the embedded SQLite store always,
// and Neo4j when the test setup started a server (NEO4J_URL set). Use `describe.each(storeFactories())`.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { openNeo4jStore } from '../../graph/neo4j/neo4j-store.js';
import { openSqliteStore } from '../../graph/sqlite/sqlite-store.js';
import type { GraphStore } from '../../src/ports.js';

export interface StoreFactory {
  name: string;
  /** A new, empty store. */
  create(): Promise<GraphStore>;
}

export function tempDir(prefix = 'lh-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export const sqliteFactory: StoreFactory = {
  name: 'sqlite',
  create: async () => openSqliteStore(join(tempDir(), 'case.db')),
};

const extraFactories: StoreFactory[] = [];

/** Lets another module (the Neo4j support file) add its factory. */
export function registerStoreFactory(factory: StoreFactory): void {
  extraFactories.push(factory);
}

/**
 * The Neo4j store on the server the test setup started (NEO4J_URL, NEO4J_USER, NEO4J_PASSWORD).
 * Community edition has one user database, and vitest runs test files in parallel workers, so each
 * `create()` gets a namespace of its own (`?namespace=` in the URL: every node carries it): stores never
 * see each other's data, need no wipe and no serialisation, and `location` reopens the same store.
 */
export const neo4jFactory: StoreFactory = {
  name: 'neo4j',
  create: async () => {
    const base = process.env.NEO4J_URL;
    if (!base) throw new Error('NEO4J_URL is not set: the neo4j test service is not running');
    const url = new URL(base);
    url.searchParams.set('namespace', `t${process.pid}-${randomBytes(6).toString('hex')}`);
    return openNeo4jStore({ url: url.toString() });
  },
};

export function storeFactories(): StoreFactory[] {
  return [sqliteFactory, ...(process.env.NEO4J_URL ? [neo4jFactory] : []), ...extraFactories];
}
