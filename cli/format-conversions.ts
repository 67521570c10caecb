// The "Conversions" section of the trace summary (TRACING.md v2): each conversion the taint passed
// through, with its venue, its own rate (out for in, as the conversion record states it) and the taint
// that went in and came out, by victim; or why the taint stopped at the venue.

import { formatAmount } from '../src/model/amount-text.js';
import type { BySource, TraceResult } from '../src/model/trace-result.js';

function byVictim(chain: string, asset: string, bySource: BySource): string {
  return Object.entries(bySource)
    .map(([id, v]) => `${id} ${formatAmount(chain, asset, v)}`)
    .join(', ');
}

/** Summary lines for `r.conversions` (none when the taint passed through no conversion). */
export function conversionLines(r: TraceResult): string[] {
  const list = r.conversions ?? [];
  if (list.length === 0) return [];
  const lines = ['', `Conversions (${list.length}):`];
  for (const c of list) {
    const probable = c.confidence < 100 ? `, probable link (confidence ${c.confidence})` : '';
    lines.push(`  ${c.venue} [${c.kind}${probable}]  ${c.id}`);
    const { in: i, out: o } = c;
    if (o && c.rate.out !== null) lines.push(`    rate: ${formatAmount(o.chain, o.asset, c.rate.out)} for ${formatAmount(i.chain, i.asset, c.rate.in)}`);
    lines.push(`    in:  ${i.chain} ${i.address}  ${formatAmount(i.chain, i.asset, i.amount)}  by victim: ${byVictim(i.chain, i.asset, i.bySource)}`);
    if (o) lines.push(`    out: ${o.chain} ${o.address}  ${formatAmount(o.chain, o.asset, o.amount)}  by victim: ${byVictim(o.chain, o.asset, o.bySource)}`);
    else lines.push(`    stopped at the venue: ${c.stopped ?? 'not followed'}`);
  }
  return lines;
}
