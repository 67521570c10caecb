// Curve pools (curvefi/curve-contract `SwapTemplateBase.vy` and the crypto / NG templates): StableSwap
// `TokenExchange(address indexed buyer, int128 sold_id, uint256 tokens_sold, int128 bought_id, uint256
// tokens_bought)` and `TokenExchangeUnderlying` (same fields, the pool's underlying coins), CryptoSwap
// the same with uint256 ids, NG pools with extra fee and price words after them. The events name coin
// indexes, not tokens: the tokens are those of the pool's own Transfer legs of `tokens_sold` (into the
// pool) and `tokens_bought` (out of it). A native-ETH coin moves by call, so its leg needs traces.
// Recognised by a table of well-known pools and, for factory pools, by a node's `factory()` answer
// being a known Curve factory; others are named `Curve-type pool`.

import { getAddress } from 'ethers';
import { assetLabel, type ConversionTx, dataWords, type DetectContext, poolLeg, sameAddress, shortAddress, type TxLog, type VenueEvent, wordToAddress, wordToUint } from './types.js';

const CURVE_TOPICS: Record<string, { label: string; words: number }> = {
  '0x8b3e96f2b889fa771c53c981b40daf005f63f637f1869f707052d15a3dd97140': { label: 'TokenExchange (Curve StableSwap)', words: 4 },
  '0xd013ca23e77a65003c2c659c5442c00c805371b7fc1ebd4c206c41d1536bd90b': { label: 'TokenExchangeUnderlying (Curve)', words: 4 },
  '0xb2e76ae99761dc136e598d4a629bb347eccb9532a5f8bbd72e18467c3c34cc98': { label: 'TokenExchange (Curve CryptoSwap)', words: 4 },
  '0x2bc4e109524418059e5017948ceb331faa1080053a6ba71811c3a310b24c0c23': { label: 'TokenExchange (Curve NG)', words: 5 },
  '0x143f1f8e861fbdeddd5b46e844b7d3ac7b86a122f36e8c463859ee6811b1f29c': { label: 'TokenExchange (Curve NG)', words: 6 },
};

/** Well-known Curve pools per chain. */
export const CURVE_POOLS: Record<string, Record<string, string>> = {
  ethereum: {
    '0xbebc44782c7db0a1a60cb6fe97d0b483032ff1c7': 'Curve 3pool',
    '0xdc24316b9ae028f1497c275eb9192a3ea0f67022': 'Curve stETH',
    '0xd51a44d3fae010294c616388b506acda1bfaae46': 'Curve tricrypto2',
    '0xa5407eae9ba41422680e2e00537571bcc53efbfd': 'Curve sUSD',
    '0x4ebdf703948ddcea3b11f675b4d1fba9d2414a14': 'Curve TriCRV',
  },
};

/** Curve factories (StableSwap-NG, Tricrypto-NG, Twocrypto-NG, the old metapool factory) per chain. */
export const CURVE_FACTORIES: Record<string, string[]> = {
  ethereum: ['0x6A8cbed756804B16E05E741eDaBd5cB544AE21bf', '0x0c0e5f2fF0ff18a3be9b835635039256dC4B4963', '0x98EE851a00abeE0d95D08cF4CA2BdCE32aeaAF7F', '0xB9fC157394Af804a3578134A6585C0dc9cc990d4'],
};

/** A Curve TokenExchange log as a venue event. */
export function detectCurve(log: TxLog, tx: ConversionTx, ctx: DetectContext): VenueEvent | undefined {
  const shape = CURVE_TOPICS[log.topics[0]?.toLowerCase() ?? ''];
  if (!shape || log.topics.length !== 2) return undefined;
  const w = dataWords(log.data);
  if (w.length !== shape.words) return undefined;
  const amountIn = wordToUint(w[1]);
  const amountOut = wordToUint(w[3]);
  const pool = getAddress(log.address.toLowerCase());
  const assetIn = poolLeg(tx, pool, 'into', amountIn, log.logIndex)?.asset;
  const assetOut = poolLeg(tx, pool, 'outOf', amountOut, log.logIndex)?.asset;
  const known = CURVE_POOLS[ctx.chain]?.[pool.toLowerCase()];
  const told = ctx.factories?.get(pool) ?? ctx.factories?.get(pool.toLowerCase());
  const byFactory = told !== undefined && (CURVE_FACTORIES[ctx.chain] ?? []).some((f) => sameAddress(f, told));
  const recognised = known !== undefined || byFactory;
  const pairName = `${assetLabel(assetIn, ctx)}/${assetLabel(assetOut, ctx)}`;
  return {
    logIndex: log.logIndex,
    role: 'swap',
    protocol: recognised ? 'Curve' : 'Curve-type pool',
    label: shape.label,
    venue: pool,
    name: recognised ? `${known ?? 'Curve pool'} ${pairName} ${shortAddress(pool)}` : `Curve-type pool ${pairName} ${shortAddress(pool)} (not a known pool)`,
    recognised,
    recipient: wordToAddress(log.topics[1]),
    assetIn,
    assetOut,
    amountIn,
    amountOut,
  };
}
