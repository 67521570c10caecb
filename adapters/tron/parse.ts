// TronGrid answers to account transfers (FORMATS.md), pure functions tested on recorded answers:
// - a `TransferContract` (TRX) gives `<txID>:native` (index -1) when the contract result is SUCCESS;
//   `TriggerSmartContract` with `call_value` gives the TRX sent to the contract the same way;
// - every transaction with a fee gives `<txID>:fee` (TRX, `to: null`, index -1, paid by the owner
//   address; failed transactions pay it too); the fee is `ret[0].fee`, else `net_fee + energy_fee`;
// - older list rows can lack `blockNumber` and every fee field: the block and the fee (`fee`) then come
//   from the transaction's `/wallet/gettransactioninfobyid` (see tronTxNeedsInfo);
// - TRC-20 transfers come from the `Transfer` logs of `/wallet/gettransactioninfobyid` (the same
//   decoder as ERC-20, parse-logs.ts): id `<txID>:<n>` and index n, where n is the log's position in
//   the transaction (TRON has no block-wide log index);
// - addresses are base58 (T...), converted from the hex forms (41... or 20-byte) of raw data and logs.
// TronGrid's account lists do not give a transaction's position in its block: these functions set
// txIndex 0 and the actions fill it from the block (block-order.ts). TRC-10 assets and internal TRX
// transfers are not extracted.

import { LedgerhoundError } from '../../src/errors.js';
import { tronHexToBase58 } from '../../src/model/address.js';
import type { AccountTransfer } from '../../src/model/transfer.js';
import { isoFromUnix } from '../evm/hex.js';
import { decodeTransferLog, TRANSFER_TOPIC } from '../evm/parse-logs.js';

/** A transaction of `/v1/accounts/{address}/transactions`. */
export interface TronTx {
  txID: string;
  /** Missing from some older rows: then read from the transaction info. */
  blockNumber?: number;
  block_timestamp: number;
  ret?: { contractRet?: string; fee?: number }[];
  net_fee?: number;
  energy_fee?: number;
  raw_data?: { contract?: { type: string; parameter?: { value?: Record<string, unknown> } }[] };
  [key: string]: unknown;
}

/** A row of `/v1/accounts/{address}/transactions/trc20`. */
export interface Trc20Row {
  transaction_id: string;
  block_timestamp: number;
  from: string;
  to: string;
  value: string;
  type?: string;
  token_info?: { symbol?: string; address?: string; decimals?: number; name?: string };
}

/** `/wallet/gettransactioninfobyid`. */
export interface TronTxInfo {
  id?: string;
  blockNumber?: number;
  blockTimeStamp?: number;
  fee?: number;
  receipt?: { result?: string };
  log?: { address: string; topics?: string[]; data?: string }[];
}

function bad(field: string, value: unknown, call: string): LedgerhoundError {
  return new LedgerhoundError('RPC_FAILURE', `${call}: field ${field} is malformed`, { call, field, value: typeof value === 'string' ? value.slice(0, 80) : value });
}

function txid(v: unknown, call: string): string {
  if (typeof v !== 'string' || !/^(0x)?[0-9a-fA-F]{64}$/.test(v)) throw bad('txID', v, call);
  return v.toLowerCase().replace(/^0x/, '');
}

function intField(v: unknown, field: string, call: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw bad(field, v, call);
  return v;
}

function sun(v: unknown, field: string, call: string): bigint {
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return BigInt(v);
  if (typeof v === 'string' && /^\d+$/.test(v)) return BigInt(v);
  throw bad(field, v, call);
}

function hexAddress(v: unknown, field: string, call: string): string {
  if (typeof v !== 'string') throw bad(field, v, call);
  try {
    return tronHexToBase58(v);
  } catch {
    throw bad(field, v, call);
  }
}

/** TRON time (milliseconds) to ISO-8601 UTC. */
export function tronTime(ms: number): string {
  return ms % 1000 === 0 ? isoFromUnix(ms / 1000) : new Date(ms).toISOString();
}

/**
 * True when a list row lacks what its transfers need (older TronGrid rows): the block number, or every
 * fee field (`ret[0].fee`, `net_fee`, `energy_fee`). Its `/wallet/gettransactioninfobyid` supplies them.
 */
export function tronTxNeedsInfo(tx: TronTx): boolean {
  return tx.blockNumber === undefined || (tx.ret?.[0]?.fee === undefined && tx.net_fee === undefined && tx.energy_fee === undefined);
}

