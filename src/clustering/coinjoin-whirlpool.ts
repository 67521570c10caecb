// Samourai Whirlpool detectors, from the published protocol (Samourai Wallet, "Whirlpool" docs, 2019):
// - a mix has exactly 5 inputs and 5 outputs, all outputs equal to a pool denomination (0.001, 0.01,
//   0.05 or 0.5 BTC); inputs are the pool size (remixes) or slightly above (new entrants paying the fee);
// - a Tx0 (premix) spends one wallet's coins into N equal "premix" outputs slightly above a pool size,
//   an OP_RETURN output (the fee payload), the coordinator fee output and change. Its inputs are ONE
//   wallet's, so it is reported (kind `whirlpool-tx0`) but not treated as a mix (`mixing: false`).
// Known false positives: a 5-in/5-out batch of exactly 0.01 BTC each (very rare); any payment with
// an OP_RETURN and several outputs just above a pool size. Omni Layer token transfers (OP_RETURN, one
// output) are not matched: a Tx0 needs 2+ premix outputs or the pool fee output.

import { COIN, type CoinJoinVerdict, type OutputStats } from './coinjoin-verdict.js';

/** Pool denominations (satoshi) with the coordinator's pool fee. */
export const WHIRLPOOL_POOLS: readonly { denomination: bigint; fee: bigint }[] = [
  { denomination: COIN / 1000n, fee: 5_000n },
  { denomination: COIN / 100n, fee: 50_000n },
  { denomination: (COIN * 5n) / 100n, fee: 175_000n },
  { denomination: COIN / 2n, fee: 1_750_000n },
];

/** Whirlpool mix: exactly 5 inputs, exactly 5 outputs, all equal to a pool size, inputs >= pool size. */
export function detectWhirlpoolMix(stats: OutputStats): CoinJoinVerdict | undefined {
  const { tx } = stats;
  if (tx.inputs.length !== 5 || tx.outputs.length !== 5 || stats.topCount !== 5) return undefined;
  const pool = WHIRLPOOL_POOLS.find((p) => p.denomination === stats.topValue);
  if (!pool || tx.inputs.some((i) => i.value !== 0n && i.value < pool.denomination)) return undefined;
  return {
    kind: 'whirlpool',
    confidence: 98,
    mixing: true,
    denomination: pool.denomination,
    equalOutputs: 5,
    reason: `5 inputs, 5 outputs of pool size ${pool.denomination} sat`,
  };
}

/**
 * Whirlpool Tx0: an OP_RETURN output and equal premix outputs a little above a pool size (at most
 * 2% + 10,000 sat above: the mix's miner fee share), and either 2+ premix outputs or the pool fee output.
 */
export function detectWhirlpoolTx0(stats: OutputStats): CoinJoinVerdict | undefined {
  if (stats.opReturnOutputs === 0 || stats.tx.outputs.length < 3) return undefined;
  for (const pool of WHIRLPOOL_POOLS) {
    const d = pool.denomination;
    let premix: { value: bigint; count: number } | undefined;
    for (const [value, count] of stats.counts) {
      if (value > d && value * 100n <= d * 102n + 1_000_000n && (!premix || count > premix.count)) premix = { value, count };
    }
    if (!premix) continue;
    const feePaid = stats.counts.has(pool.fee);
    if (premix.count < 2 && !feePaid) continue;
    return {
      kind: 'whirlpool-tx0',
      confidence: feePaid ? 90 : 70,
      mixing: false,
      denomination: premix.value,
      equalOutputs: premix.count,
      reason: `${premix.count} premix outputs of ${premix.value} sat for pool ${d} sat, OP_RETURN${feePaid ? ', pool fee output' : ''}`,
    };
  }
  return undefined;
}
