// `ledgerhound trace <case file>`: imports the case's sources into the store (idempotent), traces the
// victim payments by the rules of TRACING.md, and prints a readable summary (cash-out points, holdings,
// totals) or, with --json, the trace result of FORMATS.md. `--explain <address>` prints the hop-by-hop
// paths of value into that address instead.

import type { Command } from 'commander';
import { loadPriceTable } from '../../app/restitution.js';
import { loadCaseFile } from '../../adapters/files/case-file.js';
import { importFiles } from '../../adapters/files/import-files.js';
import { invalidInput } from '../../src/errors.js';
import { compareDecimals, sumDecimals } from '../../src/evidence/decimal.js';
import { formatAmount } from '../../src/model/amount-text.js';
import { assetInfo } from '../../src/model/asset.js';
import { POLICIES, type Policy } from '../../src/model/case.js';
import { isTagCategory, type TagCategory } from '../../src/model/tag.js';
import type { TraceFlow, TraceResult } from '../../src/model/trace-result.js';
import { withFiatFigures } from '../../src/pricing/trace-fiat.js';
import { type Explanation, explainEndpoint } from '../../src/tracing/explain.js';
import { type TraceOptions, traceCase } from '../../src/tracing/trace-case.js';
import { type CommonOptions, withCommonOptions, withStore } from '../common.js';
import { action, printJson, warn } from '../output.js';
import { conversionLines } from '../format-conversions.js';
import { createProgress } from '../progress.js';

interface TraceCommandOptions extends CommonOptions {
  policy?: string;
  maxHops?: string;
  until?: string;
  stopAt?: string;
  dust?: string;
  inheritTags?: boolean;
  followProbable?: boolean;
  explain?: string;
  import: boolean;
  quiet?: boolean;
  prices?: string;
  currency: string;
  top: string;
}

export function register(program: Command): void {
  withCommonOptions(
    program
      .command('trace')
      .description('trace the victim payments of a case file to cash-out points (TRACING.md rules)')
      .argument('<case>', 'case file (case.yaml or case.json)')
      .option('--policy <policy>', `tracing rule: ${POLICIES.join(' | ')} (default: the case file's)`)
      .option('--max-hops <n>', "hop limit (the victim payment is hop 1; default: the case file's)")
      .option('--until <time>', 'ignore events after this ISO-8601 UTC time')
      .option('--stop-at <categories>', 'comma-separated tag categories where tracing stops (endpoints)')
      .option('--dust <base units>', 'drop traced value below this many base units (every asset)')
      .option('--inherit-tags', 'let addresses take tags through their cluster (TRACING.md)')
      .option('--no-inherit-tags', 'use only tags given directly')
      .option('--follow-probable', 'follow conversions with confidence below 100 (swap services linked by amount and time)')
      .option('--no-follow-probable', 'stop at the venue of a probable conversion')
      .option('--explain <address>', 'print the hop-by-hop paths of value into this address')
      .option('--top <n>', 'holdings listed per chain and asset, largest first; the rest on one line', '20')
      .option('--prices <file>', 'prices.csv (FORMATS.md v2): fiat beside token amounts in --json (sources, endpoints, prices)')
      .option('--currency <code>', 'fiat currency for --prices', 'USD')
      .option('--no-import', "do not import the case's sources first (use the store as it is)")
      .option('--quiet', 'no progress on stderr'),
  ).action(
    action(async (caseFile: string, opts: TraceCommandOptions) => {
      const overrides = parseOverrides(opts);
      const top = parseTop(opts.top);
      const loaded = await loadCaseFile(caseFile);
      const prices = opts.prices === undefined ? undefined : await loadPriceTable(opts.prices);
      // --no-import only reads: the store must exist and opens read-only.
      await withStore({ ...opts, caseFile: loaded.path, readOnly: !opts.import }, async (store) => {
        if (opts.import && loaded.sourcePaths.length > 0) {
          const progress = createProgress({ label: 'import', quiet: opts.quiet });
          await importFiles(store, loaded.sourcePaths, { onProgress: (n) => progress.set(n) });
          progress.done();
        }
        const progress = createProgress({ label: 'trace', unit: 'events', quiet: opts.quiet });
        const run = await traceCase(store, loaded.kase, { ...overrides, flows: opts.explain !== undefined, onProgress: (n) => progress.set(n) });
        progress.done();
        if (opts.explain !== undefined) {
          const explanation = explainEndpoint(run, { address: opts.explain });
          if (explanation.inflows.length === 0) {
            throw invalidInput(`no traced value reached ${opts.explain}`, { field: '--explain' }, { address: opts.explain });
          }
          if (opts.json) printJson({ version: 1, case: run.result.case, policy: run.result.policy, ...explanation });
          else process.stdout.write(formatExplanation(explanation));
          return;
        }
        const until = overrides.until ?? loaded.kase.until;
        const early = until === undefined ? undefined : untilWarning(run.result, until, overrides.until !== undefined ? '--until' : "the case's until");
        if (opts.json) {
          if (early) warn(early);
          printJson(prices ? withFiatFigures(run.result, prices, opts.currency) : run.result);
        } else process.stdout.write(formatSummary(run.result, { top, warnings: early ? [early] : [] }));
      });
    }),
  );
}

