// Change heuristic "address reuse" (one-time change; Meiklejohn et al., "A Fistful of Bitcoins", IMC
// 2013; Androulaki et al. 2013 "shadow addresses"): wallets send change to a fresh address, while
// payees are often paid at addresses seen before. When exactly one output address has never appeared
// earlier in chain order and every other output's has, the fresh one is the change.
// Known false positives: a payee that uses a fresh address per payment while the change goes to a
// reused address (some wallets reuse change); first payments to new merchants.

import type { UtxoTransaction } from '../model/utxo.js';
import { type ChangeContext, type ChangeGuess, isPlainPayment } from './change-context.js';

export const CHANGE_REUSE = 'change-reuse';

/** The fresh output among reused ones, or undefined. */
export function detectChangeByReuse(tx: UtxoTransaction, ctx: ChangeContext): ChangeGuess | undefined {
  if (!isPlainPayment(tx)) return undefined;
  let fresh = -1;
  for (const o of tx.outputs) {
    if (ctx.seenBefore(o.address as string)) continue;
    if (fresh !== -1) return undefined;
    fresh = o.n;
  }
  return fresh === -1 ? undefined : { n: fresh, confidence: 60 };
}
