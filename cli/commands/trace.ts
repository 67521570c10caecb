// `ledgerhound trace <case file>`: imports the case's sources into the store (idempotent), traces the
// victim payments by the rules of TRACING.md, and prints a readable summary (cash-out points, holdings,
// totals) or, with --json, the trace result of FORMATS.md. `--explain <address>` prints the hop-by-hop
// paths of value into that address instead.

import type { Command } from 'commander';
import { loadCaseFile } from '../../adapters/files/case-file.js';
import { importFiles } from '../../adapters/files/import-files.js';
import { invalidInput } from '../../src/errors.js';
import { formatDecimalUnits } from '../../src/model/amount.js';
import { assetInfo } from '../../src/model/asset.js';
import { POLICIES, type Policy } from '../../src/model/case.js';
import { isTagCategory, type TagCategory } from '../../src/model/tag.js';
import type { TraceFlow, TraceResult } from '../../src/model/trace-result.js';
import { type Explanation, explainEndpoint } from '../../src/tracing/explain.js';
import { type TraceOptions, traceCase } from '../../src/tracing/trace-case.js';
import { type CommonOptions, withCommonOptions, withStore } from '../common.js';
import { action, printJson } from '../output.js';
import { createProgress } from '../progress.js';

interface TraceCommandOptions extends CommonOptions {
  policy?: string;
  maxHops?: string;
  until?: string;
  stopAt?: string;
  dust?: string;
  inheritTags?: boolean;
  explain?: string;
  import: boolean;
  quiet?: boolean;
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
      .option('--explain <address>', 'print the hop-by-hop paths of value into this address')
      .option('--no-import', "do not import the case's sources first (use the store as it is)")
      .option('--quiet', 'no progress on stderr'),
  ).action(
    action(async (caseFile: string, opts: TraceCommandOptions) => {
      const overrides = parseOverrides(opts);
      const loaded = await loadCaseFile(caseFile);
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
        if (opts.json) printJson(run.result);
        else process.stdout.write(formatSummary(run.result));
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
  return out;
}

/** An amount of base units (maybe fractional) in the asset's human units with its symbol. */
function human(chain: string, asset: string, amount: string): string {
  const info = assetInfo(chain, asset);
  if (info.decimals === undefined) return `${amount} ${asset} (base units)`;
  return `${groupThousands(formatDecimalUnits(amount, info.decimals))} ${info.symbol}`;
}

function groupThousands(value: string): string {
  const [whole, fraction] = value.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction ? `${grouped}.${fraction}` : grouped;
}

function bySourceText(chain: string, asset: string, bySource: Record<string, string>): string {
  return Object.entries(bySource)
    .map(([id, v]) => `${id} ${human(chain, asset, v)}`)
    .join(', ');
}

/** The human summary of a trace result. */
export function formatSummary(r: TraceResult): string {
  const lines: string[] = [];
  lines.push(`Case: ${r.case}`, `Policy: ${r.policy}`, '');
  lines.push(`Victim payments (${r.sources.length}):`);
  for (const s of r.sources) lines.push(`  ${s.id}  ${s.chain}  ${human(s.chain, s.asset, s.amount)}  to ${s.address ?? '-'}  (${s.ref}${s.time ? `, ${s.time}` : ''})`);
  lines.push('', `Cash-out points (${r.endpoints.length}):`);
  if (r.endpoints.length === 0) lines.push('  none');
  for (const e of r.endpoints) {
    const first = e.transfers[0];
    const last = e.transfers[e.transfers.length - 1];
    lines.push(`  ${e.label ?? '?'} [${e.category ?? '?'}${e.inferredFrom ? ', inferred' : ''}]  ${e.chain} ${e.address}`);
    lines.push(`    ${human(e.chain, e.asset, e.amount)} in ${e.transfers.length} transfer(s), fewest hops ${e.hops}`);
    lines.push(`    by victim: ${bySourceText(e.chain, e.asset, e.bySource)}`);
    const at = (t: typeof first) => `${t.ref}${t.time ? ` at ${t.time}` : ''}`;
    lines.push(e.transfers.length === 1 ? `    by ${at(first)}` : `    first ${at(first)}; last ${at(last)}`);
  }
  lines.push('', `Holdings (${r.holdings.length}):`);
  if (r.holdings.length === 0) lines.push('  none');
  for (const h of r.holdings) {
    lines.push(`  ${h.chain} ${h.address}${h.label ? ` (${h.label})` : ''}  ${human(h.chain, h.asset, h.amount)}  [${h.reason}]`);
    lines.push(`    by victim: ${bySourceText(h.chain, h.asset, h.bySource)}`);
    if (h.outputs) lines.push(`    coins: ${h.outputs.join(', ')}`);
  }
  if (r.fees.length > 0) {
    lines.push('', 'Fees:');
    for (const f of r.fees) lines.push(`  ${f.chain} ${human(f.chain, f.asset, f.amount)}  by victim: ${bySourceText(f.chain, f.asset, f.bySource)}`);
  }
  if (r.dropped.length > 0) {
    lines.push('', 'Dropped (below the dust threshold):');
    for (const d of r.dropped) lines.push(`  ${d.chain} ${d.address}  ${human(d.chain, d.asset, d.amount)}`);
  }
  if (r.openingShortfalls && r.openingShortfalls.length > 0) {
    lines.push('', 'Opening shortfalls (clean money held before the data begins):');
    for (const s of r.openingShortfalls) lines.push(`  ${s.chain} ${s.address}  ${human(s.chain, s.asset, s.amount)}  (first: ${s.ref})`);
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
  lines.push('', 'Totals:');
  for (const [key, t] of Object.entries(r.totals)) {
    const [chain, ...rest] = key.split('/');
    const asset = rest.join('/');
    const h = (v: string) => human(chain, asset, v);
    lines.push(`  ${chain} ${assetInfo(chain, asset).symbol}: sources ${h(t.sources)} = endpoints ${h(t.endpoints)} + holdings ${h(t.holdings)} + fees ${h(t.fees)} + dropped ${h(t.dropped)}`);
  }
  for (const n of r.notes ?? []) lines.push(`Note: ${n}`);
  return `${lines.join('\n')}\n`;
}

/** The human form of an explanation: one block per path, one line per hop. */
export function formatExplanation(x: Explanation): string {
  const lines: string[] = [];
  for (const e of x.endpoints) lines.push(`${e.label ?? '?'} [${e.category ?? '?'}] ${e.chain} ${e.address}: ${human(e.chain, e.asset, e.amount)} (${bySourceText(e.chain, e.asset, e.bySource)})`);
  for (const h of x.holdings) lines.push(`holding [${h.reason}] ${h.chain} ${h.address}: ${human(h.chain, h.asset, h.amount)} (${bySourceText(h.chain, h.asset, h.bySource)})`);
  const hop = (f: TraceFlow) =>
    `    hop ${f.hop}  ${f.ref}${f.time ? `  ${f.time}` : ''}  ${f.from} -> ${f.to ?? '(fee)'}  ${human(f.chain, f.asset, f.amount)}  (${bySourceText(f.chain, f.asset, f.bySource)})`;
  x.paths.forEach((p, i) => {
    lines.push('', `path ${i + 1} from ${p.source}:`);
    for (const f of p.hops) lines.push(hop(f));
  });
  if (x.truncated) lines.push('', `(only the first ${x.paths.length} paths are shown)`);
  return `${lines.join('\n')}\n`;
}
