// `poison` on coins (TRACING.md): every output of a transaction with a tainted input is fully tainted by
// every source that reached its inputs, and so is the fee. Exposure, not a conserved amount. Each source
// keeps the fewest hops by which it arrived.

import { toScaled } from '../scaled.js';
import { noteReached, type Taint, type TaintKeys } from '../taint.js';
import type { UtxoInputTaint } from './coin-rule.js';

export function distributePoison(inputs: readonly UtxoInputTaint[], parts: readonly bigint[], keys: TaintKeys): Taint[] {
  const reached = new Map<number, number>();
  for (const input of inputs) noteReached(reached, input.taint, keys);
  return parts.map((value) => {
    const t: Taint = new Map();
    if (value === 0n) return t;
    for (const key of reached.values()) t.set(key, toScaled(value));
    return t;
  });
}
