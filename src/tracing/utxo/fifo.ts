// `fifo` on coins: Anderson, Shubik et al., 'Bitcoin Redemption' (2016), the Clayton's-case rule on a
// transaction. Inputs are laid end to end in input order, outputs then the fee end to end in output
// order; both lines have the same length. Each input's taint is spread evenly over its own stretch, and
// each output (then the fee, last) takes whatever lies on its stretch.

import { addTaint, splitByWeights, type Taint } from '../taint.js';
import type { UtxoInputTaint } from './coin-rule.js';

export function distributeFifo(inputs: readonly UtxoInputTaint[], parts: readonly bigint[]): Taint[] {
  const out: Taint[] = parts.map(() => new Map());
  const partEnds: bigint[] = [];
  let end = 0n;
  for (const p of parts) {
    end += p;
    partEnds.push(end);
  }
  let start = 0n;
  for (const input of inputs) {
    const stop = start + input.value;
    if (input.taint.size > 0) {
      const overlaps = parts.map((_, j) => {
        const lo = j === 0 ? 0n : partEnds[j - 1];
        const hi = partEnds[j];
        const overlap = smaller(hi, stop) - larger(lo, start);
        return overlap > 0n ? overlap : 0n;
      });
      splitByWeights(input.taint, overlaps).forEach((t, j) => {
        if (t.size > 0) addTaint(out[j], t);
      });
    }
    start = stop;
  }
  return out;
}

function smaller(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

function larger(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}
