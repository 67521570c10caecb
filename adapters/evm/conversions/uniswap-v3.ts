// Uniswap V3 pools (Uniswap/v3-core `IUniswapV3PoolEvents.sol`): `Swap(address indexed sender, address
// indexed recipient, int256 amount0, int256 amount1, uint160 sqrtPriceX96, uint128 liquidity, int24
// tick)`. Amounts are the pool's signed deltas: positive went into the pool, negative came out. The pool
// pays out first and takes the payment in the swap callback, so the output Transfer is logged before the
// input Transfer (both before the Swap). A pool is Uniswap V3 when it is the V3 factory's CREATE2 address
// for its tokens and one of the fee tiers (keccak256(abi.encode(token0, token1, fee)), PoolAddress
// `computeAddress`), or when a node said its `factory()` is the V3 factory; other pools emitting the
// topic (forks) are named `V3-type pool`.

import { AbiCoder, getAddress, getCreate2Address, keccak256 } from 'ethers';
import { assetLabel, type ConversionTx, dataWords, type DetectContext, poolLeg, sameAddress, shortAddress, type TxLog, type VenueEvent, wordToAddress, wordToInt } from './types.js';
import { sortTokens } from './uniswap-v2.js';

export const V3_SWAP_TOPIC = '0xc42079f94a6350d7e6235f29174924f928cc2ac818eb64fed8004e115fbcca67';

const V3_INIT_CODE_HASH = '0xe34f199b19b2b4f47f68442619d555527d244f78a3297ea89325f843f87b8b54';
const V3_FEES = [100, 500, 3000, 10000];

/** The Uniswap V3 factory per chain (the same deployment address on these chains). */
export const V3_FACTORIES: Record<string, string> = {
  ethereum: '0x1F98431c8aD98523631AE4a59f267346ea31F984',
  optimism: '0x1F98431c8aD98523631AE4a59f267346ea31F984',
  arbitrum: '0x1F98431c8aD98523631AE4a59f267346ea31F984',
  polygon: '0x1F98431c8aD98523631AE4a59f267346ea31F984',
  base: '0x33128a8fC17869897dcE68Ed026d694621f6FDfD',
};

/** The fee tier whose CREATE2 address is `pool`, or undefined. */
export function v3PoolFee(factory: string, pool: string, tokenA: string, tokenB: string): number | undefined {
  const [t0, t1] = sortTokens(tokenA, tokenB);
  const coder = AbiCoder.defaultAbiCoder();
  return V3_FEES.find((fee) => sameAddress(getCreate2Address(factory, keccak256(coder.encode(['address', 'address', 'uint24'], [t0, t1, fee])), V3_INIT_CODE_HASH), pool));
}

/** A V3 Swap log as a venue event. */
export function detectUniswapV3(log: TxLog, tx: ConversionTx, ctx: DetectContext): VenueEvent | undefined {
  if (log.topics[0]?.toLowerCase() !== V3_SWAP_TOPIC || log.topics.length !== 3) return undefined;
  const w = dataWords(log.data);
  if (w.length !== 5) return undefined;
  const a0 = wordToInt(w[0]);
  const a1 = wordToInt(w[1]);
  const pool = getAddress(log.address.toLowerCase());
  const amountIn = a0 > 0n ? a0 : a1;
  const amountOut = a0 < 0n ? -a0 : -a1;
  const inLeg = poolLeg(tx, pool, 'into', amountIn, log.logIndex);
  const outLeg = poolLeg(tx, pool, 'outOf', amountOut, log.logIndex);
  const assetIn = inLeg?.asset;
  const assetOut = outLeg?.asset;
  const factory = V3_FACTORIES[ctx.chain];
  const told = ctx.factories?.get(pool) ?? ctx.factories?.get(pool.toLowerCase());
  let fee: number | undefined;
  let recognised = false;
  if (factory && told) recognised = sameAddress(told, factory);
  else if (factory && assetIn && assetOut) {
    fee = v3PoolFee(factory, pool, assetIn.slice(6), assetOut.slice(6));
    recognised = fee !== undefined;
  }
  const pairName = `${assetLabel(assetIn, ctx)}/${assetLabel(assetOut, ctx)}`;
  const feeText = fee !== undefined ? ` ${fee / 10000}%` : '';
  return {
    logIndex: log.logIndex,
    role: 'swap',
    protocol: recognised ? 'Uniswap V3' : 'V3-type pool',
    label: 'Swap (V3)',
    venue: pool,
    name: recognised ? `Uniswap V3 ${pairName}${feeText} ${shortAddress(pool)}` : `V3-type pool ${pairName} ${shortAddress(pool)} (factory unknown)`,
    recognised,
    recipient: wordToAddress(log.topics[2]),
    assetIn,
    assetOut,
    amountIn,
    amountOut,
  };
}
