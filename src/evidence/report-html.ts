// report.html of an evidence pack: one self-contained page (inline CSS and SVG, no scripts, no external
// requests) laid out from the report model, printable, with no wall-clock time inside.

import { renderFlowSvg } from './flow-svg.js';
import { escapeXml } from './markup.js';
import { TLP_COLOURS, tlpLabel } from './pack-marking.js';
import type { ReportModel, ReportNote, ReportTable } from './report-model.js';

const CSS = `
body { font-family: Helvetica, Arial, sans-serif; color: #111; margin: 2rem auto; max-width: 1200px; padding: 0 1rem; line-height: 1.4; }
h1 { font-size: 1.6rem; border-bottom: 2px solid #333; padding-bottom: .3rem; }
h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 1px solid #bbb; }
h3 { font-size: 1.05rem; margin-top: 1.4rem; word-break: break-all; }
table { border-collapse: collapse; margin: .5rem 0 1rem; font-size: .85rem; }
th, td { border: 1px solid #ccc; padding: .25rem .5rem; text-align: left; vertical-align: top; }
th { background: #f0f2f5; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
dl.facts dt { font-weight: bold; }
dl.facts dd { margin: 0; word-break: break-all; }
code, .mono { font-family: "DejaVu Sans Mono", Menlo, monospace; font-size: .85em; }
.diagram { overflow-x: auto; border: 1px solid #ddd; padding: .5rem; background: #fff; }
.note { color: #555; font-style: italic; }
blockquote { margin: .5rem 0; padding: .4rem .8rem; border-left: 4px solid #1e7a46; background: #f5faf7; }
@media print { .diagram { overflow: visible; } h2 { page-break-after: avoid; } }
.tlp { display: inline-block; background: #000; font-weight: bold; font-family: Helvetica, Arial, sans-serif; padding: .1rem .5rem; letter-spacing: .05em; }
.tlp-print { display: none; }
td.note-text { white-space: pre-wrap; word-break: break-word; }
@media print { .tlp-print { display: block; position: fixed; top: 0; right: 0; } @page { margin-top: 1.5cm; } }
`;

/** The TLP marking as text in its colour on black: at the top of the page, and fixed in print (every page). */
function marking(model: ReportModel): string[] {
  if (model.marking === undefined) return [];
  const label = escapeXml(tlpLabel(model.marking));
  const style = `style="color: ${TLP_COLOURS[model.marking]}"`;
  return [`<div class="tlp-print"><span class="tlp" ${style}>${label}</span></div>`, `<p class="marking"><span class="tlp" ${style}>${label}</span></p>`];
}

function facts(rows: [string, string][]): string {
  return `<dl class="facts">${rows.map(([k, v]) => `<dt>${escapeXml(k)}</dt><dd>${escapeXml(v)}</dd>`).join('')}</dl>`;
}

const NUMERIC = /^~?[\d,]+(\.\d+)?( \S+)?$/;

function table(t: ReportTable, empty = 'None.'): string {
  if (t.rows.length === 0) return `<p class="note">${escapeXml(empty)}</p>`;
  const head = `<tr>${t.columns.map((c) => `<th>${escapeXml(c)}</th>`).join('')}</tr>`;
  const body = t.rows.map((r) => `<tr>${r.map((c) => `<td${NUMERIC.test(c) ? ' class="num"' : ''}>${escapeXml(c)}</td>`).join('')}</tr>`).join('\n');
  const more = t.more ? `<p class="note">${escapeXml(t.more)}</p>` : '';
  return `<table><thead>${head}</thead><tbody>\n${body}\n</tbody></table>${more}`;
}

/** Analysts' notes on the trace's addresses: author, time and text, all escaped (free text from the store). */
function analystNotes(notes: readonly ReportNote[]): string[] {
  const rows = notes.map(
    (n) =>
      `<tr><td><code>${escapeXml(n.address)}</code> (${escapeXml(n.chain)})</td><td>${escapeXml(n.author)}</td><td>${escapeXml(n.time)}</td><td class="note-text">${escapeXml(n.text)}</td></tr>`,
  );
  return [
    '<h2 id="analyst-notes">Analysts\' notes</h2>',
    '<p class="note">Remarks investigators wrote on these addresses (notes.jsonl); they are not part of the trace\'s figures.</p>',
    `<table><thead><tr><th>Address</th><th>Author</th><th>Time (UTC)</th><th>Note</th></tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`,
  ];
}

