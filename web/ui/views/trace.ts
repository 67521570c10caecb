// The trace view: victims' wallets on the left, cash-out points on the right, addresses layered by the
// hop at which taint first reached them; edge width by traced amount, colour by the victim payment that
// carried most of it, or by tag category (`colour=category`). Filters (victim, asset, minimum amount, time window, policy, hops) live in the URL
// so a view can be bookmarked; policy, hops and the window's end re-trace on the server. Clicking a
// cash-out point lights the hop-by-hop paths into it (`trace --explain`).

import { api } from '../api.js';
import { el, fill, shortAddress, table } from '../dom.js';
import { clearGraph, type EdgeSpec, highlightEdges, type NodeSpec, showGraph } from '../graph-view.js';
import { showAddressPanel } from '../panel.js';
import type { CaseSummary, Explanation, Row, TraceNode, TraceView } from '../types.js';

export const VICTIM_COLOURS = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#7f6a00', '#5d3a9b'];
const KIND_COLOURS: Record<TraceNode['kind'], string> = { victim: '#0072b2', 'cash-out': '#c0392b', holding: '#b36b00', address: '#6b7380', other: '#9aa0a6' };
const FIELDS = ['victim', 'asset', 'min', 'from', 'until', 'policy', 'maxHops', 'full'] as const;
/** Colours by tag category (`colour=category`); untagged addresses grey. */
const CATEGORY_COLOURS: Record<string, string> = { exchange: '#c0392b', otc: '#d55e00', payment_processor: '#b36b00', wallet_service: '#7f6a00', gambling: '#cc79a7', mixer: '#5d3a9b', bridge: '#009e73', scam: '#1b1f24', victim: '#0072b2' };
const UNTAGGED = '#9aa0a6';

function control(label: string, input: HTMLElement): HTMLElement {
  return el('label', {}, label, input);
}

function select(name: string, options: [string, string][], value: string | undefined): HTMLSelectElement {
  const s = el('select', { name }, ...options.map(([v, text]) => el('option', { value: v, selected: v === (value ?? '') }, text)));
  return s;
}

/** The time slider's value (days from the range's start) for an ISO time, and back. */
const DAY = 86_400_000;

function controls(summary: CaseSummary & { settings: NonNullable<CaseSummary['settings']> }, query: Record<string, string | undefined>, onChange: (q: Record<string, string | undefined>) => void): HTMLFormElement {
  const victim = select('victim', [['', 'all victims'], ...summary.victims.map((v): [string, string] => [v.id, `${v.id} (${v.amountText})`])], query.victim);
  const asset = select('asset', [['', 'all assets'], ...summary.assets.map((a): [string, string] => [a, a.length > 30 ? `${a.slice(0, 28)}…` : a])], query.asset);
  const policy = select('policy', summary.policies.map((p): [string, string] => [p, p === summary.settings.policy ? `${p} (case)` : p]), query.policy ?? summary.settings.policy);
  const min = el('input', { name: 'min', type: 'text', inputmode: 'decimal', size: '10', value: query.min ?? '', placeholder: 'e.g. 1000' });
  const maxHops = el('input', { name: 'maxHops', type: 'number', min: '1', max: '1000', value: query.maxHops ?? String(summary.settings.maxHops) });
  const start = summary.timeRange ? Date.parse(summary.timeRange.from) : 0;
  const end = summary.timeRange ? Date.parse(summary.timeRange.to) : 0;
  const days = Math.max(1, Math.ceil((end - start) / DAY));
  const untilValue = query.until ? Math.min(days, Math.max(0, Math.ceil((Date.parse(query.until) - start) / DAY))) : days;
  const until = el('input', { name: 'until', type: 'range', min: '0', max: String(days), step: '1', value: String(untilValue), 'aria-valuetext': query.until ?? 'end of data' });
  const untilText = el('output', { for: 'trace-until' }, query.until ?? 'end of data');
  until.id = 'trace-until';
  const fromValue = query.from ? Math.min(days, Math.max(0, Math.floor((Date.parse(query.from) - start) / DAY))) : 0;
  const from = el('input', { id: 'trace-from', name: 'from', type: 'range', min: '0', max: String(days), step: '1', value: String(fromValue), 'aria-valuetext': query.from ?? 'start of data' });
  const fromText = el('output', { for: 'trace-from' }, query.from ?? 'start of data');
  const colour = select('colour', [['', 'victim'], ['category', 'category']], query.colour);
  const form = el('form', { 'aria-label': 'Trace filters' },
    control('Victim', victim),
    control('Asset', asset),
    control('Minimum amount', min),
    control('Policy', policy),
    control('Hop limit', maxHops),
    el('label', {}, 'From (view)', from, fromText),
    el('label', {}, 'Until (re-trace)', until, untilText),
    control('Colour by', colour),
  );
  const read = (): Record<string, string | undefined> => {
    const untilDays = Number(until.value);
    const fromDays = Number(from.value);
    const fromIso = summary.timeRange && fromDays > 0 ? new Date(start + fromDays * DAY).toISOString().replace(/\.\d{3}Z$/, 'Z') : undefined;
    const untilIso = summary.timeRange && untilDays < days ? new Date(Math.min(end, start + untilDays * DAY)).toISOString().replace(/\.\d{3}Z$/, 'Z') : undefined;
    return {
      victim: victim.value || undefined,
      asset: asset.value || undefined,
      min: min.value.trim() || undefined,
      policy: policy.value === summary.settings.policy ? undefined : policy.value,
      maxHops: maxHops.value && maxHops.value !== String(summary.settings.maxHops) ? maxHops.value : undefined,
      until: untilIso,
      from: fromIso,
      full: query.full,
      colour: colour.value || undefined,
    };
  };
  from.addEventListener('input', () => {
    fromText.textContent = read().from ?? 'start of data';
  });
  until.addEventListener('input', () => {
    untilText.textContent = read().until ?? 'end of data';
  });
  form.addEventListener('change', () => onChange(read()));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    onChange(read());
  });
  return form;
}

