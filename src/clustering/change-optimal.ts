// Change heuristic "optimal change" (Nick, "Data-Driven De-Anonymization in Bitcoin", 2015): a wallet
// does not add an input it does not need, so the change is smaller than every input. When exactly one
// output is smaller than the smallest input, it is the change.
// Known false positives: wallets that select coins for privacy or consolidation (they add unneeded
// inputs); needs input values (transactions without resolved prevouts are skipped).

import type { UtxoTransaction } from '../model/utxo.js';
import { type ChangeGuess, isPlainPayment } from './change-context.js';

export const CHANGE_OPTIMAL = 'change-optimal';

/** The only output below the smallest input, or undefined. */
export function detectChangeByOptimal(tx: UtxoTransaction): ChangeGuess | undefined {
  if (!isPlainPayment(tx)) return undefined;
  let smallest = -1n;
  for (const i of tx.inputs) {
    if (i.value === 0n) return undefined;
    if (smallest < 0n || i.value < smallest) smallest = i.value;
  }
  let found = -1;
  for (const o of tx.outputs) {
    if (o.value >= smallest) continue;
    if (found !== -1) return undefined;
    found = o.n;
  }
  return found === -1 ? undefined : { n: found, confidence: 50 };
}
