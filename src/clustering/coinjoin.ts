// CoinJoin detection: runs every detector (Whirlpool mix, Wasabi 2.0/1.1/1.0, Whirlpool Tx0,
// JoinMarket, generic equal outputs) on one transaction; the most specific one that matches names the
// verdict, which also records every detector that matched (`matched`) and takes the highest confidence
// among them (detectors that agree on a mix do not make it less certain). A WabiSabi round holding ten
// 0.1 BTC outputs and two 0.2 BTC ones also fits the Wasabi 1.1 rule: it is named `wasabi-2.0`. The
// common-input rule skips transactions whose verdict is a mix at or above a confidence threshold.

import type { UtxoTransaction } from '../model/utxo.js';
import { type CoinJoinKind, type CoinJoinVerdict, computeOutputStats, type OutputStats } from './coinjoin-verdict.js';
import { detectEqualOutputs } from './coinjoin-equal-outputs.js';
import { detectJoinMarket } from './coinjoin-joinmarket.js';
import { detectWasabi1, detectWasabi11, detectWasabi2 } from './coinjoin-wasabi.js';
import { detectWhirlpoolMix, detectWhirlpoolTx0 } from './coinjoin-whirlpool.js';

export type { CoinJoinKind, CoinJoinVerdict } from './coinjoin-verdict.js';

type Detector = (stats: OutputStats) => CoinJoinVerdict | undefined;

/**
 * Detectors, most specific first: the first that fires names the verdict. Wasabi 2.0 comes before
 * Wasabi 1.1 and 1.0 because WabiSabi's standard denominations include 0.1 and 0.2 BTC, so a large
 * WabiSabi round can also hold a Wasabi 1.x base group with "mixing levels".
 */
const DETECTORS: readonly Detector[] = [
  detectWhirlpoolMix,
  detectWasabi2,
  detectWasabi11,
  detectWasabi1,
  detectWhirlpoolTx0,
  detectJoinMarket,
  detectEqualOutputs,
];

/** Default confidence from which a mix is excluded from common-input clustering. */
export const DEFAULT_COINJOIN_THRESHOLD = 50;

/**
 * The CoinJoin verdict for `tx`, or undefined when no detector fires: the first that matches in the
 * order Whirlpool, Wasabi 2.0, Wasabi 1.1, Wasabi 1.0, Whirlpool Tx0, JoinMarket, equal outputs, with
 * `matched` listing every detector that matched, in that order, and the highest confidence of those that
 * agree with it on `mixing`.
 */
export function detectCoinJoin(tx: UtxoTransaction): CoinJoinVerdict | undefined {
  if (tx.outputs.length < 2 || tx.inputs.length < 1 || tx.inputs[0].coinbase || !mayBeCoinJoin(tx)) return undefined;
  const stats = computeOutputStats(tx);
  if (stats.topCount < 2 && stats.opReturnOutputs === 0) return undefined;
  let verdict: CoinJoinVerdict | undefined;
  let confidence = 0;
  const matched: CoinJoinKind[] = [];
  for (const detect of DETECTORS) {
    const v = detect(stats);
    if (!v) continue;
    verdict ??= v;
    matched.push(v.kind);
    if (v.mixing === verdict.mixing) confidence = Math.max(confidence, v.confidence);
  }
  return verdict && { ...verdict, confidence, matched };
}

/**
 * Cheap pre-check without allocation (most transactions are plain payments): every detector needs
 * two outputs of one value or an OP_RETURN output.
 */
function mayBeCoinJoin(tx: UtxoTransaction): boolean {
  const outs = tx.outputs;
  if (outs.length > 16) return true;
  for (let i = 0; i < outs.length; i++) {
    const v = outs[i].value;
    if (outs[i].address === null) return true;
    for (let j = i + 1; j < outs.length; j++) if (outs[j].value === v && v !== 0n) return true;
  }
  return false;
}

/** Every detector's verdict for `tx` (for explanation and tests), most confident first. */
export function detectCoinJoinAll(tx: UtxoTransaction): CoinJoinVerdict[] {
  const stats = computeOutputStats(tx);
  const out: CoinJoinVerdict[] = [];
  for (const detect of DETECTORS) {
    const v = detect(stats);
    if (v) out.push(v);
  }
  return out.sort((a, b) => b.confidence - a.confidence);
}

/** True when `verdict` marks a mix that the common-input rule must not link. */
export function isExcludedMix(verdict: CoinJoinVerdict | undefined, threshold = DEFAULT_COINJOIN_THRESHOLD): boolean {
  return verdict?.mixing === true && verdict.confidence >= threshold;
}

export const COINJOIN_KINDS: readonly CoinJoinKind[] = [
  'wasabi-1.0',
  'wasabi-1.1',
  'wasabi-2.0',
  'whirlpool',
  'whirlpool-tx0',
  'joinmarket',
  'equal-outputs',
];
