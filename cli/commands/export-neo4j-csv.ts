// `ledgerhound export-neo4j-csv <dir>`: writes the store (SQLite or Neo4j) as CSV files for
// `neo4j-admin database import full`, to load a whole chain into Neo4j at bulk speed (docs/neo4j.md);
// use case app/export-neo4j-csv.ts.

import type { Command } from 'commander';
import { exportStoreForNeo4j, shellQuote } from '../../app/export-neo4j-csv.js';
import { type CommonOptions, withCommonOptions, withStore } from '../common.js';
import { action, printJson } from '../output.js';
import { createProgress } from '../progress.js';

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
        const result = await exportStoreForNeo4j(store, dir, { namespace: opts.namespace, onProgress: (n) => progress.set(n) });
        progress.done();
        if (opts.json) {
          printJson(result);
          return;
        }
        for (const [name, rows] of Object.entries(result.files)) console.log(`${name}: ${rows.toLocaleString('en-US')} rows`);
        console.log('load into a stopped Neo4j 5 server (an empty database named neo4j) with:');
        console.log(`  ${result.command.map(shellQuote).join(' \\\n    ')}`);
      });
    }),
  );
}
