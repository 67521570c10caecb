// The UTXO rules of TRACING.md behind one interface: a transaction's inputs (each a coin with a value and
// a taint vector) are turned into the taint of each output and of the fee. `lifo` and `libr` are not
// defined for coins; the walk uses `fifo` for them and says so in the result's notes.

import type { Policy } from '../../model/case.js';
import type { Taint, TaintKeys } from '../taint.js';
import { distributeFifo } from './fifo.js';
import { distributeHaircut } from './haircut.js';
import { distributePoison } from './poison.js';

export interface UtxoInputTaint {
  value: bigint;
  /** Taint already moved one hop on (clean inputs: empty). */
  taint: Taint;
}

export interface UtxoRule {
  readonly name: 'fifo' | 'haircut' | 'poison';
  readonly exposure: boolean;
  /** Taint of each part: the outputs in output order, then the fee (last). */
  distribute(inputs: readonly UtxoInputTaint[], parts: readonly bigint[]): Taint[];
}

/** The UTXO rule used for `policy` (fifo stands in for lifo and libr). */
export function createUtxoRule(policy: Policy, keys: TaintKeys): UtxoRule {
  switch (policy) {
    case 'haircut':
      return { name: 'haircut', exposure: false, distribute: distributeHaircut };
    case 'poison':
      return { name: 'poison', exposure: true, distribute: (inputs, parts) => distributePoison(inputs, parts, keys) };
    default:
      return { name: 'fifo', exposure: false, distribute: distributeFifo };
  }
}
