// Incremental clustering: links are fed one at a time (as the heuristics find them, in chain order) into
// a union-find per chain over interned address ids (union-find.ts), with the cluster-collapse guard of
// build-clusters.ts. Kept links are not held as objects: each is a row of typed arrays (chain, address
// ids, heuristic, confidence) plus its evidence string (shared by the links of one transaction) and a
// rare note, so 10^6 links cost ~30 bytes each. Links and assignments are produced on demand, one
// object at a time, and streamed to the store (`storedClustering`), never held as arrays.

import type { Tag } from '../model/tag.js';
import type { ClusterAssignment, ClusterLink, Clustering } from '../ports.js';
import { UnionFind } from './union-find.js';

export interface ClusterBuilderOptions {
  /** Refuse a merge when both clusters already have at least this many members. Default: never refuse. */
  maxMerge?: number;
  /** Report a merge when both clusters already have at least this many members. Default 100. */
  reportMerge?: number;
  /** Ignore links below this confidence (0-100). Default 0. */
  minConfidence?: number;
}

/** A merge of two large clusters, applied or refused. */
export interface CollapseReport {
  link: ClusterLink;
  /** Members of the cluster on `link.a`'s side and on `link.b`'s side before the merge. */
  sizeA: number;
  sizeB: number;
  refused: boolean;
}

/** The clustering once every link is in; links and assignments are produced on demand. */
export interface BuiltClustering {
  /** Links kept (joined or confirmed clusters), per heuristic. */
  linksByHeuristic: Record<string, number>;
  linkCount: number;
  collapses: CollapseReport[];
  /** Links ignored for `minConfidence`. */
  ignored: number;
  clusters: number;
  largest: number;
  /** Addresses in a cluster of 2+. */
  clusteredAddresses: number;
  /** The kept links, in the order given. */
  links(): IterableIterator<ClusterLink>;
  /**
   * Every clustered address (in a cluster of 2+), with its cluster id: the cluster's smallest address.
   * By chain, then cluster (in order of first appearance), then order of first appearance.
   */
  assignments(): IterableIterator<ClusterAssignment>;
}

/** Clustered addresses of one chain, grouped: `members[start[g]..start[g+1])` are the ids of cluster g. */
interface ChainGroups {
  chain: string;
  uf: UnionFind;
  members: Int32Array;
  start: Int32Array;
}

function grown<T extends Int32Array | Float64Array | Uint16Array>(a: T, make: (n: number) => T): T {
  const b = make(a.length * 2);
  b.set(a);
  return b;
}

/** Feeds links one by one; `finish` groups the clusters. */
export class ClusterBuilder {
  private readonly maxMerge: number;
  private readonly reportMerge: number;
  private readonly minConfidence: number;
  private readonly chains: string[] = [];
  private readonly chainIndex = new Map<string, number>();
  private readonly finds: UnionFind[] = [];
  private readonly heuristics: string[] = [];
  private readonly heuristicIndex = new Map<string, number>();
  private linkChain = new Uint16Array(1024);
  private linkA = new Int32Array(1024);
  private linkB = new Int32Array(1024);
  private linkHeuristic = new Uint16Array(1024);
  private linkConfidence = new Float64Array(1024);
  private readonly linkEvidence: string[] = [];
  private readonly notes = new Map<number, string>();
  private count = 0;
  private ignored = 0;
  private readonly collapses: CollapseReport[] = [];

  constructor(options: ClusterBuilderOptions = {}) {
    this.maxMerge = options.maxMerge ?? Number.POSITIVE_INFINITY;
    this.reportMerge = options.reportMerge ?? 100;
    this.minConfidence = options.minConfidence ?? 0;
  }

  /** Applies one link (in the order given, so the result is deterministic); true when it is kept. */
  add(link: ClusterLink): boolean {
    if (link.confidence < this.minConfidence) {
      this.ignored++;
      return false;
    }
    let c = this.chainIndex.get(link.chain);
    if (c === undefined) {
      c = this.chains.length;
      this.chains.push(link.chain);
      this.chainIndex.set(link.chain, c);
      this.finds.push(new UnionFind());
    }
    const uf = this.finds[c];
    const a = uf.add(link.a);
    const b = uf.add(link.b);
    const ra = uf.root(a);
    const rb = uf.root(b);
    if (ra !== rb) {
      const sizeA = uf.rootSize(ra);
      const sizeB = uf.rootSize(rb);
      const small = Math.min(sizeA, sizeB);
      const refused = small >= this.maxMerge;
      if (refused || small >= this.reportMerge) this.collapses.push({ link, sizeA, sizeB, refused });
      if (refused) return false;
      uf.unionRoots(ra, rb);
    }
    this.keep(c, a, b, link);
    return true;
  }

