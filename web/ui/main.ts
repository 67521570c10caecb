// The analyst workspace page (docs/web.md): hash routes so every view can be bookmarked —
// #/trace?<filters>, #/address/<chain>/<address>, #/communities, #/search?q=<text> — each drawn as a
// graph and as tables, with the side panel and PNG/SVG export of the current view.

import { ApiError, api, initToken } from './api.js';
import { el, fill } from './dom.js';
import { exportPng, exportSvg, nodeOnPage, nodePosition } from './graph-view.js';
import { setPermissions } from './notes.js';
import type { CaseSummary } from './types.js';
import { renderAddress } from './views/address.js';
import { renderCommunities } from './views/communities.js';
import { renderSearch } from './views/search.js';
import { renderTrace } from './views/trace.js';

const TITLES: Record<string, string> = { trace: 'Trace', address: 'Address / cluster', communities: 'Communities', search: 'Search' };

let summary: CaseSummary | undefined;
/** The view drawn last: the side panel belongs to it and is emptied when another view is opened. */
let drawnView: string | undefined;

function parseHash(): { view: string; parts: string[]; query: Record<string, string | undefined> } {
  const hash = location.hash.replace(/^#\/?/, '');
  const [path, qs = ''] = hash.split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const query: Record<string, string | undefined> = {};
  for (const [k, v] of new URLSearchParams(qs)) query[k] = v;
  return { view: parts[0] && TITLES[parts[0]] ? parts[0] : 'trace', parts: parts.slice(1), query };
}

function toHash(view: string, query: Record<string, string | undefined>, parts: string[] = []): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, v);
  const qs = params.toString();
  return `#/${[view, ...parts.map(encodeURIComponent)].join('/')}${qs ? `?${qs}` : ''}`;
}

/** Moves to a view; the same URL again draws the view again (after a fetch changed the store). */
function go(hash: string): void {
  if (location.hash === hash) void route();
  else location.hash = hash;
}

async function route(): Promise<void> {
  const { view, parts, query } = parseHash();
  document.body.dataset.ready = '';
  fill(document.getElementById('view-title') as HTMLElement, TITLES[view]);
  document.title = `${TITLES[view]} · Ledgerhound`;
  for (const a of document.querySelectorAll<HTMLAnchorElement>('nav a')) {
    if (a.dataset.view === view) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  const status = document.getElementById('status') as HTMLElement;
  (document.getElementById('toggle-full') as HTMLElement).hidden = true;
  fill(document.getElementById('legend') as HTMLElement);
  if (view !== drawnView) fill(document.getElementById('panel') as HTMLElement);
  drawnView = view;
  try {
    summary ??= await api<CaseSummary>('case');
    setPermissions(summary.allow);
    fill(document.getElementById('case-name') as HTMLElement, summary.name);
    if (view === 'trace') await renderTrace(summary, query, (q) => (location.hash = toHash('trace', q)));
    else if (view === 'address') await renderAddress(parts[0] ?? '', parts[1] ?? '', query, (c, a, q) => go(toHash('address', q ?? {}, [c, a])));
    else if (view === 'communities') await renderCommunities(parts[0], query, (n, q) => (location.hash = toHash('communities', q, n === undefined ? [] : [n])));
    else await renderSearch(query.q ?? '', (q) => (location.hash = toHash('search', { q })));
    document.body.dataset.ready = view;
  } catch (e) {
    const message = e instanceof ApiError ? `${e.code}: ${e.message}` : e instanceof Error ? e.message : String(e);
    fill(status, el('span', { class: 'error' }, message));
    document.body.dataset.ready = 'error';
  }
}

function start(): void {
  initToken();
  (document.getElementById('export-png') as HTMLElement).addEventListener('click', () => exportPng(`ledgerhound-${parseHash().view}.png`));
  (document.getElementById('export-svg') as HTMLElement).addEventListener('click', () => exportSvg(`ledgerhound-${parseHash().view}.svg`));
  // A hook for the browser tests and the screenshot script: where a node is drawn.
  (window as unknown as { ledgerhound: unknown }).ledgerhound = { nodeOnPage, nodePosition };
  window.addEventListener('hashchange', () => void route());
  void route();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
