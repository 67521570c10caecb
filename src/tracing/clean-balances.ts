// Scan mode's clean money (account-walk.ts; TRACING.md, The walk: an address's events before taint
// reaches it are replayed as clean money): per untracked address met in the scan, its clean balance, its
// opening shortfall (an outflow beyond the balance) and whether `until` cut one of its events. A scan
// meets every address of the chain, so a record is small (issue 19: fifo at 3x10^6 held an object, a
// BigInt and a block group per address): an int slot per address; the balance as high * 2^52 + low in two
// double arrays, written in place (no BigInt per transfer); shortfalls and cuts, which are rare, in maps.
// A balance of 2^105 base units or more is kept as a BigInt (its high part is -1).
// An address is keyed by its store number where the store numbers its addresses (GraphStore.
// addressNumbers; a chain scan page carries its rows' numbers): an int array instead of a map of
// strings, which held every address string of the chain alive (issue 19: fifo at 3x10^6), else by its
// text. The walk keys each address one way only.

import { highOf, joinPair, LOW_BASE, LOW_MASK, lowOf, MAX_HIGH } from './double-pair.js';

/** What an untracked address did so far, as clean money. */
export interface CleanRecord {
  balance: bigint;
  shortfall: bigint;
  /** The transfer that first overdrew the balance (when shortfall > 0). */
  shortfallRef?: string;
  cut: boolean;
}

export class CleanBalances {
  private readonly slots = new Map<string, number>();
  /** Store number n -> slot + 1 (0: no record). */
  private numbered = new Int32Array(0);
  private numberedCount = 0;
  private readonly free: number[] = [];
  private next = 0;
  private high = new Float64Array(1024);
  private low = new Float64Array(1024);
  /** Balances past the doubles' range (their high is -1). */
  private readonly big = new Map<number, bigint>();
  private readonly shortfalls = new Map<number, { amount: bigint; ref: string }>();
  private readonly cuts = new Set<number>();

  /** Number of addresses with a record. */
  get size(): number {
    return this.slots.size + this.numberedCount;
  }

  /** The slot of `address`, made (balance 0) on first use. */
  slotOf(address: string): number {
    let s = this.slots.get(address);
    if (s === undefined) {
      s = this.newSlot();
      this.slots.set(address, s);
    }
    return s;
  }

  /** The slot of the address with store number `n` (a non-negative integer), made on first use. */
  slotOfNumber(n: number): number {
    if (n >= this.numbered.length) {
      const wider = new Int32Array(Math.max(1024, n + 1, this.numbered.length * 2));
      wider.set(this.numbered);
      this.numbered = wider;
    }
    const known = this.numbered[n];
    if (known > 0) return known - 1;
    const s = this.newSlot();
    this.numbered[n] = s + 1;
    this.numberedCount++;
    return s;
  }

  /** Marks that `until` cut an event of the address in `slot`. */
  cut(slot: number): void {
    this.cuts.add(slot);
  }

  /** Adds `amount` base units to the balance in `slot`. */
  credit(slot: number, amount: bigint): void {
    const h = this.high[slot];
    if (h >= 0 && amount <= LOW_MASK) {
      let low = this.low[slot] + Number(amount);
      let high = h;
      if (low >= LOW_BASE) {
        low -= LOW_BASE;
        high += 1;
      }
      if (high <= MAX_HIGH) {
        this.high[slot] = high;
        this.low[slot] = low;
        return;
      }
    }
    this.set(slot, this.balanceOf(slot) + amount);
  }

  /**
   * Takes `amount` base units out of the balance in `slot`; past the balance, the balance becomes zero
   * and the excess is added to the address's shortfall (`ref` names its first overdraft).
   */
  debit(slot: number, amount: bigint, ref: string): void {
    const h = this.high[slot];
    if (h === 0 && amount <= LOW_MASK) {
      const a = Number(amount);
      const l = this.low[slot];
      if (a <= l) {
        this.low[slot] = l - a;
        return;
      }
    } else if (h > 0 && amount <= LOW_MASK) {
      // high >= 1: the balance is at least 2^52 > amount.
      let low = this.low[slot] - Number(amount);
      let high = h;
      if (low < 0) {
        low += LOW_BASE;
        high -= 1;
      }
      this.high[slot] = high;
      this.low[slot] = low;
      return;
    }
    const balance = this.balanceOf(slot);
    if (amount <= balance) {
      this.set(slot, balance - amount);
      return;
    }
    const known = this.shortfalls.get(slot);
    if (known) known.amount += amount - balance;
    else this.shortfalls.set(slot, { amount: amount - balance, ref });
    this.high[slot] = 0;
    this.low[slot] = 0;
    this.big.delete(slot);
  }

  /** Removes the record of `address` and returns it (undefined when the scan never met it). */
  take(address: string): CleanRecord | undefined {
    const s = this.slots.get(address);
    if (s === undefined) return undefined;
    this.slots.delete(address);
    return this.takeSlot(s);
  }

  /** As take, for the address with store number `n`. */
  takeNumber(n: number): CleanRecord | undefined {
    const known = n < this.numbered.length ? this.numbered[n] : 0;
    if (known === 0) return undefined;
    this.numbered[n] = 0;
    this.numberedCount--;
    return this.takeSlot(known - 1);
  }

  private takeSlot(s: number): CleanRecord {
    const rec: CleanRecord = { balance: this.balanceOf(s), shortfall: 0n, cut: this.cuts.delete(s) };
    const short = this.shortfalls.get(s);
    if (short) {
      rec.shortfall = short.amount;
      rec.shortfallRef = short.ref;
      this.shortfalls.delete(s);
    }
    this.big.delete(s);
    this.free.push(s);
    return rec;
  }

  private balanceOf(slot: number): bigint {
    const h = this.high[slot];
    return h < 0 ? this.big.get(slot)! : joinPair(h, this.low[slot]);
  }

  private set(slot: number, v: bigint): void {
    const high = highOf(v);
    if (high > MAX_HIGH) {
      this.high[slot] = -1;
      this.big.set(slot, v);
      return;
    }
    this.big.delete(slot);
    this.high[slot] = high;
    this.low[slot] = lowOf(v);
  }

  private newSlot(): number {
    const s = this.free.length > 0 ? this.free.pop()! : this.grow();
    this.high[s] = 0;
    this.low[s] = 0;
    return s;
  }

  private grow(): number {
    const s = this.next++;
    if (s === this.high.length) {
      const high = new Float64Array(s * 2);
      high.set(this.high);
      this.high = high;
      const low = new Float64Array(s * 2);
      low.set(this.low);
      this.low = low;
    }
    return s;
  }
}
