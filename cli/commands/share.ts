// `ledgerhound share stix <case> --out bundle.json` and `share misp <case> --out event.json`: a case
// and its trace as a STIX 2.1 bundle or a MISP event under a TLP marking (docs/sharing.md). Prints what
// was shared and everything left out (TLP, victims, --min-amount, --include) with the reason.

import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { DEFAULT_SHARE_TLP, readProducer, type ShareCaseResult, type ShareFormat, shareCase } from '../../app/share-case.js';
import { invalidInput } from '../../src/errors.js';
import { TLP_LEVELS } from '../../src/model/tag.js';
import { DEFAULT_SCAM_TYPE, type MinAmount, SHARE_PARTS, type SharePart } from '../../src/sharing/share-content.js';
import { parseTlpName } from '../../src/sharing/tlp.js';
import { type CommonOptions, withCommonOptions, withStore } from '../common.js';
import { action, printJson, toJson } from '../output.js';
import { createProgress } from '../progress.js';

interface ShareCommandOptions extends CommonOptions {
  out?: string;
  tlp?: string;
  producer?: string;
  minAmount?: string;
  include?: string;
  scamType?: string;
  import: boolean;
  quiet?: boolean;
}

export function register(program: Command): void {
  const share = program.command('share').description('share a case as a STIX 2.1 bundle or a MISP event, under a TLP marking');
  for (const format of ['stix', 'misp'] as const) {
    withCommonOptions(
      share
        .command(format)
        .description(format === 'stix' ? 'STIX 2.1 bundle (cryptocurrency-wallet extension, indicators, campaign, report)' : 'MISP event (btc attributes, coin-address and cryptocurrency-transaction objects)')
        .argument('<case>', 'case file (case.yaml or case.json)')
        .option('--out <file>', 'write the document here (default: stdout)')
        .option('--tlp <marking>', `${TLP_LEVELS.join(' | ')}: every object carries it; stricter data is left out`, DEFAULT_SHARE_TLP)
        .option('--producer <file>', 'agency identity config (YAML/JSON: name, uuid, identityClass, contact, country)')
        .option('--min-amount <amount>', 'leave out flows and payments below this many human units (one figure, or USDT=1000,BTC=0.05)')
        .option('--include <parts>', `comma-separated parts to share: ${SHARE_PARTS.join(',')} (default: all)`)
        .option('--scam-type <name>', 'cryptocurrency-threat taxonomy predicate', DEFAULT_SCAM_TYPE)
        .option('--no-import', "do not import the case's sources first (use the store as it is)")
        .option('--quiet', 'no progress on stderr'),
    ).action(action(async (caseFile: string, opts: ShareCommandOptions) => runShare(format, caseFile, opts)));
  }
}

async function runShare(format: ShareFormat, caseFile: string, opts: ShareCommandOptions): Promise<void> {
  const tlp = parseTlpName(opts.tlp ?? DEFAULT_SHARE_TLP);
  if (tlp === undefined) throw invalidInput(`must be one of ${TLP_LEVELS.join(', ')}`, { field: '--tlp' }, { value: opts.tlp });
  const minAmount = opts.minAmount !== undefined ? parseMinAmount(opts.minAmount) : undefined;
  const include = opts.include !== undefined ? parseInclude(opts.include) : undefined;
  const producer = opts.producer !== undefined ? await readProducer(opts.producer) : undefined;
  const quiet = opts.quiet === true || opts.json === true || opts.out === undefined;
  const result = await withStore({ ...opts, caseFile }, async (store) => {
    const bars = { import: createProgress({ label: 'import', quiet }), trace: createProgress({ label: 'trace', unit: 'events', quiet }) };
    const r = await shareCase(store, caseFile, {
      format,
      tlp,
      now: new Date().toISOString().replace(/\.\d{3}Z$/, '.000Z'),
      importSources: opts.import,
      ...(producer ? { producer } : {}),
      ...(minAmount ? { minAmount } : {}),
      ...(include ? { include } : {}),
      ...(opts.scamType ? { scamType: opts.scamType } : {}),
      onProgress: (stage, n) => bars[stage].set(n),
    });
    bars.import.done();
    bars.trace.done();
    return r;
  });
  const text = `${toJson(result.document)}\n`;
  if (opts.out !== undefined) await writeFile(opts.out, text);
  else process.stdout.write(text);
  const summary = summarize(result, opts.out);
  if (opts.json && opts.out !== undefined) printJson(summary);
  else if (opts.out !== undefined) process.stdout.write(formatSummary(summary));
  else process.stderr.write(formatSummary(summary));
}

interface ShareSummary {
  format: ShareFormat;
  out?: string;
  tlp: string;
  wallets: number;
  payments: number;
  flows: number;
  leftOut: ShareCaseResult['leftOut'];
}

function summarize(r: ShareCaseResult, out: string | undefined): ShareSummary {
  return {
    format: r.format,
    ...(out !== undefined ? { out } : {}),
    tlp: r.content.tlp,
    wallets: r.content.wallets.length,
    payments: r.content.payments.length,
    flows: r.content.flows.length,
    leftOut: r.leftOut,
  };
}

function formatSummary(s: ShareSummary): string {
  const lines = [
    `${s.format === 'stix' ? 'STIX 2.1 bundle' : 'MISP event'}${s.out ? ` written to ${s.out}` : ''} under TLP:${s.tlp.toUpperCase()}: ${s.wallets} wallets, ${s.payments} victim payments, ${s.flows} flows`,
  ];
  if (s.leftOut.length > 0) {
    lines.push(`Left out (${s.leftOut.length}):`);
    for (const l of s.leftOut) {
      const what = [l.kind, l.chain !== '*' ? l.chain : undefined, l.address ?? l.ref, l.label ? `"${l.label}"` : undefined].filter(Boolean).join(' ');
      lines.push(`  ${what}: ${l.reason} (${l.detail})`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function parseMinAmount(value: string): MinAmount {
  const out: MinAmount = {};
  for (const part of value.split(',').map((p) => p.trim()).filter((p) => p.length > 0)) {
    const [symbol, amount] = part.includes('=') ? part.split('=', 2) : [undefined, part];
    if (!/^\d+(\.\d+)?$/.test(amount)) throw invalidInput('must be a decimal amount in human units, or SYMBOL=amount pairs', { field: '--min-amount' }, { value });
    if (symbol === undefined) out.all = amount;
    else out.bySymbol = { ...out.bySymbol, [symbol.trim().toUpperCase()]: amount };
  }
  return out;
}

function parseInclude(value: string): SharePart[] {
  const parts = value.split(',').map((p) => p.trim()).filter((p) => p.length > 0);
  for (const p of parts) if (!(SHARE_PARTS as readonly string[]).includes(p)) throw invalidInput(`unknown part "${p}" (${SHARE_PARTS.join(', ')})`, { field: '--include' }, { value: p });
  return parts as SharePart[];
}
