// Sharing out a seized sum among victims (FORMATS.md v2, Distribution), two ways side by side:
// - traced: in proportion to the case rule's `bySource` at the seized address (the endpoint and holding
//   rows of the trace there); victims whose traced money is not there get nothing;
// - pari passu: rateably to each victim's loss over all victims of the case (Barlow Clowes International
//   Ltd v Vaughan [1992] 4 All ER 22, CA): the fiat loss when every victim payment has a price, else the
//   traced source amounts of the seized asset (victims who paid in another asset then weigh nothing).
// Shares are whole base units adding up to the seized amount exactly (largest remainder). A sum an exchange
// froze or returned (exchange-returns.ts) is shared the same way and names the cash-out point it sits at.

import { formatScaled, parseScaled } from '../evidence/decimal.js';
import type { TraceResult } from '../model/trace-result.js';
import type { Rational } from '../pricing/exact-rational.js';
import { allocateLargestRemainder, type Weighted } from './largest-remainder.js';

/** A recorded seizure (seizures.jsonl). */
export interface Seizure {
  id: string;
  chain: string;
  address: string;
  asset: string;
  /** Integer base units. */
  amount: string;
  time?: string;
  authority?: string;
  reference?: string;
  /** Set when the sum is an exchange's answer (exchange-returns.ts): the exchange that froze or returned it. */
  exchange?: string;
  /** An exchange return: `frozen` (held at the exchange) or `returned` (paid back to the authority). */
  status?: 'frozen' | 'returned';
}

export interface DistributionSeizure extends Seizure {
  /** Shares by victim payment id under the traced basis (empty when no traced value is at the address). */
  traced: Record<string, string>;
  /** Shares by victim payment id, pari passu. */
  pariPassu: Record<string, string>;
  /** Traced value the case rule puts at the address (decimal base units), the traced basis. */
  tracedAtAddress: string;
  /** What pari passu weighed: `fiat:<currency>` or `asset` (traced source amounts of the seized asset). */
  pariPassuBasis: string;
  /** Why a basis could not be used, and other remarks. */
  notes?: string[];
  /** An exchange return at a cash-out point of the trace: that endpoint's label and category. */
  cashOut?: { label?: string; category?: string };
}

export interface Distribution {
  version: 2;
  case: string;
  policy: string;
  seizures: DistributionSeizure[];
}

/** Each victim payment's loss in one currency (exact), for the fiat basis. */
export interface FiatLosses {
  currency: string;
  /** By victim payment id; a payment without a price is absent. */
  losses: Map<string, Rational>;
}

export interface DistributeOptions {
  /** Losses in fiat: the pari passu basis when every victim payment has one. */
  fiat?: FiatLosses;
}

function sameAddress(a: string, b: string): boolean {
  return a === b || (a.startsWith('0x') && a.toLowerCase() === b.toLowerCase());
}

function sameAsset(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** The trace's cash-out point at an address (any asset): its label and category; undefined when it is none. */
export function cashOutPointOf(result: TraceResult, chain: string, address: string): { label?: string; category?: string } | undefined {
  const e = result.endpoints.find((x) => x.chain === chain && sameAddress(x.address, address));
  if (e === undefined) return undefined;
  const out: { label?: string; category?: string } = {};
  if (e.label !== undefined) out.label = e.label;
  if (e.category !== undefined) out.category = e.category;
  return out;
}

/** The traced value per victim payment at (chain, address, asset): endpoint and holding rows summed. */
export function tracedAt(result: TraceResult, chain: string, address: string, asset: string): Map<string, bigint> {
  const by = new Map<string, bigint>();
  for (const row of [...result.endpoints, ...result.holdings]) {
    if (row.chain !== chain || !sameAddress(row.address, address) || !sameAsset(row.asset, asset)) continue;
    for (const [id, amount] of Object.entries(row.bySource)) by.set(id, (by.get(id) ?? 0n) + parseScaled(amount));
  }
  return by;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/** Exact fractions brought to one denominator: integer weights in the same proportions. */
function commonWeights(values: [string, Rational][]): Weighted[] {
  let lcm = 1n;
  for (const [, v] of values) lcm = (lcm / gcd(lcm, v.den)) * v.den;
  return values.map(([id, v]) => ({ id, weight: v.num * (lcm / v.den) }));
}

function toRecord(shares: Map<string, bigint> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [id, v] of shares ?? []) out[id] = v.toString();
  return out;
}

/** The distribution of every seizure under both bases. */
export function distributeSeizures(result: TraceResult, seizures: readonly Seizure[], options: DistributeOptions = {}): Distribution {
  const sourceIds = result.sources.map((s) => s.id);
  const fiat = options.fiat;
  const unpriced = fiat ? sourceIds.filter((id) => !fiat.losses.has(id)) : sourceIds;
  const fiatWeights = fiat && unpriced.length === 0 ? commonWeights(sourceIds.map((id) => [id, fiat.losses.get(id) as Rational])) : undefined;
  return {
    version: 2,
    case: result.case,
    policy: result.policy,
    seizures: seizures.map((s) => {
      const total = BigInt(s.amount);
      const notes: string[] = [];
      const at = tracedAt(result, s.chain, s.address, s.asset);
      const tracedWeights = [...at].filter(([, w]) => w > 0n).map(([id, weight]) => ({ id, weight }));
      const traced = allocateLargestRemainder(total, tracedWeights);
      if (!traced) notes.push(`no traced value of ${s.asset} at ${s.address} under ${result.policy}: no traced share`);
      let pariPassuBasis: string;
      let weights: Weighted[];
      if (fiatWeights && fiat) {
        pariPassuBasis = `fiat:${fiat.currency}`;
        weights = fiatWeights;
      } else {
        pariPassuBasis = 'asset';
        if (fiat) notes.push(`pari passu by traced amounts of ${s.asset}: no ${fiat.currency} price for ${unpriced.join(', ')}`);
        weights = result.sources.map((src) => ({ id: src.id, weight: src.chain === s.chain && sameAsset(src.asset, s.asset) ? parseScaled(src.amount) : 0n }));
      }
      const pariPassu = allocateLargestRemainder(total, weights);
      if (!pariPassu) notes.push(`no victim payment in ${s.asset} on ${s.chain} and no fiat losses: no pari passu share`);
      let sum = 0n;
      for (const v of at.values()) sum += v;
      const row: DistributionSeizure = {
        ...s,
        traced: toRecord(traced),
        pariPassu: toRecord(pariPassu),
        tracedAtAddress: formatScaled(sum),
        pariPassuBasis,
      };
      if (s.exchange !== undefined) {
        const cashOut = cashOutPointOf(result, s.chain, s.address);
        if (cashOut) row.cashOut = cashOut;
        else notes.push(`${s.exchange}'s deposit address ${s.address} is not a cash-out point of the trace under ${result.policy}`);
        const twin = seizures.find((o) => o.exchange === undefined && o.chain === s.chain && sameAddress(o.address, s.address) && sameAsset(o.asset, s.asset));
        if (twin) notes.push(`seizure ${twin.id} is recorded at the same address and asset: if it is the same money, count it once`);
      }
      if (notes.length > 0) row.notes = notes;
      return row;
    }),
  };
}
