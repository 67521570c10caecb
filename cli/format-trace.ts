// The human text of a trace: the summary (victim payments, cash-out points largest first per asset,
// holdings with --top, conversions, fees, totals as an equation only for conserving rules), the
// hop-by-hop explanation of value into an address, and the warning for an `until` before every payment.
// Amounts through the one formatter (src/model/amount-text.ts).

import { compareDecimals, sumDecimals } from '../src/evidence/decimal.js';
import { formatAmount } from '../src/model/amount-text.js';
import { assetInfo } from '../src/model/asset.js';
import type { TraceFlow, TraceResult } from '../src/model/trace-result.js';
import { ruleProperties } from '../src/tracing/account/account-policy.js';
import type { Explanation } from '../src/tracing/explain.js';
import { conversionLines } from './format-conversions.js';

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
    if (ruleProperties(r.policy).exposure) {
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
