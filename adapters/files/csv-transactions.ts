// UTXO transactions as CSV (one row per coin), for spreadsheets and subpoena returns:
// `chain,txid,block,txIndex,time,io,n,prevTxid,prevVout,address,value,script,coinbase` where `io` is
// `in` or `out`. Rows of one transaction are consecutive; inputs keep row order, outputs their `n`.

import { invalidInput } from '../../src/errors.js';
import type { SourceRecord } from './source-record.js';

interface Pending {
  line: number;
  tx: { chain: string; txid: string; block: string; txIndex: string; time?: string; inputs: unknown[]; outputs: unknown[] };
}

/** True when a CSV header describes coin rows. */
export function isCoinRow(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'io' in value && 'txid' in value;
}

/** Groups coin rows into raw transaction records (validated afterwards by parseUtxoTransaction). */
export async function* groupCoinRows(file: string, rows: AsyncIterable<SourceRecord>): AsyncIterable<SourceRecord> {
  let pending: Pending | undefined;
  const seen = new Set<string>();
  for await (const { line, value } of rows) {
    const r = value as Record<string, string>;
    if (!pending || pending.tx.txid !== r.txid || pending.tx.chain !== r.chain) {
      if (pending) yield { line: pending.line, value: pending.tx };
      const key = `${r.chain}/${r.txid}`;
      if (seen.has(key)) throw invalidInput('rows of one transaction must be consecutive', { file, line, field: 'txid' }, { txid: r.txid });
      seen.add(key);
      pending = { line, tx: { chain: r.chain, txid: r.txid, block: r.block, txIndex: r.txIndex, inputs: [], outputs: [] } };
      if (r.time) pending.tx.time = r.time;
    }
    if (r.io === 'in') {
      pending.tx.inputs.push(
        r.coinbase === 'true' ? { coinbase: true } : { prevTxid: r.prevTxid, prevVout: r.prevVout, address: r.address || null, value: r.value },
      );
    } else if (r.io === 'out') {
      pending.tx.outputs.push({ n: r.n, address: r.address || null, value: r.value, ...(r.script ? { script: r.script } : {}) });
    } else {
      throw invalidInput('io must be "in" or "out"', { file, line, field: 'io' }, { value: r.io });
    }
  }
  if (pending) yield { line: pending.line, value: pending.tx };
}
