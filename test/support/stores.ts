// The store implementations every store-backed suite runs against: the embedded SQLite store always,
// and Neo4j when the test setup started a server (NEO4J_URL set). Use `describe.each(storeFactories())`.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

export function storeFactories(): StoreFactory[] {
  return [sqliteFactory, ...extraFactories];
}
