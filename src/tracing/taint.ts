// Taint vectors (TRACING.md, The walk): for each victim payment (source), the amount of that source's
// money, in scaled units (scaled.ts). Components are kept per (source, hop) so that the hop limit is exact:
// the victim payment is hop 1 and every further transfer or transaction adds one.
// All splits conserve the total exactly (largest remainder), which is what makes totals add up.

import { awardLargestRemainders } from './largest-remainder.js';
import { proportionalParts } from './proportional-parts.js';

/** Component key -> scaled amount. Keys come from `TaintKeys`; zero components are never stored. */
export type Taint = Map<number, bigint>;

/**
 * Packs (source index, hop, via-probable) into one number key. The via-probable bit marks taint that
 * passed through a probable conversion link (TRACING.md v2, `viaProbable`); it travels with the taint.
 */
export class TaintKeys {
  /** Keys of one source span `hopBase` hops (0 .. maxHops + 1). */
  readonly hopBase: number;
  readonly maxHops: number;

  constructor(maxHops: number) {
    this.maxHops = maxHops;
    this.hopBase = maxHops + 2;
  }

  key(source: number, hop: number, probable = false): number {
    return (source * 2 + (probable ? 1 : 0)) * this.hopBase + hop;
  }

  sourceOf(key: number): number {
    return Math.floor(Math.floor(key / this.hopBase) / 2);
  }

  hopOf(key: number): number {
    return key % this.hopBase;
  }

  /** True when the component passed through a probable conversion link. */
  isProbable(key: number): boolean {
    return Math.floor(key / this.hopBase) % 2 === 1;
  }

  /** The same component, marked as having passed through a probable link. */
  markProbable(key: number): number {
    return this.isProbable(key) ? key : key + this.hopBase;
  }
}

export function emptyTaint(): Taint {
  return new Map();
}

export function taintTotal(t: Taint): bigint {
  let sum = 0n;
  for (const v of t.values()) sum += v;
  return sum;
}

export function isClean(t: Taint): boolean {
  return t.size === 0;
}

/** Adds `from` into `into` (mutates `into`). */
export function addTaint(into: Taint, from: Taint): Taint {
  for (const [k, v] of from) into.set(k, (into.get(k) ?? 0n) + v);
  return into;
}

/**
 * Removes a share of exactly `total` scaled units from `t`, split over its components in proportion to
 * them (largest remainder), and returns it. `total` must not exceed the sum of `t`.
 */
export function takeShare(t: Taint, total: bigint, tTotal: bigint = taintTotal(t)): Taint {
  const taken: Taint = new Map();
  if (total <= 0n || t.size === 0) return taken;
  if (total >= tTotal) {
    for (const [k, v] of t) taken.set(k, v);
    t.clear();
    return taken;
  }
  if (t.size === 1) {
    const [k, v] = t.entries().next().value as [number, bigint];
    taken.set(k, total);
    t.set(k, v - total);
    return taken;
  }
  // Largest remainder as apportion() splits: floor(v * total / tTotal) each, then one more unit to the
  // largest remainders (first component wins a tie), in scratch arrays.
  let n = 0;
  for (const [k, v] of t) {
    scratchKeys[n] = k;
    scratchValues[n] = v;
    n++;
  }
  const given = proportionalParts(scratchValues, n, total, tTotal, scratchParts, scratchRemainders);
  awardLargestRemainders(scratchParts, scratchRemainders, n, total - given);
  for (let j = 0; j < n; j++) {
    const part = scratchParts[j];
    if (part === 0n) continue;
    const k = scratchKeys[j];
    taken.set(k, part);
    const rest = t.get(k)! - part;
    if (rest === 0n) t.delete(k);
    else t.set(k, rest);
  }
  return taken;
}

/** Scratch space for takeShare (single-threaded, never held across calls). */
const scratchKeys: number[] = [];
const scratchValues: bigint[] = [];
const scratchParts: bigint[] = [];
const scratchRemainders: bigint[] = [];

/**
 * Splits all of `t` over parts in proportion to `weights` (base units: output values, stretches of a
 * line). Part totals follow cumulative rounding of the exact shares, so each part is within one scaled
 * unit of exact and never exceeds its weight times the taint density; the parts add up to `t` exactly.
 */
export function splitByWeights(t: Taint, weights: readonly bigint[]): Taint[] {
  const rest: Taint = new Map(t);
  let restTotal = taintTotal(rest);
  const whole = restTotal;
  let weightSum = 0n;
  for (const w of weights) weightSum += w;
  const parts: Taint[] = [];
  let cumWeight = 0n;
  let cumGiven = 0n;
  let last = -1;
  weights.forEach((w, i) => {
    if (w > 0n) last = i;
  });
  for (let i = 0; i < weights.length; i++) {
    if (weights[i] === 0n || whole === 0n) {
      parts.push(new Map());
      continue;
    }
    if (i === last) {
      parts.push(rest);
      continue;
    }
    cumWeight += weights[i];
    const target = roundDiv(whole * cumWeight, weightSum);
    const share = target - cumGiven;
    cumGiven = target;
    const part = takeShare(rest, share, restTotal);
    restTotal -= share;
    parts.push(part);
  }
  return parts;
}

function roundDiv(num: bigint, den: bigint): bigint {
  const q = num / den;
  return (num - q * den) * 2n >= den ? q + 1n : q;
}

/** The lowest hop among the components (Infinity for clean). */
export function minHop(t: Taint, keys: TaintKeys): number {
  let min = Number.POSITIVE_INFINITY;
  for (const k of t.keys()) min = Math.min(min, keys.hopOf(k));
  return min;
}

/**
 * Moves taint one hop on: components whose hop is below the limit come back with hop + 1 (`moved`); the
 * others would pass `maxHops` and stay behind (`blocked`, TRACING.md: holding `hop-limit`).
 */
export function advanceHops(t: Taint, keys: TaintKeys): { moved: Taint; blocked: Taint } {
  const moved: Taint = new Map();
  let blocked: Taint | undefined;
  for (const [k, v] of t) {
    if (keys.hopOf(k) < keys.maxHops) moved.set(k + 1, v);
    else {
      blocked ??= new Map();
      blocked.set(k, v);
    }
  }
  return { moved, blocked: blocked ?? NO_TAINT };
}

/** A shared empty vector for results that are never written to. */
const NO_TAINT: Taint = new Map();

/** Sums components per source index. */
export function totalsBySource(t: Taint, keys: TaintKeys): Map<number, bigint> {
  const out = new Map<number, bigint>();
  for (const [k, v] of t) {
    const s = keys.sourceOf(k);
    out.set(s, (out.get(s) ?? 0n) + v);
  }
  return out;
}

/**
 * Poison bookkeeping: notes, per source, the key of the fewest hops by which it arrived (marked
 * via-probable when any arrival passed through a probable link). `reached`: source index -> key.
 */
export function noteReached(reached: Map<number, number>, taint: Taint, keys: TaintKeys): void {
  for (const k of taint.keys()) {
    const source = keys.sourceOf(k);
    const known = reached.get(source);
    if (known === undefined) {
      reached.set(source, k);
      continue;
    }
    const hop = Math.min(keys.hopOf(known), keys.hopOf(k));
    const probable = keys.isProbable(known) || keys.isProbable(k);
    if (hop !== keys.hopOf(known) || probable !== keys.isProbable(known)) reached.set(source, keys.key(source, hop, probable));
  }
}
