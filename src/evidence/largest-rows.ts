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
