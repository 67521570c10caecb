// Action: an address's token transfers from a plain node. Standard JSON-RPC cannot list an address's
// transactions, but `eth_getLogs` can filter Transfer logs by topic: topic1 = the address (sent) and
// topic2 = the address (received), over block windows. A node that refuses a window as too large
// (result or range limits of Infura, Alchemy, geth's 10,000-log cap...) gets the window halved. Native
// value and internal transfers are not visible this way: use `trace_filter` (Erigon, Nethermind) or an
// Etherscan-compatible API for them.

import { isLedgerhoundError, LedgerhoundError } from '../../src/errors.js';
import { normalizeAddress } from '../../src/model/address.js';
import { type AccountTransfer, compareTransfers } from '../../src/model/transfer.js';
import type { EvmRpc } from './evm-rpc.js';
import { addressToTopic, isoFromUnix, readInt } from './hex.js';
import { extractTokenTransfers, TRANSFER_TOPIC, type RpcLog } from './parse-logs.js';

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
