// Change heuristic "round payment" (Androulaki et al. 2013; Nick 2015; Kappos et al. 2022): people pay
// round amounts and the change is whatever is left, so when every output but one is a round amount
// (a multiple of 0.001 BTC = 100,000 sat) the odd one out is the change.
// Known false positives: payments priced in fiat (non-round in BTC) with round change by chance;
// wallets that round the change.

import type { UtxoTransaction } from '../model/utxo.js';
import { type ChangeGuess, isPlainPayment } from './change-context.js';

export const CHANGE_ROUND_PAYMENT = 'change-round-payment';

/** The unit an amount must be a multiple of to count as round: 100,000 sat (0.001 BTC). */
export const ROUND_UNIT = 100_000n;

/** The only non-round output when all others are round, or undefined. */
export function detectChangeByRoundPayment(tx: UtxoTransaction): ChangeGuess | undefined {
  if (!isPlainPayment(tx)) return undefined;
  let odd = -1;
  for (const o of tx.outputs) {
    if (o.value > 0n && o.value % ROUND_UNIT === 0n) continue;
    if (odd !== -1) return undefined;
    odd = o.n;
  }
  return odd === -1 ? undefined : { n: odd, confidence: 50 };
}
