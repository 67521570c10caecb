// `ledgerhound export-neo4j-csv <dir>`: writes the store (SQLite or Neo4j) as CSV files for
// `neo4j-admin database import full`, to load a whole chain into Neo4j at bulk speed (docs/neo4j.md).

import type { Command } from 'commander';
import { exportNeo4jCsv } from '../../graph/neo4j/csv-export.js';
import { type CommonOptions, withCommonOptions, withStore } from '../common.js';
import { action, printJson } from '../output.js';
import { createProgress } from '../progress.js';

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

export function register(program: Command): void {
  withCommonOptions(
    program
      .command('export-neo4j-csv')
      .description('write the store as node and relationship CSV files for neo4j-admin database import full')
      .argument('<dir>', 'directory for the CSV files (created if needed)')
      .option('--namespace <name>', 'namespace of the Neo4j store the files will be (its URL\'s ?namespace=)', 'default'),
  ).action(
    action(async (dir: string, opts: CommonOptions & { namespace: string }) => {
      await withStore({ ...opts, readOnly: true }, async (store) => {
        const progress = createProgress({ label: 'export-neo4j-csv', quiet: opts.json });
        const result = await exportNeo4jCsv(store, dir, { namespace: opts.namespace, onProgress: (n) => progress.set(n) });
        progress.done();
        const command = ['neo4j-admin', 'database', 'import', 'full', ...result.importArgs, 'neo4j'];
        if (opts.json) {
          printJson({ store: store.location, dir: result.dir, namespace: opts.namespace, files: result.files, command, shellCommand: command.map(shellQuote).join(' ') });
          return;
        }
        for (const [name, rows] of Object.entries(result.files)) console.log(`${name}: ${rows.toLocaleString('en-US')} rows`);
        console.log('load into a stopped Neo4j 5 server (an empty database named neo4j) with:');
        console.log(`  ${command.map(shellQuote).join(' \\\n    ')}`);
      });
    }),
  );
}