/** Renders report.html. */
export function renderReportHtml(model: ReportModel): string {
  const m = model.method;
  const parts: string[] = [];
  parts.push('<!DOCTYPE html>');
  parts.push('<html lang="en"><head><meta charset="utf-8">');
  parts.push('<meta name="viewport" content="width=device-width, initial-scale=1">');
  parts.push('<link rel="icon" href="data:,">');
  parts.push(`<title>${escapeXml(model.title)}</title>`);
  parts.push(`<style>${CSS}</style></head><body>`);
  parts.push(...marking(model));
  parts.push(`<h1>${escapeXml(model.title)}</h1>`);
  parts.push('<h2 id="summary">Case summary</h2>');
  parts.push(facts(model.facts));
  parts.push('<h3>Totals per asset</h3>');
  parts.push(table(model.totals));
  parts.push('<h2 id="method">Method</h2>');
  parts.push(`<p>Rule: <strong>${escapeXml(m.policy.name)}</strong>, ${escapeXml(m.policy.title)} (Ledgerhound TRACING.md, version 1).</p>`);
  parts.push(`<blockquote><p><strong>Account model.</strong> ${escapeXml(m.policy.account)}</p><p><strong>UTXO model.</strong> ${escapeXml(m.policy.utxo)}</p></blockquote>`);
  parts.push('<p>Rules common to every policy:</p>');
  parts.push(`<ol>${m.rules.map((r) => `<li>${escapeXml(r)}</li>`).join('')}</ol>`);
  parts.push('<h3>Parameters</h3>');
  parts.push(facts(m.parameters));
  if (m.notes.length > 0) parts.push(`<h3>Notes from the trace</h3><ul>${m.notes.map((n) => `<li>${escapeXml(n)}</li>`).join('')}</ul>`);
  parts.push('<h2 id="victims">Victims\' payments</h2>');
  parts.push(table(model.victims));
  parts.push('<h2 id="flow">Flow of funds</h2>');
  parts.push(`<div class="diagram">${renderFlowSvg(model.diagram)}</div>`);
  if (model.diagramNote) parts.push(`<p class="note">${escapeXml(model.diagramNote)}</p>`);
  parts.push('<h2 id="cash-out">Cash-out points</h2>');
  if (model.cashOuts.length === 0) parts.push('<p class="note">No traced value reached a cash-out point.</p>');
  for (const c of model.cashOuts) {
    parts.push(`<h3>${escapeXml(c.title)}</h3>`);
    parts.push(facts(c.facts));
    parts.push(table(c.table));
  }
  if (model.cashOutsMore) parts.push(`<p class="note">${escapeXml(model.cashOutsMore)}</p>`);
  parts.push('<h2 id="holdings">Holdings</h2>');
  parts.push(table(model.holdings, 'No traced value is still held.'));
  if (model.analystNotes !== undefined && model.analystNotes.length > 0) parts.push(...analystNotes(model.analystNotes));
  parts.push('<h2 id="fees">Fees</h2>');
  parts.push(table(model.fees, 'No traced value went to fees.'));
  if (model.conversions.rows.length > 0) {
    parts.push('<h2 id="conversions">Conversions (swaps, wraps, bridges, swap services)</h2>');
    parts.push(table(model.conversions));
  }
  if (model.shortfalls.rows.length > 0) {
    parts.push('<h2 id="shortfalls">Opening shortfalls</h2>');
    parts.push(table(model.shortfalls));
  }
  if (model.dropped.rows.length > 0) {
    parts.push('<h2 id="dropped">Dropped (below the dust threshold)</h2>');
    parts.push(table(model.dropped));
  }
  if (model.tagConflicts.rows.length > 0) {
    parts.push('<h2 id="tag-conflicts">Tag conflicts (the tag given directly decides)</h2>');
    parts.push(table(model.tagConflicts));
  }
  if (model.unknownOrder.rows.length > 0) {
    parts.push('<h2 id="unknown-order">Events of unknown order inside a block</h2>');
    parts.push(table(model.unknownOrder));
  }
  parts.push('<h2 id="sources">Data sources</h2>');
  parts.push(table(model.dataSources, 'No sources recorded.'));
  parts.push('<h3>Blocks covered by the store</h3>');
  parts.push(table(model.coverage, 'No chain data.'));
  parts.push('<h2 id="files">Files of this evidence pack</h2>');
  parts.push(`<dl class="facts">${model.files.map(([k, v]) => `<dt><code>${escapeXml(k)}</code></dt><dd>${escapeXml(v)}</dd>`).join('')}</dl>`);
  parts.push('<p class="note">Run <code>ledgerhound verify &lt;pack&gt; --retrace</code> to check every file against manifest.json and re-compute these figures from the pack\'s own data.</p>');
  parts.push('</body></html>');
  return `${parts.join('\n')}\n`;
}
