// Swap services without a link key (instant exchangers; TRACING.md v2 "Conversions": a link found by
// amount and time has confidence below 100 and is followed only with `followProbable`). A deposit into
// the service and a payout out of it are a candidate pair when
// - time: the payout comes `minDelaySeconds` to `maxDelaySeconds` after the deposit;
// - amount: with gross = deposit amount x rate (1 for the same chain and asset, else a caller-given
//   rate; no price table is looked up), the payout lies in
//   [floor(gross x (1 - feeMax)) - fixedFee, ceil(gross x (1 - feeMin))].
// Confidence (documented in docs/conversions.md): base = 90 - round(20 x delay / maxDelay) (never 100:
// nothing on chain links the two; a quick payout scores higher), divided (integer) by the larger of the
// number of payouts that fit the deposit and the number of deposits that fit the payout; at least 1.
// Pairs are taken best first (confidence, then shorter delay, then ids), each payout and each deposit at
// most once. Alternatives are listed in the note and in `ambiguities`.
// Known false positives: any unrelated payout of a matching amount in the window (busy services, round
// amounts); a service that batches or splits payouts is not matched at all.

import { invalidInput } from '../errors.js';
import type { Conversion } from '../model/conversion.js';

/** A non-negative rational `num / den`. */
export interface Rational {
  num: bigint;
  den: bigint;
}

/** Basis points as a rational (`bps(50)` is 0.5 %). */
export function bps(n: number | bigint): Rational {
  return { num: BigInt(n), den: 10_000n };
}

/** The fields a deposit or payout needs (an AccountTransfer has them). */
export interface ServiceTransfer {
  id: string;
  chain: string;
  asset: string;
  txHash?: string;
  from: string;
  to: string | null;
  amount: bigint;
  /** ISO 8601; a transfer without time cannot be matched. */
  time?: string;
}

export interface ServiceProfile {
  /** Venue name, e.g. `FixedFloat` or `exchanger 0x12...`. */
  name: string;
  /** Proportional fee range, as a fraction of the gross amount. */
  fee: { min: Rational; max: Rational };
  /** Largest fixed fee, in payout base units (default 0). */
  fixedFee?: bigint;
  minDelaySeconds?: number;
  maxDelaySeconds: number;
  /** Rates for cross-asset pairs: 1 base unit of `from` (`chain/asset`) is `rate` base units of `to`. */
  rates?: { from: string; to: string; rate: Rational }[];
}

export interface ServiceCandidateResult {
  conversions: Conversion[];
  /** Deposits for which more than one payout fitted (or whose payout fitted other deposits too). */
  ambiguities: { deposit: string; payouts: string[]; depositsOfPayout: string[] }[];
  /** Deposits with no unused payout that fits. */
  unmatched: string[];
}

export const SERVICE_METHOD = 'amount and time window';

const BASE_CONFIDENCE = 90;
const TIME_PENALTY = 20;

function checkRational(r: Rational, field: string): void {
  if (r.den <= 0n || r.num < 0n || r.num > r.den) throw invalidInput('must be a fraction from 0 to 1', { field }, { num: r.num.toString(), den: r.den.toString() });
}

const ceilDiv = (a: bigint, b: bigint) => (a + b - 1n) / b;

interface Fit {
  deposit: ServiceTransfer;
  payout: ServiceTransfer;
  delay: number;
  base: number;
}

/**
 * Proposes `service` conversions between deposits into a service and its payouts (any chain and asset),
 * by amount within the profile's fee range and time within its delay window. Pure; deterministic.
 */
