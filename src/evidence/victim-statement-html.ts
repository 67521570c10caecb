// victims/<id>.html of an evidence pack: one victim's statement (victim-statement.ts) as a self-contained
// printable page (inline CSS, no scripts, no external requests, no wall-clock time), with the pack's TLP
// marking at the top and fixed in print, as report.html.

import { escapeXml } from './markup.js';
import { TLP_COLOURS, tlpLabel } from './pack-marking.js';
import type { StatementDocument } from './victim-statement.js';

const CSS = `
body { font-family: Helvetica, Arial, sans-serif; color: #111; margin: 2rem auto; max-width: 1100px; padding: 0 1rem; line-height: 1.4; }
h1 { font-size: 1.5rem; border-bottom: 2px solid #333; padding-bottom: .3rem; }
h2 { font-size: 1.15rem; margin-top: 1.6rem; border-bottom: 1px solid #bbb; }
table { border-collapse: collapse; margin: .5rem 0 1rem; font-size: .85rem; }
th, td { border: 1px solid #ccc; padding: .25rem .5rem; text-align: left; vertical-align: top; word-break: break-all; }
th { background: #f0f2f5; word-break: normal; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
dl.facts dt { font-weight: bold; }
dl.facts dd { margin: 0; }
.note { color: #555; font-style: italic; }
.tlp { display: inline-block; background: #000; font-weight: bold; padding: .1rem .5rem; letter-spacing: .05em; }
.tlp-print { display: none; }
@media print { .tlp-print { display: block; position: fixed; top: 0; right: 0; } @page { margin-top: 1.5cm; } }
`;

/** Renders one statement as HTML. */
export function renderStatementHtml(doc: StatementDocument): string {
  const parts: string[] = ['<!DOCTYPE html>', '<html lang="en"><head><meta charset="utf-8">', '<meta name="viewport" content="width=device-width, initial-scale=1">', '<link rel="icon" href="data:,">'];
  parts.push(`<title>${escapeXml(doc.title)}</title>`, `<style>${CSS}</style></head><body>`);
  if (doc.marking !== undefined) {
    const label = escapeXml(tlpLabel(doc.marking));
    const style = `style="color: ${TLP_COLOURS[doc.marking]}"`;
    parts.push(`<div class="tlp-print"><span class="tlp" ${style}>${label}</span></div>`, `<p class="marking"><span class="tlp" ${style}>${label}</span></p>`);
  }
  parts.push(`<h1>${escapeXml(doc.title)}</h1>`);
  parts.push(`<dl class="facts">${doc.facts.map(([k, v]) => `<dt>${escapeXml(k)}</dt><dd>${escapeXml(v)}</dd>`).join('')}</dl>`);
  for (const s of doc.sections) {
    parts.push(`<h2>${escapeXml(s.title)}</h2>`);
    if (s.table.rows.length === 0) {
      parts.push(`<p class="note">${escapeXml(s.empty)}</p>`);
      continue;
    }
    const head = `<tr>${s.table.columns.map((c) => `<th>${escapeXml(c)}</th>`).join('')}</tr>`;
    const body = s.table.rows.map((r) => `<tr>${r.map((c) => `<td>${escapeXml(c)}</td>`).join('')}</tr>`).join('\n');
    parts.push(`<table><thead>${head}</thead><tbody>\n${body}\n</tbody></table>`);
    if (s.table.more !== undefined) parts.push(`<p class="note">${escapeXml(s.table.more)}</p>`);
  }
  parts.push(...doc.notes.map((n) => `<p class="note">${escapeXml(n)}</p>`));
  parts.push('</body></html>');
  return `${parts.join('\n')}\n`;
}
