// The stored records an evidence pack's transactions.csv lists (docs/evidence.md): every account transfer
// and UTXO transaction the trace's flows touch, read back from the store in chain order. The refs are
// taken from the flows first (plain data: a pack thread reads the records from its own connection).

import type { TouchedRecords } from '../src/evidence/tables-csv.js';
import { isUtxoChain } from '../src/model/chain.js';
import type { TraceFlow } from '../src/model/trace-result.js';
import { compareTransfers } from '../src/model/transfer.js';
import { compareUtxoTransactions } from '../src/model/utxo.js';
import type { GraphStore } from '../src/ports.js';

/** What the flows touch: transfer ids per account chain, and UTXO transactions as [chain, txid]; each once, in flow order. */
export interface TouchedRefs {
  transfers: Record<string, string[]>;
  transactions: [string, string][];
}

/** A chain scan reads the touched transfers when the chain holds at most this many times as many (else one read each). */
const SCAN_FACTOR = 4;
/** Records between two progress reports. */
const PROGRESS_EVERY = 5000;

/** The refs the flows touch. */
export function touchedRefsOf(flows: readonly TraceFlow[]): TouchedRefs {
  const transfers = new Map<string, Set<string>>();
  const transactions = new Map<string, [string, string]>();
  for (const f of flows) {
    if (isUtxoChain(f.chain)) {
      const key = `${f.chain}/${f.txHash}`;
      if (!transactions.has(key)) transactions.set(key, [f.chain, f.txHash]);
    } else {
      let set = transfers.get(f.chain);
      if (!set) {
        set = new Set();
        transfers.set(f.chain, set);
      }
      set.add(f.ref);
    }
  }
  return { transfers: Object.fromEntries([...transfers].map(([chain, ids]) => [chain, [...ids]])), transactions: [...transactions.values()] };
}

/**
 * The touched records, transfers by chain then chain order, transactions likewise. Account transfers of
 * a chain are read by one scan of the chain in pages (store order, which is chain order) when the chain
 * holds at most SCAN_FACTOR times the touched transfers, else one by one: a big trace in its own case
 * store reads pages, not 10^5 single rows.
 */
export async function readTouchedRecords(store: GraphStore, refs: TouchedRefs, onProgress?: (done: number, total: number) => void): Promise<TouchedRecords> {
  let done = 0;
  const total = refs.transactions.length + Object.values(refs.transfers).reduce((n, ids) => n + ids.length, 0);
  const step = () => {
    if (++done % PROGRESS_EVERY === 0) onProgress?.(done, total);
  };
  const transactions: TouchedRecords['transactions'] = [];
  for (const [chain, txid] of refs.transactions) {
    const tx = await store.getTransaction(chain, txid);
    if (tx) transactions.push(tx);
    step();
  }
  const transfers: TouchedRecords['transfers'] = [];
  for (const chain of Object.keys(refs.transfers).sort()) {
    const wanted = new Set(refs.transfers[chain]);
    const bound = wanted.size * SCAN_FACTOR;
    const scan = store.countTransfers !== undefined && (await store.countTransfers(chain, bound + 1)) <= bound;
    const found: TouchedRecords['transfers'] = [];
    if (scan) {
      for await (const t of store.transfers({ chain })) {
        if (!wanted.has(t.id)) continue;
        found.push(t);
        step();
      }
    } else {
      for (const id of wanted) {
        const t = await store.getTransfer(chain, id);
        if (t) found.push(t);
        step();
      }
      found.sort(compareTransfers);
    }
    for (const t of found) transfers.push(t);
  }
  onProgress?.(total, total);
  const byChain = (a: { chain: string }, b: { chain: string }) => (a.chain < b.chain ? -1 : a.chain > b.chain ? 1 : 0);
  return { transfers, transactions: transactions.sort((a, b) => byChain(a, b) || compareUtxoTransactions(a, b)) };
}
