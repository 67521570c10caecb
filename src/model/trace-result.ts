// The trace result (FORMATS.md, `trace --json` and `trace.json` in an evidence pack). Amounts are decimal
// strings of base units that may carry up to 9 fractional digits (TRACING.md, Rounding).

import type { Policy } from './case.js';

/** Amount per victim payment id. */
export type BySource = Record<string, string>;

/** A fiat figure beside a token amount (version 2, with `--prices`): rounded once to cents, with its prices. */
export interface TraceFiat {
  /** Decimal string, 2 fractional digits. */
  amount: string;
  currency: string;
  /** The prices used: value, source, the price row's time, and the rule that chose it. */
  prices: { asset: string; currency: string; price: string; time?: string; source: string; rule: string }[];
}

/** A figure left without fiat: no price by the rule, or a token of unknown decimals. */
export interface TraceMissingPrice {
  /** A victim payment id, or `<what>@<arrival ref>`. */
  for: string;
  chain: string;
  asset: string;
  time?: string;
  reason: 'no price' | 'unknown decimals';
}

export interface TraceSource {
  id: string;
  chain: string;
  asset: string;
  amount: string;
  /** Transfer id (account model) or `<txid>:<vout>` (UTXO). */
  ref: string;
  /** Address the payment landed at, and when. */
  address?: string;
  time?: string;
  /** Version 2, with prices loaded: the payment at the price at its time. */
  fiat?: TraceFiat;
}

export interface EndpointTransfer {
  /** Transfer id or `<txid>:<vout>` that brought the value in. */
  ref: string;
  time?: string;
  amount: string;
}

export interface TraceEndpoint {
  chain: string;
  address: string;
  asset: string;
  amount: string;
  bySource: BySource;
  label?: string;
  category?: string;
  tagSource?: string;
  /** Set when the tag was inherited through a cluster or inferred (deposit address). */
  inferredFrom?: unknown;
  /** Fewest hops by which traced value reached the endpoint. */
  hops: number;
  transfers: EndpointTransfer[];
  /** Endpoints at a conversion's venue: `ambiguous conversion` or `conversion: <id>` (TRACING.md v2). */
  note?: string;
  /** Some of its taint passed through a probable conversion link. */
  viaProbable?: true;
  /** Version 2, with prices loaded: the value at the prices at its arrivals. */
  fiat?: TraceFiat;
}

export type HoldingReason = 'unspent' | 'hop-limit' | 'until';

export interface TraceHolding {
  chain: string;
  address: string;
  asset: string;
  amount: string;
  bySource: BySource;
  reason: HoldingReason;
  /** UTXO holdings: the coins (`<txid>:<vout>`) that hold the value. */
  outputs?: string[];
  label?: string;
  category?: string;
  /** Set when the label was inherited through a cluster or inferred (deposit address). */
  inferredFrom?: unknown;
  viaProbable?: true;
}

export interface TraceFee {
  chain: string;
  asset: string;
  amount: string;
  bySource: BySource;
  viaProbable?: true;
}

export interface TraceDropped {
  chain: string;
  address: string;
  asset: string;
  amount: string;
  bySource: BySource;
  viaProbable?: true;
}

/** One side of a conversion the taint passed through: the taint that went in, or came out. */
export interface TraceConversionLeg {
  chain: string;
  address: string;
  asset: string;
  /** Taint (decimal base units of `asset`). */
  amount: string;
  bySource: BySource;
}

/** A conversion taint passed through (FORMATS.md v2 `conversions`). */
export interface TraceConversion {
  id: string;
  kind: string;
  venue: string;
  in: TraceConversionLeg;
  /** Absent when the taint stopped at the venue (`stopped`). */
  out?: TraceConversionLeg;
  /** The conversion's own amounts (base units): the rate is out / in. */
  rate: { in: string; out: string | null };
  confidence: number;
  viaProbable: boolean;
  /** Why the taint stopped at the venue: `ambiguous conversion`, `probable link not followed`. */
  stopped?: string;
}

