// Use case `export-neo4j-csv <dir>`: the store as node and relationship CSV files for
// `neo4j-admin database import full` (graph/neo4j/csv-export.ts), and the command that loads them, as
// arguments and as one line a POSIX shell takes unchanged.

import { exportNeo4jCsv } from '../graph/neo4j/csv-export.js';
import type { GraphStore } from '../src/ports.js';

/** Characters a POSIX shell takes literally inside a word. */
const SHELL_SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * One argument as a POSIX shell must see it to pass it unchanged: `--array-delimiter=;` becomes
 * `--array-delimiter=';'` (a bare `;` would end the command), a path with spaces is quoted.
 */
export function shellQuote(arg: string): string {
  if (SHELL_SAFE.test(arg)) return arg;
  const quote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;
  const option = /^(--[A-Za-z0-9-]+=)(.*)$/s.exec(arg);
  return option ? option[1] + quote(option[2]) : quote(arg);
}

export interface Neo4jCsvExport {
  store: string;
  dir: string;
  namespace: string;
  /** Rows per file. */
  files: Record<string, number>;
  /** The neo4j-admin command, one argument each. */
  command: string[];
  /** The same command as one shell line. */
  shellCommand: string;
}

/** Writes the CSV files of `store` into `dir`. */
export async function exportStoreForNeo4j(store: GraphStore, dir: string, options: { namespace: string; onProgress?: (rows: number) => void }): Promise<Neo4jCsvExport> {
  const result = await exportNeo4jCsv(store, dir, { namespace: options.namespace, onProgress: options.onProgress });
  const command = ['neo4j-admin', 'database', 'import', 'full', ...result.importArgs, 'neo4j'];
  return { store: store.location, dir: result.dir, namespace: options.namespace, files: result.files, command, shellCommand: command.map(shellQuote).join(' ') };
}