function layered(view: TraceView, byCategory: boolean): NodeSpec[] {
  const byLayer = new Map<number, TraceNode[]>();
  for (const n of view.nodes) byLayer.set(n.layer, [...(byLayer.get(n.layer) ?? []), n]);
  const out: NodeSpec[] = [];
  for (const [layer, list] of byLayer) {
    list.sort((a, b) => (a.id < b.id ? -1 : 1));
    list.forEach((n, i) => {
      out.push({
        id: n.id,
        label: n.label ? `${n.label} (${shortAddress(n.address)})` : n.kind === 'other' ? `other flows (hop ${n.address})` : shortAddress(n.address),
        color: byCategory ? (CATEGORY_COLOURS[n.category ?? ''] ?? UNTAGGED) : KIND_COLOURS[n.kind],
        size: n.kind === 'cash-out' || n.kind === 'victim' ? 9 : 6,
        x: layer * 10,
        y: -(i - (list.length - 1) / 2) * 4,
      });
    });
  }
  return out;
}

function edgeSpecs(view: TraceView, byCategory: boolean): EdgeSpec[] {
  const categoryOf = new Map(view.nodes.map((n) => [n.id, n.category]));
  // Width by amount relative to the largest edge of the same asset (amounts of different assets do not compare).
  const largest = new Map<string, number>();
  for (const e of view.edges) largest.set(`${e.chain}/${e.asset}`, Math.max(largest.get(`${e.chain}/${e.asset}`) ?? 0, Number(e.amount)));
  return view.edges.map((e) => ({
    id: e.id,
    source: e.source,
    target: e.target,
    color: byCategory ? (CATEGORY_COLOURS[categoryOf.get(e.target) ?? ''] ?? UNTAGGED) : VICTIM_COLOURS[Math.max(0, view.victims.indexOf(e.victim)) % VICTIM_COLOURS.length],
    size: 1 + 7 * Math.sqrt(Number(e.amount) / (largest.get(`${e.chain}/${e.asset}`) || 1)),
    label: `${e.amountText} (hop ${e.hop})`,
  }));
}

function rowsTable(caption: string, rows: Row[], id: string, onShow: (r: Row) => void): HTMLTableElement {
  return table(caption, [
    { head: 'Address', cell: (r) => r.address },
    { head: 'Chain', cell: (r) => r.chain },
    { head: 'Label', cell: (r) => r.label ?? '' },
    { head: 'Category', cell: (r) => r.category ?? '' },
    { head: 'Amount', num: true, cell: (r) => r.amountText },
    { head: 'Hops', num: true, cell: (r) => r.hops },
    {
      head: 'Details',
      cell: (r) => {
        const b = el('button', { type: 'button', 'aria-label': `Show ${r.address}` }, 'Show');
        b.addEventListener('click', () => onShow(r));
        return b;
      },
    },
  ], rows, { id });
}

