// A block's transactions and receipts (JSON-RPC `eth_getBlockByNumber(n, true)` and
// `eth_getTransactionReceipt` / `eth_getBlockReceipts`) to account transfers (FORMATS.md):
// - `<txHash>:native` (index -1): the transaction's own value, from sender to recipient (or to the created
//   contract), only when the transaction succeeded and the value is not zero;
// - `<txHash>:fee` (index -1, `to: null`, the chain's native asset): gasUsed x effectiveGasPrice, plus the
//   blob fee (EIP-4844) and an L2's `l1Fee` when the receipt has them. A failed transaction pays its fee and
//   moves nothing else. The fee shares index -1 with the native value and sorts before it by id
//   (":fee" < ":native"), so a sender's fee is taken first, as the EVM charges it before execution;
// - `<txHash>:<logIndex>` (index = log index): ERC-20 Transfer logs of the receipt (parse-logs.ts).
// Block rewards and withdrawals are not transfers between addresses and are left out.

import { LedgerhoundError } from '../../src/errors.js';
import { chainInfo } from '../../src/model/chain.js';
import type { AccountTransfer } from '../../src/model/transfer.js';
import { isoFromUnix, readAddress, readBigInt, readHash, readInt } from './hex.js';
import { extractTokenTransfers, type RpcLog } from './parse-logs.js';

export interface RpcTransaction {
  hash: string;
  from: string;
  to: string | null;
  value: string;
  transactionIndex: string;
  gasPrice?: string;
  [key: string]: unknown;
}

export interface RpcBlock {
  number: string;
  hash: string;
  timestamp: string;
  transactions: (RpcTransaction | string)[];
  [key: string]: unknown;
}

export interface RpcReceipt {
  transactionHash: string;
  status?: string | null;
  gasUsed: string;
  effectiveGasPrice?: string;
  contractAddress?: string | null;
  logs: RpcLog[];
  blobGasUsed?: string;
  blobGasPrice?: string;
  l1Fee?: string;
  [key: string]: unknown;
}

/** Parsed header fields the transfers need. */
export interface BlockHeader {
  number: number;
  hash: string;
  time: string;
}

export function readBlockHeader(block: RpcBlock, call = 'eth_getBlockByNumber'): BlockHeader {
  if (typeof block !== 'object' || block === null) {
    throw new LedgerhoundError('RPC_FAILURE', `${call}: no block in the answer`, { call });
  }
  return {
    number: readInt(block.number, { call, field: 'number' }),
    hash: readHash(block.hash, { call, field: 'hash' }),
    time: isoFromUnix(readInt(block.timestamp, { call, field: 'timestamp' })),
  };
}

/** True unless the receipt says the transaction failed (pre-Byzantium receipts have no status: success). */
export function receiptSucceeded(receipt: RpcReceipt): boolean {
  return receipt.status === undefined || receipt.status === null || BigInt(receipt.status) === 1n;
}

/** The native asset fee a receipt shows was paid: execution gas, blob gas and an L2's L1 data fee. */
export function receiptFee(receipt: RpcReceipt, tx: RpcTransaction, call = 'eth_getTransactionReceipt'): bigint {
  const f = (field: string) => ({ call, field });
  const price = readBigInt(receipt.effectiveGasPrice ?? tx.gasPrice, f('effectiveGasPrice'));
  let fee = readBigInt(receipt.gasUsed, f('gasUsed')) * price;
  if (receipt.blobGasUsed !== undefined && receipt.blobGasPrice !== undefined) {
    fee += readBigInt(receipt.blobGasUsed, f('blobGasUsed')) * readBigInt(receipt.blobGasPrice, f('blobGasPrice'));
  }
  if (receipt.l1Fee !== undefined && receipt.l1Fee !== null) fee += readBigInt(receipt.l1Fee, f('l1Fee'));
  return fee;
}

/**
 * Native value, fee and token transfers of one transaction, given its block header and receipt.
 * Throws RPC_FAILURE when the receipt belongs to another transaction.
 */
export function transactionTransfers(chain: string, header: BlockHeader, tx: RpcTransaction, receipt: RpcReceipt): AccountTransfer[] {
  const info = chainInfo(chain);
  if (info?.family !== 'evm') throw new LedgerhoundError('INVALID_INPUT', `not an EVM chain: ${chain}`, { chain });
  const call = 'eth_getBlockByNumber';
  const hash = readHash(tx.hash, { call, field: 'transactions.hash' });
  if (readHash(receipt.transactionHash, { call: 'eth_getTransactionReceipt', field: 'transactionHash' }) !== hash) {
    throw new LedgerhoundError('RPC_FAILURE', `receipt ${receipt.transactionHash} does not belong to transaction ${hash}`, { txHash: hash });
  }
  const txIndex = readInt(tx.transactionIndex, { call, field: 'transactionIndex' });
  const from = readAddress(tx.from, { call, field: 'from' });
  const base = { chain, txHash: hash, block: header.number, txIndex, time: header.time };
  const out: AccountTransfer[] = [];
  const fee = receiptFee(receipt, tx);
  if (fee > 0n) {
    out.push({ ...base, id: `${hash}:fee`, asset: info.nativeSymbol, index: -1, from, to: null, amount: fee });
  }
  if (!receiptSucceeded(receipt)) return out;
  const value = readBigInt(tx.value, { call, field: 'value' });
  if (value > 0n) {
    const target = tx.to ?? receipt.contractAddress;
    const to = readAddress(target, { call, field: tx.to ? 'to' : 'contractAddress' });
    out.push({ ...base, id: `${hash}:native`, asset: info.nativeSymbol, index: -1, from, to, amount: value });
  }
  out.push(...extractTokenTransfers(chain, receipt.logs ?? [], { call: 'eth_getTransactionReceipt', timeOfBlock: () => header.time }));
  return out;
}

/** All transfers of a block with full transactions, given the receipts by transaction hash. */
export function blockTransfers(chain: string, block: RpcBlock, receipts: ReadonlyMap<string, RpcReceipt>): AccountTransfer[] {
  const header = readBlockHeader(block);
  const out: AccountTransfer[] = [];
  for (const tx of block.transactions) {
    if (typeof tx === 'string') {
      throw new LedgerhoundError('RPC_FAILURE', 'eth_getBlockByNumber: transactions are hashes, full objects were asked for', { block: header.number });
    }
    const receipt = receipts.get(tx.hash.toLowerCase());
    if (!receipt) throw new LedgerhoundError('RPC_FAILURE', `no receipt for transaction ${tx.hash}`, { txHash: tx.hash, block: header.number });
    out.push(...transactionTransfers(chain, header, tx, receipt));
  }
  return out;
}
