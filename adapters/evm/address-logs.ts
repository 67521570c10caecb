// Action: an address's token transfers from a plain node. Standard JSON-RPC cannot list an address's
// transactions, but `eth_getLogs` can filter Transfer logs by topic: topic1 = the address (sent) and
// topic2 = the address (received), over block windows. A node that refuses a window as too large
// (result or range limits of Infura, Alchemy, geth's 10,000-log cap...) gets the window halved. Native
// value and internal transfers are not visible in logs: `fetchAddressTraceTransfers` reads them with
// `trace_filter` where the node has it (Erigon, Nethermind), otherwise use an Etherscan-compatible API.

import { isLedgerhoundError, LedgerhoundError } from '../../src/errors.js';
import { normalizeAddress } from '../../src/model/address.js';
import { chainInfo } from '../../src/model/chain.js';
import { type AccountTransfer, compareTransfers } from '../../src/model/transfer.js';
import type { EvmRpc } from './evm-rpc.js';
import { addressToTopic, isoFromUnix, readInt } from './hex.js';
import { extractTokenTransfers, TRANSFER_TOPIC, type RpcLog } from './parse-logs.js';
import { flattenParityTraces, internalTransfers, type ParityTrace } from './parse-traces.js';

export interface AddressLogsOptions {
  chain: string;
  fromBlock: number;
  toBlock: number;
  /** Blocks per eth_getLogs window to start with (default 10,000); halved when the node refuses. */
  window?: number;
  direction?: 'in' | 'out' | 'both';
}

const TOO_MUCH = /too many|more than|limit|range|exceed|too large|query returned|timeout/i;

async function logsIn(rpc: EvmRpc, a: number, b: number, topics: (string | null)[]): Promise<RpcLog[][]> {
  try {
    return [await rpc.getLogs({ fromBlock: a, toBlock: b, topics })];
  } catch (e) {
    if (a < b && isLedgerhoundError(e, 'RPC_FAILURE') && (e.details.rpcCode === -32005 || TOO_MUCH.test(e.message))) {
      const mid = Math.floor((a + b) / 2);
      return [...(await logsIn(rpc, a, mid, topics)), ...(await logsIn(rpc, mid + 1, b, topics))];
    }
    throw e;
  }
}

/** ERC-20 transfers from and/or to `address` in a block range, with block times. */
export async function fetchAddressTokenTransfers(rpc: EvmRpc, address: string, options: AddressLogsOptions): Promise<AccountTransfer[]> {
  const { chain, fromBlock, toBlock } = options;
  if (fromBlock > toBlock) throw new LedgerhoundError('INVALID_INPUT', `bad block range ${fromBlock}..${toBlock}`, { fromBlock, toBlock });
  const topic = addressToTopic(normalizeAddress(chain, address));
  const window = Math.max(1, options.window ?? 10_000);
  const direction = options.direction ?? 'both';
  const filters: (string | null)[][] = [];
  if (direction !== 'in') filters.push([TRANSFER_TOPIC, topic]);
  if (direction !== 'out') filters.push([TRANSFER_TOPIC, null, topic]);
  const logs: RpcLog[] = [];
  for (let a = fromBlock; a <= toBlock; a += window) {
    const b = Math.min(toBlock, a + window - 1);
    for (const f of filters) for (const chunk of await logsIn(rpc, a, b, f)) logs.push(...chunk);
  }
  const times = new Map<number, string>();
  for (const log of logs) {
    const n = readInt(log.blockNumber, { call: 'eth_getLogs', field: 'blockNumber' });
    if (!times.has(n)) {
      const header = await rpc.getBlock(n, false);
      times.set(n, isoFromUnix(readInt(header.timestamp, { call: 'eth_getBlockByNumber', field: 'timestamp' })));
    }
  }
  const transfers = extractTokenTransfers(chain, logs, { call: 'eth_getLogs', timeOfBlock: (n) => times.get(n) });
  const unique = new Map(transfers.map((t) => [t.id, t]));
  return [...unique.values()].sort(compareTransfers);
}

/**
 * Native value and internal transfers of `address` through Parity's `trace_filter` (Erigon,
 * Nethermind, OpenEthereum; not geth): the top frame of each transaction is its own value
 * (`<hash>:native`), deeper frames are internal (`<hash>:call:<traceAddress>`); failed frames and
 * everything below them moved nothing (each transaction's whole trace is read with trace_transaction). Fees are not in traces (use receipts or Etherscan for them).
 * Throws RPC_FAILURE with `rpcCode` -32601 when the node has no trace_filter.
 */
export async function fetchAddressTraceTransfers(rpc: EvmRpc, address: string, options: AddressLogsOptions): Promise<AccountTransfer[]> {
  const { chain, fromBlock, toBlock } = options;
  const a = normalizeAddress(chain, address);
  const direction = options.direction ?? 'both';
  const traces: ParityTrace[] = [];
  const window = Math.max(1, options.window ?? 10_000);
  for (let x = fromBlock; x <= toBlock; x += window) {
    const y = Math.min(toBlock, x + window - 1);
    if (direction !== 'in') traces.push(...(await rpc.traceFilter({ fromBlock: x, toBlock: y, fromAddress: [a] })));
    if (direction !== 'out') traces.push(...(await rpc.traceFilter({ fromBlock: x, toBlock: y, toAddress: [a] })));
  }
  // trace_filter returns only the frames that match; whether a frame's value really moved depends on
  // its ancestors (a reverted parent undoes it), so each transaction's full trace is read.
  const hashes = [...new Set(traces.filter((t) => t.transactionHash && t.type !== 'reward').map((t) => (t.transactionHash as string).toLowerCase()))];
  const byTx = new Map<string, ParityTrace[]>();
  for (const h of hashes) byTx.set(h, (await rpc.call<ParityTrace[]>('trace_transaction', [h], true)) ?? []);
  const native = chainInfo(chain)?.nativeSymbol ?? 'ETH';
  const times = new Map<number, string>();
  const out: AccountTransfer[] = [];
  for (const [hash, list] of byTx) {
    if (list.length === 0) continue;
    const block = readInt(list[0].blockNumber, { call: 'trace_filter', field: 'blockNumber' });
    const txIndex = readInt(list[0].transactionPosition, { call: 'trace_filter', field: 'transactionPosition' });
    if (!times.has(block)) {
      const header = await rpc.getBlock(block, false);
      times.set(block, isoFromUnix(readInt(header.timestamp, { call: 'eth_getBlockByNumber', field: 'timestamp' })));
    }
    const pos = { chain, txHash: hash, block, txIndex, time: times.get(block) };
    const rows = flattenParityTraces(list);
    const top = rows.find((r) => r.traceAddress.length === 0);
    if (top?.succeeded && top.value && top.value > 0n && top.from && top.to && top.traceType !== 'suicide') {
      out.push({ ...pos, id: `${hash}:native`, asset: native, index: -1, from: normalizeAddress(chain, top.from), to: normalizeAddress(chain, top.to), amount: top.value });
    }
    out.push(...internalTransfers(rows, pos).filter((t) => t.from === a || t.to === a));
  }
  const unique = new Map(out.filter((t) => t.from === a || t.to === a).map((t) => [t.id, t]));
  return [...unique.values()].sort(compareTransfers);
}
