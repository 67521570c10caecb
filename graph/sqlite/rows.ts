// Row <-> model conversions for the SQLite store. A UTXO transaction is kept whole as canonical JSON
// (`body`); the utxo_in / utxo_out tables index its coins by address and outpoint. A conversion is kept
// whole as its interchange JSON.

import { type Conversion, conversionFromJson, conversionToJson } from '../../src/model/conversion.js';
import type { AccountTransfer } from '../../src/model/transfer.js';
import type { UtxoTransaction } from '../../src/model/utxo.js';

export interface TransferRow {
  chain: string;
  id: string;
  asset: string;
  tx_hash: string;
  block: number;
  tx_index: number;
  idx: number;
  time: string | null;
  from_addr: string;
  to_addr: string | null;
  amount: string;
  extra: string | null;
  source_id: number;
}

export interface UtxoTxRow {
  chain: string;
  txid: string;
  block: number;
  tx_index: number;
  time: string | null;
  body: string;
  source_id: number;
}

export function rowToTransfer(row: TransferRow): AccountTransfer {
  const t: AccountTransfer = {
    id: row.id,
    chain: row.chain,
    asset: row.asset,
    txHash: row.tx_hash,
    block: row.block,
    txIndex: row.tx_index,
    index: row.idx,
    from: row.from_addr,
    to: row.to_addr,
    amount: BigInt(row.amount),
  };
  if (row.time !== null) t.time = row.time;
  if (row.extra !== null) t.extra = JSON.parse(row.extra);
  return t;
}

/** A transfer row read in raw mode: TransferRow's columns, in its order, as an array. */
export type RawTransferRow = [
  chain: string,
  id: string,
  asset: string,
  tx_hash: string,
  block: number,
  tx_index: number,
  idx: number,
  time: string | null,
  from_addr: string,
  to_addr: string | null,
  amount: string,
  extra: string | null,
  source_id: number,
];

export function rawToTransfer(row: RawTransferRow): AccountTransfer {
  const t: AccountTransfer = {
    id: row[1],
    chain: row[0],
    asset: row[2],
    txHash: row[3],
    block: row[4],
    txIndex: row[5],
    index: row[6],
    from: row[8],
    to: row[9],
    amount: BigInt(row[10]),
  };
  if (row[7] !== null) t.time = row[7];
  if (row[11] !== null) t.extra = JSON.parse(row[11]);
  return t;
}

/** A transfer row of one known chain and asset (SqliteStore.transferPages), raw mode. */
export type LeanTransferRow = [
  id: string,
  tx_hash: string,
  block: number,
  tx_index: number,
  idx: number,
  time: string | null,
  from_addr: string,
  to_addr: string | null,
  amount: string,
  extra: string | null,
];

/** A lean row to the model; `chain` and `asset` are the ones the rows were selected by. */
export function leanToTransfer(row: LeanTransferRow, chain: string, asset: string): AccountTransfer {
  const t: AccountTransfer = {
    id: row[0],
    chain,
    asset,
    txHash: row[1],
    block: row[2],
    txIndex: row[3],
    index: row[4],
    from: row[6],
    to: row[7],
    amount: BigInt(row[8]),
  };
  if (row[5] !== null) t.time = row[5];
  if (row[9] !== null) t.extra = JSON.parse(row[9]);
  return t;
}

interface Body {
  inputs: { prevTxid?: string; prevVout?: number; address: string | null; value: string; coinbase?: true }[];
  outputs: { n: number; address: string | null; value: string; script?: string }[];
  extra?: Record<string, unknown>;
}

/** The stored JSON body of a transaction: inputs, outputs and unknown fields. */
export function bodyOf(tx: UtxoTransaction): string {
  const body: Body = {
    inputs: tx.inputs.map((i) =>
      i.coinbase ? { address: null, value: i.value.toString(), coinbase: true } : { prevTxid: i.prevTxid, prevVout: i.prevVout, address: i.address, value: i.value.toString() },
    ),
    outputs: tx.outputs.map((o) => (o.script !== undefined ? { n: o.n, address: o.address, value: o.value.toString(), script: o.script } : { n: o.n, address: o.address, value: o.value.toString() })),
  };
  if (tx.extra) body.extra = tx.extra;
  return JSON.stringify(body);
}

export function rowToTransaction(row: UtxoTxRow): UtxoTransaction {
  const body = JSON.parse(row.body) as Body;
  const tx: UtxoTransaction = {
    chain: row.chain,
    txid: row.txid,
    block: row.block,
    txIndex: row.tx_index,
    inputs: body.inputs.map((i) =>
      i.coinbase ? { address: null, value: BigInt(i.value), coinbase: true } : { prevTxid: i.prevTxid, prevVout: i.prevVout, address: i.address, value: BigInt(i.value) },
    ),
    outputs: body.outputs.map((o) => {
      const out: UtxoTransaction['outputs'][number] = { n: o.n, address: o.address, value: BigInt(o.value) };
      if (o.script !== undefined) out.script = o.script;
      return out;
    }),
  };
  if (row.time !== null) tx.time = row.time;
  if (body.extra) tx.extra = body.extra;
  return tx;
}

export interface ConversionRow {
  id: string;
  in_chain: string;
  out_chain: string | null;
  body: string;
  source_id: number;
}

/** The stored JSON body of a conversion: its interchange form (FORMATS.md), compared byte for byte on re-import. */
export function conversionBody(c: Conversion): string {
  return JSON.stringify(conversionToJson(c));
}

export function rowToConversion(row: ConversionRow): Conversion {
  return conversionFromJson(JSON.parse(row.body));
}
