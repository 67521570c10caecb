// Scan mode's address numbers (issue 19): on a store that numbers its addresses (GraphStore.
// addressNumbers; each scan page carries its rows' numbers, TransferPage.parties), the walk's scan keys its
// clean balances (clean-balances.ts) and its test "is a party followed?" by number: int arrays instead
// of maps of address text, which held every address string of the chain alive. A row read from elsewhere
// (a landing, the records a resumed walk appends) has its numbers looked up first (`ensure`). An address
// the store does not hold has no number (-1) and is keyed by its text; it cannot occur in a page.

import type { AccountTransfer } from '../model/transfer.js';

/** -1: the address is keyed by its text (the store does not number it). */
export const BY_TEXT = -1;

export class ScanNumbers {
  /** Numbers looked up so far (BY_TEXT for an address the store does not hold). */
  private readonly known = new Map<string, number>();
  /** Number -> 1 when the walk follows that address. */
  private followed = new Uint8Array(0);
  /** The page row being scanned and its parties' numbers (from the page). */
  private row: AccountTransfer | undefined;
  private rowFrom = BY_TEXT;
  private rowTo = BY_TEXT;

  constructor(private readonly lookup: (addresses: readonly string[]) => Promise<(number | undefined)[]>) {}

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
    if (t === this.row) {
      if (address === t.from) return this.rowFrom;
      if (address === t.to) return this.rowTo;
    }
    return this.known.get(address) ?? this.missing(address);
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

  /** Whether the walk follows the address with number `n`; `followedByText` answers for BY_TEXT. */
  follows(n: number, address: string, followedByText: (address: string) => boolean): boolean {
    return n >= 0 ? n < this.followed.length && this.followed[n] === 1 : followedByText(address);
  }

  private missing(address: string): never {
    throw new Error(`internal: the scan has no number for ${address} (not looked up)`);
  }
}