export interface OpeningShortfall {
  chain: string;
  address: string;
  asset: string;
  /** Clean money assumed to have been held before the data begins. */
  amount: string;
  /** The first outflow that exceeded the known balance. */
  ref: string;
}

/** A tag as a conflict row lists it. */
export interface ConflictTag {
  label: string;
  category: string;
  source: string;
  confidence: number;
  /** The evidence of an inherited or inferred tag. */
  inferredFrom?: unknown;
}

/**
 * An address the trace reached whose tag given directly disagrees (another category) with tags inherited
 * through its cluster or inferred: the direct tag decided (TRACING.md, Tags through clusters).
 */
export interface TagConflict {
  chain: string;
  address: string;
  direct: ConflictTag;
  inherited: ConflictTag[];
  /** The direct tag's category is in stopAt: the address is a cash-out point. */
  cashOut: boolean;
}

/**
 * An address with two or more events in one block whose order inside the block is not known (an event
 * with `positionUnknown: true`, e.g. TRON from TronGrid): its figures assume the stored order.
 */
export interface UnknownOrder {
  chain: string;
  address: string;
  block: number;
  /** Transfer ids of the address's events in that block, in the order the trace used. */
  events: string[];
}

export interface TraceTotals {
  sources: string;
  endpoints: string;
  holdings: string;
  fees: string;
  dropped: string;
  /** Version 2, present when taint passed through a conversion: tainted value that entered the asset by conversion. */
  convertedIn?: string;
  /** Version 2: tainted value that left the asset by conversion. */
  convertedOut?: string;
}

export interface TraceResult {
  version: 1;
  case: string;
  policy: Policy;
  /** Notes such as "lifo is not defined for coins: fifo was used on bitcoin". */
  notes?: string[];
  sources: TraceSource[];
  endpoints: TraceEndpoint[];
  holdings: TraceHolding[];
  fees: TraceFee[];
  openingShortfalls?: OpeningShortfall[];
  dropped: TraceDropped[];
  /** Direct tags that won over disagreeing inherited ones (only with inheritTags). */
  tagConflicts?: TagConflict[];
  /** Addresses whose events in one block have an unknown order. */
  unknownOrder?: UnknownOrder[];
  /** Version 2: the conversions the taint passed through, by id. */
  conversions?: TraceConversion[];
  /** Keyed `<chain>/<asset>`. */
  totals: Record<string, TraceTotals>;
  /** Version 2, with prices loaded (`--prices`): the currency, the rules, and figures without a price. */
  prices?: { currency: string; rules: string[]; missing: TraceMissingPrice[] };
}

/**
 * One hop of traced value: a transfer (account model) or a transaction output (UTXO) and the taint it
 * carried under the chosen rule. Not part of `trace --json`; used by `--explain`, `flows.csv` and the
 * evidence pack's flow diagram.
 */
export interface TraceFlow {
  chain: string;
  asset: string;
  /** Transfer id, or `<txid>:<vout>` for a UTXO output, or `<txid>:fee`. */
  ref: string;
  txHash: string;
  block: number;
  time?: string;
  from: string;
  /** null for fees and burns. */
  to: string | null;
  /** Hop number of this movement (the victim payment is hop 1). */
  hop: number;
  /** Taint carried, decimal base units. */
  amount: string;
  bySource: BySource;
  /** What became of the value: followed to a tracked address or coin, or an endpoint, fee or dropped row. */
  outcome?: 'followed' | 'endpoint' | 'fee' | 'dropped' | 'converted';
  /** Refs of the flows whose taint this one carried on (UTXO: the tainted inputs; fifo/lifo: the lots drawn). */
  parents?: string[];
  /** Set on the flow of a victim payment: the source id. */
  source?: string;
  /** On an in-ref's flow (outcome `converted`, or `endpoint` at the venue): the conversion it went into. */
  conversion?: string;
  /** On an out-ref's flow (a landing): the conversion it came out of; its predecessors are that conversion's in-ref flows. */
  fromConversion?: string;
}

/** A trace's result plus the flows behind every figure. */
export interface TraceRun {
  result: TraceResult;
  flows: TraceFlow[];
}
