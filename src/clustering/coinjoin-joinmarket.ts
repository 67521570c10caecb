// JoinMarket CoinJoin detector (Belcher, JoinMarket, 2015; structure as measured by Möser and Böhme,
// "Join Me on a Market for Anonymity", WEIS 2016): a taker and n-1 makers each put in one or more
// inputs and get one output of the common amount, plus usually one change output each. So: m >= 2
// equal outputs, at least m inputs and at most 2m+1 outputs. Confidence grows with m, as a chance
// collision of m equal amounts becomes less likely.
// Dust-sized equal outputs (below 10,000 sat: Omni and Counterparty marker outputs of 546 or 600 sat)
// are protocol artefacts, not CoinJoin denominations, and are not matched.
// Known false positives: a payment splitting into two equal halves plus change (m = 2: low confidence,
// below the default exclusion threshold); batched payments of one amount with change.

import type { CoinJoinVerdict, OutputStats } from './coinjoin-verdict.js';

/** Confidence for m equal outputs: 2 -> 40, 3 -> 60, 4 -> 70, 5 -> 78, 6..9 -> 85, 10+ -> 90. */
export function joinMarketConfidence(m: number): number {
  if (m < 2) return 0;
  if (m === 2) return 40;
  if (m === 3) return 60;
  if (m === 4) return 70;
  if (m === 5) return 78;
  return m >= 10 ? 90 : 85;
}

/** Equal outputs below this value (satoshi) are not a CoinJoin denomination. */
export const MIN_DENOMINATION = 10_000n;

/** JoinMarket: m >= 2 equal outputs, inputs >= m, outputs <= 2m + 1, 2+ distinct input addresses. */
export function detectJoinMarket(stats: OutputStats): CoinJoinVerdict | undefined {
  const { tx, topCount: m, topValue } = stats;
  if (m < 2 || topValue < MIN_DENOMINATION || tx.inputs.length < m || tx.outputs.length > 2 * m + 1 || stats.distinctInputAddresses < 2) return undefined;
  return {
    kind: 'joinmarket',
    confidence: joinMarketConfidence(m),
    mixing: true,
    denomination: topValue,
    equalOutputs: m,
    reason: `${m} equal outputs of ${topValue} sat, ${tx.inputs.length} inputs, ${tx.outputs.length} outputs`,
  };
}
