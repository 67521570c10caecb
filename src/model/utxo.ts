// UTXO transactions (FORMATS.md `transactions.jsonl`): one Bitcoin-style transaction with its inputs
// resolved (each input names the coin it spends, with that coin's address and value).
// fee = sum(inputs) - sum(outputs), never negative except for coinbase transactions.

import { invalidInput, type InputLocation } from '../errors.js';
import { normalizeAddress } from './address.js';
import { parseChainAmount } from './amount.js';
import { chainInfo } from './chain.js';
import { at, extraFields, optionalString, optionalTime, type RawRecord, requireInteger, requireObject, requireString } from './fields.js';

export interface UtxoInput {
  /** Absent for coinbase inputs. */
  prevTxid?: string;
  prevVout?: number;
  address: string | null;
  value: bigint;
  coinbase?: true;
}

export interface UtxoOutput {
  n: number;
  address: string | null;
  value: bigint;
  /** Output script (hex), kept for outputs without a standard address. */
  script?: string;
}

export interface UtxoTransaction {
  chain: string;
  txid: string;
  block: number;
  txIndex: number;
  time?: string;
  inputs: UtxoInput[];
  outputs: UtxoOutput[];
  extra?: RawRecord;
}

const TXID = /^[0-9a-fA-F]{64}$/;
const HEX = /^([0-9a-fA-F]{2})*$/;
const FIELDS = ['chain', 'txid', 'block', 'txIndex', 'time', 'inputs', 'outputs'] as const;

function parseTxid(value: unknown, where: InputLocation): string {
  if (typeof value !== 'string' || !TXID.test(value)) throw invalidInput('must be a 64-digit hex transaction id', where, { value });
  return value.toLowerCase();
}

/** Validates one raw record into a UtxoTransaction, or throws INVALID_INPUT naming file, line and field. */
export function parseUtxoTransaction(value: unknown, where: InputLocation = {}): UtxoTransaction {
  const rec = requireObject(value, where);
  const chain = requireString(rec, 'chain', where);
  const info = chainInfo(chain);
  if (!info) throw invalidInput(`unknown chain "${chain}"`, at(where, 'chain'), { chain });
  if (info.model !== 'utxo') throw invalidInput(`${chain} is an account chain: use transfers, not transactions`, at(where, 'chain'));
  if (!Array.isArray(rec.inputs)) throw invalidInput('must be an array', at(where, 'inputs'));
  if (!Array.isArray(rec.outputs)) throw invalidInput('must be an array', at(where, 'outputs'));
  const inputs = rec.inputs.map((raw, i) => parseInput(chain, raw, at(where, `inputs[${i}]`)));
  const outputs = rec.outputs.map((raw, i) => parseOutput(chain, raw, at(where, `outputs[${i}]`)));
  outputs.forEach((o, i) => {
    if (o.n !== i) throw invalidInput(`outputs must be in order: expected n=${i}`, at(where, `outputs[${i}].n`), { n: o.n });
  });
  const coinbase = inputs.some((i) => i.coinbase);
  const tx: UtxoTransaction = {
    chain,
    txid: parseTxid(rec.txid, at(where, 'txid')),
    block: requireInteger(rec, 'block', where),
    txIndex: requireInteger(rec, 'txIndex', where),
    time: optionalTime(rec, 'time', where),
    inputs,
    outputs,
  };
  if (tx.time === undefined) delete tx.time;
  if (!coinbase && utxoFee(tx) < 0n) {
    throw invalidInput('outputs exceed inputs (negative fee)', at(where, 'outputs'), { txid: tx.txid });
  }
  const extra = extraFields(rec, FIELDS);
  if (extra) tx.extra = extra;
  return tx;
}

function parseInput(chain: string, raw: unknown, where: InputLocation): UtxoInput {
  const rec = requireObject(raw, where);
  if (rec.coinbase === true) {
    return { address: null, value: rec.value === undefined ? 0n : parseChainAmount(chain, rec.value, at(where, 'value')), coinbase: true };
  }
  const address = rec.address === null || rec.address === undefined ? null : normalizeAddress(chain, rec.address, at(where, 'address'));
  return {
    prevTxid: parseTxid(rec.prevTxid, at(where, 'prevTxid')),
    prevVout: requireInteger(rec, 'prevVout', where),
    address,
    value: parseChainAmount(chain, rec.value, at(where, 'value')),
  };
}

function parseOutput(chain: string, raw: unknown, where: InputLocation): UtxoOutput {
  const rec = requireObject(raw, where);
  const address = rec.address === null || rec.address === undefined ? null : normalizeAddress(chain, rec.address, at(where, 'address'));
  const out: UtxoOutput = { n: requireInteger(rec, 'n', where), address, value: parseChainAmount(chain, rec.value, at(where, 'value')) };
  const script = optionalString(rec, 'script', where);
  if (script !== undefined) {
    if (!HEX.test(script)) throw invalidInput('script must be hex', at(where, 'script'));
    out.script = script.toLowerCase();
  }
  return out;
}

/** sum(inputs) - sum(outputs). */
export function utxoFee(tx: UtxoTransaction): bigint {
  let fee = 0n;
  for (const i of tx.inputs) fee += i.value;
  for (const o of tx.outputs) fee -= o.value;
  return fee;
}

export function isCoinbase(tx: UtxoTransaction): boolean {
  return tx.inputs.some((i) => i.coinbase);
}

/** The interchange (JSON) form of a transaction. */
export function utxoTransactionToJson(tx: UtxoTransaction): RawRecord {
  const out: RawRecord = { chain: tx.chain, txid: tx.txid, block: tx.block, txIndex: tx.txIndex };
  if (tx.time !== undefined) out.time = tx.time;
  out.inputs = tx.inputs.map((i) =>
    i.coinbase
      ? { coinbase: true, ...(i.value !== 0n ? { value: i.value.toString() } : {}) }
      : { prevTxid: i.prevTxid, prevVout: i.prevVout, address: i.address, value: i.value.toString() },
  );
  out.outputs = tx.outputs.map((o) => ({ n: o.n, address: o.address, value: o.value.toString(), ...(o.script !== undefined ? { script: o.script } : {}) }));
  return tx.extra ? { ...out, ...tx.extra } : out;
}

/** Chain order of UTXO events: block, then txIndex (then txid, for a total order). */
export function compareUtxoTransactions(a: UtxoTransaction, b: UtxoTransaction): number {
  return a.block - b.block || a.txIndex - b.txIndex || (a.txid < b.txid ? -1 : a.txid > b.txid ? 1 : 0);
}
