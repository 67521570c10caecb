// Account transfers summed per (from, to, asset) over integer address ids, for community detection,
// without a sort in the store and without a BigInt per transfer. Rows are kept in flat typed arrays and
// ordered by a stable LSD radix sort (asset, then `to`, then `from`, 16 bits a pass), so the sums come
// out in (from, to, asset) order, assets in code-unit order: the order of SQL's
// `GROUP BY from_id, to_id, asset`, which keeps node numbering and so the Louvain result unchanged.
// Amounts arrive as high * 10^12 + low (both exact doubles) or, past 27 digits, as decimal text; the
// parts are added as doubles while the sum stays below 2^53 and carried into a BigInt past it, so
// every sum is exact.

import type { AccountFlowRow } from '../ports.js';

const LOW_UNIT = 1_000_000_000_000n;
const MAX_EXACT = Number.MAX_SAFE_INTEGER;
/** Radix sort digits of 11 bits: 2,048 buckets stay in the CPU cache (16 bits' 65,536 did not). */
const DIGIT_BITS = 11;
const RADIX = 1 << DIGIT_BITS;

/** Receives one summed (from id, to id, asset) entry: exact amount (> 0) and number of transfers. */
export type FlowSumSink = (from: number, to: number, asset: string, amount: bigint, transfers: number) => void;

/** Collects account rows; `emit` gives their sums per (from, to, asset) in that order. */
export class FlowSums {
  private from = new Int32Array(1024);
  private to = new Int32Array(1024);
  private asset = new Int32Array(1024);
  private high = new Float64Array(1024);
  private low = new Float64Array(1024);
  /** Rows whose amount came as text (past 27 digits; their `high` is -1). */
  private readonly text = new Map<number, string>();
  private readonly assetIndex = new Map<string, number>();
  private readonly assets: string[] = [];
  private lastAsset = '';
  private lastAssetIndex = -1;
  private count = 0;

  /** Adds one transfer row (ids are non-negative 32-bit integers). */
  add(row: AccountFlowRow): void {
    const [from, to, asset, high, low] = row;
    if (this.count === this.from.length) this.grow();
    const r = this.count++;
    if (from < 0 || to < 0 || from > 0x7fffffff || to > 0x7fffffff) throw new RangeError(`address id out of range: ${from}, ${to}`);
    this.from[r] = from;
    this.to[r] = to;
    if (asset !== this.lastAsset || this.lastAssetIndex < 0) {
      let a = this.assetIndex.get(asset);
      if (a === undefined) {
        a = this.assets.length;
        this.assetIndex.set(asset, a);
        this.assets.push(asset);
      }
      this.lastAsset = asset;
      this.lastAssetIndex = a;
    }
    this.asset[r] = this.lastAssetIndex;
    if (typeof low === 'string' || high === null) {
      this.text.set(r, String(low));
      this.high[r] = -1;
      this.low[r] = 0;
    } else {
      this.high[r] = high;
      this.low[r] = low;
    }
  }

  private grow(): void {
    const size = this.from.length * 2;
    const int = (a: Int32Array) => {
      const b = new Int32Array(size);
      b.set(a);
      return b;
    };
    const float = (a: Float64Array) => {
      const b = new Float64Array(size);
      b.set(a);
      return b;
    };
    this.from = int(this.from);
    this.to = int(this.to);
    this.asset = int(this.asset);
    this.high = float(this.high);
    this.low = float(this.low);
  }

  /** Row order by (from, to, asset name). */
  private order(): Int32Array {
    const n = this.count;
    // Assets ranked by name (code units, as SQLite's BINARY collation for ASCII names).
    const byName = this.assets.map((_a, i) => i).sort((x, y) => (this.assets[x] < this.assets[y] ? -1 : this.assets[x] > this.assets[y] ? 1 : 0));
    const rank = new Int32Array(this.assets.length);
    byName.forEach((a, r) => {
      rank[a] = r;
    });
    const sort = { perm: new Int32Array(n), spare: new Int32Array(n), counts: new Int32Array(RADIX + 1) };
    for (let i = 0; i < n; i++) sort.perm[i] = i;
    const keys = [this.to, this.from];
    if (this.assets.length > 1) {
      const assetRank = new Int32Array(n);
      for (let r = 0; r < n; r++) assetRank[r] = rank[this.asset[r]];
      keys.unshift(assetRank);
    }
    for (const key of keys) {
      let max = 0;
      for (let r = 0; r < n; r++) if (key[r] > max) max = key[r];
      for (let shift = 0; shift < 32 && (shift === 0 || max >>> shift > 0); shift += DIGIT_BITS) radixPass(sort, key, n, shift);
    }
    return sort.perm;
  }

  /** Gives each (from, to, asset) sum to `sink`, in (from, to, asset) order; the entries of one (from, to) pair come together. */
  emit(sink: FlowSumSink): void {
    const perm = this.order();
    const n = this.count;
    const { from, to, asset, high, low, text } = this;
    for (let i = 0; i < n; ) {
      const first = perm[i];
      const f = from[first];
      const t = to[first];
      const a = asset[first];
      let highSum = 0;
      let lowSum = 0;
      let carry = 0n;
      let transfers = 0;
      for (; i < n; i++) {
        const r = perm[i];
        if (from[r] !== f || to[r] !== t || asset[r] !== a) break;
        transfers++;
        const h = high[r];
        if (h < 0) {
          carry += BigInt(text.get(r) as string);
          continue;
        }
        const l = low[r];
        if (lowSum + l > MAX_EXACT) {
          carry += BigInt(lowSum);
          lowSum = 0;
        }
        lowSum += l;
        if (h !== 0) {
          if (highSum + h > MAX_EXACT) {
            carry += BigInt(highSum) * LOW_UNIT;
            highSum = 0;
          }
          highSum += h;
        }
      }
      const whole = highSum * 1e12 + lowSum;
      const amount = carry === 0n && whole <= MAX_EXACT ? BigInt(whole) : carry + BigInt(highSum) * LOW_UNIT + BigInt(lowSum);
      if (amount > 0n) sink(f, t, this.assets[a], amount, transfers);
    }
  }
}

/** One stable counting-sort pass of `sort.perm` on the digit of `key` at bit `shift`. */
function radixPass(sort: { perm: Int32Array; spare: Int32Array; counts: Int32Array }, key: Int32Array, n: number, shift: number): void {
  const { perm, spare, counts } = sort;
  const mask = RADIX - 1;
  counts.fill(0);
  // Counted in row order (a permutation of the rows: the same counts, read in sequence).
  for (let r = 0; r < n; r++) counts[((key[r] >>> shift) & mask) + 1]++;
  // One digit value for every row: the order stays as it is.
  for (let d = 1; d <= RADIX; d++) if (counts[d] === n) return;
  for (let d = 0; d < RADIX; d++) counts[d + 1] += counts[d];
  for (let i = 0; i < n; i++) {
    const r = perm[i];
    spare[counts[(key[r] >>> shift) & mask]++] = r;
  }
  sort.perm = spare;
  sort.spare = perm;
}
