// Options every command shares: `--store` (SQLite path or Neo4j URL) and `--json`.

import type { Command } from 'commander';
import { openStore, resolveStoreLocation } from '../graph/open-store.js';
import type { GraphStore } from '../src/ports.js';

export interface CommonOptions {
  store?: string;
  json?: boolean;
}

export function withCommonOptions(cmd: Command): Command {
  return cmd
    .option('--store <location>', 'store: SQLite file path or neo4j:// URL (default: LEDGERHOUND_STORE, else <case dir>/.ledgerhound/case.db)')
    .option('--json', 'machine-readable output on stdout');
}

/** Opens the command's store, runs `fn`, and closes the store whatever happens. */
export async function withStore<T>(opts: CommonOptions & { caseFile?: string }, fn: (store: GraphStore) => Promise<T>): Promise<T> {
  const store = await openStore(resolveStoreLocation(opts));
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
