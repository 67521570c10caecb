// Conversions (FORMATS.md v2 `conversions.jsonl`, TRACING.md v2 "Conversions"): one change of asset
// and/or chain — a DEX swap, a wrap or unwrap, a bridge, a swap service. `in.amount` is the sum of the
// in-refs' amounts and `out.amount` the sum of the out-refs'; the rate out/in includes the venue's fee.

import type { RawRecord } from './fields.js';

export const CONVERSION_KINDS = ['swap', 'wrap', 'unwrap', 'bridge', 'service', 'ambiguous'] as const;

export type ConversionKind = (typeof CONVERSION_KINDS)[number];

/** One side of a conversion: what the trader paid in, or what came out to the recipient. */
export interface ConversionLeg {
  chain: string;
  address: string;
  asset: string;
  amount: bigint;
  /** Transfer ids (account model) or `<txid>:<vout>` outputs (UTXO) on `chain`. */
  refs: string[];
}

export interface Conversion {
  /** Unique; re-importing the same conversion changes nothing. */
  id: string;
  kind: ConversionKind;
  /** Human name of the pool, router, bridge or service, e.g. `Uniswap V2 USDT/WETH 0x0d4a...1852`. */
  venue: string;
  in: ConversionLeg;
  /** Absent only for `ambiguous` conversions (assets that could not be paired). */
  out?: ConversionLeg;
  /** 100: linked on chain (same transaction, protocol link key); below 100: a probable link. */
  confidence: number;
  /** How the conversion was found, e.g. `logs: Transfer, Swap (V2), Withdrawal (WETH9)`. */
  method: string;
  /** Transaction ids that show it. */
  evidence: string[];
  note?: string;
  /** Unknown fields of the input record, kept as properties. */
  extra?: RawRecord;
}
