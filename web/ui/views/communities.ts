// The communities view: Louvain communities of the store's value flows as super-nodes sized by their
// member count (laid out in a worker), with tagged members listed; a row's members link to the address view.

import { api } from '../api.js';
import { el, fill, table } from '../dom.js';
import { showGraph } from '../graph-view.js';
import type { Communities } from '../types.js';

export async function renderCommunities(): Promise<void> {
  fill(document.getElementById('controls') as HTMLElement);
  const status = document.getElementById('status') as HTMLElement;
  fill(status, 'Detecting communities…');
  const c = await api<Communities>('communities');
  const largest = Math.max(1, ...c.communities.map((x) => x.size));
  const panel = document.getElementById('panel') as HTMLElement;
  const show = (id: number) => {
    const com = c.communities.find((x) => x.community === id);
    if (!com) return;
    const link = (m: string) => {
      const slash = m.indexOf('/');
      return el('a', { href: `#/address/${encodeURIComponent(m.slice(0, slash))}/${encodeURIComponent(m.slice(slash + 1))}` }, m);
    };
    fill(panel,
      el('h2', {}, `Community ${com.community}`),
      el('p', {}, `${com.size} addresses; value inside: ${com.internal.join(', ') || 'none'}`),
      el('h3', {}, 'Members with the most flow'),
      el('ul', {}, ...com.topMembers.map((m) => el('li', {}, link(m)))),
      el('h3', {}, 'Tagged members'),
      el('ul', {}, ...com.tagged.map((t) => el('li', {}, `${t.label} (${t.category}): `, link(`${t.chain}/${t.address}`)))),
    );
  };
  showGraph(
    document.getElementById('graph') as HTMLElement,
    c.communities.map((x) => ({ id: String(x.community), label: `#${x.community}: ${x.size} addresses${x.tagged[0] ? `, ${x.tagged[0].label}` : ''}`, color: '#0072b2', size: 4 + 16 * Math.sqrt(x.size / largest) })),
    [],
    { layout: 'force', onClickNode: (id) => show(Number(id)) },
  );
  fill(status, `${c.communities.length} communities, modularity ${c.modularity.toFixed(3)}`);
  fill(document.getElementById('tables') as HTMLElement, table('Communities', [
    { head: 'Community', num: true, cell: (x) => x.community },
    { head: 'Addresses', num: true, cell: (x) => x.size },
    { head: 'Value inside', cell: (x) => x.internal.join(', ') },
    { head: 'Tagged members', cell: (x) => x.tagged.map((t) => `${t.label} (${t.category})`).join('; ') },
    {
      head: 'Details',
      cell: (x) => {
        const b = el('button', { type: 'button', 'aria-label': `Show community ${x.community}` }, 'Show');
        b.addEventListener('click', () => show(x.community));
        return b;
      },
    },
  ], c.communities, { id: 'communities-table' }));
}
