// Aggregator routers (1inch, 0x, KyberSwap, OKX, MetaMask Swaps, Uniswap's routers) and the summary
// events some of them log: 1inch v4 / KyberSwap `Swapped(sender, srcToken, dstToken, dstReceiver,
// spentAmount, returnAmount)`, OKX `OrderRecord(fromToken, toToken, sender, fromAmount, returnAmount)`,
// 0x `TransformedERC20(taker indexed, inputToken, outputToken, inputTokenAmount, outputTokenAmount)`,
// MetaMask `Swap(string indexed aggregatorId, address indexed sender)`. A summary counts only when its
// emitter is a known router of the chain (any contract can emit the topic). The conversion itself is
// always taken from the transaction's asset flows (aggregator-flow.ts); a summary names the router, the
// trader and the recipient it served, and its amounts are checked against the flows (a router's fee
// shows as a difference, which stays in the conversion's rate).

import { getAddress } from 'ethers';
import { chainInfo } from '../../../src/model/chain.js';
import { type ConversionTx, dataWords, type DetectContext, erc20Asset, shortAddress, type TxLog, type VenueEvent, wordToAddress, wordToUint } from './types.js';

/** Known routers per chain (lower-case address -> name). */
export const ROUTERS: Record<string, Record<string, string>> = {
  ethereum: {
    '0x1111111254eeb25477b68fb85ed929f73a960582': '1inch AggregationRouterV5',
    '0x1111111254fb6c44bac0bed2854e76f90643097d': '1inch AggregationRouterV4',
    '0x111111125421ca6dc452d289314280a0f8842a65': '1inch AggregationRouterV6',
    '0xdef1c0ded9bec7f1a1670819833240f027b25eff': '0x Exchange Proxy',
    '0x6131b5fae19ea4f9d964eac0408e4408b66337b5': 'KyberSwap MetaAggregationRouterV2',
    '0x3b3ae790df4f312e745d270119c6052904fb6790': 'OKX DEX Router',
    '0x881d40237659c251811cec9c364ef91dc08d300c': 'MetaMask Swap Router',
    '0xef1c6e67703c7bd7107eed8303fbe6ec2554bf6b': 'Uniswap Universal Router',
    '0x3fc91a3afd70395cd496c647d5a6cc9d4b2b7fad': 'Uniswap Universal Router',
    '0x66a9893cc07d91d95644aedd05d03f95e1dba8af': 'Uniswap Universal Router (V4)',
    '0x68b3465833fb72a70ecdf485e0e4c7bd8665fc45': 'Uniswap SwapRouter02',
    '0xe592427a0aece92de3edee1f18e0157c05861564': 'Uniswap V3 SwapRouter',
    '0x7a250d5630b4cf539739df2c5dacb4c659f2488d': 'Uniswap V2 Router02',
    '0xd9e1ce17f2641f24ae83637ab66a2cca9c378b9f': 'SushiSwap Router',
  },
};

/** The router name of an address on a chain, if known. */
export function routerName(chain: string, address: string | null | undefined): string | undefined {
  return address ? ROUTERS[chain]?.[address.toLowerCase()] : undefined;
}

const SWAPPED = '0xd6d4f5681c246c9f42c203e287975af1601f8df8035a9251f79aab5c8f09e2f8';
const ORDER_RECORD = '0x1bb43f2da90e35f7b0cf38521ca95a49e68eb42fac49924930a5bd73cdf7576c';
const TRANSFORMED_ERC20 = '0x0f6672f78a59ba8e5e5b5d38df3ebc67f3c792e2c9259b8d97d7f00dd78ba1b3';
const METAMASK_SWAP = '0xbeee1e6e7fe307ddcf84b0a16137a4430ad5e2480fc4f4a8e250ab56ccd7630d';
const NATIVE_PLACEHOLDER = '0xeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee';

function tokenAsset(word: string, chain: string): string {
  const a = wordToAddress(word);
  if (a.toLowerCase() === NATIVE_PLACEHOLDER || /^0x0{40}$/.test(a)) return chainInfo(chain)?.nativeSymbol ?? 'ETH';
  return erc20Asset(a);
}

/** A known router's summary event as a venue event (role `summary`). */
export function detectAggregator(log: TxLog, _tx: ConversionTx, ctx: DetectContext): VenueEvent | undefined {
  const name = routerName(ctx.chain, log.address);
  if (!name) return undefined;
  const t0 = log.topics[0]?.toLowerCase();
  const w = dataWords(log.data);
  const router = getAddress(log.address.toLowerCase());
  const base = { logIndex: log.logIndex, role: 'summary' as const, protocol: name.split(' ')[0], venue: router, name: `${name} ${shortAddress(router)}`, recognised: true };
  if (t0 === SWAPPED && log.topics.length === 1 && w.length === 6) {
    return { ...base, label: `Swapped (${name.split(' ')[0]})`, trader: wordToAddress(w[0]), assetIn: tokenAsset(w[1], ctx.chain), assetOut: tokenAsset(w[2], ctx.chain), recipient: wordToAddress(w[3]), amountIn: wordToUint(w[4]), amountOut: wordToUint(w[5]) };
  }
  if (t0 === ORDER_RECORD && log.topics.length === 1 && w.length === 5) {
    return { ...base, label: 'OrderRecord (OKX)', assetIn: tokenAsset(w[0], ctx.chain), assetOut: tokenAsset(w[1], ctx.chain), trader: wordToAddress(w[2]), amountIn: wordToUint(w[3]), amountOut: wordToUint(w[4]) };
  }
  if (t0 === TRANSFORMED_ERC20 && log.topics.length === 2 && w.length === 4) {
    return { ...base, label: 'TransformedERC20 (0x)', trader: wordToAddress(log.topics[1]), assetIn: tokenAsset(w[0], ctx.chain), assetOut: tokenAsset(w[1], ctx.chain), amountIn: wordToUint(w[2]), amountOut: wordToUint(w[3]) };
  }
  if (t0 === METAMASK_SWAP && log.topics.length === 3) {
    return { ...base, label: 'Swap (MetaMask)', trader: wordToAddress(log.topics[2]) };
  }
  return undefined;
}
