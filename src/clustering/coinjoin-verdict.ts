// The shape every CoinJoin detector returns, and the output statistics they share (groups of equal
// output values). Detectors only read the transaction; they never look at other transactions.

import type { UtxoTransaction } from '../model/utxo.js';

export type CoinJoinKind =
  | 'wasabi-1.0'
  | 'wasabi-1.1'
  | 'wasabi-2.0'
  | 'whirlpool'
  | 'whirlpool-tx0'
  | 'joinmarket'
  | 'equal-outputs';

/** A detector's finding about one transaction. */
export interface CoinJoinVerdict {
  kind: CoinJoinKind;
  /** 0-100. */
  confidence: number;
  /**
   * True when the inputs belong to several owners (a real mix): the common-input-ownership rule must
   * not link them. False for a Whirlpool Tx0, whose inputs are one wallet's.
   */
  mixing: boolean;
  /** Value of the equal outputs (the mix denomination), when there is one. */
  denomination?: bigint;
  /** How many outputs carry the denomination (the anonymity set). */
  equalOutputs: number;
  /** Why, in a few words. */
  reason: string;
  /**
   * Set by `detectCoinJoin`: every detector that matched the transaction, most specific first (the
   * verdict's own `kind` first), e.g. `['wasabi-2.0', 'wasabi-1.1', 'equal-outputs']`.
   */
  matched?: CoinJoinKind[];
}

/** Output statistics computed once per transaction and handed to every detector. */
export interface OutputStats {
  tx: UtxoTransaction;
  /** Count of outputs per value (outputs with a value of 0 are left out). */
  counts: Map<bigint, number>;
  /** The most frequent value and its count (ties: the larger value). */
  topValue: bigint;
  topCount: number;
  /** Distinct input addresses (null addresses left out). */
  distinctInputAddresses: number;
  /** Outputs without an address whose script starts with OP_RETURN (0x6a). */
  opReturnOutputs: number;
}

/** Computes the shared statistics of a transaction's outputs. */
export function computeOutputStats(tx: UtxoTransaction): OutputStats {
  const counts = new Map<bigint, number>();
  let topValue = 0n;
  let topCount = 0;
  let opReturnOutputs = 0;
  for (const o of tx.outputs) {
    if (o.address === null && (o.script?.startsWith('6a') ?? o.value === 0n)) opReturnOutputs++;
    if (o.value === 0n) continue;
    const c = (counts.get(o.value) ?? 0) + 1;
    counts.set(o.value, c);
    if (c > topCount || (c === topCount && o.value > topValue)) {
      topCount = c;
      topValue = o.value;
    }
  }
  const inputs = new Set<string>();
  for (const i of tx.inputs) if (i.address !== null) inputs.add(i.address);
  return { tx, counts, topValue, topCount, distinctInputAddresses: inputs.size, opReturnOutputs };
}

/** 1 BTC in satoshi. */
export const COIN = 100_000_000n;