function parseOverrides(opts: TraceCommandOptions): TraceOptions {
  const out: TraceOptions = {};
  if (opts.policy !== undefined) {
    if (!(POLICIES as readonly string[]).includes(opts.policy)) throw invalidInput(`policy must be one of ${POLICIES.join(', ')}`, { field: '--policy' }, { value: opts.policy });
    out.policy = opts.policy as Policy;
  }
  if (opts.maxHops !== undefined) {
    if (!/^[1-9]\d*$/.test(opts.maxHops)) throw invalidInput('must be a whole number of hops from 1', { field: '--max-hops' }, { value: opts.maxHops });
    out.maxHops = Number(opts.maxHops);
  }
  if (opts.until !== undefined) out.until = opts.until;
  if (opts.stopAt !== undefined) {
    const cats = opts.stopAt
      .split(',')
      .map((c) => c.trim())
      .filter((c) => c.length > 0);
    for (const c of cats) if (!isTagCategory(c)) throw invalidInput(`unknown category "${c}"`, { field: '--stop-at' }, { value: c });
    out.stopAt = cats as TagCategory[];
  }
  if (opts.dust !== undefined) {
    if (!/^(0|[1-9]\d*)$/.test(opts.dust)) throw invalidInput('must be an integer of base units', { field: '--dust' }, { value: opts.dust });
    out.dust = opts.dust;
  }
  if (opts.inheritTags !== undefined) out.inheritTags = opts.inheritTags;
  if (opts.followProbable !== undefined) out.followProbable = opts.followProbable;
  return out;
}

function parseTop(value: string): number {
  if (!/^(0|[1-9]\d*)$/.test(value)) throw invalidInput('must be a whole number from 0', { field: '--top' }, { value });
  return Number(value);
}

/**
 * A warning when `until` (the option or the case's) is earlier than every victim payment with a known
 * time: nothing after the payments is then traced, which is rarely what the investigator meant.
 */
export function untilWarning(r: TraceResult, until: string, name = '--until'): string | undefined {
  const times = r.sources.map((s) => (s.time === undefined ? Number.NaN : Date.parse(s.time)));
  const limit = Date.parse(until);
  if (times.length === 0 || times.some((t) => Number.isNaN(t)) || !times.every((t) => t > limit)) return undefined;
  const first = r.sources[times.indexOf(Math.min(...times))].time;
  return `${name} ${until} is earlier than every victim payment (the first is at ${first}): their value is held where it landed and not traced further`;
}

function bySourceText(chain: string, asset: string, bySource: Record<string, string>): string {
  return Object.entries(bySource)
    .map(([id, v]) => `${id} ${formatAmount(chain, asset, v)}`)
    .join(', ');
}

export interface SummaryOptions {
  /** Holdings listed per chain and asset, largest first (default 20); the rest are summed on one line. */
  top?: number;
  /** Lines printed as `Warning: ...` under the header. */
  warnings?: string[];
}

