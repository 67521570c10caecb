// The rows a capped table shows (the report's and the victim statements' long tables): the `max` largest
// by amount, ties to the earlier row, returned in listed order. One pass keeping the best `max` in order
// (O(n x max) at worst, about O(n) in practice), instead of sorting every row of a big case.

/** Indices of the `max` largest amounts (ties: the earlier index first), in ascending index order. */
export function largestRows(count: number, amountOf: (i: number) => bigint, max: number): number[] {
  if (max <= 0) return [];
  const top: number[] = [];
  const amounts: bigint[] = [];
  for (let i = 0; i < count; i++) {
    const a = amountOf(i);
    if (top.length === max && a <= amounts[max - 1]) continue;
    let j = top.length;
    while (j > 0 && amounts[j - 1] < a) j--;
    top.splice(j, 0, i);
    amounts.splice(j, 0, a);
    if (top.length > max) {
      top.pop();
      amounts.pop();
    }
  }
  return top.sort((x, y) => x - y);
}

/**
 * The same choice made while rows stream by (millions of movements on a big case): `offer` each row's
 * amount in listed order; its row is built only while it is among the largest so far.
 */
export class LargestRows<T> {
  private readonly rows: T[] = [];
  private readonly amounts: bigint[] = [];
  private readonly orders: number[] = [];
  private offered = 0;

  constructor(private readonly max: number) {}

  /** Rows offered so far. */
  get count(): number {
    return this.offered;
  }

  offer(amount: bigint, row: () => T): void {
    const order = this.offered++;
    const max = this.max;
    if (max <= 0 || (this.rows.length === max && amount <= this.amounts[max - 1])) return;
    let j = this.rows.length;
    while (j > 0 && this.amounts[j - 1] < amount) j--;
    this.rows.splice(j, 0, row());
    this.amounts.splice(j, 0, amount);
    this.orders.splice(j, 0, order);
    if (this.rows.length > max) {
      this.rows.pop();
      this.amounts.pop();
      this.orders.pop();
    }
  }

  /** The kept rows with their amounts, in listed order. */
  kept(): { row: T; amount: bigint }[] {
    return this.orders
      .map((order, k) => ({ order, row: this.rows[k], amount: this.amounts[k] }))
      .sort((a, b) => a.order - b.order)
      .map(({ row, amount }) => ({ row, amount }));
  }
}
