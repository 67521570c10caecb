// The interface every UTXO rule of TRACING.md implements (fifo.ts, haircut.ts, poison.ts): a
// transaction's inputs (each a coin with a value and a taint vector) become the taint of each output and
// of the fee.

import type { Taint } from '../taint.js';

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
