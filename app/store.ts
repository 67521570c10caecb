// Opening the store a use case works on (a SQLite file or a Neo4j URL, graph/open-store.ts) and closing
// it whatever happens. A command that only reads never creates a store: where none exists, the error
// says where it looked, which store is the default, and which stores lie below the working folder.

import { type Dirent, existsSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { isNeo4jLocation as isNeo4jUrl, type OpenStoreOptions, openStore, resolveStoreLocation } from '../graph/open-store.js';
import { isLedgerhoundError, LedgerhoundError } from '../src/errors.js';
import type { GraphStore } from '../src/ports.js';

export interface StoreChoice extends OpenStoreOptions {
  /** `--store`: a SQLite path or a Neo4j URL (else LEDGERHOUND_STORE, else the case's default store). */
  store?: string;
  /** The case file whose folder holds the default store. */
  caseFile?: string;
  /** The folder relative paths are read from (the caller's working folder). */
  cwd: string;
  /** Whether the location was chosen (option or environment) rather than defaulted, for the message. */
  chosen?: boolean;
}

/** Stores listed in a "no store" message at most. */
const MAX_FOUND = 10;

/** Whether a location names a Neo4j server rather than a SQLite file. */
export function isNeo4jLocation(location: string): boolean {
  return isNeo4jUrl(location);
}

/** The location a choice resolves to (option, LEDGERHOUND_STORE, case default, working-folder default). */
export function storeLocationOf(choice: Pick<StoreChoice, 'store' | 'caseFile'>): string {
  return resolveStoreLocation(choice);
}

/** Opens another store by location (`--from-store`), for writing or reading. */
export function openOtherStore(location: string, options: OpenStoreOptions = {}): Promise<GraphStore> {
  return openStore(location, options);
}

/**
 * Default stores (`.ledgerhound/case.db`) in the folders up to two levels below `dir`, relative to it:
 * after `trace samples/x/case.yaml` the store is `samples/x/.ledgerhound/case.db`.
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

/** The NOT_FOUND error of a read-only use case without a store: where it looked, the default, stores nearby. */
function missingStore(e: LedgerhoundError, choice: StoreChoice): LedgerhoundError {
  const location = String(e.details.store);
  const defaultStore = resolveStoreLocation({ caseFile: choice.caseFile, store: undefined });
  const found = findStoresBelow(choice.cwd);
  const lines = [`no store at ${resolve(choice.cwd, location)}: nothing imported there yet (this command only reads a store, it does not create one).`];
  if (choice.chosen) lines.push(`The default store here is ${relative(choice.cwd, defaultStore) || defaultStore} (without --store or LEDGERHOUND_STORE).`);
  else lines.push(`That is the default store${choice.caseFile ? ' of this case' : ' of commands run in this directory without a case file'}; --store PATH or LEDGERHOUND_STORE choose another.`);
  if (found.length > 0) {
    lines.push(`Stores below this directory: ${found.slice(0, MAX_FOUND).join(', ')}${found.length > MAX_FOUND ? `, ... (${found.length} in all)` : ''}`);
    lines.push(`e.g. --store ${found[0]}`);
  }
  return new LedgerhoundError('NOT_FOUND', lines.join('\n'), { ...e.details, defaultStore, found }, { cause: e });
}

/**
 * Opens the chosen store, runs `fn`, and closes the store whatever happens. `readOnly`: the store must
 * exist and SQLite opens read-only; `mustExist`: it must exist and opens for writing.
 */
export async function withStore<T>(choice: StoreChoice, fn: (store: GraphStore) => Promise<T>): Promise<T> {
  let store: GraphStore;
  try {
    store = await openStore(resolveStoreLocation(choice), { readOnly: choice.readOnly, mustExist: choice.mustExist });
  } catch (e) {
    if (isLedgerhoundError(e, 'NOT_FOUND') && e.details.store !== undefined) throw missingStore(e, choice);
    throw e;
  }
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
