// The communities view (app/workspace-communities.ts): Louvain communities of the store's value flows as
// super-nodes sized by the value touching them, and the links between communities as super-edges whose
// width follows the value flowing from one to the other (laid out by ForceAtlas2 in a worker until it
// settles). `#/communities/<n>` drills into one community: its members (tagged ones coloured and listed),
// the flows between them, and their flows to and from other communities (drawn as those communities'
// nodes). Large graphs open folded ("other" community, largest links only); `full=1` shows everything.

import { api } from '../api.js';
import { el, fill, shortAddress, table } from '../dom.js';
import { showGraph } from '../graph-view.js';
import { showAddressPanel } from '../panel.js';
import type { CommunityDetail, CommunityLink, CommunityNode, Communities, MemberFlow } from '../types.js';

type Navigate = (community: string | undefined, query: Record<string, string | undefined>) => void;

const COMMUNITY_COLOURS = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#f0e442', '#6b7380'];
const OTHER_COLOUR = '#b8bec7';
const TAGGED_COLOUR = '#d55e00';
const EDGE_COLOUR = '#8a94a3';

const colourOf = (community: number) => (community < 0 ? OTHER_COLOUR : COMMUNITY_COLOURS[community % COMMUNITY_COLOURS.length]);
const nameOf = (community: number) => (community < 0 ? 'other communities' : `community ${community}`);
/** Exact base units per asset, as copied into a report. */
const baseUnits = (amounts: Record<string, string>) => Object.entries(amounts).map(([asset, v]) => `${asset}: ${v}`).join('; ');
const width = (weight: number, max: number) => 1 + 9 * Math.sqrt(weight / (max || 1));

function addressLink(id: string): HTMLAnchorElement {
  const slash = id.indexOf('/');
  return el('a', { href: `#/address/${encodeURIComponent(id.slice(0, slash))}/${encodeURIComponent(id.slice(slash + 1))}` }, id);
}

function fullToggle(shown: boolean, full: boolean, text: string, go: () => void): void {
  const button = document.getElementById('toggle-full') as HTMLButtonElement;
  button.hidden = !shown && !full;
  button.textContent = full ? 'Fold small communities and flows' : text;
  button.onclick = go;
}