/** Rows grouped by chain and asset (in the order of the totals), each group largest amount first. */
function byAssetLargestFirst<T extends { chain: string; asset: string; amount: string }>(r: TraceResult, rows: T[]): T[][] {
  const order = Object.keys(r.totals);
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const key = `${row.chain}/${row.asset}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(row);
  }
  const rank = (key: string) => (order.includes(key) ? order.indexOf(key) : order.length);
  return [...groups.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0))
    .map(([, group]) => group.sort((x, y) => compareDecimals(y.amount, x.amount)));
}

/** The human summary of a trace result. */
export function formatSummary(r: TraceResult, options: SummaryOptions = {}): string {
  const top = options.top ?? 20;
  const lines: string[] = [];
  lines.push(`Case: ${r.case}`, `Policy: ${r.policy}`);
  for (const w of options.warnings ?? []) lines.push(`Warning: ${w}`);
  lines.push('');
  lines.push(`Victim payments (${r.sources.length}):`);
  for (const s of r.sources) lines.push(`  ${s.id}  ${s.chain}  ${formatAmount(s.chain, s.asset, s.amount)}  to ${s.address ?? '-'}  (${s.ref}${s.time ? `, ${s.time}` : ''})`);
  lines.push('', `Cash-out points (${r.endpoints.length}):`);
  if (r.endpoints.length === 0) lines.push('  none');
  for (const e of byAssetLargestFirst(r, r.endpoints).flat()) {
    const first = e.transfers[0];
    const last = e.transfers[e.transfers.length - 1];
    const marks = `${e.note ? `  (${e.note})` : ''}${e.viaProbable ? '  (via a probable link)' : ''}`;
    lines.push(`  ${e.label ?? '?'} [${e.category ?? '?'}${e.inferredFrom ? ', inferred' : ''}]  ${e.chain} ${e.address}${marks}`);
    lines.push(`    ${formatAmount(e.chain, e.asset, e.amount)} in ${e.transfers.length} transfer(s), fewest hops ${e.hops}`);
    lines.push(`    by victim: ${bySourceText(e.chain, e.asset, e.bySource)}`);
    const at = (t: typeof first) => `${t.ref}${t.time ? ` at ${t.time}` : ''}`;
    lines.push(e.transfers.length === 1 ? `    by ${at(first)}` : `    first ${at(first)}; last ${at(last)}`);
  }
  lines.push('', `Holdings (${r.holdings.length}):`);
  if (r.holdings.length === 0) lines.push('  none');
  for (const group of byAssetLargestFirst(r, r.holdings)) {
    for (const h of group.slice(0, top)) {
      lines.push(`  ${h.chain} ${h.address}${h.label ? ` (${h.label})` : ''}  ${formatAmount(h.chain, h.asset, h.amount)}  [${h.reason}]${h.viaProbable ? '  (via a probable link)' : ''}`);
      lines.push(`    by victim: ${bySourceText(h.chain, h.asset, h.bySource)}`);
      if (h.outputs) lines.push(`    coins: ${h.outputs.join(', ')}`);
    }
    const rest = group.slice(top);
    if (rest.length > 0) {
      const { chain, asset } = rest[0];
      lines.push(`  ... ${rest.length} more ${chain} ${assetInfo(chain, asset).symbol} holding(s): ${formatAmount(chain, asset, sumDecimals(rest.map((h) => h.amount)))} (--top)`);
    }
  }
  if (r.fees.length > 0) {
    lines.push('', 'Fees:');
    for (const f of r.fees) lines.push(`  ${f.chain} ${formatAmount(f.chain, f.asset, f.amount)}  by victim: ${bySourceText(f.chain, f.asset, f.bySource)}`);
  }
  if (r.dropped.length > 0) {
    lines.push('', 'Dropped (below the dust threshold):');
    for (const d of r.dropped) lines.push(`  ${d.chain} ${d.address}  ${formatAmount(d.chain, d.asset, d.amount)}`);
  }
  if (r.openingShortfalls && r.openingShortfalls.length > 0) {
    lines.push('', 'Opening shortfalls (clean money held before the data begins):');
    for (const s of r.openingShortfalls) lines.push(`  ${s.chain} ${s.address}  ${formatAmount(s.chain, s.asset, s.amount)}  (first: ${s.ref})`);
  }
  if (r.tagConflicts && r.tagConflicts.length > 0) {
    lines.push('', 'Tag conflicts (the tag given directly decides over inherited ones):');
    for (const c of r.tagConflicts) {
      lines.push(`  ${c.chain} ${c.address}: ${c.direct.label} [${c.direct.category}, ${c.direct.confidence}] -> ${c.cashOut ? 'cash-out point' : 'followed'}`);
      for (const t of c.inherited) lines.push(`    not ${t.label} [${t.category}, ${t.confidence}] from ${JSON.stringify(t.inferredFrom)}`);
    }
  }
  if (r.unknownOrder && r.unknownOrder.length > 0) {
    lines.push('', `Warning: the order of events inside a block is unknown for ${r.unknownOrder.length} address/block pair(s); the figures assume the order shown:`);
    for (const u of r.unknownOrder) lines.push(`  ${u.chain} ${u.address} block ${u.block}: ${u.events.join(', ')}`);
  }
  lines.push(...conversionLines(r));
  lines.push('', 'Totals:');
  for (const [key, t] of Object.entries(r.totals)) {
    const [chain, ...rest] = key.split('/');
    const asset = rest.join('/');
    const h = (v: string) => formatAmount(chain, asset, v);
    const symbol = assetInfo(chain, asset).symbol;
    // Poison counts exposure, not a conserved amount: the parts do not add up to the sources.
    // Version 2: value converted into or out of this asset is part of the identity (TRACING.md, Totals).
    const convertedIn = t.convertedIn !== undefined ? ` + converted in ${h(t.convertedIn)}` : '';
    const convertedOut = t.convertedOut !== undefined ? ` + converted out ${h(t.convertedOut)}` : '';
    if (r.policy === 'poison') {
      const conversions = `${t.convertedIn !== undefined ? `, converted in ${h(t.convertedIn)}` : ''}${t.convertedOut !== undefined ? `, converted out ${h(t.convertedOut)}` : ''}`;
      lines.push(`  ${chain} ${symbol}: sources ${h(t.sources)}; exposure (not a split of the sources): endpoints ${h(t.endpoints)}, holdings ${h(t.holdings)}, fees ${h(t.fees)}, dropped ${h(t.dropped)}${conversions}`);
    } else {
      lines.push(`  ${chain} ${symbol}: sources ${h(t.sources)}${convertedIn} = endpoints ${h(t.endpoints)} + holdings ${h(t.holdings)} + fees ${h(t.fees)} + dropped ${h(t.dropped)}${convertedOut}`);
    }
  }
  for (const n of r.notes ?? []) lines.push(`Note: ${n}`);
  return `${lines.join('\n')}\n`;
}

/** The human form of an explanation: one block per path, one line per hop. */
export function formatExplanation(x: Explanation): string {
  const lines: string[] = [];
  for (const e of x.endpoints) lines.push(`${e.label ?? '?'} [${e.category ?? '?'}] ${e.chain} ${e.address}: ${formatAmount(e.chain, e.asset, e.amount)} (${bySourceText(e.chain, e.asset, e.bySource)})`);
  for (const h of x.holdings) lines.push(`holding [${h.reason}] ${h.chain} ${h.address}: ${formatAmount(h.chain, h.asset, h.amount)} (${bySourceText(h.chain, h.asset, h.bySource)})`);
  const hop = (f: TraceFlow) =>
    `    hop ${f.hop}  ${f.ref}${f.time ? `  ${f.time}` : ''}  ${f.from} -> ${f.to ?? '(fee)'}  ${formatAmount(f.chain, f.asset, f.amount)}  (${bySourceText(f.chain, f.asset, f.bySource)})${
      f.outcome === 'converted' ? `  into conversion ${f.conversion}` : f.fromConversion !== undefined ? `  out of conversion ${f.fromConversion}` : ''
    }`;
  x.paths.forEach((p, i) => {
    lines.push('', `path ${i + 1} from ${p.source}:`);
    for (const f of p.hops) lines.push(hop(f));
  });
  if (x.truncated) lines.push('', `(only the first ${x.paths.length} paths are shown)`);
  return `${lines.join('\n')}\n`;
}