/** Renders the trace view for the query in the URL. */
export async function renderTrace(summary: CaseSummary, query: Record<string, string | undefined>, navigate: (q: Record<string, string | undefined>) => void): Promise<void> {
  const status = document.getElementById('status') as HTMLElement;
  const settings = summary.settings;
  if (!settings) {
    clearGraph();
    fill(document.getElementById('controls') as HTMLElement);
    fill(document.getElementById('tables') as HTMLElement);
    fill(status, 'No case file was given (ledgerhound serve <case>): the address, communities and search views show the store.');
    return;
  }
  fill(document.getElementById('controls') as HTMLElement, controls({ ...summary, settings }, query, navigate));
  fill(status, 'Tracing…');
  const picked: Record<string, string | undefined> = {};
  for (const f of FIELDS) picked[f] = query[f];
  const view = await api<TraceView>('trace', picked);
  const cashOutIds = new Set(view.cashOuts.map((r) => `${r.chain}/${r.address}`));
  const explain = async (chain: string, address: string) => {
    const extra: Node[] = [];
    if (cashOutIds.has(`${chain}/${address}`)) {
      const ex = await api<Explanation>('explain', { ...picked, chain, address });
      highlightEdges(ex.paths.flatMap((p) => p.hops.map((f) => `${f.chain}/${f.asset}/${f.from}>${f.to}`)));
      extra.push(el('h3', {}, `Paths into this cash-out point (${ex.paths.length}${ex.truncated ? '+' : ''})`));
      extra.push(el('ol', { id: 'panel-paths' }, ...ex.paths.map((p) => el('li', {}, `${p.source}: ${p.hops.map((f) => shortAddress(f.from)).join(' → ')} → ${shortAddress(address)}`))));
    } else highlightEdges([]);
    await showAddressPanel(chain, address, picked, extra);
  };
  const clickNode = (id: string) => {
    const n = view.nodes.find((x) => x.id === id);
    if (n && n.kind !== 'other') void explain(n.chain, n.address);
  };
  const byCategory = query.colour === 'category';
  showGraph(document.getElementById('graph') as HTMLElement, layered(view, byCategory), edgeSpecs(view, byCategory), { layout: 'given', onClickNode: clickNode });
  const swatch = (colourOf: string, text: string) => {
    const sw = el('span', { class: 'swatch', 'aria-hidden': 'true' });
    sw.style.background = colourOf;
    return el('span', {}, sw, text);
  };
  const categories = [...new Set(view.nodes.map((n) => n.category).filter((c): c is string => c !== undefined))].sort();
  fill(
    document.getElementById('legend') as HTMLElement,
    ...(byCategory
      ? [...categories.map((c) => swatch(CATEGORY_COLOURS[c] ?? UNTAGGED, c)), swatch(UNTAGGED, 'untagged')]
      : view.victims.map((v, i) => swatch(VICTIM_COLOURS[i % VICTIM_COLOURS.length], v))),
  );
  const full = document.getElementById('toggle-full') as HTMLButtonElement;
  full.hidden = view.aggregated === 0 && query.full !== '1';
  full.textContent = query.full === '1' ? 'Aggregate small flows' : 'Show every flow';
  full.onclick = () => navigate({ ...picked, colour: query.colour, full: query.full === '1' ? undefined : '1' });
  fill(status, el('span', { id: 'trace-count', 'data-cashouts': String(view.cashOuts.length), 'data-edges': String(view.edges.length) }, `${view.cashOuts.length} cash-out points, ${view.holdings.length} holdings, ${view.edges.length} edges shown of ${view.edgeCount}${view.aggregated ? ` (${view.aggregated} small flows folded into "other")` : ''}`));
  fill(
    document.getElementById('tables') as HTMLElement,
    rowsTable('Cash-out points', view.cashOuts, 'cashouts-table', (r) => void explain(r.chain, r.address)),
    rowsTable('Holdings', view.holdings, 'holdings-table', (r) => void explain(r.chain, r.address)),
    table('Flows between addresses', [
      { head: 'Hop', num: true, cell: (e) => e.hop },
      { head: 'From', cell: (e) => e.source },
      { head: 'To', cell: (e) => e.target },
      { head: 'Amount', num: true, cell: (e) => e.amountText },
      { head: 'Victim (largest share)', cell: (e) => e.victim },
    ], view.edges, { id: 'flows-table' }),
  );
}
