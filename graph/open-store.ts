// Opens the store named by `--store` / LEDGERHOUND_STORE: a SQLite file path (embedded default) or a
// Neo4j URL (neo4j://, neo4j+s://, bolt://, bolt+s://) whose credentials come from NEO4J_USER and
// NEO4J_PASSWORD, never from the URL or the command line. Another scheme is refused; read commands never
// create a store and open SQLite read-only.

import { statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { invalidInput, LedgerhoundError } from '../src/errors.js';
import type { GraphStore } from '../src/ports.js';

const NEO4J_URL = /^(neo4j|neo4j\+s|neo4j\+ssc|bolt|bolt\+s|bolt\+ssc):\/\//i;
/** `scheme:` at the start of a location (two letters or more: `C:\` is a Windows drive, not a scheme). */
const SCHEME = /^([a-z][a-z0-9+.-]+):/i;

export function isNeo4jLocation(location: string): boolean {
  return NEO4J_URL.test(location);
}

export interface OpenStoreOptions {
  /**
   * For commands that only read: the store must already exist (NOT_FOUND naming the path otherwise; an
   * empty store is never created), and SQLite opens it read-only, so an archived store on write-protected
   * media opens and nothing can change it.
   */
  readOnly?: boolean;
  /** The store must already exist, but is opened for writing (commands that add derived data to it). */
  mustExist?: boolean;
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

/**
 * Refuses a location that is neither a Neo4j URL nor a file path: another scheme (`http://`, `file:`),
 * or a Neo4j URL without `//` (`neo4j:host`), which would otherwise become a SQLite file of that name.
 */
export function checkStoreLocation(location: string): void {
  if (isNeo4jLocation(location)) return;
  const scheme = SCHEME.exec(location)?.[1];
  if (scheme === undefined) return;
  const neo4jLike = /^(neo4j|bolt)/i.test(scheme);
  throw invalidInput(
    `unknown store location scheme "${scheme}:": give a SQLite file path or a Neo4j URL (neo4j://, neo4j+s://, bolt://, bolt+s://)${neo4jLike ? `; did you mean ${scheme}://${location.slice(scheme.length + 1).replace(/^\/+/, '')}?` : ''}`,
    { field: '--store' },
    { store: location, scheme },
  );
}

/** Opens the store at `location` (a SQLite file path or a Neo4j URL). */
export async function openStore(location: string, options: OpenStoreOptions = {}): Promise<GraphStore> {
  checkStoreLocation(location);
  if (isNeo4jLocation(location)) {
    const { openNeo4jStore } = await import('./neo4j/neo4j-store.js');
    return openNeo4jStore({ url: location });
  }
  if (location !== ':memory:') {
    const stat = statSync(location, { throwIfNoEntry: false });
    if (stat === undefined && (options.readOnly || options.mustExist)) {
      throw new LedgerhoundError('NOT_FOUND', `no store at ${resolve(location)}`, { store: location, path: resolve(location) });
    }
    if (stat?.isDirectory()) {
      throw invalidInput(`${location} is a directory: give the store's file (as a rule <dir>/.ledgerhound/case.db)`, { field: '--store' }, { store: location });
    }
  }
  const { openSqliteStore } = await import('./sqlite/sqlite-store.js');
  return openSqliteStore(location, { readonly: options.readOnly });
}
