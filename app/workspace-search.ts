// Use cases of the analyst workspace (docs/web.md): search by address (any valid form of any known chain,
// canonicalised as the store keeps it), transaction id, or label. (The communities view is
// app/workspace-communities.ts.)

import { invalidInput } from '../src/errors.js';
import { formatAmount } from '../src/model/amount-text.js';
import { isValidAddress, normalizeAddress } from '../src/model/address.js';
import type { Workspace } from './workspace.js';

export interface SearchHit {
  kind: 'address' | 'transaction' | 'label';
  chain: string;
  /** The address (address and label hits) or transaction id. */
  id: string;
  text: string;
}

const MAX_HITS = 100;

/** Addresses, transactions and labels matching a query. */
export async function search(ws: Workspace, query: { q?: string }): Promise<SearchHit[]> {
  const q = (query.q ?? '').trim();
  if (q.length < 2 || q.length > 200) throw invalidInput('give 2 to 200 characters', { field: 'q' }, { value: q });
  const { store } = ws;
  const chains = Object.keys((await store.stats()).chains).sort();
  const hits: SearchHit[] = [];
  for (const chain of chains) {
    if (isValidAddress(chain, q)) {
      const address = normalizeAddress(chain, q);
      hits.push({ kind: 'address', chain, id: address, text: address });
    }
    const hex = q.replace(/^0x/i, '').toLowerCase();
    if (/^[0-9a-f]{64}$/.test(hex)) {
      const tx = await store.getTransaction(chain, hex);
      if (tx) hits.push({ kind: 'transaction', chain, id: tx.txid, text: `${tx.inputs.length} inputs, ${tx.outputs.length} outputs, block ${tx.block}` });
    }
  }
  if (/^(0x)?[0-9a-fA-F]{64}$/.test(q)) {
    const { run } = await ws.run({});
    const seen = new Set<string>();
    for (const f of run.flows) {
      if (f.txHash.replace(/^0x/, '').toLowerCase() !== q.replace(/^0x/i, '').toLowerCase() || seen.has(f.ref)) continue;
      seen.add(f.ref);
      hits.push({ kind: 'transaction', chain: f.chain, id: f.txHash, text: `${f.from} -> ${f.to ?? '(fee)'}: ${formatAmount(f.chain, f.asset, f.amount)} traced (hop ${f.hop})` });
    }
  }
  const needle = q.toLowerCase();
  for await (const t of store.tags()) {
    if (hits.length >= MAX_HITS) break;
    if (t.label.toLowerCase().includes(needle)) hits.push({ kind: 'label', chain: t.chain, id: t.address, text: `${t.label} (${t.category}, ${t.source})` });
  }
  return hits.slice(0, MAX_HITS);
}
