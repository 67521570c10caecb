// Louvain modularity optimisation on typed arrays: Blondel, Guillaume, Lambiotte and Lefebvre, "Fast
// unfolding of communities in large networks", J. Stat. Mech. (2008) P10008. The graph is undirected
// and weighted (a directed edge u -> v counts as an undirected one of the same weight, as igraph's
// multilevel does), held as compressed sparse rows. Phase 1 moves nodes, in a seeded random order, to
// the neighbouring community with the largest modularity gain (resolution gamma:
// gain = w(i, C) - gamma * tot(C) * k(i) / 2m) until a sweep moves nobody or gains too little; phase 2
// folds each community into one node; repeated until nothing moves. Deterministic for a seed.

/** Undirected weighted graph in compressed sparse rows; each edge appears in both rows, a self-loop once with twice its weight. */
interface Csr {
  n: number;
  offsets: Int32Array;
  targets: Int32Array;
  weights: Float64Array;
}

export interface LouvainResult {
  /** Community per node, numbered 0.. in no particular order. */
  membership: Int32Array;
  count: number;
  modularity: number;
}

/** Builds the symmetric CSR of `n` nodes from directed edges (source, target, weight); self-edges are ignored. */
function symmetricCsr(n: number, source: Int32Array, target: Int32Array, weight: Float64Array, edges: number): Csr {
  const offsets = new Int32Array(n + 1);
  for (let e = 0; e < edges; e++) {
    if (source[e] === target[e]) continue;
    offsets[source[e] + 1]++;
    offsets[target[e] + 1]++;
  }
  for (let i = 0; i < n; i++) offsets[i + 1] += offsets[i];
  const fill = offsets.slice(0, n);
  const targets = new Int32Array(offsets[n]);
  const weights = new Float64Array(offsets[n]);
  for (let e = 0; e < edges; e++) {
    const s = source[e];
    const t = target[e];
    if (s === t) continue;
    targets[fill[s]] = t;
    weights[fill[s]++] = weight[e];
    targets[fill[t]] = s;
    weights[fill[t]++] = weight[e];
  }
  return { n, offsets, targets, weights };
}

function modularityOf(g: Csr, membership: Int32Array, count: number, resolution: number): number {
  const inside = new Float64Array(count);
  const tot = new Float64Array(count);
  let m2 = 0;
  for (let i = 0; i < g.n; i++) {
    const ci = membership[i];
    for (let p = g.offsets[i]; p < g.offsets[i + 1]; p++) {
      const w = g.weights[p];
      m2 += w;
      tot[ci] += w;
      if (membership[g.targets[p]] === ci) inside[ci] += w;
    }
  }
  if (m2 === 0) return 0;
  let q = 0;
  for (let c = 0; c < count; c++) q += inside[c] / m2 - resolution * (tot[c] / m2) ** 2;
  return q;
}

/** Visits of phase 1 at most, in sweeps of n (a safeguard; the phase ends when no node is left to revisit). */
const MAX_SWEEPS = 1000;

/** Phase 1 on `g`: returns the community of each node, renumbered 0..count-1, and whether anything moved. */
function moveNodes(g: Csr, resolution: number, rng: () => number): { community: Int32Array; count: number; moved: boolean } {
  const { n, offsets, targets, weights } = g;
  const community = new Int32Array(n);
  const k = new Float64Array(n);
  const tot = new Float64Array(n);
  let m2 = 0;
  for (let i = 0; i < n; i++) {
    community[i] = i;
    let s = 0;
    for (let p = offsets[i]; p < offsets[i + 1]; p++) s += weights[p];
    k[i] = s;
    tot[i] = s;
    m2 += s;
  }
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  const neighWeight = new Float64Array(n).fill(-1);
  const neighList = new Int32Array(n);
  // Fast local moves: a ring queue of nodes to visit, all of them first (in the shuffled order), then
  // only the neighbours of a node that moved (Traag, "Faster unfolding of communities", 2015).
  const queue = new Int32Array(n);
  queue.set(order);
  const queued = new Uint8Array(n).fill(1);
  let head = 0;
  let pending = n;
  let moved = false;
  let visits = 0;
  const maxVisits = MAX_SWEEPS * n;
  while (m2 > 0 && pending > 0 && visits++ < maxVisits) {
    const i = queue[head];
    head = head + 1 === n ? 0 : head + 1;
    pending--;
    queued[i] = 0;
    const ci = community[i];
    let listed = 0;
    neighWeight[ci] = 0;
    neighList[listed++] = ci;
    for (let p = offsets[i]; p < offsets[i + 1]; p++) {
      const j = targets[p];
      if (j === i) continue;
      const cj = community[j];
      if (neighWeight[cj] < 0) {
        neighWeight[cj] = 0;
        neighList[listed++] = cj;
      }
      neighWeight[cj] += weights[p];
    }
    const ki = k[i];
    tot[ci] -= ki;
    const scale = (resolution * ki) / m2;
    const stay = neighWeight[ci] - scale * tot[ci];
    let best = ci;
    let bestGain = stay;
    for (let l = 1; l < listed; l++) {
      const c = neighList[l];
      const gain = neighWeight[c] - scale * tot[c];
      if (gain > bestGain) {
        best = c;
        bestGain = gain;
      }
    }
    // A move must gain more than rounding can, or a node could swap back and forth.
    if (best !== ci && bestGain - stay <= 1e-12 * (Math.abs(stay) + ki)) best = ci;
    tot[best] += ki;
    for (let l = 0; l < listed; l++) neighWeight[neighList[l]] = -1;
    if (best === ci) continue;
    community[i] = best;
    moved = true;
    for (let p = offsets[i]; p < offsets[i + 1]; p++) {
      const j = targets[p];
      if (queued[j] === 1 || community[j] === best) continue;
      queued[j] = 1;
      let tail = head + pending;
      if (tail >= n) tail -= n;
      queue[tail] = j;
      pending++;
    }
  }
  const renumber = new Int32Array(n).fill(-1);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const c = community[i];
    if (renumber[c] < 0) renumber[c] = count++;
    community[i] = renumber[c];
  }
  return { community, count, moved };
}

