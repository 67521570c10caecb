// Multi-input (common-input-ownership) heuristic: all inputs of a transaction are spent by one owner,
// who holds every key (Nakamoto 2008, section 10; Reid and Harrigan 2011; Meiklejohn et al. 2013).
// Links are a star from the first distinct input address to every other one, so a transaction with k
// input addresses gives k-1 links, each citing the txid.
// Known false positives: CoinJoins (many owners sign one transaction; detected ones are excluded
// before this rule runs, see coinjoin.ts), PayJoin/P2EP (indistinguishable by design), shared custody
// (exchanges' and wallet services' pooled inputs are one service, which is the intended result).

import type { UtxoTransaction } from '../model/utxo.js';
import type { ClusterLink } from '../ports.js';
import type { CoinJoinVerdict } from './coinjoin-verdict.js';

export const COMMON_INPUT = 'multi-input';

/** Confidence of a multi-input link when no CoinJoin detector fired. */
export const COMMON_INPUT_CONFIDENCE = 95;

export interface CommonInputOptions {
  /**
   * A CoinJoin verdict below the exclusion threshold (for example a two-party JoinMarket guess): the
   * links are still made, with confidence lowered by the verdict's confidence.
   */
  weakVerdict?: CoinJoinVerdict;
}

/** The common-input links of one transaction (none for coinbase or single-address inputs). */
export function linkCommonInputs(tx: UtxoTransaction, options: CommonInputOptions = {}): ClusterLink[] {
  const inputs = tx.inputs;
  if (inputs.length < 2) return [];
  const v = options.weakVerdict;
  const confidence = v ? Math.max(5, COMMON_INPUT_CONFIDENCE - v.confidence) : COMMON_INPUT_CONFIDENCE;
  const note = v ? `possible ${v.kind} (${v.confidence}): ${v.reason}` : undefined;
  // Distinct addresses in input order; a linear scan beats a Set for the usual handful of inputs.
  const distinct: string[] = [];
  const seen = inputs.length > 16 ? new Set<string>() : undefined;
  for (const input of inputs) {
    const address = input.address;
    if (address === null || input.coinbase) continue;
    if (seen ? seen.has(address) : distinct.includes(address)) continue;
    seen?.add(address);
    distinct.push(address);
  }
  const links: ClusterLink[] = [];
  for (let i = 1; i < distinct.length; i++) {
    const link: ClusterLink = { chain: tx.chain, a: distinct[0], b: distinct[i], heuristic: COMMON_INPUT, confidence, evidence: tx.txid };
    if (note !== undefined) link.note = note;
    links.push(link);
  }
  return links;
}
