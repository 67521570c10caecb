// The address / cluster view: an address's counterparties (by value) and its cluster's members with the
// evidence links between them (heuristic, transaction), laid out by ForceAtlas2 in a web worker; the
// panel shows the address; clicking a node moves the view to it (one hop further).

import { api } from '../api.js';
import { el, fill, shortAddress, table } from '../dom.js';
import { showGraph } from '../graph-view.js';
import { showAddressPanel } from '../panel.js';
import type { Neighbourhood } from '../types.js';

const ROLE_COLOURS = { center: '#c0392b', counterparty: '#6b7380', cluster: '#0072b2' } as const;

function addressForm(chain: string, address: string, go: (chain: string, address: string) => void): HTMLFormElement {
  const chainInput = el('input', { name: 'chain', type: 'text', size: '10', value: chain, required: true });
  const addressInput = el('input', { name: 'address', type: 'text', size: '48', value: address, required: true });
  const form = el('form', { 'aria-label': 'Address' }, el('label', {}, 'Chain', chainInput), el('label', {}, 'Address', addressInput), el('button', { type: 'submit' }, 'Show'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    go(chainInput.value.trim(), addressInput.value.trim());
  });
  return form;
}

export async function renderAddress(chain: string, address: string, go: (chain: string, address: string) => void): Promise<void> {
  fill(document.getElementById('controls') as HTMLElement, addressForm(chain, address, go));
  const status = document.getElementById('status') as HTMLElement;
  if (!chain || !address) {
    fill(status, 'Give a chain and an address, or pick one in the trace or search views.');
    return;
  }
  fill(status, 'Loading…');
  const hood = await api<Neighbourhood>('neighbourhood', { chain, address });
  showGraph(
    document.getElementById('graph') as HTMLElement,
    hood.nodes.map((n) => ({ id: n.id, label: n.label ? `${n.label} (${shortAddress(n.address)})` : shortAddress(n.address), color: ROLE_COLOURS[n.role], size: n.role === 'center' ? 10 : 6 })),
    hood.edges.map((e) => ({ id: e.id, source: e.source, target: e.target, color: e.kind === 'link' ? '#0072b2' : '#9aa0a6', size: e.kind === 'link' ? 2 : 1.5, label: e.text })),
    { layout: 'force', onClickNode: (id) => {
      const n = hood.nodes.find((x) => x.id === id);
      if (n) go(n.chain, n.address);
    } },
  );
  fill(status, `${hood.nodes.length} addresses, ${hood.edges.length} edges`);
  fill(
    document.getElementById('tables') as HTMLElement,
    table('Addresses', [
      { head: 'Address', cell: (n) => el('a', { href: `#/address/${encodeURIComponent(n.chain)}/${encodeURIComponent(n.address)}` }, n.address) },
      { head: 'Role', cell: (n) => n.role },
      { head: 'Label', cell: (n) => n.label ?? '' },
      { head: 'Category', cell: (n) => n.category ?? '' },
    ], hood.nodes, { id: 'neighbourhood-table' }),
    table('Flows and cluster links', [
      { head: 'From', cell: (e) => e.source },
      { head: 'To', cell: (e) => e.target },
      { head: 'Kind', cell: (e) => e.kind },
      { head: 'Amount / evidence', cell: (e) => e.text },
    ], hood.edges),
  );
  await showAddressPanel(chain, address, {});
}
