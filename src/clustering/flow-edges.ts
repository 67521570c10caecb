// The value-flow graph as flat arrays for community detection: nodes numbered 0..n-1 (chain and
// address per node), one entry per (source, target, asset) with its exact amount (base units) and
// number of transfers. Weights follow graph/views/flow-graph.ts: an entry's weight is its share of
// that asset's total flow times 10^6, so a pair's weight is the sum over its assets; a pair whose
// shares round to 0 weighs 10^-6. Typed arrays keep 10^6 entries in a few tens of MiB.

/** Flow entries over numbered nodes, with Louvain weights (see `FlowEdgesBuilder.finish`). */
export interface FlowEdges {
  chains: string[];
  addresses: string[];
  /** Entries in `source`, `target`, `weight`, `assetOf`, `amount`, `transfers`. */
  count: number;
  /** Distinct (source, target) pairs. */
  pairs: number;
  source: Int32Array;
  target: Int32Array;
  weight: Float64Array;
  assets: string[];
  assetOf: Int32Array;
  amount: bigint[];
  transfers: Int32Array;
}

const SCALE = 1_000_000_000_000_000n;
const MAX_EXACT = BigInt(Number.MAX_SAFE_INTEGER);

/** Collects nodes and flow entries, in any order (`finish` puts them in canonical order). */
export class FlowEdgesBuilder {
  readonly chains: string[] = [];
  readonly addresses: string[] = [];
  private readonly nodeIndex = new Map<string, number>();
  private readonly assetIndex = new Map<string, number>();
  private readonly assets: string[] = [];
  private lastAsset = '';
  private lastAssetIndex = -1;
  private source = new Int32Array(1024);
  private target = new Int32Array(1024);
  private assetOf = new Int32Array(1024);
  private transfers = new Int32Array(1024);
  private readonly amount: bigint[] = [];
  private count = 0;

  /** Node number of `address` on `chain`, added when new. */
  node(chain: string, address: string): number {
    const key = `${chain}/${address}`;
    let i = this.nodeIndex.get(key);
    if (i === undefined) {
      i = this.chains.length;
      this.nodeIndex.set(key, i);
      this.chains.push(chain);
      this.addresses.push(address);
    }
    return i;
  }

  /** Adds `amount` (> 0) of `asset` from node `source` to node `target`, made of `transfers` transfers. */
  add(source: number, target: number, asset: string, amount: bigint, transfers: number): void {
    if (this.count === this.source.length) this.grow();
    let a = this.lastAssetIndex;
    if (asset !== this.lastAsset || a < 0) {
      a = this.assetIndex.get(asset) ?? -1;
      if (a < 0) {
        a = this.assets.length;
        this.assetIndex.set(asset, a);
        this.assets.push(asset);
      }
      this.lastAsset = asset;
      this.lastAssetIndex = a;
    }
    const e = this.count++;
    this.source[e] = source;
    this.target[e] = target;
    this.assetOf[e] = a;
    this.transfers[e] = transfers;
    this.amount.push(amount);
  }

  private grow(): void {
    const size = this.source.length * 2;
    const more = (a: Int32Array) => {
      const b = new Int32Array(size);
      b.set(a);
      return b;
    };
    this.source = more(this.source);
    this.target = more(this.target);
    this.assetOf = more(this.assetOf);
    this.transfers = more(this.transfers);
  }

  /**
   * The entries with their weights, in canonical order: nodes numbered by (chain, address), entries
   * sorted by (source, target, asset), assets by name. Louvain's result depends on the numbering and on
   * the order of the entries, and each store reads them in its own order: canonical numbering makes
   * the communities of the same transfers the same on every store.
   */
  finish(): FlowEdges {
    const n = this.count;
    const nodes = this.chains.length;
    // The engine's own string sort (code-unit order) is several times faster than a comparator.
    const nodeKeys = this.chains.map((chain, i) => `${chain}\u0000${this.addresses[i]}`);
    const nodeOrder = nodeKeys.slice().sort().map((key) => this.nodeIndex.get(key.replace('\u0000', '/'))!);
    const nodeRank = new Int32Array(nodes);
    nodeOrder.forEach((old, rank) => {
      nodeRank[old] = rank;
    });
    const assetOrder = this.assets.map((_, i) => i).sort((a, b) => codeUnitOrder(this.assets[a], this.assets[b]));
    const assetRank = new Int32Array(this.assets.length);
    assetOrder.forEach((old, rank) => {
      assetRank[old] = rank;
    });
    const source = new Int32Array(n);
    const target = new Int32Array(n);
    const assetOf = new Int32Array(n);
    for (let e = 0; e < n; e++) {
      source[e] = nodeRank[this.source[e]];
      target[e] = nodeRank[this.target[e]];
      assetOf[e] = assetRank[this.assetOf[e]];
    }
    // Least significant key first, each pass a stable counting sort: (source, target, asset).
    let order: Int32Array = new Int32Array(n);
    for (let e = 0; e < n; e++) order[e] = e;
    order = countingSortBy(order, assetOf, this.assets.length);
    order = countingSortBy(order, target, nodes);
    order = countingSortBy(order, source, nodes);
    const entries = { source: new Int32Array(n), target: new Int32Array(n), assetOf: new Int32Array(n), transfers: new Int32Array(n), amount: [] as bigint[] };
    for (let i = 0; i < n; i++) {
      const e = order[i];
      entries.source[i] = source[e];
      entries.target[i] = target[e];
      entries.assetOf[i] = assetOf[e];
      entries.transfers[i] = this.transfers[e];
      entries.amount.push(this.amount[e]);
    }
    return withWeights({
      chains: nodeOrder.map((i) => this.chains[i]),
      addresses: nodeOrder.map((i) => this.addresses[i]),
      count: n,
      pairs: 0,
      weight: new Float64Array(n),
      assets: assetOrder.map((i) => this.assets[i]),
      ...entries,
    });
  }
}

const codeUnitOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** `order` stably sorted by `key[order[i]]` (keys in 0..range-1). */
function countingSortBy(order: Int32Array, key: Int32Array, range: number): Int32Array {
  const start = new Int32Array(range + 1);
  for (let i = 0; i < order.length; i++) start[key[order[i]] + 1]++;
  for (let k = 0; k < range; k++) start[k + 1] += start[k];
  const out = new Int32Array(order.length);
  for (let i = 0; i < order.length; i++) out[start[key[order[i]]]++] = order[i];
  return out;
}

/** Fills `weight` and `pairs` of entries grouped by pair (see the header). */
function withWeights(edges: FlowEdges): FlowEdges {
  const { count: n, assetOf, amount, source, target, weight } = edges;
  const totals = new Array<bigint>(edges.assets.length).fill(0n);
  for (let e = 0; e < n; e++) totals[assetOf[e]] += amount[e];
  // In floating point where the amounts are exact as doubles (the BigInt division otherwise).
  const totalNumber = totals.map((t) => (t <= MAX_EXACT ? Number(t) : 0));
  for (let e = 0; e < n; e++) {
    const a = assetOf[e];
    weight[e] = totalNumber[a] > 0 ? (Number(amount[e]) / totalNumber[a]) * 1e6 : Number((amount[e] * SCALE) / totals[a]) / 1e9;
  }
  let pairs = 0;
  for (let e = 0; e < n; ) {
    let end = e + 1;
    let w = weight[e];
    while (end < n && source[end] === source[e] && target[end] === target[e]) w += weight[end++];
    if (!(w > 0)) weight[e] = 1e-6;
    pairs++;
    e = end;
  }
  return { ...edges, pairs };
}