export async function renderCommunities(community: string | undefined, query: Record<string, string | undefined>, navigate: Navigate): Promise<void> {
  if (community !== undefined && community !== '') return renderCommunity(community, query, navigate);
  fill(document.getElementById('controls') as HTMLElement);
  const status = document.getElementById('status') as HTMLElement;
  fill(status, 'Detecting communities…');
  const full = query.full === '1';
  const c = await api<Communities>('communities', { full: full ? '1' : undefined });
  const maxValue = Math.max(0, ...c.communities.map((x) => x.value));
  const maxWeight = Math.max(0, ...c.links.map((l) => l.weight));
  const panel = document.getElementById('panel') as HTMLElement;
  fill(panel, el('p', { class: 'muted' }, 'Click a community (or its Show button) for its links, busiest and tagged members; Open lists all its members and their flows.'));
  const show = (id: number) => {
    const com = c.communities.find((x) => x.community === id);
    if (!com) return;
    fill(
      panel,
      el('h2', {}, com.community < 0 ? `Other communities (${com.folded})` : `Community ${com.community}`),
      el('p', {}, `${com.size} addresses; value inside: ${com.internal.join(', ') || 'none'}`),
      com.community >= 0 ? el('p', {}, el('a', { href: `#/communities/${com.community}` }, 'Open: members and their flows')) : null,
      el('h3', {}, 'Links'),
      el('ul', {}, ...c.links.filter((l) => l.source === id || l.target === id).slice(0, 20).map((l) => el('li', {}, `${nameOf(l.source)} → ${nameOf(l.target)}: ${l.amountText.join(', ')}`))),
      el('h3', {}, 'Members with the most flow'),
      el('ul', {}, ...com.topMembers.map((m) => el('li', {}, addressLink(m)))),
      el('h3', {}, `Tagged members (${com.taggedCount})`),
      el('ul', {}, ...com.tagged.map((t) => el('li', {}, `${t.label} (${t.category}): `, addressLink(`${t.chain}/${t.address}`)))),
    );
  };
  showGraph(
    document.getElementById('graph') as HTMLElement,
    c.communities.map((x) => ({
      id: String(x.community),
      label: x.community < 0 ? `${x.folded} other communities: ${x.size} addresses` : `#${x.community}: ${x.size} addresses${x.tagged[0] ? `, ${x.tagged[0].label}` : ''}`,
      color: colourOf(x.community),
      size: 4 + 16 * Math.sqrt(x.value / (maxValue || 1)),
    })),
    c.links.map((l) => ({ id: l.id, source: String(l.source), target: String(l.target), color: EDGE_COLOUR, size: width(l.weight, maxWeight), label: `${nameOf(l.source)} → ${nameOf(l.target)}: ${l.amountText.join(', ')}` })),
    { layout: 'force', onClickNode: (id) => show(Number(id)) },
  );
  fill(
    status,
    el(
      'span',
      { id: 'communities-count', 'data-communities': String(c.count), 'data-links': String(c.links.length) },
      `${c.count} communities of ${c.nodes} addresses, modularity ${c.modularity.toFixed(3)}; ${c.links.length} links drawn` +
        (c.foldedCommunities ? `; ${c.foldedCommunities} small communities folded into "other"` : '') +
        (c.foldedLinks ? `; ${c.foldedLinks} smaller links not drawn` : ''),
    ),
  );
  fullToggle(c.foldedCommunities + c.foldedLinks > 0, full, 'Show every community and link', () => navigate(undefined, { full: full ? undefined : '1' }));
  fill(
    document.getElementById('tables') as HTMLElement,
    table('Communities', [
      { head: 'Community', num: true, cell: (x: CommunityNode) => (x.community < 0 ? `other (${x.folded})` : x.community) },
      { head: 'Addresses', num: true, cell: (x) => x.size },
      { head: 'Value inside', cell: (x) => x.internal.join(', ') },
      { head: 'Tagged members', cell: (x) => `${x.tagged.map((t) => `${t.label} (${t.category})`).join('; ')}${x.taggedCount > x.tagged.length ? ` and ${x.taggedCount - x.tagged.length} more` : ''}` },
      {
        head: 'Details',
        cell: (x) => {
          const b = el('button', { type: 'button', 'aria-label': `Show ${nameOf(x.community)}` }, 'Show');
          b.addEventListener('click', () => show(x.community));
          return x.community < 0 ? b : el('span', {}, b, ' ', el('a', { href: `#/communities/${x.community}`, 'aria-label': `Open community ${x.community}` }, 'Open'));
        },
      },
    ], c.communities, { id: 'communities-table' }),
    table('Links between communities (value from members of one to members of the other)', [
      { head: 'From', cell: (l: CommunityLink) => (l.source < 0 ? 'other' : l.source) },
      { head: 'To', cell: (l) => (l.target < 0 ? 'other' : l.target) },
      { head: 'Amount', num: true, cell: (l) => l.amountText.join(', ') },
      { head: 'Base units', cell: (l) => baseUnits(l.amounts) },
      { head: 'Address pairs', num: true, cell: (l) => l.edges },
    ], c.links, { id: 'community-links-table' }),
  );
}

