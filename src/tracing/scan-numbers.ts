// Scan mode's address numbers (issue 19): on a store that numbers its addresses (GraphStore.
// addressNumbers, numberedPages: scan rows carry numbers, not text), the walk's scan keys its clean
// balances (clean-balances.ts) and its test "is a party followed?" by number: int arrays instead of maps
// of address text, which held every address string of the chain alive, and no text read for a row that
// concerns no followed address. A transfer read from elsewhere (a landing, the records a resumed walk
// appends) has its numbers looked up first (`ensure`). An address the store does not hold has no number
// (BY_TEXT) and is keyed by its text; it cannot occur in a scan row.

import type { AccountTransfer } from '../model/transfer.js';
import type { NumberedPage, ScanRow } from '../ports.js';

/** Address texts read from the store kept for the next rows (a clean sender paying many followed addresses). */
const TEXT_CACHE = 65_536;

/** -1: the address is keyed by its text (the store does not number it). */
export const BY_TEXT = -1;

export class ScanNumbers {
  /** Numbers looked up so far (BY_TEXT for an address the store does not hold). */
  private readonly known = new Map<string, number>();
  /** Number -> 1 when the walk follows that address. */
  private followed = new Uint8Array(0);
  /** Texts read from the store for other numbers (a store read costs ~10 us), forgotten past TEXT_CACHE. */
  private readonly read = new Map<number, string>();
  /** The page row being scanned and its parties' numbers (from the page). */
  private row: AccountTransfer | undefined;
  private rowFrom = BY_TEXT;
  private rowTo = BY_TEXT;

  constructor(
    private readonly lookup: (addresses: readonly string[]) => Promise<(number | undefined)[]>,
    /** The text of followed number `n` where the walk holds it (its record, tracked-records.ts); else read from the store. */
    private readonly followedText: (n: number) => string | undefined,
  ) {}

  /** Looks up the numbers of `addresses` not known yet. */
  async ensure(addresses: Iterable<string>): Promise<void> {
    const missing = [...new Set([...addresses].filter((a) => !this.known.has(a)))];
    if (missing.length === 0) return;
    const found = await this.lookup(missing);
    for (let i = 0; i < missing.length; i++) this.known.set(missing[i], found[i] ?? BY_TEXT);
  }

  /** Looks up the numbers of the parties of `rows` not known yet (a page without numbers). */
  ensureParties(rows: readonly AccountTransfer[]): Promise<void> {
    const addresses: string[] = [];
    for (const t of rows) {
      addresses.push(t.from);
      if (t.to !== null) addresses.push(t.to);
    }
    return this.ensure(addresses);
  }

  /** The row being scanned, with its parties' numbers from its page (undefined: look them up). */
  at(t: AccountTransfer, from?: number, to?: number): void {
    this.row = t;
    this.rowFrom = from ?? this.known.get(t.from) ?? this.missing(t.from);
    this.rowTo = t.to === null ? BY_TEXT : (to ?? this.known.get(t.to) ?? this.missing(t.to));
  }

  /** The number of `address`, a party of `t` (the row being scanned, or one whose numbers were ensured). */
  of(address: string, t: AccountTransfer): number {
    return this.peek(address, t) ?? this.missing(address);
  }

  /** The number of `address` if known without a lookup (the row being scanned or looked up before). */
  peek(address: string, t: unknown): number | undefined {
    if (t === this.row && this.row) {
      if (address === this.row.from) return this.rowFrom;
      if (address === this.row.to) return this.rowTo;
    }
    return this.known.get(address);
  }

  /** Notes that the walk follows the address with number `n` (nothing for BY_TEXT). */
  follow(n: number): void {
    if (n < 0) return;
    if (n >= this.followed.length) {
      const wider = new Uint8Array(Math.max(1024, n + 1, this.followed.length * 2));
      wider.set(this.followed);
      this.followed = wider;
    }
    this.followed[n] = 1;
  }

  /** Whether the walk follows the address with number `n` (false for -1, no recipient). */
  followsNumber(n: number): boolean {
    return n >= 0 && n < this.followed.length && this.followed[n] === 1;
  }

  /** The transfer of scan row `r` of `page` (of `chain` and `asset`), with its parties' text. */
  transferOf(page: NumberedPage, r: ScanRow, chain: string, asset: string): AccountTransfer {
    const to = r[7];
    const t: AccountTransfer = {
      id: r[0],
      chain,
      asset,
      txHash: r[1],
      block: r[2],
      txIndex: r[3],
      index: r[4],
      from: this.textOf(page, r[6]),
      to: to < 0 ? null : this.textOf(page, to),
      amount: BigInt(r[8]),
    };
    if (r[5] !== null) t.time = r[5];
    if (r[9] !== null) t.extra = JSON.parse(r[9]);
    return t;
  }

  /**
   * Reads in one go the texts a page will likely need: the other party of each row with one followed
   * party, both parties of a row `wanted` names (a victim payment); every party when most rows of the
   * previous page became transfers (`mostlyFollowed`: taint spreading along the page, as down a peel
   * chain, where the parties followed at the page's start say little). Others are read when met.
   */
  prefetchTexts(page: NumberedPage, wanted: (id: string) => boolean, mostlyFollowed: boolean): void {
    const need = new Set<number>();
    const want = (n: number) => {
      if (n >= 0 && this.followedText(n) === undefined && !this.read.has(n)) need.add(n);
    };
    for (const r of page.rows) {
      if (mostlyFollowed) {
        want(r[6]);
        want(r[7]);
        continue;
      }
      const from = this.followsNumber(r[6]);
      const to = this.followsNumber(r[7]);
      if (from) want(r[7]);
      if (to) want(r[6]);
      if (!from && !to && wanted(r[0])) {
        want(r[6]);
        want(r[7]);
      }
    }
    if (need.size === 0) return;
    if (this.read.size + need.size > TEXT_CACHE) this.read.clear();
    const numbers = [...need];
    const texts = page.addressesOf(numbers);
    for (let i = 0; i < numbers.length; i++) this.read.set(numbers[i], texts[i]);
  }

  private textOf(page: NumberedPage, n: number): string {
    let text = this.followedText(n) ?? this.read.get(n);
    if (text === undefined) {
      if (this.read.size >= TEXT_CACHE) this.read.clear();
      text = page.addressOf(n);
      this.read.set(n, text);
    }
    return text;
  }

  private missing(address: string): never {
    throw new Error(`internal: the scan has no number for ${address} (not looked up)`);
  }
}
