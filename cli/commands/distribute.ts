// `ledgerhound distribute <case> --seized seizures.jsonl`: shares each recorded seizure among the case's
// victims two ways, side by side: traced (the case rule's bySource at the seized address) and pari passu
// (rateable to each victim's loss). Text table, `--json` (FORMATS.md v2 Distribution) or `--csv FILE`.
// `--returns FILE` adds the sums an exchange froze or returned (docs/victims.md); the account holders'
// names and account ids in it are restricted personal data and appear in none of these outputs.

import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { distributeCase } from '../../app/restitution.js';
import { parseTraceOverrides } from '../../app/trace-settings.js';
import { formatAmount } from '../../src/model/amount-text.js';
import type { Distribution } from '../../src/restitution/distribution.js';
import { type CommonOptions, withCommonOptions } from '../common.js';
import { action, printJson, warn } from '../output.js';

interface DistributeOptions extends CommonOptions {
  seized?: string;
  returns?: string;
  prices?: string;
  currency: string;
  stablecoinRule: boolean;
  csv?: string;
  policy?: string;
  import: boolean;
}

export function register(program: Command): void {
  withCommonOptions(
    program
      .command('distribute')
      .description('share recorded seizures among the victims: traced share and pari passu, side by side')
      .argument('<case>', 'case file (case.yaml or case.json)')
      .option('--seized <file>', 'seizures.jsonl (FORMATS.md v2)')
      .option('--returns <file>', "an exchange's answer (returns.csv or .jsonl): frozen or returned sums per deposit address")
      .option('--prices <file>', 'prices.csv: pari passu by fiat loss (else by traced amounts of the seized asset)')
      .option('--currency <code>', 'fiat currency of the losses', 'USD')
      .option('--no-stablecoin-rule', 'do not value USDT/USDC at 1 USD where no price row applies')
      .option('--csv <file>', 'also write the table as CSV (seizure, victim, traced, pari passu)')
      .option('--policy <policy>', "tracing rule for the traced share (default: the case file's)")
      .option('--no-import', "do not import the case's sources first (use the store as it is)"),
  ).action(
    action(async (caseFile: string, opts: DistributeOptions) => {
      const { distribution, missingPrices } = await distributeCase({
        caseFile,
        seizuresFile: opts.seized,
        returnsFile: opts.returns,
        pricesFile: opts.prices,
        currency: opts.currency,
        stablecoinRule: opts.stablecoinRule,
        overrides: parseTraceOverrides({ policy: opts.policy }),
        importSources: opts.import,
        store: { store: opts.store, cwd: process.cwd(), chosen: Boolean(opts.store || process.env.LEDGERHOUND_STORE) },
      });
      for (const m of missingPrices) warn(`no ${opts.currency} price for ${m.for} (${m.chain} ${m.asset} at ${m.time ?? 'unknown time'}): ${m.reason}`);
      if (opts.csv) writeFileSync(opts.csv, distributionCsv(distribution));
      if (opts.json) printJson(distribution);
      else process.stdout.write(formatDistribution(distribution));
    }),
  );
}

function csvCell(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** One row per seizure and victim payment: the two shares in base units. */
export function distributionCsv(d: Distribution): string {
  const lines = ['seizure,chain,address,asset,amount,victim,traced,pariPassu,pariPassuBasis'];
  for (const s of d.seizures) {
    const ids = [...new Set([...Object.keys(s.pariPassu), ...Object.keys(s.traced)])];
    for (const id of ids) {
      lines.push([s.id, s.chain, s.address, s.asset, s.amount, id, s.traced[id] ?? '0', s.pariPassu[id] ?? '0', s.pariPassuBasis].map(csvCell).join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}

function formatDistribution(d: Distribution): string {
  const out: string[] = [`case: ${d.case} (traced under ${d.policy})`];
  for (const s of d.seizures) {
    const what = s.exchange === undefined ? `seizure ${s.id}` : `${s.status === 'returned' ? 'returned by' : 'frozen at'} ${s.exchange} (${s.id})`;
    const where = s.cashOut ? ` (cash-out point${s.cashOut.label ? `: ${s.cashOut.label}` : ''})` : '';
    out.push('', `${what}: ${formatAmount(s.chain, s.asset, s.amount)} at ${s.chain} ${s.address}${where}${s.reference && s.exchange === undefined ? ` (${s.reference})` : ''}`);
    out.push(`  traced value there: ${formatAmount(s.chain, s.asset, s.tracedAtAddress)}; pari passu by ${s.pariPassuBasis === 'asset' ? 'traced amounts of this asset' : `loss in ${s.pariPassuBasis.slice(5)}`}`);
    const ids = [...new Set([...Object.keys(s.pariPassu), ...Object.keys(s.traced)])];
    const width = Math.max(6, ...ids.map((id) => id.length));
    out.push(`  ${'victim'.padEnd(width)}  ${'traced share'.padStart(22)}  ${'pari passu'.padStart(22)}`);
    for (const id of ids) {
      out.push(`  ${id.padEnd(width)}  ${formatAmount(s.chain, s.asset, s.traced[id] ?? '0').padStart(22)}  ${formatAmount(s.chain, s.asset, s.pariPassu[id] ?? '0').padStart(22)}`);
    }
    for (const n of s.notes ?? []) out.push(`  note: ${n}`);
  }
  return `${out.join('\n')}\n`;
}