/**
 * TRX value and fee of one transaction of the account list. `info` (its `/wallet/gettransactioninfobyid`)
 * supplies the block and the fee when the row lacks them (tronTxNeedsInfo).
 */
export function tronTxTransfers(tx: TronTx, info?: TronTxInfo): AccountTransfer[] {
  const call = 'trongrid /v1/accounts/transactions';
  const infoCall = 'trongrid /wallet/gettransactioninfobyid';
  const hash = txid(tx.txID, call);
  if (info !== undefined && info.id === undefined) throw new LedgerhoundError('NOT_FOUND', `${infoCall}: transaction ${hash} not found`, { txHash: hash });
  const block = tx.blockNumber === undefined && info ? intField(info.blockNumber, 'blockNumber', infoCall) : intField(tx.blockNumber, 'blockNumber', call);
  const time = tronTime(intField(tx.block_timestamp, 'block_timestamp', call));
  const contract = tx.raw_data?.contract?.[0];
  const value = contract?.parameter?.value ?? {};
  if (!contract || typeof value.owner_address !== 'string') return [];
  const owner = hexAddress(value.owner_address, 'owner_address', call);
  const base = { chain: 'tron', txHash: hash, block, txIndex: 0, time };
  const out: AccountTransfer[] = [];
  const ret = tx.ret?.[0];
  const fee =
    ret?.fee !== undefined
      ? sun(ret.fee, 'ret.fee', call)
      : tx.net_fee === undefined && tx.energy_fee === undefined && info
        ? sun(info.fee ?? 0, 'fee', infoCall)
        : sun(tx.net_fee ?? 0, 'net_fee', call) + sun(tx.energy_fee ?? 0, 'energy_fee', call);
  if (fee > 0n) out.push({ ...base, id: `${hash}:fee`, asset: 'TRX', index: -1, from: owner, to: null, amount: fee });
  const ok = ret?.contractRet === undefined || ret.contractRet === 'SUCCESS';
  if (!ok) return out;
  if (contract.type === 'TransferContract') {
    const amount = sun(value.amount, 'amount', call);
    if (amount > 0n) out.push({ ...base, id: `${hash}:native`, asset: 'TRX', index: -1, from: owner, to: hexAddress(value.to_address, 'to_address', call), amount });
  } else if (contract.type === 'TriggerSmartContract' && value.call_value !== undefined) {
    const amount = sun(value.call_value, 'call_value', call);
    if (amount > 0n) out.push({ ...base, id: `${hash}:native`, asset: 'TRX', index: -1, from: owner, to: hexAddress(value.contract_address, 'contract_address', call), amount });
  }
  return out;
}

/** TRC-20 transfers of a transaction from its info (logs). */
export function tronInfoTransfers(hash: string, info: TronTxInfo, fallbackTime?: number): AccountTransfer[] {
  const call = 'trongrid /wallet/gettransactioninfobyid';
  if (!info || info.id === undefined) throw new LedgerhoundError('NOT_FOUND', `${call}: transaction ${hash} not found`, { txHash: hash });
  if (info.receipt?.result !== undefined && info.receipt.result !== 'SUCCESS') return [];
  const block = intField(info.blockNumber, 'blockNumber', call);
  const ms = info.blockTimeStamp ?? fallbackTime;
  const out: AccountTransfer[] = [];
  (info.log ?? []).forEach((log, n) => {
    const topics = (log.topics ?? []).map((t) => `0x${t.replace(/^0x/, '')}`);
    if (topics[0]?.toLowerCase() !== TRANSFER_TOPIC) return;
    const d = decodeTransferLog({ address: `0x${log.address.replace(/^(0x|41)(?=[0-9a-fA-F]{40}$)/, '')}`, topics, data: `0x${(log.data ?? '').replace(/^0x/, '')}` });
    if (d?.standard !== 'erc20') return;
    const t: AccountTransfer = {
      id: `${hash}:${n}`,
      chain: 'tron',
      asset: `trc20:${tronHexToBase58(d.token)}`,
      txHash: hash,
      block,
      txIndex: 0,
      index: n,
      from: tronHexToBase58(d.from),
      to: tronHexToBase58(d.to),
      amount: d.value,
    };
    if (ms !== undefined) t.time = tronTime(ms);
    out.push(t);
  });
  return out;
}
