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

/** Collects nodes and flow entries; entries of one (source, target) pair must be added one after another. */
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

  /** The entries with their weights. */
  finish(): FlowEdges {
    const n = this.count;
    const totals = new Array<bigint>(this.assets.length).fill(0n);
    for (let e = 0; e < n; e++) totals[this.assetOf[e]] += this.amount[e];
    const weight = new Float64Array(n);
    // In floating point where the amounts are exact as doubles (the BigInt division otherwise).
    const totalNumber = totals.map((t) => (t <= MAX_EXACT ? Number(t) : 0));
    for (let e = 0; e < n; e++) {
      const a = this.assetOf[e];
      weight[e] = totalNumber[a] > 0 ? (Number(this.amount[e]) / totalNumber[a]) * 1e6 : Number((this.amount[e] * SCALE) / totals[a]) / 1e9;
    }
    let pairs = 0;
    for (let e = 0; e < n; ) {
      let end = e + 1;
      let w = weight[e];
      while (end < n && this.source[end] === this.source[e] && this.target[end] === this.target[e]) w += weight[end++];
      if (!(w > 0)) weight[e] = 1e-6;
      pairs++;
      e = end;
    }
    return {
      chains: this.chains,
      addresses: this.addresses,
      count: n,
      pairs,
      source: this.source.subarray(0, n),
      target: this.target.subarray(0, n),
      weight,
      assets: this.assets,
      assetOf: this.assetOf.subarray(0, n),
      amount: this.amount,
      transfers: this.transfers.subarray(0, n),
    };
  }
}
