// `ledgerhound victims <case>`: a statement per victim payment: what was paid, how much of it reached each
// cash-out point, is still held, went to fees, and the movements that carried it; with `--prices FILE`,
// fiat beside token amounts (src/restitution/victim-statements.ts). Text, or `--json`.

import type { Command } from 'commander';
import { victimStatementsOfCase } from '../../app/restitution.js';
import { parseTraceOverrides } from '../../app/trace-settings.js';
import { formatAmount } from '../../src/model/amount-text.js';
import type { FiatFigure, VictimStatements } from '../../src/restitution/victim-statements.js';
import { type CommonOptions, withCommonOptions } from '../common.js';
import { action, printJson } from '../output.js';

interface VictimsOptions extends CommonOptions {
  prices?: string;
  currency: string;
  stablecoinRule: boolean;
  policy?: string;
  import: boolean;
}

export function register(program: Command): void {
  withCommonOptions(
    program
      .command('victims')
      .description('per-victim statements: paid, reached each cash-out point, still held, fees, transactions')
      .argument('<case>', 'case file (case.yaml or case.json)')
      .option('--prices <file>', 'prices.csv (FORMATS.md v2): fiat beside token amounts')
      .option('--currency <code>', 'fiat currency', 'USD')
      .option('--no-stablecoin-rule', 'do not value USDT/USDC at 1 USD where no price row applies')
      .option('--policy <policy>', "tracing rule (default: the case file's)")
      .option('--no-import', "do not import the case's sources first (use the store as it is)"),
  ).action(
    action(async (caseFile: string, opts: VictimsOptions) => {
      const statements = await victimStatementsOfCase({
        caseFile,
        pricesFile: opts.prices,
        currency: opts.currency,
        stablecoinRule: opts.stablecoinRule,
        overrides: parseTraceOverrides({ policy: opts.policy }),
        importSources: opts.import,
        store: { store: opts.store, cwd: process.cwd(), chosen: Boolean(opts.store || process.env.LEDGERHOUND_STORE) },
      });
      if (opts.json) printJson(statements);
      else process.stdout.write(formatStatements(statements));
    }),
  );
}

function fiatText(f: FiatFigure | undefined): string {
  if (!f) return '';
  const from = f.prices.map((q) => `${q.price} ${q.source}${q.time ? ` ${q.time}` : ''}`).join('; ');
  return ` = ${f.amount} ${f.currency} (${from})`;
}

function formatStatements(s: VictimStatements): string {
  const out: string[] = [`case: ${s.case} (traced under ${s.policy})`];
  for (const v of s.victims) {
    const p = v.paid;
    out.push('', `victim payment ${v.id}`, `  paid: ${formatAmount(p.chain, p.asset, p.amount)}${p.time ? ` on ${p.time}` : ''} (${p.ref})${fiatText(p.fiat)}`);
    if (v.cashOuts.length === 0) out.push('  reached no cash-out point');
    for (const c of v.cashOuts) out.push(`  cash-out: ${formatAmount(c.chain, c.asset, c.amount)} at ${c.label ?? c.address} (${c.category ?? 'untagged'}, ${c.chain} ${c.address})${fiatText(c.fiat)}`);
    for (const h of v.holdings) out.push(`  still held: ${formatAmount(h.chain, h.asset, h.amount)} at ${h.chain} ${h.address} (${h.reason})`);
    for (const f of v.fees) out.push(`  fees: ${formatAmount(f.chain, f.asset, f.amount)}`);
    for (const d of v.dropped) out.push(`  dropped as dust: ${formatAmount(d.chain, d.asset, d.amount)}`);
    const txs = [...new Set(v.transactions.map((t) => t.txHash))];
    out.push(`  transactions (${txs.length}): ${txs.join(', ')}`);
  }
  if (s.missingPrices && s.missingPrices.length > 0) {
    out.push('', `missing prices (${s.missingPrices.length}, no fiat figure given):`);
    for (const m of s.missingPrices) out.push(`  ${m.for}: ${m.chain} ${m.asset} at ${m.time ?? 'unknown time'} (${m.reason})`);
  }
  return `${out.join('\n')}\n`;
}
