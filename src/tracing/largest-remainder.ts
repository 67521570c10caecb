// Largest-remainder (Hamilton) apportionment, its last step (TRACING.md, Rounding): after every part got
// the floor of its exact share, the units still to hand out go one each to the parts with the largest
// remainders, the lower index first on a tie. Shared by scaled.ts `apportion`, taint.ts `takeShare` and
// pooled-taint.ts, which must split identically.
//
// Many units to hand out (a vector of many sources x hops leaves up to n - 1) are placed by the
// remainders' nearest doubles (issue 19: a comparison sort of BigInts was a sixth of a 100-victim
// haircut trace). Number(bigint) rounds to nearest, so it never reverses an order: a remainder whose
// double is above the threshold's is above every remainder at or below it, and one below is below. Only
// remainders whose double equals the threshold's are ordered exactly, by BigInt and then index.

/** Scratch space (single-threaded, never held across calls): doubles of the remainders, a copy to select in, tie indices. */
let approx = new Float64Array(64);
let picked = new Float64Array(64);
const ties: number[] = [];
let tieRemainders: bigint[] = [];
const byExactRemainder = (a: number, b: number) => {
  const ra = tieRemainders[a];
  const rb = tieRemainders[b];
  return rb > ra ? 1 : rb < ra ? -1 : a - b;
};

/**
 * Gives the `left` units still to hand out (0 <= left < n) one each to the parts with the largest
 * remainders, the lower index first on a tie. `remainders` (each >= 0) is used up (overwritten).
 */
export function awardLargestRemainders(parts: bigint[], remainders: bigint[], n: number, left: bigint): void {
  if (left <= 4n) {
    // A few units: pick the largest remainders one by one.
    for (let l = left; l > 0n; l--) {
      let best = -1;
      for (let j = 0; j < n; j++) if (remainders[j] >= 0n && (best < 0 || remainders[j] > remainders[best])) best = j;
      parts[best] += 1n;
      remainders[best] = -1n;
    }
    return;
  }
  const units = Number(left);
  if (approx.length < n) {
    approx = new Float64Array(Math.max(n, approx.length * 2));
    picked = new Float64Array(approx.length);
  }
  for (let j = 0; j < n; j++) {
    const a = Number(remainders[j]);
    approx[j] = a;
    picked[j] = a;
  }
  // The double of the units-th largest remainder: those above it all get a unit, those below none.
  const threshold = select(picked, n, n - units);
  let given = 0;
  ties.length = 0;
  for (let j = 0; j < n; j++) {
    const a = approx[j];
    if (a > threshold) {
      parts[j] += 1n;
      given++;
    } else if (a === threshold) ties.push(j);
  }
  const rest = units - given;
  if (rest < ties.length) {
    tieRemainders = remainders;
    ties.sort(byExactRemainder);
    tieRemainders = [];
  }
  for (let i = 0; i < rest; i++) parts[ties[i]] += 1n;
}

/**
 * The value of rank `rank` (0-based, ascending) among a[0..n), `a` reordered in place: Hoare's selection
 * with a median-of-three pivot (linear on average; a sort of every remainder was the cost before it).
 */
function select(a: Float64Array, n: number, rank: number): number {
  let lo = 0;
  let hi = n - 1;
  while (hi > lo) {
    const x = a[lo];
    const y = a[(lo + hi) >>> 1];
    const z = a[hi];
    const pivot = Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    // Now a[lo..j] <= pivot, a[i..hi] >= pivot, and anything between equals it.
    if (rank <= j) hi = j;
    else if (rank >= i) lo = i;
    else return a[rank];
  }
  return a[rank];
}
