// A pooled taint vector (haircut and libr, account/haircut.ts) held without a BigInt per component: the
// components sit in one flat array of doubles, [key, high, low] per component in the order a
// `Map<number, bigint>` would iterate them (insertion order; a component that reaches zero is removed and
// comes back at the end). A scaled amount is high * 2^52 + low, both exact doubles (low < 2^52,
// high < 2^53), so an add or a take writes numbers in place instead of replacing a long-lived BigInt
// (issue 19: those replaced BigInts were most of haircut's peak memory, old-generation garbage).
// Amounts of 2^105 scaled units or more switch the vector to a plain `Taint` map for good.
// Every operation gives exactly what taint.ts gives on a map (same components, same order, same
// largest-remainder split): tested against it with fast-check (test/tracing/pooled-taint.test.ts).

import { highOf, joinPair, LOW_BASE, lowOf, MAX_HIGH } from './double-pair.js';
import { awardLargestRemainders } from './largest-remainder.js';
import { proportionalParts } from './proportional-parts.js';
import { addTaint, type Taint, takeShare } from './taint.js';

/**
 * From this many components on, keys are found through an index (a Map) instead of a linear search of
 * `flat`. A linear search of up to 128 components beats the Map: the 10^6 many-victims haircut trace
 * (100 victims x hops per vector) took 70.2 s from 128 on against 81.8 s from 12, same peak; the index
 * keeps vectors of thousands of victims from a quadratic add.
 */
export const INDEX_FROM = 128;
/** Stride of one component in `flat`. */
const STRIDE = 3;

export class PooledTaint {
  /** [key, high, low] per component, in map order. */
  private flat: number[] = [];
  /** Key -> component number, kept while the vector has INDEX_FROM components or more. */
  private index: Map<number, number> | undefined;
  /** Set once an amount does not fit high/low: the vector is then this map. */
  private map: Taint | undefined;

  get size(): number {
    return this.map ? this.map.size : this.flat.length / STRIDE;
  }

  /** Adds `from` into this vector, as addTaint does into a map. */
  add(from: Taint): void {
    if (this.map) {
      addTaint(this.map, from);
      return;
    }
    for (const [k, v] of from) {
      let high = highOf(v);
      let low = lowOf(v);
      const i = this.find(k);
      if (i < 0) {
        if (high > MAX_HIGH || v < 0n) {
          this.toFallback().set(k, v);
          this.rest(from, k);
          return;
        }
        this.append(k, high, low);
        continue;
      }
      const f = this.flat;
      low += f[i + 2];
      if (low >= LOW_BASE) {
        low -= LOW_BASE;
        high += 1;
      }
      high += f[i + 1];
      if (high > MAX_HIGH || v < 0n) {
        this.toFallback().set(k, joinPair(f[i + 1], f[i + 2]) + v);
        this.rest(from, k);
        return;
      }
      f[i + 1] = high;
      f[i + 2] = low;
    }
  }

  /**
   * Removes a share of exactly `total` scaled units, split over the components in proportion to them
   * (largest remainder, first component wins a tie), and returns it: taint.ts `takeShare` on this vector.
   * `tTotal` is the vector's total (callers keep it).
   */
  takeShare(total: bigint, tTotal: bigint): Taint {
    if (this.map) return takeShare(this.map, total, tTotal);
    const taken: Taint = new Map();
    const f = this.flat;
    const n = f.length / STRIDE;
    if (total <= 0n || n === 0) return taken;
    if (total >= tTotal) return this.drain();
    if (n === 1) {
      const rest = joinPair(f[1], f[2]) - total;
      // Only when `tTotal` is not this vector's total (callers keep it exact): as the map does.
      if (rest < 0n) return takeShare(this.toFallback(), total, tTotal);
      taken.set(f[0], total);
      this.store(0, rest);
      return taken;
    }
    for (let j = 0; j < n; j++) scratchValues[j] = joinPair(f[j * STRIDE + 1], f[j * STRIDE + 2]);
    const given = proportionalParts(scratchValues, n, total, tTotal, scratchParts, scratchRemainders);
    awardLargestRemainders(scratchParts, scratchRemainders, n, total - given);
    let emptied = false;
    for (let j = 0; j < n; j++) {
      const part = scratchParts[j];
      if (part === 0n) continue;
      taken.set(f[j * STRIDE], part);
      const rest = scratchValues[j] - part;
      if (rest === 0n) {
        f[j * STRIDE] = Number.NaN;
        emptied = true;
      } else this.store(j, rest);
    }
    if (emptied) this.compact();
    return taken;
  }

