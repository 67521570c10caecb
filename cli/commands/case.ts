// `ledgerhound case new --intake intake.csv --out case.yaml`: victims' complaints become a case file, each
// payment resolved to its transfer id or output from the store (app/case-intake.ts). Any row that does not
// match (chain, transaction, recipient, asset, amount) is reported by line and nothing is written, unless
// `--partial` writes the case from the rows that did match.

import { existsSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { caseFromIntake } from '../../app/case-intake.js';
import { invalidInput } from '../../src/errors.js';
import type { IntakeMatch } from '../../src/restitution/intake-match.js';
import { type CommonOptions, withCommonOptions } from '../common.js';
import { action, printJson } from '../output.js';

interface CaseNewOptions extends CommonOptions {
  intake: string;
  out: string;
  name?: string;
  source: string[];
  partial?: boolean;
  force?: boolean;
}

function rowText(m: IntakeMatch): string {
  if (m.status === 'resolved') return `  line ${m.line} ${m.victim}: resolved to ${m.chain} ${m.ref}`;
  return `  line ${m.line} ${m.victim}: ${m.field} mismatch: ${m.reason}${m.found && m.field === 'recipient' ? ` (it pays ${m.found.join(', ')})` : ''}`;
}

export function register(program: Command): void {
  const kase = program.command('case').description('case files');
  withCommonOptions(
    kase
      .command('new')
      .description("a case file from victims' complaints (intake.csv), each payment resolved from the store")
      .requiredOption('--intake <file>', 'complaints CSV: victim,name,contact,date,chain,txHash,recipient,amount,asset,reportedLoss,currency')
      .requiredOption('--out <file>', 'case file to write (case.yaml)')
      .option('--name <name>', 'case name')
      .option('--source <file>', "data file the case loads, relative to the case file (repeatable)", (v: string, acc: string[]) => [...acc, v], [])
      .option('--partial', 'write the case from the rows that matched even if others did not')
      .option('--force', 'overwrite --out if it exists'),
  ).action(
    action(async (opts: CaseNewOptions) => {
      if (existsSync(opts.out) && !opts.force) throw invalidInput(`${opts.out} exists (use --force to overwrite)`, { field: '--out' }, { value: opts.out });
      const result = await caseFromIntake({
        intakeFile: opts.intake,
        out: opts.out,
        name: opts.name,
        sources: opts.source,
        store: { store: opts.store, cwd: process.cwd(), chosen: Boolean(opts.store || process.env.LEDGERHOUND_STORE) },
      });
      const failed = result.rows.filter((m) => m.status === 'mismatch');
      if (failed.length > 0 && !opts.partial) {
        throw invalidInput(`${opts.intake}: ${failed.length} of ${result.rows.length} row(s) do not match the store; nothing written (fix the rows, or --partial):\n${failed.map(rowText).join('\n')}`, { file: opts.intake }, { rows: failed });
      }
      if (result.resolved === 0) throw invalidInput(`${opts.intake}: no row matched the store; nothing written`, { file: opts.intake }, { rows: failed });
      writeFileSync(opts.out, result.text);
      if (opts.json) printJson({ out: opts.out, resolved: result.resolved, mismatched: result.mismatched, rows: result.rows });
      else process.stdout.write(`wrote ${opts.out}: ${result.resolved} payment(s), ${result.mismatched} row(s) not matched\n${result.rows.map(rowText).join('\n')}\n`);
    }),
  );
}
