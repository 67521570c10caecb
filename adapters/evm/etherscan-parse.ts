// Etherscan-family list rows to account transfers (FORMATS.md), pure functions tested on recorded
// answers. `txlist` rows give the fee (`<hash>:fee`, gasUsed x gasPrice, paid by `from` even when
// isError = 1) and the value (`<hash>:native`, only when the transaction succeeded); `txlistinternal`
// rows give `<hash>:call:<traceId>` (Etherscan's traceId is the trace address joined by "_", the same id
// a node's trace gives); `tokentx` rows give `<hash>:<logIndex>`. Ids, block, txIndex, index and time
// equal what the node adapter produces for the same transaction, so both sources can feed one store.
// Assumption: Etherscan's txlist `gasPrice` is the effective gas price (EIP-1559) and L2 L1-data fees
// are not in it; a node ingest of the same transaction then reports an INTEGRITY conflict rather than
// silently keeping two fees.
// Genesis allocations: for an address funded at genesis, `txlist` begins with a row whose `hash` is
// `GENESIS_<address without 0x>` and whose `from` is `GENESIS`. It becomes a genesis inflow: txHash
// `GENESIS_<lower-case address>`, id `<txHash>:native`, block 0, txIndex 0, index -1, from the zero
// address (the model needs an address; the zero address is also the sender of token mints), no fee.

import { LedgerhoundError } from '../../src/errors.js';
import { chainInfo } from '../../src/model/chain.js';
import type { AccountTransfer } from '../../src/model/transfer.js';
import { type FieldPlace, isoFromUnix, readAddress, readBigInt, readHash, readInt } from './hex.js';

export type EtherscanRow = Record<string, string | undefined>;

function place(action: string, field: string): FieldPlace {
  return { call: `etherscan ${action}`, field };
}

function bad(p: FieldPlace, value: unknown, expected: string): LedgerhoundError {
  return new LedgerhoundError('RPC_FAILURE', `${p.call}: field ${p.field} is not ${expected}`, { call: p.call, field: p.field, value: typeof value === 'string' ? value.slice(0, 80) : value });
}

function optionalAddress(value: string | undefined, p: FieldPlace): string | undefined {
  return value === undefined || value === '' ? undefined : readAddress(value, p);
}

/** Block number of a row (decimal, or hex in the logs module). */
export function rowBlock(row: EtherscanRow, action: string): number {
  return readInt(row.blockNumber, place(action, 'blockNumber'));
}

/** The sender recorded for a genesis allocation (Etherscan's `from: "GENESIS"`). */
export const GENESIS_SENDER = '0x0000000000000000000000000000000000000000';

/** True for Etherscan's genesis-allocation row of `txlist` (`hash` = `GENESIS_<address>`). */
export function isGenesisRow(row: EtherscanRow): boolean {
  return typeof row.hash === 'string' && /^GENESIS_/i.test(row.hash);
}

/** The genesis inflow of a `txlist` genesis row: `GENESIS_<address>:native` in block 0. */
export function genesisRowTransfer(chain: string, row: EtherscanRow): AccountTransfer | undefined {
  const a = 'txlist';
  const holder = readAddress(`0x${String(row.hash).slice('GENESIS_'.length).replace(/^0x/i, '')}`, place(a, 'hash'));
  const to = optionalAddress(row.to, place(a, 'to')) ?? holder;
  if (to !== holder) throw bad(place(a, 'to'), row.to, `the genesis holder ${holder}`);
  const block = rowBlock(row, a);
  if (block !== 0) throw bad(place(a, 'blockNumber'), row.blockNumber, 'block 0 for a genesis row');
  const amount = readBigInt(row.value, place(a, 'value'));
  if (amount === 0n) return undefined;
  const txHash = `GENESIS_${holder.slice(2).toLowerCase()}`;
  const t: AccountTransfer = { id: `${txHash}:native`, chain, asset: chainInfo(chain)?.nativeSymbol ?? 'ETH', txHash, block: 0, txIndex: 0, index: -1, from: GENESIS_SENDER, to, amount };
  if (row.timeStamp !== undefined && row.timeStamp !== '') t.time = isoFromUnix(readInt(row.timeStamp, place(a, 'timeStamp')));
  return t;
}

