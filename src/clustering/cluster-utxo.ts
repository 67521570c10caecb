// The UTXO side of clustering: one pass over a chain's transactions in chain order. Each transaction
// is first checked by the CoinJoin detectors; a detected mix gives no common-input links. Then the
// enabled heuristics (common-input ownership, and the change heuristics when asked for) emit links.
// Streaming: memory grows with the links and the set of seen addresses, not with the transactions; with
// `onLink` the links go straight on (to a ClusterBuilder) and are not kept here either.

import type { UtxoTransaction } from '../model/utxo.js';
import type { ClusterLink } from '../ports.js';
import { changeLink, type ChangeContext, type ChangeGuess } from './change-context.js';
import { CHANGE_OPTIMAL, detectChangeByOptimal } from './change-optimal.js';
import { CHANGE_REUSE, detectChangeByReuse } from './change-reuse.js';
import { CHANGE_ROUND_PAYMENT, detectChangeByRoundPayment } from './change-round-payment.js';
import { CHANGE_SCRIPT_TYPE, detectChangeByScriptType } from './change-script-type.js';
import { type CoinJoinVerdict, DEFAULT_COINJOIN_THRESHOLD, detectCoinJoin, isExcludedMix } from './coinjoin.js';
import { COMMON_INPUT, linkCommonInputs } from './common-input.js';
import type { HeuristicName } from './heuristics.js';

export interface ClusterUtxoOptions {
  /** Heuristics to apply (others are ignored here). Default: common-input only. */
  heuristics?: readonly HeuristicName[];
  /** Confidence from which a detected mix is excluded. Default 50. */
  coinJoinThreshold?: number;
  /** Turn CoinJoin detection off (only to measure what it prevents). */
  detectCoinJoins?: boolean;
  /** Receives each link as found, in order; the links are then not kept (`finish().links` is empty). */
  onLink?: (link: ClusterLink) => void;
}

/** A transaction found to be a CoinJoin (or a Whirlpool Tx0). */
export interface CoinJoinFinding {
  chain: string;
  txid: string;
  verdict: CoinJoinVerdict;
  /** True when its inputs were not linked. */
  excluded: boolean;
}

export interface ClusterUtxoResult {
  links: ClusterLink[];
  coinJoins: CoinJoinFinding[];
  transactions: number;
}

type ChangeDetector = (tx: UtxoTransaction, ctx: ChangeContext) => ChangeGuess | undefined;

const CHANGE_DETECTORS: readonly [HeuristicName, ChangeDetector][] = [
  [CHANGE_REUSE, detectChangeByReuse],
  [CHANGE_SCRIPT_TYPE, detectChangeByScriptType],
  [CHANGE_ROUND_PAYMENT, detectChangeByRoundPayment],
  [CHANGE_OPTIMAL, detectChangeByOptimal],
];

/** A UTXO clustering pass fed one transaction at a time (for streaming from a store). */
export interface UtxoClusterer {
  /** Feeds the next transaction, in chain order. */
  add(tx: UtxoTransaction): void;
  /** The links and CoinJoins found so far. */
  finish(): ClusterUtxoResult;
}

/** Starts a UTXO clustering pass. */
export function createUtxoClusterer(options: ClusterUtxoOptions = {}): UtxoClusterer {
  const enabled = new Set<string>(options.heuristics ?? [COMMON_INPUT]);
  const threshold = options.coinJoinThreshold ?? DEFAULT_COINJOIN_THRESHOLD;
  const detect = options.detectCoinJoins !== false;
  const changeDetectors = CHANGE_DETECTORS.filter(([name]) => enabled.has(name));
  const needSeen = enabled.has(CHANGE_REUSE);
  const seen = new Set<string>();
  let seenChain = '';
  const ctx: ChangeContext = { seenBefore: (a) => seen.has(a) };
  const links: ClusterLink[] = [];
  const emit = options.onLink ?? ((l: ClusterLink) => void links.push(l));
  const coinJoins: CoinJoinFinding[] = [];
  let count = 0;
  return {
    add(tx) {
      count++;
      if (needSeen && tx.chain !== seenChain) {
        seen.clear();
        seenChain = tx.chain;
      }
      const verdict = detect ? detectCoinJoin(tx) : undefined;
      const excluded = isExcludedMix(verdict, threshold);
      if (verdict && verdict.confidence >= threshold) coinJoins.push({ chain: tx.chain, txid: tx.txid, verdict, excluded });
      if (!excluded) {
        if (enabled.has(COMMON_INPUT)) {
          const weak = verdict?.mixing ? verdict : undefined;
          for (const l of linkCommonInputs(tx, { weakVerdict: weak })) emit(l);
        }
        if (!verdict?.mixing) {
          for (const [name, detectChange] of changeDetectors) {
            const guess = detectChange(tx, ctx);
            if (guess) emit(changeLink(tx, name, guess));
          }
        }
      }
      if (needSeen) {
        for (const i of tx.inputs) if (i.address !== null) seen.add(i.address);
        for (const o of tx.outputs) if (o.address !== null) seen.add(o.address);
      }
    },
    finish() {
      return { links, coinJoins, transactions: count };
    },
  };
}

/** Runs the UTXO heuristics over `transactions` (one chain or several, each in chain order). */
export function clusterUtxoTransactions(transactions: Iterable<UtxoTransaction>, options: ClusterUtxoOptions = {}): ClusterUtxoResult {
  const clusterer = createUtxoClusterer(options);
  for (const tx of transactions) clusterer.add(tx);
  return clusterer.finish();
}
