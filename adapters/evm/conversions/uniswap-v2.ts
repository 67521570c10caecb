// Uniswap V2 pairs and their forks (Uniswap/v2-core `IUniswapV2Pair.sol`): `Swap(address indexed sender,
// uint amount0In, uint amount1In, uint amount0Out, uint amount1Out, address indexed to)`. The topic is the
// same for every fork (SushiSwap, PancakeSwap, and any copy), so the protocol is named by the pair's
// factory, never by topic0: a pair is a factory's when `factory()` answered it (`ctx.factories`, learnt
// from a node), or when its address is the factory's CREATE2 address for its two tokens
// (keccak256(0xff ++ factory ++ keccak256(token0 ++ token1) ++ init code hash)[12:], UniswapV2Library
// `pairFor`), which proves it offline. The tokens are those of the pair's own Transfer legs in the
// transaction. A pair no known factory explains is named `V2-type pair` (factory unknown).

import { getAddress, getCreate2Address, keccak256, solidityPacked } from 'ethers';
import { assetLabel, type ConversionTx, dataWords, type DetectContext, poolLeg, sameAddress, shortAddress, type TxLog, type V2Factory, type VenueEvent, wordToAddress, wordToUint } from './types.js';

export type { V2Factory } from './types.js';

export const V2_SWAP_TOPIC = '0xd78ad95fa46c994b6551d0da85fc275fe613ce37657fb8d5e3d130840159d822';

/** Known V2 factories per chain, with the pair init code hash their CREATE2 uses. */
export const V2_FACTORIES: Record<string, V2Factory[]> = {
  ethereum: [
    { protocol: 'Uniswap V2', factory: '0x5C69bEe701ef814a2B6a3EDD4B1652CB9cc5aA6f', initCodeHash: '0x96e8ac4277198ff8b6f785478aa9a39f403cb768dd02cbee326c3e7da348845f' },
    { protocol: 'SushiSwap', factory: '0xC0AEe478e3658e2610c5F7A4A2E1777cE9e4f2Ac', initCodeHash: '0xe18a34eb0e04b04f7a0ac29a6e80748dca96319b42c54d679cb821dca90c6303' },
  ],
  bsc: [{ protocol: 'PancakeSwap V2', factory: '0xcA143Ce32Fe78f1f7019d7d551a6402fC5350c73', initCodeHash: '0x00fb7f630766e6a796048ea87d01acd3068e8ff67d078148a3fa3f4a84f69bd5' }],
  arbitrum: [{ protocol: 'SushiSwap', factory: '0xc35DADB65012eC5796536bD9864eD8773aBc74C4', initCodeHash: '0xe18a34eb0e04b04f7a0ac29a6e80748dca96319b42c54d679cb821dca90c6303' }],
  polygon: [{ protocol: 'SushiSwap', factory: '0xc35DADB65012eC5796536bD9864eD8773aBc74C4', initCodeHash: '0xe18a34eb0e04b04f7a0ac29a6e80748dca96319b42c54d679cb821dca90c6303' }],
};

/** The CREATE2 address of a V2 pair of `tokenA` and `tokenB` made by `f`. */
export function v2PairAddress(f: V2Factory, tokenA: string, tokenB: string): string {
  const [t0, t1] = sortTokens(tokenA, tokenB);
  return getCreate2Address(f.factory, keccak256(solidityPacked(['address', 'address'], [t0, t1])), f.initCodeHash);
}

export function sortTokens(a: string, b: string): [string, string] {
  const x = getAddress(a.toLowerCase());
  const y = getAddress(b.toLowerCase());
  return x.toLowerCase() < y.toLowerCase() ? [x, y] : [y, x];
}

/** The protocol whose factory (built-in or `ctx.venues`) made `pair` (tokens known), by a node's `factory()` answer or by CREATE2. */
export function v2Protocol(pair: string, tokenA: string | undefined, tokenB: string | undefined, ctx: DetectContext): string | undefined {
  const factories = [...(V2_FACTORIES[ctx.chain] ?? []), ...(ctx.venues?.v2Factories ?? [])];
  const told = ctx.factories?.get(pair) ?? ctx.factories?.get(pair.toLowerCase());
  if (told) return factories.find((f) => sameAddress(f.factory, told))?.protocol;
  if (!tokenA || !tokenB) return undefined;
  return factories.find((f) => sameAddress(v2PairAddress(f, tokenA, tokenB), pair))?.protocol;
}

/** A V2 Swap log as a venue event. */
export function detectUniswapV2(log: TxLog, tx: ConversionTx, ctx: DetectContext): VenueEvent | undefined {
  if (log.topics[0]?.toLowerCase() !== V2_SWAP_TOPIC || log.topics.length !== 3) return undefined;
  const w = dataWords(log.data);
  if (w.length !== 4) return undefined;
  const [in0, in1, out0, out1] = w.map(wordToUint);
  const pair = getAddress(log.address.toLowerCase());
  const amountIn = in0 > 0n ? in0 : in1;
  const amountOut = out0 > 0n ? out0 : out1;
  const outLeg = poolLeg(tx, pair, 'outOf', amountOut, log.logIndex);
  let inLeg = poolLeg(tx, pair, 'into', amountIn, log.logIndex);
  // Fee-on-transfer tokens: the pair counts what arrived, which a Transfer may not state exactly.
  if (!inLeg && outLeg) inLeg = [...tx.transfers].reverse().find((t) => t.index < log.logIndex && sameAddress(t.to, pair) && t.asset.startsWith('erc20:') && t.asset !== outLeg.asset);
  const assetIn = inLeg?.asset;
  const assetOut = outLeg?.asset;
  const protocol = v2Protocol(pair, assetIn?.slice(6), assetOut?.slice(6), ctx);
  const pairName = `${assetLabel(assetIn, ctx)}/${assetLabel(assetOut, ctx)}`;
  return {
    logIndex: log.logIndex,
    role: 'swap',
    protocol: protocol ?? 'V2-type pair',
    label: 'Swap (V2)',
    venue: pair,
    name: protocol ? `${protocol} ${pairName} ${shortAddress(pair)}` : `V2-type pair ${pairName} ${shortAddress(pair)} (factory unknown)`,
    recognised: protocol !== undefined,
    recipient: wordToAddress(log.topics[2]),
    assetIn,
    assetOut,
    amountIn,
    amountOut,
  };
}