/** Fee and native value of one `txlist` row (a genesis row gives its genesis inflow). */
export function txlistRowTransfers(chain: string, row: EtherscanRow): AccountTransfer[] {
  const a = 'txlist';
  if (isGenesisRow(row)) {
    const g = genesisRowTransfer(chain, row);
    return g ? [g] : [];
  }
  const native = chainInfo(chain)?.nativeSymbol ?? 'ETH';
  const hash = readHash(row.hash, place(a, 'hash'));
  const base = {
    chain,
    txHash: hash,
    block: rowBlock(row, a),
    txIndex: readInt(row.transactionIndex, place(a, 'transactionIndex')),
    time: isoFromUnix(readInt(row.timeStamp, place(a, 'timeStamp'))),
  };
  const from = readAddress(row.from, place(a, 'from'));
  const out: AccountTransfer[] = [];
  const fee = readBigInt(row.gasUsed, place(a, 'gasUsed')) * readBigInt(row.gasPrice, place(a, 'gasPrice'));
  if (fee > 0n) out.push({ ...base, id: `${hash}:fee`, asset: native, index: -1, from, to: null, amount: fee });
  const failed = row.isError === '1' || row.txreceipt_status === '0';
  const value = readBigInt(row.value, place(a, 'value'));
  if (!failed && value > 0n) {
    const to = optionalAddress(row.to, place(a, 'to')) ?? readAddress(row.contractAddress, place(a, 'contractAddress'));
    out.push({ ...base, id: `${hash}:native`, asset: native, index: -1, from, to, amount: value });
  }
  return out;
}

/**
 * One `txlistinternal` row (Etherscan gives no transactionIndex: `txIndexOf` supplies it). Undefined for
 * failed or zero-value internal transactions.
 */
export function internalRowTransfer(chain: string, row: EtherscanRow, txIndex: number): AccountTransfer | undefined {
  const a = 'txlistinternal';
  if (row.isError === '1') return undefined;
  const value = readBigInt(row.value, place(a, 'value'));
  if (value === 0n) return undefined;
  const hash = readHash(row.hash, place(a, 'hash'));
  const traceId = row.traceId ?? '';
  if (!/^\d+(_\d+)*$/.test(traceId)) return undefined;
  const to = optionalAddress(row.to, place(a, 'to')) ?? readAddress(row.contractAddress, place(a, 'contractAddress'));
  return {
    id: `${hash}:call:${traceId}`,
    chain,
    asset: chainInfo(chain)?.nativeSymbol ?? 'ETH',
    txHash: hash,
    block: rowBlock(row, a),
    txIndex,
    index: 0,
    time: isoFromUnix(readInt(row.timeStamp, place(a, 'timeStamp'))),
    from: readAddress(row.from, place(a, 'from')),
    to,
    amount: value,
  };
}

/** One `tokentx` row that carries `logIndex`; undefined when it does not (resolve it from the receipt). */
export function tokenRowTransfer(chain: string, row: EtherscanRow): AccountTransfer | undefined {
  const a = 'tokentx';
  if (row.logIndex === undefined || row.logIndex === '') return undefined;
  const hash = readHash(row.hash, place(a, 'hash'));
  const logIndex = readInt(row.logIndex, place(a, 'logIndex'));
  return {
    id: `${hash}:${logIndex}`,
    chain,
    asset: `erc20:${readAddress(row.contractAddress, place(a, 'contractAddress'))}`,
    txHash: hash,
    block: rowBlock(row, a),
    txIndex: readInt(row.transactionIndex, place(a, 'transactionIndex')),
    index: logIndex,
    time: isoFromUnix(readInt(row.timeStamp, place(a, 'timeStamp'))),
    from: readAddress(row.from, place(a, 'from')),
    to: readAddress(row.to, place(a, 'to')),
    amount: readBigInt(row.value, place(a, 'value')),
  };
}

/** Token symbol and decimals a `tokentx` row states, when sensible. */
export function tokenRowInfo(row: EtherscanRow): { symbol: string; decimals: number } | undefined {
  const decimals = Number(row.tokenDecimal);
  if (!row.tokenSymbol || !Number.isInteger(decimals) || decimals < 0 || decimals > 255) return undefined;
  return { symbol: row.tokenSymbol, decimals };
}
