// `ledgerhound case new --intake intake.csv --out case.yaml`: victims' complaints become a case file, each
// payment resolved to its transfer id or output from the store (app/case-intake.ts). Any row that does not
// match (chain, transaction, recipient, asset, amount) is reported by line and nothing is written, unless
// `--partial` writes the case from the rows that did match. `--export victim[@address]=file` (repeatable)
// reads a victim's own Etherscan-family or Tronscan CSV export: its outgoing payments are complaint rows too.

import { existsSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { caseFromIntake, type ExplorerExportInput } from '../../app/case-intake.js';
import { invalidInput } from '../../src/errors.js';
import type { IntakeMatch } from '../../src/restitution/intake-match.js';
import { type CommonOptions, withCommonOptions } from '../common.js';
import { action, printJson } from '../output.js';

interface CaseNewOptions extends CommonOptions {
  intake?: string;
  export: string[];
  paidTo: string[];
  chain?: string;
  out: string;
  name?: string;
  source: string[];
  partial?: boolean;
  force?: boolean;
}

function rowText(m: IntakeMatch): string {
  const where = m.file === undefined ? `line ${m.line}` : `${m.file} line ${m.line}`;
  if (m.status === 'resolved') return `  ${where} ${m.victim}: resolved to ${m.chain} ${m.ref}`;
  return `  ${where} ${m.victim}: ${m.field} mismatch: ${m.reason}${m.found && m.field === 'recipient' ? ` (it pays ${m.found.join(', ')})` : ''}`;
}

/** `victim[@address]=file` of `--export`. */
function parseExport(spec: string): ExplorerExportInput {
  const m = /^([A-Za-z0-9][A-Za-z0-9_.-]{0,63})(?:@([^=]+))?=(.+)$/.exec(spec);
  if (!m) throw invalidInput('must be victim=file or victim@address=file (victim: letters, digits, _ . -)', { field: '--export' }, { value: spec });
  return m[2] === undefined ? { victim: m[1], file: m[3] } : { victim: m[1], address: m[2], file: m[3] };
}

export function register(program: Command): void {
  const kase = program.command('case').description('case files');
  withCommonOptions(
    kase
      .command('new')
      .description("a case file from victims' complaints (intake.csv), each payment resolved from the store")
      .option('--intake <file>', 'complaints CSV: victim,name,contact,date,chain,txHash,recipient,amount,asset,reportedLoss,currency')
      .option('--export <victim=file>', "a victim's Etherscan-family or Tronscan CSV export, victim=file or victim@address=file (repeatable)", (v: string, acc: string[]) => [...acc, v], [])
      .option('--paid-to <address>', 'take only export payments to this address (repeatable)', (v: string, acc: string[]) => [...acc, v], [])
      .option('--chain <chain>', 'chain of Etherscan-family exports (bsc, polygon, ...)', 'ethereum')
      .requiredOption('--out <file>', 'case file to write (case.yaml)')
      .option('--name <name>', 'case name')
      .option('--source <file>', "data file the case loads, relative to the case file (repeatable)", (v: string, acc: string[]) => [...acc, v], [])
      .option('--partial', 'write the case from the rows that matched even if others did not')
      .option('--force', 'overwrite --out if it exists'),
  ).action(
    action(async (opts: CaseNewOptions) => {
      if (existsSync(opts.out) && !opts.force) throw invalidInput(`${opts.out} exists (use --force to overwrite)`, { field: '--out' }, { value: opts.out });
      if (opts.intake === undefined && opts.export.length === 0) throw invalidInput('give --intake or --export', { field: '--intake' });
      const result = await caseFromIntake({
        intakeFile: opts.intake,
        exports: opts.export.map(parseExport),
        exportChain: opts.chain,
        paidTo: opts.paidTo,
        out: opts.out,
        name: opts.name,
        sources: opts.source,
        store: { store: opts.store, cwd: process.cwd(), chosen: Boolean(opts.store || process.env.LEDGERHOUND_STORE) },
      });
      const failed = result.rows.filter((m) => m.status === 'mismatch');
      const input = opts.intake ?? result.exports[0]?.file;
      const skippedText = result.skipped.map((k) => `  ${k.file} line ${k.line} ${k.victim}: skipped ${k.txHash}: ${k.reason}`);
      if (failed.length > 0 && !opts.partial) {
        const first = failed[0];
        throw invalidInput(`${failed.length} of ${result.rows.length} row(s) do not match the store; nothing written (fix the rows, or --partial):\n${failed.map(rowText).join('\n')}`, { file: first.file ?? opts.intake, line: first.line, field: first.status === 'mismatch' ? first.field : undefined }, { rows: failed });
      }
      if (result.resolved === 0) throw invalidInput(`${input}: no payment matched the store; nothing written`, { file: input }, { rows: failed, skipped: result.skipped });
      writeFileSync(opts.out, result.text);
      if (opts.json) printJson({ out: opts.out, resolved: result.resolved, mismatched: result.mismatched, rows: result.rows, skipped: result.skipped, exports: result.exports });
      else process.stdout.write(`wrote ${opts.out}: ${result.resolved} payment(s), ${result.mismatched} row(s) not matched\n${[...result.rows.map(rowText), ...skippedText].join('\n')}\n`);
    }),
  );
}
