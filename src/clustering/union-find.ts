// Union-find (disjoint sets) over string keys, with union by size and path halving (Tarjan 1975).
// Keys are interned to dense integer ids so that 10^6-address clusterings stay in typed arrays.

/** Disjoint sets of string keys; `union` reports the sizes of the two sets it joined. */
export class UnionFind {
  private readonly ids = new Map<string, number>();
  private readonly keys: string[] = [];
  private parent = new Int32Array(1024);
  private size = new Int32Array(1024);

  /** Number of keys seen. */
  get count(): number {
    return this.keys.length;
  }

  /** The dense id of `key`, adding it as a singleton set when new. */
  add(key: string): number {
    let id = this.ids.get(key);
    if (id !== undefined) return id;
    id = this.keys.length;
    if (id >= this.parent.length) this.grow();
    this.ids.set(key, id);
    this.keys.push(key);
    this.parent[id] = id;
    this.size[id] = 1;
    return id;
  }

  /** The key of dense id `id`. */
  key(id: number): string {
    return this.keys[id];
  }

  has(key: string): boolean {
    return this.ids.has(key);
  }

  /** The representative id of the set holding `key` (adds the key when new). */
  find(key: string): number {
    return this.root(this.add(key));
  }

  /** Size of the set holding `key`. */
  sizeOf(key: string): number {
    return this.size[this.find(key)];
  }

  /** Representative id of dense id `id`. */
  root(id: number): number {
    const p = this.parent;
    while (p[id] !== id) {
      p[id] = p[p[id]];
      id = p[id];
    }
    return id;
  }

  /** Joins the sets of `a` and `b`; returns the root of the result. */
  union(a: string, b: string): number {
    const ra = this.find(a);
    const rb = this.find(b);
    return this.unionRoots(ra, rb);
  }

  /** Joins two sets given their roots. */
  unionRoots(ra: number, rb: number): number {
    if (ra === rb) return ra;
    const [big, small] = this.size[ra] >= this.size[rb] ? [ra, rb] : [rb, ra];
    this.parent[small] = big;
    this.size[big] += this.size[small];
    return big;
  }

  /** Size of the set whose root is `root`. */
  rootSize(root: number): number {
    return this.size[root];
  }

  /** Every set with more than `minSize - 1` members, members in insertion order. */
  sets(minSize = 1): string[][] {
    const groups = new Map<number, string[]>();
    for (let id = 0; id < this.keys.length; id++) {
      const r = this.root(id);
      if (this.size[r] < minSize) continue;
      let g = groups.get(r);
      if (!g) {
        g = [];
        groups.set(r, g);
      }
      g.push(this.keys[id]);
    }
    return [...groups.values()];
  }

  private grow(): void {
    const parent = new Int32Array(this.parent.length * 2);
    parent.set(this.parent);
    const size = new Int32Array(this.size.length * 2);
    size.set(this.size);
    this.parent = parent;
    this.size = size;
  }
}
