// The side panel of an address: tags with source and confidence, cluster, what the trace found there,
// analysts' notes (notes.ts), totals per asset and the transfers table with explorer links. All data is
// shown as text.

import { api } from './api.js';
import { el, externalLink, fill, table } from './dom.js';
import { notesSection } from './notes.js';
import type { AddressPanel } from './types.js';

/** Loads and shows an address in the panel; `extra` nodes (paths of an explanation) go below. */
export async function showAddressPanel(chain: string, address: string, query: Record<string, string | undefined>, extra: Node[] = []): Promise<AddressPanel> {
  const panel = document.getElementById('panel') as HTMLElement;
  fill(panel, el('p', { class: 'muted' }, 'Loading…'));
  const p = await api<AddressPanel>('address', { ...query, chain, address });
  fill(
    panel,
    el('h2', { id: 'panel-title' }, 'Address'),
    el('p', { class: 'panel-address' }, externalLink(p.url, p.address)),
    el('p', { class: 'muted' }, `Chain: ${p.chain}`),
    el('p', {}, el('a', { href: `#/address/${encodeURIComponent(p.chain)}/${encodeURIComponent(p.address)}` }, 'Open neighbourhood and cluster')),
    p.tags.length > 0
      ? table('Tags', [
          { head: 'Label', cell: (t) => t.label },
          { head: 'Category', cell: (t) => t.category },
          { head: 'Source', cell: (t) => t.source },
          { head: 'Confidence', num: true, cell: (t) => t.confidence },
        ], p.tags, { id: 'panel-tags' })
      : el('p', { class: 'muted' }, 'No tags.'),
    notesSection(p.chain, p.address, p.notes ?? []),
    p.cluster ? el('p', {}, `Cluster ${p.cluster.clusterId}: ${p.cluster.size} addresses`) : el('p', { class: 'muted' }, 'Not in a cluster.'),
    p.traced.length > 0
      ? table('In this trace', [
          { head: 'As', cell: (t) => t.kind },
          { head: 'Amount', num: true, cell: (t) => t.amountText },
          { head: 'Hops / reason', cell: (t) => (t.hops !== undefined ? String(t.hops) : (t.reason ?? '')) },
        ], p.traced, { id: 'panel-traced' })
      : null,
    ...extra,
    table('Totals', [
      { head: 'Asset', cell: (t) => t.asset },
      { head: 'Received', num: true, cell: (t) => t.received },
      { head: 'Sent', num: true, cell: (t) => t.sent },
      { head: 'Balance', num: true, cell: (t) => t.balance },
    ], p.totals),
    table(`Transfers${p.moreTransfers ? ' (first 200)' : ''}`, [
      { head: 'Time', cell: (t) => t.time ?? '' },
      { head: 'Dir.', cell: (t) => t.direction },
      { head: 'Counterparty', cell: (t) => t.counterparty ?? '(none)' },
      { head: 'Amount', num: true, cell: (t) => t.amountText },
      { head: 'Transaction', cell: (t) => externalLink(t.url, t.tx.length > 20 ? `${t.tx.slice(0, 18)}…` : t.tx) },
    ], p.transfers),
  );
  panel.focus();
  return p;
}
