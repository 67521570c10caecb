// flows.csv and transactions.csv of an evidence pack: every hop with the taint it carried under the
// named rule (TraceRun.flows, in the order the walk produced them), what became of it (`outcome`) and
// the earlier hops it came from (`parents`), and every stored record those hops touch, so each figure
// can be audited step by step against the chain data.

import { chainInfo } from '../model/chain.js';
import type { TraceFlow } from '../model/trace-result.js';
import type { AccountTransfer } from '../model/transfer.js';
import type { UtxoTransaction } from '../model/utxo.js';
import { assetSymbol } from './amount-format.js';
import { chunkLines, csvLine } from './csv.js';
import { humanDecimal } from './graphml.js';

export const FLOW_COLUMNS = ['hop', 'chain', 'asset', 'symbol', 'ref', 'txHash', 'block', 'time', 'from', 'to', 'amount', 'amountHuman', 'bySource', 'outcome', 'parents', 'source'] as const;

/** One CSV row of a flow (columns as FLOW_COLUMNS). */
export function flowRow(f: TraceFlow): string[] {
  return [
    String(f.hop),
    f.chain,
    f.asset,
    assetSymbol(f.chain, f.asset),
    f.ref,
    f.txHash,
    String(f.block),
    f.time ?? '',
    f.from,
    f.to ?? '',
    f.amount,
    humanDecimal(f.chain, f.asset, f.amount),
    JSON.stringify(f.bySource),
    f.outcome ?? '',
    (f.parents ?? []).join(' '),
    f.source ?? '',
  ];
}

/** flows.csv in chunks: a header and one row per flow. */
export function* renderFlowsCsv(flows: readonly TraceFlow[]): Generator<string> {
  yield* chunkLines(flowLines(flows));
}

function* flowLines(flows: readonly TraceFlow[]): Generator<string> {
  yield csvLine(FLOW_COLUMNS);
  for (const f of flows) yield csvLine(flowRow(f));
}

export interface TouchedRecords {
  transfers: AccountTransfer[];
  transactions: UtxoTransaction[];
}

export const TRANSACTION_COLUMNS = ['chain', 'kind', 'txHash', 'ref', 'block', 'txIndex', 'index', 'time', 'from', 'to', 'asset', 'amount'] as const;

/**
 * transactions.csv: one row per account transfer touched by the trace, and for UTXO transactions one
 * row per input (`from`) and per output (`to`), so fees can be recomputed. Sorted by chain order.
 */
export function* renderTransactionsCsv(records: TouchedRecords): Generator<string> {
  yield* chunkLines(transactionLines(records));
}

function* transactionLines(records: TouchedRecords): Generator<string> {
  yield csvLine(TRANSACTION_COLUMNS);
  for (const t of records.transfers) {
    yield csvLine([t.chain, 'transfer', t.txHash, t.id, String(t.block), String(t.txIndex), String(t.index), t.time ?? '', t.from, t.to ?? '', t.asset, t.amount.toString()]);
  }
  for (const tx of records.transactions) {
    const native = chainInfo(tx.chain)?.nativeSymbol ?? 'BTC';
    for (const [n, i] of tx.inputs.entries()) {
      const ref = i.coinbase ? 'coinbase' : `${i.prevTxid}:${i.prevVout}`;
      yield csvLine([tx.chain, 'input', tx.txid, ref, String(tx.block), String(tx.txIndex), String(n), tx.time ?? '', i.address ?? '', '', native, i.value.toString()]);
    }
    for (const o of tx.outputs) {
      yield csvLine([tx.chain, 'output', tx.txid, `${tx.txid}:${o.n}`, String(tx.block), String(tx.txIndex), String(o.n), tx.time ?? '', '', o.address ?? '', native, o.value.toString()]);
    }
  }
}
