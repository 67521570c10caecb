// Use cases of the analyst workspace (docs/web.md) for one address: its side panel (tags with source and
// confidence, cluster, totals, transfers with explorer links, what the trace says of it) and its
// neighbourhood (counterparties in the store, cluster members and the evidence links between them).
// Explorer links come from URL templates (`{tx}`, `{address}`), configurable per chain through
// LEDGERHOUND_EXPLORER_<CHAIN>_TX / _ADDRESS; the page shows them as text links, never as markup.

import { invalidInput } from '../src/errors.js';
import { summarizeAddress } from '../src/attribution/address-summary.js';
import { formatAmount } from '../src/model/amount-text.js';
import { chainInfo } from '../src/model/chain.js';
import type { Tag } from '../src/model/tag.js';
import type { ClusterLink } from '../src/ports.js';
import type { Note } from '../src/model/note.js';
import type { TraceQuery, Workspace } from './workspace.js';
import { addressNotes } from './workspace-notes.js';

const DEFAULT_EXPLORERS: Record<string, { tx: string; address: string }> = {
  bitcoin: { tx: 'https://mempool.space/tx/{tx}', address: 'https://mempool.space/address/{address}' },
  ethereum: { tx: 'https://etherscan.io/tx/{tx}', address: 'https://etherscan.io/address/{address}' },
  tron: { tx: 'https://tronscan.org/#/transaction/{tx}', address: 'https://tronscan.org/#/address/{address}' },
};

