// The per-victim sums of one row of the trace result (an endpoint, a holding, a fee, dropped value):
// exact scaled integers by source index, formatted as `bySource` (FORMATS.md). Most rows of a long trace
// hold one victim's money (every output of a peel chain does), so the first source is kept in two fields
// and a Map is made only when a second source arrives (issue 19: a Map with its table is ~200 bytes, and
// the 10^6 peel case reports 283,818 holdings).

export class SourceSums {
  /** The only source so far (-1: none yet), while `many` is undefined. */
  private one = -1;
  private oneValue = 0n;
  private many: Map<number, bigint> | undefined;

  /** Adds `value` to the sum of `source` (an index >= 0). */
  add(source: number, value: bigint): void {
    const many = this.many;
    if (many !== undefined) many.set(source, (many.get(source) ?? 0n) + value);
    else if (this.one === -1 || this.one === source) {
      this.one = source;
      this.oneValue += value;
    } else {
      this.many = new Map([
        [this.one, this.oneValue],
        [source, value],
      ]);
    }
  }

  /** The sum of `source`, undefined if nothing of it was added. */
  get(source: number): bigint | undefined {
    if (this.many !== undefined) return this.many.get(source);
    return source === this.one ? this.oneValue : undefined;
  }

  copy(): SourceSums {
    const c = new SourceSums();
    c.one = this.one;
    c.oneValue = this.oneValue;
    if (this.many !== undefined) c.many = new Map(this.many);
    return c;
  }
}
