// The address / cluster view: an address's counterparties (by value) and its cluster's members with the
// evidence links between them (heuristic, transaction), laid out by ForceAtlas2 in a web worker. The
// analyst grows the picture from the store: a click on a node expands it by one hop (its own
// neighbourhood joins the graph) and shows it in the panel; Collapse takes that hop away again; Pin keeps
// a node where the layout put it (ForceAtlas2 leaves fixed nodes alone). With `serve --allow-fetch` the
// panel also fetches one hop around the address from the chain source. All of it is in the URL:
// `#/address/<chain>/<address>?expand=<a>,<b>&pin=<a>@<x>,<y>;...&sel=<a>` (a bookmark redraws the same picture).

import { ApiError, api, apiPost } from '../api.js';
import { el, fill, shortAddress, table } from '../dom.js';
import { nodePosition, showGraph } from '../graph-view.js';
import { permissions } from '../notes.js';
import { showAddressPanel } from '../panel.js';
import type { FetchHopResult, Neighbourhood } from '../types.js';

const ROLE_COLOURS = { center: '#c0392b', counterparty: '#6b7380', cluster: '#0072b2' } as const;
const EXPANDED_COLOUR = '#8e44ad';

/** What the URL says besides the centre: expanded and pinned addresses, the one in the panel. */
export interface AddressViewState {
  expand: string[];
  pin: Map<string, { x: number; y: number }>;
  sel?: string;
}

export type GoAddress = (chain: string, address: string, query?: Record<string, string | undefined>) => void;

/** Reads `expand`, `pin` and `sel` from the view's query (malformed pins are left out). */
export function parseAddressState(query: Record<string, string | undefined>): AddressViewState {
  const expand = [...new Set((query.expand ?? '').split(',').filter(Boolean))];
  const pin = new Map<string, { x: number; y: number }>();
  for (const part of (query.pin ?? '').split(';')) {
    const m = /^([^@]+)@(-?[\d.e+-]+),(-?[\d.e+-]+)$/.exec(part);
    if (m && Number.isFinite(Number(m[2])) && Number.isFinite(Number(m[3]))) pin.set(m[1], { x: Number(m[2]), y: Number(m[3]) });
  }
  return { expand, pin, ...(query.sel ? { sel: query.sel } : {}) };
}

/** The query that reproduces a state. */
export function addressStateQuery(state: AddressViewState): Record<string, string | undefined> {
  const round = (v: number) => String(Math.round(v * 10_000) / 10_000);
  return {
    expand: state.expand.join(',') || undefined,
    pin: [...state.pin].map(([a, p]) => `${a}@${round(p.x)},${round(p.y)}`).join(';') || undefined,
    sel: state.sel,
  };
}

/** Graph positions of the last drawing (id -> x, y), so that a redraw starts from the same picture. */
let lastPositions = new Map<string, { x: number; y: number }>();

function addressForm(chain: string, address: string, go: GoAddress): HTMLFormElement {
  const chainInput = el('input', { name: 'chain', type: 'text', size: '10', value: chain, required: true });
  const addressInput = el('input', { name: 'address', type: 'text', size: '48', value: address, required: true });
  const form = el('form', { 'aria-label': 'Address' }, el('label', {}, 'Chain', chainInput), el('label', {}, 'Address', addressInput), el('button', { type: 'submit' }, 'Show'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    go(chainInput.value.trim(), addressInput.value.trim());
  });
  return form;
}

/** The neighbourhoods of the centre and of every expanded address, merged (the first role of a node wins). */
async function mergedNeighbourhood(chain: string, center: string, expand: string[]): Promise<Neighbourhood & { expanded: Set<string> }> {
  const hoods = await Promise.all([center, ...expand].map((a) => api<Neighbourhood>('neighbourhood', { chain, address: a })));
  const nodes = new Map<string, Neighbourhood['nodes'][number]>();
  const edges = new Map<string, Neighbourhood['edges'][number]>();
  hoods.forEach((hood, i) => {
    for (const n of hood.nodes) if (!nodes.has(n.id)) nodes.set(n.id, i === 0 || n.role !== 'center' ? n : { ...n, role: 'counterparty' });
    for (const e of hood.edges) if (!edges.has(e.id)) edges.set(e.id, e);
  });
  return { nodes: [...nodes.values()], edges: [...edges.values()], expanded: new Set(expand.map((a) => `${chain}/${a}`)) };
}

