// Generic CoinJoin detector: "many equal outputs" (the signature every equal-amount CoinJoin shares;
// Meiklejohn et al. 2013 and Kappos et al. 2022 exclude such transactions from common-input clustering).
// A transaction with m >= 3 outputs of one value (10,000 sat or more), at least m inputs (each mixer
// brings one) and inputs from 2+ addresses is probably a mix; the confidence grows with the number of
// equal outputs: min(90, 30 + 8m). Batched payouts from a few inputs are not matched.
// Known false positives: batched payouts of one amount (airdrops, pool payouts, salary runs) paid from
// several addresses of one wallet: excluding them loses recall (missed links), never precision.

import { MIN_DENOMINATION } from './coinjoin-joinmarket.js';
import type { CoinJoinVerdict, OutputStats } from './coinjoin-verdict.js';

/** Equal-outputs rule: m >= 3 outputs of one value, at least m inputs and 2+ distinct input addresses. */
export function detectEqualOutputs(stats: OutputStats): CoinJoinVerdict | undefined {
  const m = stats.topCount;
  if (m < 3 || stats.topValue < MIN_DENOMINATION || stats.tx.inputs.length < m || stats.distinctInputAddresses < 2) return undefined;
  return {
    kind: 'equal-outputs',
    confidence: Math.min(90, 30 + 8 * m),
    mixing: true,
    denomination: stats.topValue,
    equalOutputs: m,
    reason: `${m} outputs of ${stats.topValue} sat from ${stats.distinctInputAddresses} input addresses`,
  };
}
