// `ledgerhound victims <case>`: a statement per victim PERSON (grouped as the pack's victims/<id> statements:
// by `--intake` row, else the payment-id stem `alice-2` -> `alice`; src/evidence/victim-statement.ts): the
// payments, what the person paid in all, how much reached each cash-out point, is still held, went to fees,
// the transactions, and with `--seized` each seizure's shares; with `--prices FILE`, fiat beside token
// amounts (src/restitution/victim-statements.ts, victim-person-totals.ts). Text, or `--json` (docs/victims.md).

import type { Command } from 'commander';
import { type VictimPersonStatements, victimPersonsOfCase } from '../../app/restitution.js';
import { parseTraceOverrides } from '../../app/trace-settings.js';
import { formatAmount } from '../../src/model/amount-text.js';
import type { TotalFiat } from '../../src/restitution/victim-person-totals.js';
import type { FiatFigure } from '../../src/restitution/victim-statements.js';
import { type CommonOptions, withCommonOptions } from '../common.js';
import { action, printJson } from '../output.js';

interface VictimsOptions extends CommonOptions {
  prices?: string;
  intake?: string;
  seized?: string;
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
      .option('--intake <file>', 'intake.csv: group payments by the victim of the same chain and transaction, with names')
      .option('--seized <file>', "seizures.jsonl: each victim's traced and pari passu share of each seizure")
      .option('--prices <file>', 'prices.csv (FORMATS.md v2): fiat beside token amounts')
      .option('--currency <code>', 'fiat currency', 'USD')
      .option('--no-stablecoin-rule', 'do not value USDT/USDC at 1 USD where no price row applies')
      .option('--policy <policy>', "tracing rule (default: the case file's)")
      .option('--no-import', "do not import the case's sources first (use the store as it is)"),
  ).action(
    action(async (caseFile: string, opts: VictimsOptions) => {
      const statements = await victimPersonsOfCase({
        caseFile,
        intakeFile: opts.intake,
        seizuresFile: opts.seized,
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

function totalFiatText(f: TotalFiat | undefined): string {
  return f ? ` = ${f.amount} ${f.currency}` : '';
}

function formatStatements(s: VictimPersonStatements): string {
  const out: string[] = [`case: ${s.case} (traced under ${s.policy})`];
  for (const v of s.victims) {
    const t = v.totals;
    const name = v.personal?.name !== undefined ? ` (${v.personal.name})` : '';
    out.push('', `victim ${v.id}${name}: ${v.payments.length} payment${v.payments.length === 1 ? '' : 's'}`);
    for (const pay of v.payments) {
      const p = pay.paid;
      out.push(`  payment ${pay.id}: ${formatAmount(p.chain, p.asset, p.amount)}${p.time ? ` on ${p.time}` : ''} (${p.ref})${fiatText(p.fiat)}`);
    }
    for (const p of t.paid) out.push(`  paid in all: ${formatAmount(p.chain, p.asset, p.amount)} on ${p.chain}${totalFiatText(p.fiat)}`);
    for (const r of v.reported) out.push(`  reported loss (${r.payment}): ${r.amount}${r.currency ? ` ${r.currency}` : ''}`);
    if (t.cashOuts.length === 0) out.push('  reached no cash-out point');
    for (const c of t.cashOuts) out.push(`  cash-out: ${formatAmount(c.chain, c.asset, c.amount)} at ${c.label ?? c.address} (${c.category ?? 'untagged'}, ${c.chain} ${c.address})${totalFiatText(c.fiat)}`);
    for (const h of t.holdings) out.push(`  still held: ${formatAmount(h.chain, h.asset, h.amount)} at ${h.chain} ${h.address}`);
    for (const f of t.fees) out.push(`  fees: ${formatAmount(f.chain, f.asset, f.amount)}`);
    for (const pay of v.payments) for (const d of pay.dropped) out.push(`  dropped as dust (${pay.id}): ${formatAmount(d.chain, d.asset, d.amount)}`);
    for (const z of v.seizures) {
      const traced = z.traced === undefined ? 'no traced value there' : formatAmount(z.chain, z.asset, z.traced);
      const pari = z.pariPassu === undefined ? 'none' : formatAmount(z.chain, z.asset, z.pariPassu);
      out.push(`  seizure ${z.id} (${formatAmount(z.chain, z.asset, z.amount)} at ${z.chain} ${z.address}): traced share ${traced}; pari passu ${pari} (basis ${z.pariPassuBasis})`);
    }
    out.push(`  transactions (${t.transactions.length}): ${t.transactions.join(', ')}`);
  }
  if (s.missingPrices && s.missingPrices.length > 0) {
    out.push('', `missing prices (${s.missingPrices.length}, no fiat figure given):`);
    for (const m of s.missingPrices) out.push(`  ${m.for}: ${m.chain} ${m.asset} at ${m.time ?? 'unknown time'} (${m.reason})`);
  }
  return `${out.join('\n')}\n`;
}
