// Action: every account transfer of one EVM block from a node: the block with full transactions, its
// receipts (native value, fees, ERC-20 logs: parse-block.ts) and, where the node offers a trace API,
// the internal value transfers (parse-traces.ts), and the conversions (swaps, wraps) each transaction's
// logs and transfers show (conversions/index.ts). Also checks that a node serves the chain it is named.

import { LedgerhoundError } from '../../src/errors.js';
import type { Conversion } from '../../src/model/conversion.js';
import { type AccountTransfer, compareTransfers } from '../../src/model/transfer.js';
import { type ChainVenues, detectConversions, wrapTransfers } from './conversions/index.js';
import type { EvmRpc, TraceApi } from './evm-rpc.js';
import { blockTransfers, readBlockHeader, receiptSucceeded, type RpcTransaction } from './parse-block.js';
import { flattenCallFrames, flattenParityTraces, internalTransfers, type ParityTrace } from './parse-traces.js';
import { readAddress } from './hex.js';
import { readTokenInfo } from './token-info.js';

/** EIP-155 chain ids of the chains known by name, to catch a node of the wrong chain. */
export const CHAIN_IDS: Record<string, bigint> = {
  ethereum: 1n,
  optimism: 10n,
  bsc: 56n,
  gnosis: 100n,
  polygon: 137n,
  fantom: 250n,
  base: 8453n,
  arbitrum: 42161n,
  avalanche: 43114n,
  holesky: 17000n,
  sepolia: 11155111n,
};

/** Throws INVALID_INPUT when the node's chain id is not the one of the named chain. */
export async function checkChainId(rpc: EvmRpc, chain: string): Promise<bigint> {
  const id = await rpc.chainId();
  const expected = CHAIN_IDS[chain];
  if (expected !== undefined && expected !== id) {
    throw new LedgerhoundError('INVALID_INPUT', `the node at ${rpc.displayUrl} serves chain id ${id}, not ${chain} (${expected})`, { chain, chainId: id.toString(), expected: expected.toString() });
  }
  return id;
}

export interface FetchBlockOptions {
  chain: string;
  /** `auto` probes the node once (default); `none` skips internal transfers. */
  traces?: TraceApi | 'auto';
  /** Read ERC-20 decimals and symbol of the tokens seen (default true). */
  tokenInfo?: boolean;
  /** Detect swaps, wraps and unwraps (adapters/evm/conversions; default true); adds WETH9 mint/burn transfers. */
  conversions?: boolean;
  /** Venues of the chain beyond the built-in tables (V2 factories, the WETH9 address): docs/conversions.md. */
  venues?: ChainVenues;
}

export interface BlockTransfers {
  block: number;
  time: string;
  transfers: AccountTransfer[];
  /** The trace API used (`none` when internal transfers are missing). */
  traces: TraceApi;
  /** Conversions of the block's transactions (empty when detection is off). */
  conversions: Conversion[];
}

/** Fetches and extracts every transfer of block `n`, in chain order. */
export async function fetchBlockTransfers(rpc: EvmRpc, n: number, options: FetchBlockOptions): Promise<BlockTransfers> {
  const block = await rpc.getBlock(n, true);
  const header = readBlockHeader(block);
  const receipts = await rpc.getBlockReceipts(block);
  const transfers = blockTransfers(options.chain, block, receipts);
  const txs = block.transactions as RpcTransaction[];
  let api: TraceApi = options.traces === undefined || options.traces === 'auto' ? await rpc.detectTraceApi(n) : options.traces;
  if (txs.length > 0 && api === 'callTracer') {
    const traces = await rpc.traceBlockCalls(n);
    if (traces.length !== txs.length) {
      throw new LedgerhoundError('RPC_FAILURE', `debug_traceBlockByNumber(${n}) gave ${traces.length} traces for ${txs.length} transactions`, { block: n });
    }
    txs.forEach((tx, i) => {
      const receipt = receipts.get(tx.hash.toLowerCase());
      if (!receipt || !receiptSucceeded(receipt)) return;
      const hash = tx.hash.toLowerCase();
      if (traces[i].txHash && traces[i].txHash?.toLowerCase() !== hash) {
        throw new LedgerhoundError('RPC_FAILURE', `debug_traceBlockByNumber(${n}): trace ${i} is for ${traces[i].txHash}, not ${hash}`, { block: n });
      }
      const rows = flattenCallFrames(traces[i].result, i, hash);
      transfers.push(...internalTransfers(rows, { chain: options.chain, txHash: hash, block: header.number, txIndex: i, time: header.time }));
    });
  } else if (txs.length > 0 && api === 'parity') {
    const traces = await rpc.traceBlockParity(n);
    const byTx = new Map<string, ParityTrace[]>();
    for (const t of traces) {
      if (!t.transactionHash) continue;
      const h = t.transactionHash.toLowerCase();
      if (!byTx.has(h)) byTx.set(h, []);
      byTx.get(h)!.push(t);
    }
    for (const tx of txs) {
      const hash = tx.hash.toLowerCase();
      const receipt = receipts.get(hash);
      if (!receipt || !receiptSucceeded(receipt)) continue;
      const rows = flattenParityTraces(byTx.get(hash) ?? []);
      const txIndex = Number(BigInt(tx.transactionIndex));
      transfers.push(...internalTransfers(rows, { chain: options.chain, txHash: hash, block: header.number, txIndex, time: header.time }));
    }
  } else if (txs.length === 0 && api !== 'none') {
    // nothing to trace
  } else {
    api = 'none';
  }
  const conversions: Conversion[] = [];
  if (options.conversions !== false) {
    const byTx = new Map<string, AccountTransfer[]>();
    for (const t of transfers) {
      const list = byTx.get(t.txHash);
      if (list) list.push(t);
      else byTx.set(t.txHash, [t]);
    }
    for (const tx of txs) {
      const hash = tx.hash.toLowerCase();
      const receipt = receipts.get(hash);
      if (!receipt || !receiptSucceeded(receipt) || !receipt.logs?.length) continue;
      const logs = receipt.logs.filter((l) => l.removed !== true).map((l) => ({ address: l.address, topics: l.topics, data: l.data, logIndex: Number(BigInt(l.logIndex ?? '0x0')) }));
      const txIndex = Number(BigInt(tx.transactionIndex));
      const wraps = wrapTransfers(logs, { chain: options.chain, txHash: hash, block: header.number, txIndex, time: header.time }, options.venues);
      transfers.push(...wraps);
      const own = [...(byTx.get(hash) ?? []), ...wraps];
      conversions.push(...detectConversions({ hash, from: readAddress(tx.from, { call: 'eth_getBlockByNumber', field: 'from' }), to: tx.to, logs, transfers: own, traces: api !== 'none', position: { block: header.number, txIndex, time: header.time } }, { chain: options.chain, venues: options.venues }));
    }
  }
  if (options.tokenInfo !== false) {
    const tokens = new Set(transfers.filter((t) => t.asset.startsWith('erc20:')).map((t) => t.asset.slice(6)));
    for (const contract of tokens) await readTokenInfo(rpc, options.chain, contract);
  }
  transfers.sort(compareTransfers);
  return { block: header.number, time: header.time, transfers, traces: api, conversions };
}
