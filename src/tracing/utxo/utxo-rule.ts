// The UTXO rules of TRACING.md behind one interface: a transaction's inputs (each a coin with a value and
// a taint vector) are turned into the taint of each output and of the fee. `lifo` and `libr` are not
// defined for coins; the walk uses `fifo` for them and says so in the result's notes.

import type { Policy } from '../../model/case.js';
import type { TaintKeys } from '../taint.js';
import type { UtxoRule } from './coin-rule.js';
import { distributeFifo } from './fifo.js';
import { distributeHaircut } from './haircut.js';
import { distributePoison } from './poison.js';

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
