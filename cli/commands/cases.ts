// `ledgerhound cases list|delete --store neo4j://...`: the cases (namespaces) of one Neo4j server with
// their counts, and deleting one (app/cases.ts). A delete asks for --yes and can be rerun to finish
// one that was interrupted.

import type { Command } from 'commander';
import { type CaseSummary, deleteCase, describeCase, listCases } from '../../app/cases.js';
import { invalidInput, LedgerhoundError } from '../../src/errors.js';
import { type CommonOptions, withCommonOptions } from '../common.js';
import { action, printJson } from '../output.js';

interface DeleteOptions extends CommonOptions {
  yes?: boolean;
}

const n = (x: number) => x.toLocaleString('en-US');

function line(c: CaseSummary): string {
  const state = `${c.deleting ? '  (being deleted: run cases delete again)' : ''}${c.unfinishedImports ? `  (${c.unfinishedImports} unfinished import(s), removed on the next open)` : ''}`;
  return `${c.name}: ${n(c.transfers)} transfers, ${n(c.transactions)} transactions, ${n(c.addresses)} addresses, ${n(c.tags)} tags, ${n(c.sources)} sources, last import ${c.lastImport ?? '-'}${state}`;
}

export function register(program: Command): void {
  const cases = program.command('cases').description('the cases (namespaces) of a Neo4j server: list, delete');
  withCommonOptions(cases.command('list').description('every case on the server with its counts and last import')).action(
    action(async (opts: CommonOptions) => {
      const { store, cases: rows } = await listCases({ store: opts.store });
      if (opts.json) {
        printJson({ store, cases: rows });
        return;
      }
      console.log(`store: ${store}`);
      if (rows.length === 0) console.log('no cases');
      for (const c of rows) console.log(line(c));
    }),
  );
  withCommonOptions(
    cases
      .command('delete <name>')
      .description('delete one case (hidden at once, removed in bounded transactions; rerun to finish an interrupted delete)')
      .option('--yes', 'really delete (without it, the case is only described)'),
  ).action(
    action(async (name: string, opts: DeleteOptions) => {
      if (!opts.yes) {
        const found = await describeCase({ store: opts.store, name });
        if (!found) throw new LedgerhoundError('NOT_FOUND', `no case ${name} on the server`, { case: name });
        throw invalidInput(`this deletes case ${found.name} (${line(found)}): add --yes to delete it`, { field: '--yes' }, { case: found });
      }
      const result = await deleteCase({ store: opts.store, name });
      if (!result.existed) throw new LedgerhoundError('NOT_FOUND', `no case ${name} on the server`, { case: name });
      if (opts.json) printJson(result);
      else console.log(`deleted case ${name} (${n(result.removed)} nodes and relationships removed)`);
    }),
  );
}
