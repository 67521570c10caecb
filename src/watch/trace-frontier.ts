// The frontier of a trace, for the watch's incremental trace (issue 17): what a block appended after the
// trace's last one must touch to change the trace's result. The tracer reads only what taint reaches
// (TRACING.md, The walk): on an account chain the ledgers of the addresses taint was delivered to (each
// `followed` flow's recipient, which the walk then follows to the end of its ledger, whatever its taint
// is later), on a UTXO chain the spender of each tainted coin (a `followed` output of a flow's
// transaction). Records of later blocks that touch none of these are never read by a re-trace, so the
// previous result stands byte for byte; records that touch one may change anything after them, and the
// caller re-traces. Conservative on purpose: any address of a flow, holding or endpoint counts, on every
// asset of its chain, and a UTXO transaction counts when any input spends an output of a flow's
// transaction or any input or output address is on the frontier. Conversions: see app/watch-trace.ts.
// Pure.

import type { TraceRun } from '../model/trace-result.js';
import type { AccountTransfer } from '../model/transfer.js';
import type { UtxoTransaction } from '../model/utxo.js';

export interface TraceFrontier {
  /** Per chain: the addresses of the trace's flows, holdings and endpoints. */
  addresses: Map<string, Set<string>>;
  /** Per chain: the transactions of the trace's flows (UTXO: their outputs may be tainted coins). */
  transactions: Map<string, Set<string>>;
}

/** Records appended to the store since the trace (new blocks only). */
export interface AppendedRecords {
  transfers: readonly AccountTransfer[];
  transactions: readonly UtxoTransaction[];
  /** Tags the same writes added (a resumed trace would not see them at addresses it reached before). */
  tags?: number;
}

function add(map: Map<string, Set<string>>, chain: string, value: string | null | undefined): void {
  if (value === null || value === undefined || value === '') return;
  let set = map.get(chain);
  if (!set) {
    set = new Set();
    map.set(chain, set);
  }
  set.add(value);
}

/** The frontier of a run (it must have been traced with flows). */
export function traceFrontier(run: TraceRun): TraceFrontier {
  const frontier: TraceFrontier = { addresses: new Map(), transactions: new Map() };
  for (const f of run.flows) {
    add(frontier.addresses, f.chain, f.from);
    add(frontier.addresses, f.chain, f.to);
    add(frontier.transactions, f.chain, f.txHash);
  }
  for (const h of run.result.holdings) add(frontier.addresses, h.chain, h.address);
  for (const e of run.result.endpoints) add(frontier.addresses, e.chain, e.address);
  return frontier;
}

/** Whether one appended transfer could change the trace. */
export function transferTouches(frontier: TraceFrontier, t: AccountTransfer): boolean {
  const addresses = frontier.addresses.get(t.chain);
  if (!addresses) return false;
  return addresses.has(t.from) || (t.to !== null && addresses.has(t.to));
}

/** Whether one appended UTXO transaction could change the trace. */
export function transactionTouches(frontier: TraceFrontier, tx: UtxoTransaction): boolean {
  const addresses = frontier.addresses.get(tx.chain);
  const txids = frontier.transactions.get(tx.chain);
  for (const input of tx.inputs) {
    if (input.prevTxid !== undefined && txids?.has(input.prevTxid)) return true;
    if (input.address !== null && addresses?.has(input.address)) return true;
  }
  for (const output of tx.outputs) if (output.address !== null && addresses?.has(output.address)) return true;
  return false;
}

/** The first appended record that touches the frontier (a reason to re-trace), if any. */
export function firstTouching(frontier: TraceFrontier, appended: AppendedRecords): string | undefined {
  for (const t of appended.transfers) if (transferTouches(frontier, t)) return `${t.chain} transfer ${t.id}`;
  for (const tx of appended.transactions) if (transactionTouches(frontier, tx)) return `${tx.chain} transaction ${tx.txid}`;
  return undefined;
}