/** Phase 2: one node per community, edge weights summed (a community's inside weight becomes its self-loop). */
function fold(g: Csr, community: Int32Array, count: number): Csr {
  // Nodes of each community, in order.
  const start = new Int32Array(count + 1);
  for (let i = 0; i < g.n; i++) start[community[i] + 1]++;
  for (let c = 0; c < count; c++) start[c + 1] += start[c];
  const fill = start.slice(0, count);
  const members = new Int32Array(g.n);
  for (let i = 0; i < g.n; i++) members[fill[community[i]]++] = i;
  const offsets = new Int32Array(count + 1);
  let targets = new Int32Array(Math.max(16, g.targets.length >> 2));
  let weights = new Float64Array(targets.length);
  const acc = new Float64Array(count).fill(-1);
  const list = new Int32Array(count);
  let size = 0;
  for (let c = 0; c < count; c++) {
    let listed = 0;
    for (let m = start[c]; m < start[c + 1]; m++) {
      const i = members[m];
      for (let p = g.offsets[i]; p < g.offsets[i + 1]; p++) {
        const d = community[g.targets[p]];
        if (acc[d] < 0) {
          acc[d] = 0;
          list[listed++] = d;
        }
        acc[d] += g.weights[p];
      }
    }
    if (size + listed > targets.length) {
      const grown = new Int32Array(Math.max(targets.length * 2, size + listed));
      grown.set(targets);
      targets = grown;
      const grownW = new Float64Array(grown.length);
      grownW.set(weights);
      weights = grownW;
    }
    for (let l = 0; l < listed; l++) {
      const d = list[l];
      targets[size] = d;
      weights[size++] = acc[d];
      acc[d] = -1;
    }
    offsets[c + 1] = size;
  }
  return { n: count, offsets, targets: targets.subarray(0, size), weights: weights.subarray(0, size) };
}

/**
 * Louvain communities of `n` nodes joined by `edges` directed edges (taken as undirected), seeded by `rng`.
 * Returns each node's community and the modularity of the final partition at `resolution`.
 */
export function louvain(
  n: number,
  edges: { source: Int32Array; target: Int32Array; weight: Float64Array; count: number },
  options: { resolution?: number; rng: () => number },
): LouvainResult {
  const resolution = options.resolution ?? 1;
  const base = symmetricCsr(n, edges.source, edges.target, edges.weight, edges.count);
  const membership = new Int32Array(n);
  for (let i = 0; i < n; i++) membership[i] = i;
  let g = base;
  let count = n;
  for (;;) {
    const level = moveNodes(g, resolution, options.rng);
    if (!level.moved) break;
    for (let i = 0; i < n; i++) membership[i] = level.community[membership[i]];
    count = level.count;
    if (level.count === g.n) break;
    g = fold(g, level.community, level.count);
  }
  if (count === n) {
    // Nothing moved: renumber is the identity.
    return { membership, count: n, modularity: modularityOf(base, membership, n, resolution) };
  }
  return { membership, count, modularity: modularityOf(base, membership, count, resolution) };
}
