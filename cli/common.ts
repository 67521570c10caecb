// Options every command shares: `--store` (SQLite path or Neo4j URL) and `--json`; opening the
// command's store, and saying where stores are when a read command finds none.

import { type Dirent, existsSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { type OpenStoreOptions, openStore, resolveStoreLocation } from '../graph/open-store.js';
import { isLedgerhoundError, LedgerhoundError } from '../src/errors.js';
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

/** Stores listed in a "no store" message at most. */
const MAX_FOUND = 10;

/**
 * Default stores (`.ledgerhound/case.db`) in the directories up to two levels below `dir`, as paths
 * relative to it: after `trace samples/x/case.yaml` the store is `samples/x/.ledgerhound/case.db`.
 */
export function findStoresBelow(dir: string): string[] {
  const found: string[] = [];
  const visit = (at: string, depth: number): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(at, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (!e.isDirectory() || e.name.startsWith('.') || e.name === 'node_modules') continue;
      const sub = join(at, e.name);
      if (existsSync(join(sub, '.ledgerhound', 'case.db'))) found.push(relative(dir, join(sub, '.ledgerhound', 'case.db')));
      if (depth < 2) visit(sub, depth + 1);
    }
  };
  visit(dir, 1);
  return found;
}

/** The NOT_FOUND error of a read command without a store: where it looked, the default, and stores nearby. */
function missingStore(e: LedgerhoundError, opts: CommonOptions & { caseFile?: string }): LedgerhoundError {
  const location = String(e.details.store);
  const explicit = Boolean(opts.store || process.env.LEDGERHOUND_STORE);
  const defaultStore = resolveStoreLocation({ caseFile: opts.caseFile, store: undefined });
  const found = findStoresBelow(process.cwd());
  const lines = [`no store at ${resolve(location)}: nothing imported there yet (this command only reads a store, it does not create one).`];
  if (explicit) lines.push(`The default store here is ${relative(process.cwd(), defaultStore) || defaultStore} (without --store or LEDGERHOUND_STORE).`);
  else lines.push(`That is the default store${opts.caseFile ? ' of this case' : ' of commands run in this directory without a case file'}; --store PATH or LEDGERHOUND_STORE choose another.`);
  if (found.length > 0) {
    lines.push(`Stores below this directory: ${found.slice(0, MAX_FOUND).join(', ')}${found.length > MAX_FOUND ? `, ... (${found.length} in all)` : ''}`);
    lines.push(`e.g. --store ${found[0]}`);
  }
  return new LedgerhoundError('NOT_FOUND', lines.join('\n'), { ...e.details, defaultStore, found }, { cause: e });
}

/**
 * Opens the command's store, runs `fn`, and closes the store whatever happens. `readOnly` (commands
 * that only read): the store must exist and SQLite opens read-only; `mustExist`: must exist, opens for writing.
 */
export async function withStore<T>(opts: CommonOptions & OpenStoreOptions & { caseFile?: string }, fn: (store: GraphStore) => Promise<T>): Promise<T> {
  let store: GraphStore;
  try {
    store = await openStore(resolveStoreLocation(opts), { readOnly: opts.readOnly, mustExist: opts.mustExist });
  } catch (e) {
    if (isLedgerhoundError(e, 'NOT_FOUND') && e.details.store !== undefined) throw missingStore(e, opts);
    throw e;
  }
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