async function renderCommunity(community: string, query: Record<string, string | undefined>, navigate: Navigate): Promise<void> {
  fill(document.getElementById('controls') as HTMLElement, el('p', {}, el('a', { href: '#/communities' }, 'All communities')));
  const status = document.getElementById('status') as HTMLElement;
  fill(status, `Loading community ${community}…`);
  const full = query.full === '1';
  const d = await api<CommunityDetail>('community', { community, full: full ? '1' : undefined });
  const others = new Map<string, number>();
  for (const f of d.across) for (const end of [f.source, f.target]) if (end.startsWith('community:')) others.set(end, Number(end.slice('community:'.length)));
  const maxStrength = Math.max(0, ...d.members.map((m) => m.strength));
  const maxWeight = Math.max(0, ...d.internal.map((f) => f.weight), ...d.across.map((f) => f.weight));
  const label = (id: string) => (id.startsWith('community:') ? nameOf(Number(id.slice('community:'.length))) : id);
  const edge = (f: MemberFlow) => ({ id: f.id, source: f.source, target: f.target, color: EDGE_COLOUR, size: width(f.weight, maxWeight), label: `${label(f.source)} → ${label(f.target)}: ${f.amountText.join(', ')}` });
  showGraph(
    document.getElementById('graph') as HTMLElement,
    [
      ...d.members.map((m) => ({ id: m.id, label: m.label ? `${m.label} (${shortAddress(m.address)})` : shortAddress(m.address), color: m.label ? TAGGED_COLOUR : colourOf(d.community), size: 3 + 9 * Math.sqrt(m.strength / (maxStrength || 1)) })),
      ...[...others].map(([id, n]) => ({ id, label: `community ${n}`, color: OTHER_COLOUR, size: 8 })),
    ],
    [...d.internal.map(edge), ...d.across.map(edge)],
    {
      layout: 'force',
      onClickNode: (id) => {
        if (id.startsWith('community:')) navigate(id.slice('community:'.length), {});
        else {
          const m = d.members.find((x) => x.id === id);
          if (m) void showAddressPanel(m.chain, m.address, {});
        }
      },
    },
  );
  fill(
    status,
    el(
      'span',
      { id: 'community-count', 'data-members': String(d.size) },
      `Community ${d.community}: ${d.size} addresses (${d.members.length} shown), ${d.tagged.length} tagged; ${d.internal.length} flows inside, ${d.across.length} to or from ${others.size} other communities` +
        (d.moreFlows ? `; ${d.moreFlows} smaller flows not drawn` : ''),
    ),
  );
  fullToggle(d.moreMembers + d.moreFlows > 0, full, 'Show every member and flow', () => navigate(community, { full: full ? undefined : '1' }));
  const flowColumns = (caption: string, rows: MemberFlow[], id: string) =>
    table(caption, [
      { head: 'From', cell: (f: MemberFlow) => (f.source.startsWith('community:') ? el('a', { href: `#/communities/${f.source.slice(10)}` }, label(f.source)) : addressLink(f.source)) },
      { head: 'To', cell: (f) => (f.target.startsWith('community:') ? el('a', { href: `#/communities/${f.target.slice(10)}` }, label(f.target)) : addressLink(f.target)) },
      { head: 'Amount', num: true, cell: (f) => f.amountText.join(', ') },
      { head: 'Base units', cell: (f) => baseUnits(f.amounts) },
    ], rows, { id });
  fill(
    document.getElementById('panel') as HTMLElement,
    el('h2', {}, `Community ${d.community}`),
    el('p', {}, `${d.size} addresses`),
    el('h3', {}, `Tagged members (${d.tagged.length})`),
    d.tagged.length > 0 ? el('ul', {}, ...d.tagged.map((t) => el('li', {}, `${t.label} (${t.category}): `, addressLink(`${t.chain}/${t.address}`)))) : el('p', { class: 'muted' }, 'None.'),
  );
  fill(
    document.getElementById('tables') as HTMLElement,
    table(`Members${d.moreMembers ? ` (the ${d.members.length} with the most flow of ${d.size})` : ''}`, [
      { head: 'Address', cell: (m: CommunityDetail['members'][number]) => addressLink(m.id) },
      { head: 'Label', cell: (m) => m.label ?? '' },
      { head: 'Category', cell: (m) => m.category ?? '' },
    ], d.members, { id: 'community-members-table' }),
    flowColumns('Flows to and from other communities', d.across, 'community-across-table'),
    flowColumns('Flows between members', d.internal, 'community-internal-table'),
  );
}