  /** All components as a map (this vector is left empty). */
  drain(): Taint {
    if (this.map) {
      const all = this.map;
      this.map = undefined;
      return all;
    }
    const all = this.toMap();
    this.flat = [];
    this.index = undefined;
    return all;
  }

  /** A copy of the components as a map. */
  toMap(): Taint {
    if (this.map) return new Map(this.map);
    const out: Taint = new Map();
    const f = this.flat;
    for (let i = 0; i < f.length; i += STRIDE) out.set(f[i], joinPair(f[i + 1], f[i + 2]));
    return out;
  }

  /** Offset in `flat` of the component with key `k`, or -1. */
  private find(k: number): number {
    if (this.index) {
      const c = this.index.get(k);
      return c === undefined ? -1 : c * STRIDE;
    }
    const f = this.flat;
    for (let i = 0; i < f.length; i += STRIDE) if (f[i] === k) return i;
    return -1;
  }

  private append(k: number, high: number, low: number): void {
    const f = this.flat;
    const c = f.length / STRIDE;
    // The first component as an array of three: a push onto an empty array reserves 20 slots (176 bytes
    // instead of 40), and most addresses a trace follows hold one component.
    if (c === 0) this.flat = [k, high, low];
    else f.push(k, high, low);
    if (this.index) this.index.set(k, c);
    else if (c + 1 >= INDEX_FROM) this.reindex();
  }

  /** Writes `v` (0 <= v, below the component's value: it fits) into component `c`. */
  private store(c: number, v: bigint): void {
    const f = this.flat;
    f[c * STRIDE + 1] = highOf(v);
    f[c * STRIDE + 2] = lowOf(v);
  }

  /** Drops the components marked NaN, keeping the others' order. */
  private compact(): void {
    const f = this.flat;
    let w = 0;
    for (let r = 0; r < f.length; r += STRIDE) {
      if (Number.isNaN(f[r])) continue;
      if (w !== r) {
        f[w] = f[r];
        f[w + 1] = f[r + 1];
        f[w + 2] = f[r + 2];
      }
      w += STRIDE;
    }
    f.length = w;
    if (this.index) this.reindex();
  }

  private reindex(): void {
    const f = this.flat;
    if (f.length / STRIDE < INDEX_FROM) {
      this.index = undefined;
      return;
    }
    const index = new Map<number, number>();
    for (let i = 0; i < f.length; i += STRIDE) index.set(f[i], i / STRIDE);
    this.index = index;
  }

  /** Switches to a map holding the components so far. */
  private toFallback(): Taint {
    const map = this.toMap();
    this.map = map;
    this.flat = [];
    this.index = undefined;
    return map;
  }

  /** After a fallback in the middle of an add: the components of `from` after key `k` go into the map. */
  private rest(from: Taint, k: number): void {
    let after = false;
    for (const [key, v] of from) {
      if (after) this.map!.set(key, (this.map!.get(key) ?? 0n) + v);
      else if (key === k) after = true;
    }
  }
}

/** Scratch space for takeShare (single-threaded, never held across calls). */
const scratchValues: bigint[] = [];
const scratchParts: bigint[] = [];
const scratchRemainders: bigint[] = [];
