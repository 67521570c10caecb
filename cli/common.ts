// Options every command shares: `--store` (SQLite path or Neo4j URL) and `--json`, and opening the
// command's store through the application layer (app/store.ts) with the working folder and environment.

import type { Command } from 'commander';
import { type StoreChoice, withStore as withAppStore } from '../app/store.js';
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

/**
 * Opens the command's store, runs `fn`, and closes the store whatever happens. `readOnly` (commands
 * that only read): the store must exist and SQLite opens read-only; `mustExist`: must exist, opens for writing.
 */
export function withStore<T>(opts: CommonOptions & Omit<StoreChoice, 'cwd' | 'chosen'>, fn: (store: GraphStore) => Promise<T>): Promise<T> {
  return withAppStore({ store: opts.store, caseFile: opts.caseFile, readOnly: opts.readOnly, mustExist: opts.mustExist, cwd: process.cwd(), chosen: Boolean(opts.store || process.env.LEDGERHOUND_STORE) }, fn);
}
