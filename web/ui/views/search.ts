// The search view: an address (any valid form), a transaction id, or part of a label; results link to
// the address view.

import { api } from '../api.js';
import { el, fill, table } from '../dom.js';
import { clearGraph } from '../graph-view.js';
import type { SearchHit } from '../types.js';

export async function renderSearch(q: string, go: (q: string) => void): Promise<void> {
  clearGraph();
  const input = el('input', { name: 'q', type: 'search', size: '50', value: q, required: true, minlength: '2' });
  const form = el('form', { role: 'search', 'aria-label': 'Search' }, el('label', {}, 'Address, transaction id or label', input), el('button', { type: 'submit' }, 'Search'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    go(input.value.trim());
  });
  fill(document.getElementById('controls') as HTMLElement, form);
  const status = document.getElementById('status') as HTMLElement;
  if (q.length < 2) {
    fill(status, '');
    fill(document.getElementById('tables') as HTMLElement);
    return;
  }
  fill(status, 'Searching…');
  const hits = await api<SearchHit[]>('search', { q });
  fill(status, `${hits.length} results`);
  fill(document.getElementById('tables') as HTMLElement, table('Results', [
    { head: 'Kind', cell: (h) => h.kind },
    { head: 'Chain', cell: (h) => h.chain },
    { head: 'Address or transaction', cell: (h) => (h.kind === 'transaction' ? h.id : el('a', { href: `#/address/${encodeURIComponent(h.chain)}/${encodeURIComponent(h.id)}` }, h.id)) },
    { head: 'Details', cell: (h) => h.text },
  ], hits, { id: 'search-table' }));
}