export async function renderAddress(chain: string, address: string, query: Record<string, string | undefined>, go: GoAddress): Promise<void> {
  fill(document.getElementById('controls') as HTMLElement, addressForm(chain, address, go));
  const status = document.getElementById('status') as HTMLElement;
  if (!chain || !address) {
    fill(status, 'Give a chain and an address, or pick one in the trace or search views.');
    return;
  }
  fill(status, 'Loading…');
  const state = parseAddressState(query);
  const hood = await mergedNeighbourhood(chain, address, state.expand.filter((a) => a !== address));
  const change = (next: Partial<AddressViewState>) => go(chain, address, addressStateQuery({ ...state, ...next }));
  const isExpanded = (a: string) => state.expand.includes(a);
  const expand = (a: string) => change({ expand: isExpanded(a) || a === address ? state.expand : [...state.expand, a], sel: a });
  const collapse = (a: string) => change({ expand: state.expand.filter((x) => x !== a), sel: a === state.sel ? undefined : state.sel });
  const pin = (a: string) => {
    const at = nodePosition(`${chain}/${a}`);
    if (!at) return;
    change({ pin: new Map([...state.pin, [a, at]]), sel: a });
  };
  const unpin = (a: string) => change({ pin: new Map([...state.pin].filter(([x]) => x !== a)), sel: a });

  /** Buttons for one address: expand or collapse, pin or unpin, fetch (with --allow-fetch). */
  const actions = (a: string, where: 'panel' | 'row'): HTMLElement => {
    const box = el('div', { class: 'node-actions' });
    const button = (text: string, label: string, fn: () => void, id?: string) => {
      const b = el('button', { type: 'button', 'aria-label': `${label} ${a}`, ...(id && where === 'panel' ? { id } : {}) }, text);
      b.addEventListener('click', fn);
      box.append(b);
    };
    if (a !== address) {
      if (isExpanded(a)) button('Collapse', 'Collapse', () => collapse(a), 'node-collapse');
      else button('Expand one hop', 'Expand one hop from', () => expand(a), 'node-expand');
    }
    if (state.pin.has(a)) button('Unpin', 'Unpin', () => unpin(a), 'node-unpin');
    else button('Pin', 'Pin', () => pin(a), 'node-pin');
    if (where === 'panel' && permissions().fetch) {
      button('Fetch one hop from the chain', 'Fetch one hop from the chain around', () => {
        fill(status, 'Fetching from the chain source…');
        apiPost<FetchHopResult>('fetch', { chain, address: a })
          .then((r) => {
            const what = `${r.added.transactions} transactions and ${r.added.transfers} transfers added from ${r.source}`;
            document.body.dataset.fetched = `${r.added.transactions + r.added.transfers}`;
            fill(status, r.busy !== undefined || (r.reason && r.added.transactions + r.added.transfers === 0) ? `Not fetched: ${r.reason}` : what);
            // Show what came: the address joins the expanded ones (and the view redraws from the store).
            if (r.added.transactions + r.added.transfers > 0) go(chain, address, addressStateQuery({ ...state, expand: a === address || isExpanded(a) ? state.expand : [...state.expand, a], sel: a }));
          })
          .catch((err: unknown) => fill(status, el('span', { class: 'error' }, err instanceof ApiError ? `${err.code}: ${err.message}` : String(err))));
      }, 'node-fetch');
    }
    return box;
  };

  showGraph(
    document.getElementById('graph') as HTMLElement,
    hood.nodes.map((n) => {
      const pinned = state.pin.get(n.address);
      const at = pinned ?? lastPositions.get(n.id);
      return {
        id: n.id,
        label: `${n.label ? `${n.label} (${shortAddress(n.address)})` : shortAddress(n.address)}${pinned ? ' [pinned]' : ''}`,
        color: hood.expanded.has(n.id) ? EXPANDED_COLOUR : ROLE_COLOURS[n.role],
        size: n.role === 'center' ? 10 : hood.expanded.has(n.id) ? 8 : 6,
        ...(at ? { x: at.x, y: at.y } : {}),
        ...(pinned ? { fixed: true } : {}),
      };
    }),
    hood.edges.map((e) => ({ id: e.id, source: e.source, target: e.target, color: e.kind === 'link' ? '#0072b2' : '#9aa0a6', size: e.kind === 'link' ? 2 : 1.5, label: e.text })),
    {
      layout: 'force',
      onClickNode: (id) => {
        const n = hood.nodes.find((x) => x.id === id);
        if (!n) return;
        // A click expands the node by one hop (from the store) and shows it in the panel.
        if (n.address === address || isExpanded(n.address)) change({ sel: n.address });
        else expand(n.address);
      },
    },
  );
  // Remember where the layout puts the nodes, for the next drawing of this view.
  const ids = hood.nodes.map((n) => n.id);
  lastPositions = new Map();
  const remember = () => {
    for (const id of ids) {
      const p = nodePosition(id);
      if (p) lastPositions.set(id, p);
    }
  };
  window.addEventListener('hashchange', remember, { once: true, capture: true });

  fill(status, `${hood.nodes.length} addresses, ${hood.edges.length} edges${state.expand.length ? `; expanded: ${state.expand.length}` : ''}${state.pin.size ? `; pinned: ${state.pin.size}` : ''}`);
  status.dataset.nodes = String(hood.nodes.length);
  fill(
    document.getElementById('tables') as HTMLElement,
    table('Addresses', [
      { head: 'Address', cell: (n) => el('a', { href: `#/address/${encodeURIComponent(n.chain)}/${encodeURIComponent(n.address)}` }, n.address) },
      { head: 'Role', cell: (n) => [n.role, hood.expanded.has(n.id) ? 'expanded' : '', state.pin.has(n.address) ? 'pinned' : ''].filter(Boolean).join(', ') },
      { head: 'Label', cell: (n) => n.label ?? '' },
      { head: 'Category', cell: (n) => n.category ?? '' },
      { head: 'Actions', cell: (n) => actions(n.address, 'row') },
    ], hood.nodes, { id: 'neighbourhood-table' }),
    table('Flows and cluster links', [
      { head: 'From', cell: (e) => e.source },
      { head: 'To', cell: (e) => e.target },
      { head: 'Kind', cell: (e) => e.kind },
      { head: 'Amount / evidence', cell: (e) => e.text },
    ], hood.edges),
  );
  const selected = state.sel && hood.nodes.some((n) => n.address === state.sel) ? state.sel : address;
  await showAddressPanel(chain, selected, {}, [actions(selected, 'panel')]);
}
