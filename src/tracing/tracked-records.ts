// The records of the addresses an account walk follows (issue 19), by address text, and once the walk
// scans a store that numbers its addresses (GraphStore.addressNumbers, scan-numbers.ts) by address number:
// a slot of an array per number instead of an entry of a Map. A peel chain's scan held ~284,000 records
// to its end, whose Map table alone was 28 MB (a table keeps 2-4 entries of 24 bytes per record); the
// array costs 8 bytes per number of the chain. An address without a number (BY_TEXT) stays keyed by text.
// A record may be null: followed, its record forgotten (the rule's empty state), kept by text only; by
// number the scan's followed set says that instead (ScanNumbers.followsNumber).

/** A record of a followed address: what the walk keeps of it. */
export interface AddressRecord {
  address: string;
}

export class TrackedRecords<R extends AddressRecord> {
  private readonly byText = new Map<string, R | null>();
  private byNumber: (R | undefined)[] = [];
  private numbered = 0;

  /** Records held (null entries included). */
  get size(): number {
    return this.byText.size + this.numbered;
  }

  /** The record of `address`, `n` its number (undefined or negative: keyed by text). */
  get(address: string, n?: number): R | null | undefined {
    return n !== undefined && n >= 0 ? this.byNumber[n] : this.byText.get(address);
  }

  /** Whether `address` has a record (or a null entry), `n` its number as for `get`. */
  has(address: string, n?: number): boolean {
    return n !== undefined && n >= 0 ? this.byNumber[n] !== undefined : this.byText.has(address);
  }

  set(address: string, record: R | null, n?: number): void {
    if (n === undefined || n < 0) {
      this.byText.set(address, record);
      return;
    }
    if (record === null) throw new Error(`internal: a null record for numbered address ${address}`);
    this.ensure(n);
    if (this.byNumber[n] === undefined) this.numbered++;
    this.byNumber[n] = record;
  }

  delete(address: string, n?: number): void {
    if (n === undefined || n < 0) {
      this.byText.delete(address);
      return;
    }
    if (n < this.byNumber.length && this.byNumber[n] !== undefined) {
      this.byNumber[n] = undefined;
      this.numbered--;
    }
  }

  /** The address of the record of number `n`, if it has one (the scan's text of a followed number). */
  addressOf(n: number): string | undefined {
    return n < this.byNumber.length ? this.byNumber[n]?.address : undefined;
  }

  /** Moves the records of the addresses `numberOf` numbers (>= 0) from text to number keys. */
  keyByNumber(numberOf: (address: string) => number): void {
    for (const [address, record] of this.byText) {
      const n = numberOf(address);
      if (n < 0 || record === null) continue;
      this.byText.delete(address);
      this.set(address, record, n);
    }
  }

  /** Every address's record, text keys first; `release` drops each once yielded. */
  *entries(release = false): Generator<[string, R | null]> {
    for (const [address, record] of this.byText) {
      if (release) this.byText.delete(address);
      yield [address, record];
    }
    for (let n = 0; n < this.byNumber.length; n++) {
      const record = this.byNumber[n];
      if (record === undefined) continue;
      if (release) this.byNumber[n] = undefined;
      yield [record.address, record];
    }
    if (release) {
      this.byNumber = [];
      this.numbered = 0;
    }
  }

  /** The addresses with a record (or a null entry). */
  *addresses(): Generator<string> {
    for (const [address] of this.entries()) yield address;
  }

  private ensure(n: number): void {
    if (n < this.byNumber.length) return;
    const length = Math.max(1024, n + 1, this.byNumber.length * 2);
    const wider = new Array<R | undefined>(length);
    for (let i = 0; i < this.byNumber.length; i++) wider[i] = this.byNumber[i];
    this.byNumber = wider;
  }
}