  private keep(chain: number, a: number, b: number, link: ClusterLink): void {
    let h = this.heuristicIndex.get(link.heuristic);
    if (h === undefined) {
      h = this.heuristics.length;
      this.heuristics.push(link.heuristic);
      this.heuristicIndex.set(link.heuristic, h);
    }
    const i = this.count++;
    if (i >= this.linkA.length) {
      this.linkChain = grown(this.linkChain, (n) => new Uint16Array(n));
      this.linkA = grown(this.linkA, (n) => new Int32Array(n));
      this.linkB = grown(this.linkB, (n) => new Int32Array(n));
      this.linkHeuristic = grown(this.linkHeuristic, (n) => new Uint16Array(n));
      this.linkConfidence = grown(this.linkConfidence, (n) => new Float64Array(n));
    }
    this.linkChain[i] = chain;
    this.linkA[i] = a;
    this.linkB[i] = b;
    this.linkHeuristic[i] = h;
    this.linkConfidence[i] = link.confidence;
    // Consecutive links of one transaction share one evidence string (the same txid).
    const prev = i > 0 ? this.linkEvidence[i - 1] : undefined;
    this.linkEvidence.push(prev === link.evidence ? prev : link.evidence);
    if (link.note !== undefined) this.notes.set(i, link.note);
  }

  /** Groups the clusters of every chain (chains sorted by name). */
  finish(): BuiltClustering {
    const groups: ChainGroups[] = [];
    let clusters = 0;
    let largest = 0;
    let clustered = 0;
    const order = this.chains.map((chain, i) => ({ chain, uf: this.finds[i] })).sort((x, y) => (x.chain < y.chain ? -1 : x.chain > y.chain ? 1 : 0));
    for (const { chain, uf } of order) {
      const n = uf.count;
      // Cluster number per root, in order of first appearance; then members by counting sort.
      const groupOf = new Int32Array(n).fill(-1);
      const roots = new Int32Array(n);
      const sizes: number[] = [];
      for (let id = 0; id < n; id++) {
        const r = uf.root(id);
        roots[id] = r;
        const s = uf.rootSize(r);
        if (s < 2) continue;
        if (groupOf[r] === -1) {
          groupOf[r] = sizes.length;
          sizes.push(s);
          if (s > largest) largest = s;
        }
      }
      const start = new Int32Array(sizes.length + 1);
      for (let g = 0; g < sizes.length; g++) start[g + 1] = start[g] + sizes[g];
      const fill = start.slice(0, sizes.length);
      const members = new Int32Array(start[sizes.length]);
      for (let id = 0; id < n; id++) {
        const g = groupOf[roots[id]];
        if (g !== -1) members[fill[g]++] = id;
      }
      clusters += sizes.length;
      clustered += members.length;
      groups.push({ chain, uf, members, start });
    }
    const linksByHeuristic: Record<string, number> = {};
    for (let i = 0; i < this.count; i++) {
      const h = this.heuristics[this.linkHeuristic[i]];
      linksByHeuristic[h] = (linksByHeuristic[h] ?? 0) + 1;
    }
    const self = this;
    return {
      linksByHeuristic,
      linkCount: this.count,
      collapses: this.collapses,
      ignored: this.ignored,
      clusters,
      largest,
      clusteredAddresses: clustered,
      *links() {
        for (let i = 0; i < self.count; i++) {
          const uf = self.finds[self.linkChain[i]];
          const link: ClusterLink = {
            chain: self.chains[self.linkChain[i]],
            a: uf.key(self.linkA[i]),
            b: uf.key(self.linkB[i]),
            heuristic: self.heuristics[self.linkHeuristic[i]],
            confidence: self.linkConfidence[i],
            evidence: self.linkEvidence[i],
          };
          const note = self.notes.get(i);
          if (note !== undefined) link.note = note;
          yield link;
        }
      },
      *assignments() {
        for (const { chain, uf, members, start } of groups) {
          for (let g = 0; g + 1 < start.length; g++) {
            let id = uf.key(members[start[g]]);
            for (let k = start[g] + 1; k < start[g + 1]; k++) {
              const m = uf.key(members[k]);
              if (m < id) id = m;
            }
            for (let k = start[g]; k < start[g + 1]; k++) yield { chain, address: uf.key(members[k]), clusterId: id };
          }
        }
      },
    };
  }
}

/**
 * The clustering to hand to `GraphStore.replaceClustering`: links and assignments as iterables that
 * produce their rows from the builder's typed arrays afresh on each iteration (a store may read them
 * twice), so the store write holds one row at a time, not 10^6 objects.
 */
export function storedClustering(built: BuiltClustering, inferredTags: Tag[]): Clustering {
  return { links: { [Symbol.iterator]: () => built.links() }, assignments: { [Symbol.iterator]: () => built.assignments() }, inferredTags };
}
