// The flow diagram as inline SVG for the HTML report: boxes per address (victims, hops, cash-out
// points), curves per aggregated flow with the traced amount on each. No scripts, no external assets.

import type { DiagramLayout } from './flow-diagram.js';
import { escapeXml } from './markup.js';

const FILL: Record<string, string> = { victim: '#fde2e1', intermediate: '#eef1f5', holding: '#fff4cc', endpoint: '#d9f2e3', fee: '#e6e6e6' };
const STROKE: Record<string, string> = { victim: '#b3261e', intermediate: '#5f6b7a', holding: '#9a6b00', endpoint: '#1e7a46', fee: '#777777' };

/** Renders the laid-out diagram as a standalone SVG element. */
export function renderFlowSvg(layout: DiagramLayout): string {
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${layout.width} ${layout.height}" width="${layout.width}" height="${layout.height}" role="img" aria-label="Flow of traced funds" font-family="Helvetica, Arial, sans-serif">`,
  );
  out.push('<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#555"/></marker></defs>');
  for (const c of layout.columns) {
    out.push(`<text x="${c.x}" y="20" text-anchor="middle" font-size="13" font-weight="bold" fill="#222">${escapeXml(c.title)}</text>`);
  }
  for (const e of layout.edges) {
    const dx = Math.max(40, (e.x2 - e.x1) / 2);
    const path = `M ${e.x1} ${e.y1} C ${e.x1 + dx} ${e.y1}, ${e.x2 - dx} ${e.y2}, ${e.x2} ${e.y2}`;
    out.push(`<path d="${path}" fill="none" stroke="#555" stroke-width="1.4" marker-end="url(#arrow)"/>`);
    if (e.label) {
      out.push(`<text x="${e.labelX.toFixed(1)}" y="${e.labelY.toFixed(1)}" text-anchor="middle" font-size="10" fill="#111" stroke="#fff" stroke-width="3" paint-order="stroke">${escapeXml(e.label)}</text>`);
    }
  }
  for (const n of layout.nodes) {
    out.push(`<g><title>${escapeXml(n.id)}</title>`);
    out.push(`<rect x="${n.x}" y="${n.y}" width="${n.w}" height="${n.h}" rx="5" fill="${FILL[n.kind]}" stroke="${STROKE[n.kind]}" stroke-width="1.5"/>`);
    out.push(`<text x="${n.x + 8}" y="${n.y + 16}" font-size="12" font-weight="bold" fill="#111">${escapeXml(n.title)}</text>`);
    out.push(`<text x="${n.x + 8}" y="${n.y + 32}" font-size="10" fill="#333">${escapeXml(n.subtitle)}</text></g>`);
  }
  out.push('</svg>');
  return out.join('\n');
}
