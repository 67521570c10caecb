// Opens the store named by `--store` / LEDGERHOUND_STORE: a SQLite file path (embedded default) or a
// Neo4j URL (neo4j://, neo4j+s://, bolt://, bolt+s://) whose credentials come from NEO4J_USER and
// NEO4J_PASSWORD, never from the URL or the command line.

import { dirname, join, resolve } from 'node:path';
import type { GraphStore } from '../src/ports.js';

const NEO4J_URL = /^(neo4j|neo4j\+s|neo4j\+ssc|bolt|bolt\+s|bolt\+ssc):\/\//i;

export function isNeo4jLocation(location: string): boolean {
  return NEO4J_URL.test(location);
}

/**
 * The store location for a command: the explicit option, else LEDGERHOUND_STORE, else
 * `<case file dir>/.ledgerhound/case.db`, else `./.ledgerhound/case.db`.
 */
export function resolveStoreLocation(opts: { store?: string; caseFile?: string }): string {
  if (opts.store) return opts.store;
  if (process.env.LEDGERHOUND_STORE) return process.env.LEDGERHOUND_STORE;
  const base = opts.caseFile ? dirname(resolve(opts.caseFile)) : process.cwd();
  return join(base, '.ledgerhound', 'case.db');
}

export async function openStore(location: string): Promise<GraphStore> {
  if (isNeo4jLocation(location)) {
    const { openNeo4jStore } = await import('./neo4j/neo4j-store.js');
    return openNeo4jStore({ url: location });
  }
  const { openSqliteStore } = await import('./sqlite/sqlite-store.js');
  return openSqliteStore(location);
}