/** The explorer URL of a transaction or address, from the environment's template or the default. */
export function explorerUrl(chain: string, kind: 'tx' | 'address', id: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const template = env[`LEDGERHOUND_EXPLORER_${chain.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_${kind === 'tx' ? 'TX' : 'ADDRESS'}`] ?? DEFAULT_EXPLORERS[chain]?.[kind];
  if (!template || !/^https?:\/\//.test(template)) return undefined;
  return template.replace(kind === 'tx' ? '{tx}' : '{address}', encodeURIComponent(id));
}

export interface PanelTransfer {
  ref: string;
  tx: string;
  time?: string;
  direction: 'in' | 'out';
  counterparty: string | null;
  amountText: string;
  url?: string;
}

export interface AddressPanel {
  chain: string;
  address: string;
  url?: string;
  tags: Pick<Tag, 'label' | 'category' | 'source' | 'confidence' | 'inferredFrom'>[];
  cluster?: { clusterId: string; size: number; members: string[] };
  totals: { asset: string; received: string; sent: string; balance: string; transfersIn: number; transfersOut: number }[];
  transfers: PanelTransfer[];
  /** What the trace found here: cash-out (endpoint) or holding amounts. */
  traced: { kind: 'cash-out' | 'holding'; asset: string; amountText: string; hops?: number; reason?: string }[];
  moreTransfers: boolean;
  /** Analysts' notes on the address, oldest first (shown as text). */
  notes: Note[];
}

const MAX_TRANSFERS = 200;

function checkAddress(chain: string | undefined, address: string | undefined): { chain: string; address: string } {
  if (!chain || !chainInfo(chain)) throw invalidInput('give a known chain', { field: 'chain' }, { value: chain });
  if (!address) throw invalidInput('give an address', { field: 'address' });
  return { chain, address };
}

/** The side panel of an address. */
export async function addressPanel(ws: Workspace, query: TraceQuery & { chain?: string; address?: string }): Promise<AddressPanel> {
  const { chain, address } = checkAddress(query.chain, query.address);
  const { store } = ws;
  const summary = await summarizeAddress(store, chain, address);
  const panel: AddressPanel = {
    chain,
    address,
    url: explorerUrl(chain, 'address', address),
    tags: summary.tags.map((t) => ({ label: t.label, category: t.category, source: t.source, confidence: t.confidence, ...(t.inferredFrom ? { inferredFrom: t.inferredFrom } : {}) })),
    totals: summary.assets.map((a) => ({
      asset: a.asset,
      received: formatAmount(chain, a.asset, a.received),
      sent: formatAmount(chain, a.asset, a.sent),
      balance: a.balance < 0n ? `-${formatAmount(chain, a.asset, -a.balance)}` : formatAmount(chain, a.asset, a.balance),
      transfersIn: a.transfersIn,
      transfersOut: a.transfersOut,
    })),
    transfers: [],
    traced: [],
    moreTransfers: false,
    notes: await addressNotes(ws, chain, address),
  };
  const membership = await store.clusterOf(chain, address);
  if (membership) panel.cluster = { clusterId: membership.clusterId, size: membership.members.length, members: membership.members.slice(0, 100) };
  const push = (t: PanelTransfer) => {
    if (panel.transfers.length < MAX_TRANSFERS) panel.transfers.push(t);
    else panel.moreTransfers = true;
  };
  if (chainInfo(chain)?.model === 'utxo') {
    for await (const tx of store.transactionsOf(chain, address)) {
      const received = tx.outputs.filter((o) => o.address === address).reduce((s, o) => s + o.value, 0n);
      const sent = tx.inputs.filter((i) => i.address === address).reduce((s, i) => s + i.value, 0n);
      const base = { ref: tx.txid, tx: tx.txid, url: explorerUrl(chain, 'tx', tx.txid), ...(tx.time ? { time: tx.time } : {}) };
      if (received > 0n) push({ ...base, direction: 'in', counterparty: tx.inputs.find((i) => i.address !== address)?.address ?? null, amountText: formatAmount(chain, 'BTC', received) });
      if (sent > 0n) push({ ...base, direction: 'out', counterparty: tx.outputs.find((o) => o.address !== address)?.address ?? null, amountText: formatAmount(chain, 'BTC', sent) });
    }
  } else {
    for await (const tr of store.ledger(chain, address)) {
      const direction = tr.to === address ? 'in' : 'out';
      push({ ref: tr.id, tx: tr.txHash, direction, counterparty: direction === 'in' ? tr.from : tr.to, amountText: formatAmount(chain, tr.asset, tr.amount), url: explorerUrl(chain, 'tx', tr.txHash), ...(tr.time ? { time: tr.time } : {}) });
    }
  }
  const { run } = await ws.run(query);
  const same = (a: string) => a === address || a.toLowerCase() === address.toLowerCase();
  for (const e of run.result.endpoints) if (e.chain === chain && same(e.address)) panel.traced.push({ kind: 'cash-out', asset: e.asset, amountText: formatAmount(e.chain, e.asset, e.amount), hops: e.hops });
  for (const h of run.result.holdings) if (h.chain === chain && same(h.address)) panel.traced.push({ kind: 'holding', asset: h.asset, amountText: formatAmount(h.chain, h.asset, h.amount), reason: h.reason });
  return panel;
}

export interface NeighbourhoodNode {
  id: string;
  chain: string;
  address: string;
  label?: string;
  category?: string;
  /** `center`, a counterparty, or a member of the centre's cluster. */
  role: 'center' | 'counterparty' | 'cluster';
}

export interface Neighbourhood {
  nodes: NeighbourhoodNode[];
  edges: { id: string; source: string; target: string; kind: 'flow' | 'link'; text: string }[];
}

/** An address's counterparties (by value) and its cluster's members with the links between them. */
export async function neighbourhood(ws: Workspace, query: { chain?: string; address?: string }): Promise<Neighbourhood> {
  const { chain, address } = checkAddress(query.chain, query.address);
  const { store } = ws;
  const summary = await summarizeAddress(store, chain, address, { maxCounterparties: 40 });
  const nodes = new Map<string, NeighbourhoodNode>();
  const add = async (a: string, role: NeighbourhoodNode['role']) => {
    const id = `${chain}/${a}`;
    if (nodes.has(id)) return id;
    const n: NeighbourhoodNode = { id, chain, address: a, role };
    const best = (await store.tagsOf(chain, a)).sort((x, y) => y.confidence - x.confidence)[0];
    if (best) Object.assign(n, { label: best.label, category: best.category });
    nodes.set(id, n);
    return id;
  };
  const center = await add(address, 'center');
  const edges: Neighbourhood['edges'] = [];
  for (const p of summary.counterparties) {
    if (p.address === null) continue;
    const other = await add(p.address, 'counterparty');
    // Edge ids name both ends, so that the neighbourhoods of several addresses (expanded in the page) merge.
    if (p.received > 0n) edges.push({ id: `flow/${p.asset}/${other}/${center}`, source: other, target: center, kind: 'flow', text: formatAmount(chain, p.asset, p.received) });
    if (p.sent > 0n) edges.push({ id: `flow/${p.asset}/${center}/${other}`, source: center, target: other, kind: 'flow', text: formatAmount(chain, p.asset, p.sent) });
  }
  const membership = await store.clusterOf(chain, address);
  if (membership) {
    const links: ClusterLink[] = [];
    for (const m of membership.members.slice(0, 50)) {
      await add(m, 'cluster');
      for (const l of await store.linksOf(chain, m)) links.push(l);
    }
    const seen = new Set<string>();
    for (const l of links) {
      const id = `link/${l.a}/${l.b}/${l.heuristic}/${l.evidence}`;
      if (seen.has(id) || !nodes.has(`${chain}/${l.a}`) || !nodes.has(`${chain}/${l.b}`)) continue;
      seen.add(id);
      edges.push({ id, source: `${chain}/${l.a}`, target: `${chain}/${l.b}`, kind: 'link', text: `${l.heuristic} (${l.evidence})` });
    }
  }
  return { nodes: [...nodes.values()], edges };
}
