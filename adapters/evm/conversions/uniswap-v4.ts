// Uniswap V4 (Uniswap/v4-core `IPoolManager`): every pool lives in one singleton PoolManager, which emits
// `Swap(bytes32 indexed id, address indexed sender, int128 amount0, int128 amount1, uint160
// sqrtPriceX96, uint128 liquidity, int24 tick, uint24 fee)`. Recognised by the PoolManager's address per
// chain. V4 amounts are the swapper's deltas (negative = paid into the pool, the opposite sign of V3),
// and `sender` is the router that called the PoolManager; settlement goes through the PoolManager's balance, so the tokens come from the transaction's
// flows, not from the event: the venue is the pool id, and the pairing is done on the trader's flows.
// No V4 transaction is in the fixtures, and this detector has no test yet.

import { getAddress } from 'ethers';
import { type ConversionTx, dataWords, type DetectContext, sameAddress, shortAddress, type TxLog, type VenueEvent, wordToInt } from './types.js';

export const V4_SWAP_TOPIC = '0x40e9cecb9f5f1f1c5b9c97dec2917b7ee92e57ba5563708daca94dd84ad7112f';

export const V4_POOL_MANAGERS: Record<string, string> = {
  ethereum: '0x000000000004444c5dc75cB358380D2e3dE08A90',
};

/** A V4 PoolManager Swap log as a venue event (tokens left to the transaction's flows). */
export function detectUniswapV4(log: TxLog, _tx: ConversionTx, ctx: DetectContext): VenueEvent | undefined {
  if (log.topics[0]?.toLowerCase() !== V4_SWAP_TOPIC || log.topics.length !== 3) return undefined;
  const manager = V4_POOL_MANAGERS[ctx.chain];
  if (!manager || !sameAddress(log.address, manager)) return undefined;
  const w = dataWords(log.data);
  if (w.length !== 6) return undefined;
  const a0 = wordToInt(w[0]);
  const a1 = wordToInt(w[1]);
  const id = log.topics[1].toLowerCase();
  return {
    logIndex: log.logIndex,
    role: 'swap',
    protocol: 'Uniswap V4',
    label: 'Swap (V4)',
    venue: getAddress(log.address.toLowerCase()),
    name: `Uniswap V4 pool ${id.slice(0, 10)}...${id.slice(-4)} (PoolManager ${shortAddress(manager)})`,
    recognised: true,
    amountIn: a0 < 0n ? -a0 : -a1,
    amountOut: a0 > 0n ? a0 : a1,
  };
}
