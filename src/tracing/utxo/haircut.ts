// `haircut` on coins (TRACING.md): the transaction pools its inputs, so each output (and the fee) takes
// total input taint * its value / total input value. Order of inputs and outputs is irrelevant.

import { addTaint, splitByWeights, type Taint } from '../taint.js';
import type { UtxoInputTaint } from './coin-rule.js';

export function distributeHaircut(inputs: readonly UtxoInputTaint[], parts: readonly bigint[]): Taint[] {
  const pooled: Taint = new Map();
  for (const input of inputs) addTaint(pooled, input.taint);
  if (pooled.size === 0) return parts.map(() => new Map());
  return splitByWeights(pooled, parts);
}
