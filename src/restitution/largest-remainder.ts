// Largest-remainder (Hamilton) allocation: a whole number of base units shared in proportion to weights
// so that the shares add up to the total exactly. Each share first gets the floor of its exact quota
// (total * weight / sum of weights); the units left over go one each to the largest remainders, ties to
// the earlier entry. All arithmetic is bigint: no share is ever off by a rounding of JS numbers.

/** One claimant and its weight (any non-negative bigint scale, e.g. base units times 10^9). */
export interface Weighted {
  id: string;
  weight: bigint;
}

/**
 * Shares `total` (>= 0) among `entries` in proportion to their weights. Entries of weight 0 get 0 and
 * appear in the result; returns undefined when every weight is 0 (there is no basis to share on).
 */
export function allocateLargestRemainder(total: bigint, entries: readonly Weighted[]): Map<string, bigint> | undefined {
  if (total < 0n) throw new RangeError('total must not be negative');
  let sum = 0n;
  for (const e of entries) {
    if (e.weight < 0n) throw new RangeError(`weight of ${e.id} must not be negative`);
    sum += e.weight;
  }
  if (sum === 0n) return undefined;
  const shares = new Map<string, bigint>();
  const remainders: { id: string; rem: bigint; order: number }[] = [];
  let given = 0n;
  entries.forEach((e, order) => {
    const exact = total * e.weight;
    const share = exact / sum;
    shares.set(e.id, (shares.get(e.id) ?? 0n) + share);
    given += share;
    remainders.push({ id: e.id, rem: exact % sum, order });
  });
  remainders.sort((a, b) => (a.rem === b.rem ? a.order - b.order : a.rem > b.rem ? -1 : 1));
  // Fewer units are left over than there are entries, so one pass suffices.
  for (let i = 0; given < total; i++) {
    const r = remainders[i];
    shares.set(r.id, (shares.get(r.id) ?? 0n) + 1n);
    given++;
  }
  return shares;
}