export function proposeServiceCandidates(deposits: readonly ServiceTransfer[], payouts: readonly ServiceTransfer[], profile: ServiceProfile): ServiceCandidateResult {
  checkRational(profile.fee.min, 'fee.min');
  checkRational(profile.fee.max, 'fee.max');
  if (profile.fee.min.num * profile.fee.max.den > profile.fee.max.num * profile.fee.min.den) throw invalidInput('fee.min is above fee.max', { field: 'fee' });
  const minDelay = profile.minDelaySeconds ?? 0;
  if (!(profile.maxDelaySeconds > 0) || minDelay < 0 || minDelay > profile.maxDelaySeconds) throw invalidInput('need 0 <= minDelaySeconds <= maxDelaySeconds, maxDelaySeconds > 0', { field: 'maxDelaySeconds' });
  const fixed = profile.fixedFee ?? 0n;
  if (fixed < 0n) throw invalidInput('must not be negative', { field: 'fixedFee' });

  const rateOf = (d: ServiceTransfer, p: ServiceTransfer): Rational | undefined => {
    if (d.chain === p.chain && d.asset === p.asset) return { num: 1n, den: 1n };
    return profile.rates?.find((r) => r.from === `${d.chain}/${d.asset}` && r.to === `${p.chain}/${p.asset}`)?.rate;
  };

  const fits: Fit[] = [];
  for (const d of deposits) {
    const dt = d.time ? Date.parse(d.time) : Number.NaN;
    if (Number.isNaN(dt)) continue;
    for (const p of payouts) {
      const pt = p.time ? Date.parse(p.time) : Number.NaN;
      if (Number.isNaN(pt) || p.to === null) continue;
      const delay = (pt - dt) / 1000;
      if (delay < minDelay || delay > profile.maxDelaySeconds) continue;
      const rate = rateOf(d, p);
      if (!rate || rate.den <= 0n) continue;
      // gross x (1 - fee) = amount x rate.num x (fee.den - fee.num) / (rate.den x fee.den)
      const { min, max } = profile.fee;
      const lower = (d.amount * rate.num * (max.den - max.num)) / (rate.den * max.den) - fixed;
      const upper = ceilDiv(d.amount * rate.num * (min.den - min.num), rate.den * min.den);
      if (p.amount < lower || p.amount > upper) continue;
      fits.push({ deposit: d, payout: p, delay, base: BASE_CONFIDENCE - Math.round((TIME_PENALTY * delay) / profile.maxDelaySeconds) });
    }
  }

  const perDeposit = new Map<string, Fit[]>();
  const perPayout = new Map<string, Fit[]>();
  const key = (t: ServiceTransfer) => `${t.chain}:${t.id}`;
  for (const f of fits) {
    perDeposit.set(key(f.deposit), [...(perDeposit.get(key(f.deposit)) ?? []), f]);
    perPayout.set(key(f.payout), [...(perPayout.get(key(f.payout)) ?? []), f]);
  }
  const confidence = (f: Fit) => Math.max(1, Math.floor(f.base / Math.max(perDeposit.get(key(f.deposit))!.length, perPayout.get(key(f.payout))!.length)));
  const order = [...fits].sort((a, b) => confidence(b) - confidence(a) || a.delay - b.delay || key(a.deposit).localeCompare(key(b.deposit)) || key(a.payout).localeCompare(key(b.payout)));

  const usedDeposits = new Set<string>();
  const usedPayouts = new Set<string>();
  const chosen: Fit[] = [];
  for (const f of order) {
    if (usedDeposits.has(key(f.deposit)) || usedPayouts.has(key(f.payout))) continue;
    usedDeposits.add(key(f.deposit));
    usedPayouts.add(key(f.payout));
    chosen.push(f);
  }

  const result: ServiceCandidateResult = { conversions: [], ambiguities: [], unmatched: [] };
  for (const d of deposits) {
    const list = perDeposit.get(key(d)) ?? [];
    const f = chosen.find((c) => c.deposit === d);
    const otherPayouts = list.filter((x) => x.payout !== f?.payout).map((x) => key(x.payout));
    const otherDeposits = f ? (perPayout.get(key(f.payout)) ?? []).filter((x) => x.deposit !== d).map((x) => key(x.deposit)) : [];
    if (otherPayouts.length > 0 || otherDeposits.length > 0) result.ambiguities.push({ deposit: key(d), payouts: list.map((x) => key(x.payout)), depositsOfPayout: otherDeposits });
    if (!f) {
      result.unmatched.push(key(d));
      continue;
    }
    const p = f.payout;
    const notes = [`delay ${f.delay}s of at most ${profile.maxDelaySeconds}s`];
    if (otherPayouts.length) notes.push(`other payouts that fit: ${otherPayouts.join(', ')}`);
    if (otherDeposits.length) notes.push(`other deposits this payout fits: ${otherDeposits.join(', ')}`);
    result.conversions.push({
      id: `${d.chain}:${d.id}:service:0`,
      kind: 'service',
      venue: profile.name,
      in: { chain: d.chain, address: d.from, asset: d.asset, amount: d.amount, refs: [d.id] },
      out: { chain: p.chain, address: p.to as string, asset: p.asset, amount: p.amount, refs: [p.id] },
      confidence: confidence(f),
      method: SERVICE_METHOD,
      evidence: [d.txHash ?? d.id, p.txHash ?? p.id],
      note: notes.join('; '),
    });
  }
  return result;
}
