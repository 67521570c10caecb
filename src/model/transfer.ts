// Account-model transfers (FORMATS.md `transfers.jsonl`): one movement of one asset between two
// addresses, ordered by (block, txIndex, index). `to: null` is value that left circulation (fee, burn).

import type { InputLocation } from '../errors.js';
import { normalizeAddress } from './address.js';
import { parseChainAmount } from './amount.js';
import { normalizeAsset } from './asset.js';
import { chainInfo } from './chain.js';
import { at, extraFields, optionalTime, type RawRecord, requireInteger, requireObject, requireString } from './fields.js';
import { invalidInput } from '../errors.js';

export interface AccountTransfer {
  /** Unique within its chain: `<txHash>:<logIndex>`, `<txHash>:native`, `<txHash>:call:<trace>`, `<txHash>:fee`. */
  id: string;
  chain: string;
  asset: string;
  txHash: string;
  block: number;
  txIndex: number;
  /** Order inside the transaction (log index; native value -1). */
  index: number;
  time?: string;
  from: string;
  to: string | null;
  amount: bigint;
  /** Unknown fields of the input record, kept as properties. */
  extra?: RawRecord;
}

const FIELDS = ['id', 'chain', 'asset', 'txHash', 'block', 'txIndex', 'index', 'time', 'from', 'to', 'amount'] as const;

/** Validates one raw record into an AccountTransfer, or throws INVALID_INPUT naming file, line and field. */
export function parseTransfer(value: unknown, where: InputLocation = {}): AccountTransfer {
  const rec = requireObject(value, where);
  const chain = requireString(rec, 'chain', where);
  const info = chainInfo(chain);
  if (!info) throw invalidInput(`unknown chain "${chain}"`, at(where, 'chain'), { chain });
  if (info.model !== 'account') throw invalidInput(`${chain} is a UTXO chain: use transactions, not transfers`, at(where, 'chain'));
  const to = rec.to === null || rec.to === undefined || rec.to === '' ? null : normalizeAddress(chain, rec.to, where, 'to');
  const id = requireString(rec, 'id', where);
  const asset = normalizeAsset(chain, rec.asset, where, 'asset');
  const txHash = requireString(rec, 'txHash', where);
  const block = requireInteger(rec, 'block', where);
  const txIndex = requireInteger(rec, 'txIndex', where);
  const index = requireInteger(rec, 'index', where, -1);
  const time = optionalTime(rec, 'time', where);
  const from = normalizeAddress(chain, rec.from, where, 'from');
  const amount = parseChainAmount(chain, rec.amount, where, 'amount');
  // Built in one shape (no deletes) so that V8 keeps the objects fast.
  const transfer: AccountTransfer =
    time === undefined
      ? { id, chain, asset, txHash, block, txIndex, index, from, to, amount }
      : { id, chain, asset, txHash, block, txIndex, index, time, from, to, amount };
  const extra = extraFields(rec, FIELDS);
  if (extra) transfer.extra = extra;
  return transfer;
}

/** The interchange (JSON) form of a transfer: amounts as strings, unknown fields back at the top level. */
export function transferToJson(t: AccountTransfer): RawRecord {
  const out: RawRecord = {
    id: t.id,
    chain: t.chain,
    asset: t.asset,
    txHash: t.txHash,
    block: t.block,
    txIndex: t.txIndex,
    index: t.index,
  };
  if (t.time !== undefined) out.time = t.time;
  out.from = t.from;
  out.to = t.to;
  out.amount = t.amount.toString();
  return t.extra ? { ...out, ...t.extra } : out;
}

/** Chain order of account events: block, then txIndex, then index (then id, for a total order). */
export function compareTransfers(a: AccountTransfer, b: AccountTransfer): number {
  return a.block - b.block || a.txIndex - b.txIndex || a.index - b.index || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
