// What the change-address heuristics share: the guess they return, the preconditions every one of
// them needs (a plain payment: not coinbase, 2+ outputs all with addresses, no self-change), and the
// link that joins the change output to the spender.
// Change heuristics are off by default: each is weaker than common-input ownership (Meiklejohn et
// al. 2013; Ermilov et al. 2017; Kappos et al., "How to Peel a Million", USENIX Security 2022).

import type { UtxoTransaction } from '../model/utxo.js';
import type { ClusterLink } from '../ports.js';

/** A change-address guess: the output believed to return to the spender. */
export interface ChangeGuess {
  /** Output index. */
  n: number;
  /** 0-100. */
  confidence: number;
}

/** What a change heuristic may know beyond the transaction: addresses seen earlier in chain order. */
export interface ChangeContext {
  seenBefore(address: string): boolean;
}

/** True when the change heuristics may look at `tx` at all. */
export function isPlainPayment(tx: UtxoTransaction): boolean {
  if (tx.outputs.length < 2 || tx.inputs.length === 0 || tx.inputs[0].coinbase) return false;
  const inputs = new Set<string>();
  for (const i of tx.inputs) {
    if (i.address === null) return false;
    inputs.add(i.address);
  }
  const outputs = new Set<string>();
  for (const o of tx.outputs) {
    if (o.address === null || inputs.has(o.address) || outputs.has(o.address)) return false;
    outputs.add(o.address);
  }
  return true;
}

/** The link that a change guess implies: first input address to the change address. */
export function changeLink(tx: UtxoTransaction, heuristic: string, guess: ChangeGuess): ClusterLink {
  return {
    chain: tx.chain,
    a: tx.inputs[0].address as string,
    b: tx.outputs[guess.n].address as string,
    heuristic,
    confidence: guess.confidence,
    evidence: tx.txid,
    note: `change output ${guess.n}`,
  };
}
