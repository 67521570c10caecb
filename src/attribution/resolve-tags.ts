// Tag resolution for tracing (TRACING.md, "Tags through clusters"). Without `inheritTags` only tags
// given directly count: tags carrying `inferredFrom` (written by clustering) are ignored. With it, an
// address also takes the tags of the members of its cluster (each marked `inferredFrom`: heuristic
// `cluster`, the links of the address as evidence, `via` the member) and its inferred tags (deposit
// addresses). Where one tag must decide (stop, label) a tag given directly wins over any inherited or
// inferred one (TRACING.md v2: an exchange's deposit address stays that exchange's even if its cluster
// carries a scam tag); among tags of the same kind the highest confidence wins (`bestTag`). Where a
// direct tag and an inherited one disagree on the category, `conflictOf` names both with the evidence.
// Known false positives: a wrong cluster link (e.g. an undetected CoinJoin) spreads a label too far.

import { bestTag, type Tag } from '../model/tag.js';
import type { ClusterLink, ClusterMembership, GraphStore } from '../ports.js';

export interface TagResolverOptions {
  inheritTags: boolean;
  /** Entries kept in the per-address cache (default 100,000). */
  cacheSize?: number;
}

export interface TagResolver {
  /** All tags that count for the address under the options, direct ones first as the store orders them. */
  tagsOf(chain: string, address: string): Promise<Tag[]>;
  /** The deciding tag: the best tag given directly, else the best inherited or inferred one, if any. */
  bestOf(chain: string, address: string): Promise<Tag | undefined>;
  /** Where the deciding direct tag and inherited or inferred tags of another category disagree: both. */
  conflictOf(chain: string, address: string): Promise<TagConflict | undefined>;
  /**
   * Reads the tags of many addresses at once (store.tagsOfMany, and clusters, links and members' tags
   * when inheriting) into the cache: later calls for them make no round trip. Same answers as without.
   */
  prefetch(chain: string, addresses: Iterable<string>): Promise<void>;
}

/** A direct tag and the inherited or inferred tags (each with `inferredFrom`) whose category differs. */
export interface TagConflict {
  direct: Tag;
  inherited: Tag[];
}

const MAX_EVIDENCE = 20;
/** A chain with at most this many tags has them all read at once on a server store (store.tagsOfChain). */
export const CHAIN_TAGS_LIMIT = 100_000;
/**
 * An embedded store (SQLite) reads a chain's tags at once (store.tagsOfChain) only after this many
 * addresses of it were read one by one: a statement costs ~10 us, so a trace reaching 10^5 addresses
 * paid a second in them, while a small trace should not read a large label list whole (issue 19).
 */
export const CHAIN_TAGS_AFTER = 4_096;
/** The answer for every address without tags: one shared (frozen) empty list instead of one per address. */
const NO_TAGS: Promise<Tag[]> = Promise.resolve(Object.freeze([]) as unknown as Tag[]);

/** Creates a caching tag resolver over `store`. */
export function createTagResolver(store: GraphStore, options: TagResolverOptions): TagResolver {
  const limit = options.cacheSize ?? 100_000;
  /**
   * chain -> address -> its tags. Keyed by the address string the caller holds anyway (no key string per
   * entry); an address found without tags points at NO_TAGS (a trace meets mostly untagged addresses).
   */
  const cache = new Map<string, Map<string, Promise<Tag[]>>>();
  let cached = 0;
  const cachedOf = (chain: string, address: string) => cache.get(chain)?.get(address);
  const remember = (chain: string, address: string, value: Promise<Tag[]>) => {
    if (cached >= limit) {
      cache.clear();
      cached = 0;
    }
    let byAddress = cache.get(chain);
    if (!byAddress) {
      byAddress = new Map();
      cache.set(chain, byAddress);
    }
    byAddress.set(address, value);
    cached++;
    if (value === NO_TAGS) return;
    value.then(
      (tags) => {
        if (tags.length === 0 && byAddress.get(address) === value) byAddress.set(address, NO_TAGS);
      },
      () => undefined, // the caller awaiting `value` gets the error
    );
  };
  const clusterTags = new Map<string, Promise<Tag[]>>();
  // Server stores (issue 18): a chain's tags read once (address -> own tags; undefined: too many), and with
  // inheritTags the clusters of its tagged addresses, by member. An address outside those clusters inherits
  // nothing, so its tags are its own and no cluster read is needed for it.
  const chainTags = new Map<string, Promise<Map<string, Tag[]> | undefined>>();
  /** Embedded store: addresses of each chain whose tags were read one by one. */
  const readOneByOne = new Map<string, number>();
  const taggedClusters = new Map<string, Promise<Map<string, ClusterMembership>>>();
  const allTagsOf = (chain: string): Promise<Map<string, Tag[]> | undefined> => {
    if (!store.batchReads || !store.tagsOfChain) return Promise.resolve(undefined);
    let hit = chainTags.get(chain);
    if (!hit) {
      hit = store.tagsOfChain(chain, CHAIN_TAGS_LIMIT);
      chainTags.set(chain, hit);
    }
    return hit;
  };
  const clustersOfTagged = (chain: string, all: Map<string, Tag[]>): Promise<Map<string, ClusterMembership>> => {
    let hit = taggedClusters.get(chain);
    if (!hit) {
      hit = (async () => {
        const byMember = new Map<string, ClusterMembership>();
        for (const c of (await store.clustersOfMany(chain, [...all.keys()])).values()) for (const m of c.members) byMember.set(m, c);
        return byMember;
      })();
      taggedClusters.set(chain, hit);
    }
    return hit;
  };

  const membersTags = (chain: string, clusterId: string, members: string[]): Promise<Tag[]> => {
    const key = `${chain}\u0000${clusterId}`;
    let hit = clusterTags.get(key);
    if (!hit) {
      hit = (async () => {
        const out: Tag[] = [];
        for (const m of members) out.push(...(await store.tagsOf(chain, m)));
        return out;
      })();
      clusterTags.set(key, hit);
    }
    return hit;
  };

  /** An address's own tags: from its chain's tags once an embedded store has read enough one by one. */
  const ownTags = async (chain: string, address: string): Promise<Tag[]> => {
    if (!store.batchReads && store.tagsOfChain) {
      const hit = chainTags.get(chain);
      if (hit) {
        const all = await hit;
        if (all) return all.get(address) ?? [];
      } else {
        const n = (readOneByOne.get(chain) ?? 0) + 1;
        readOneByOne.set(chain, n);
        if (n >= CHAIN_TAGS_AFTER) chainTags.set(chain, store.tagsOfChain(chain, CHAIN_TAGS_LIMIT));
      }
    }
    return store.tagsOf(chain, address);
  };

  const resolve = async (chain: string, address: string): Promise<Tag[]> => {
    const own = await ownTags(chain, address);
    if (!options.inheritTags) return own.filter((t) => !t.inferredFrom);
    const cluster = await store.clusterOf(chain, address);
    if (!cluster || cluster.members.length <= 1) return own;
    return withInherited(chain, address, own, cluster, await store.linksOf(chain, address));
  };

  /** The address's own tags plus those inherited from the other members of its cluster. */
  const withInherited = async (chain: string, address: string, own: Tag[], cluster: ClusterMembership, links: ClusterLink[]): Promise<Tag[]> => {
    const evidence = [...new Set(links.map((l) => l.evidence))].sort().slice(0, MAX_EVIDENCE);
    const heuristics = [...new Set(links.map((l) => l.heuristic))].sort();
    const inherited: Tag[] = [];
    for (const tag of await membersTags(chain, cluster.clusterId, cluster.members)) {
      if (tag.address === address) continue;
      const copy: Tag = { ...tag, address };
      copy.inferredFrom = {
        heuristic: heuristics.length > 0 ? `cluster:${heuristics.join('+')}` : 'cluster',
        evidence: tag.inferredFrom ? [...new Set([...evidence, ...tag.inferredFrom.evidence])] : evidence,
        via: tag.address,
      };
      inherited.push(copy);
    }
    return [...own, ...inherited];
  };

  const tagsOf = (chain: string, address: string): Promise<Tag[]> => {
    let hit = cachedOf(chain, address);
    if (!hit) {
      hit = resolve(chain, address);
      remember(chain, address, hit);
    }
    return hit;
  };

  const prefetch = async (chain: string, addresses: Iterable<string>): Promise<void> => {
    const wanted = [...new Set(addresses)].filter((a) => cachedOf(chain, a) === undefined);
    if (wanted.length === 0) return;
    const all = await allTagsOf(chain);
    const own = all ? new Map(wanted.map((a) => [a, all.get(a) ?? []])) : await store.tagsOfMany(chain, wanted);
    if (!options.inheritTags) {
      for (const a of wanted) {
        const direct = (own.get(a) ?? []).filter((t) => !t.inferredFrom);
        remember(chain, a, direct.length === 0 ? NO_TAGS : Promise.resolve(direct));
      }
      return;
    }
    const clusters = all ? await clustersOfTagged(chain, all) : await store.clustersOfMany(chain, wanted);
    const clustered = wanted.filter((a) => (clusters.get(a)?.members.length ?? 0) > 1);
    const links = clustered.length > 0 ? await store.linksOfMany(chain, clustered) : new Map<string, ClusterLink[]>();
    // Members' tags of clusters not read yet, in one read.
    const fresh = new Map<string, string[]>();
    for (const a of clustered) {
      const c = clusters.get(a)!;
      if (!clusterTags.has(`${chain}\u0000${c.clusterId}`)) fresh.set(c.clusterId, c.members);
    }
    if (fresh.size > 0) {
      const memberTags = all ?? (await store.tagsOfMany(chain, [...fresh.values()].flat()));
      for (const [id, members] of fresh) clusterTags.set(`${chain}\u0000${id}`, Promise.resolve(members.flatMap((m) => memberTags.get(m) ?? [])));
    }
    for (const a of wanted) {
      const c = clusters.get(a);
      const mine = own.get(a) ?? [];
      remember(chain, a, c && c.members.length > 1 ? withInherited(chain, a, mine, c, links.get(a) ?? []) : Promise.resolve(mine));
    }
  };

  return {
    tagsOf,
    prefetch,
    bestOf: async (chain, address) => decidingTag(await tagsOf(chain, address)),
    conflictOf: async (chain, address) => conflictIn(await tagsOf(chain, address)),
  };
}

/** The tag that decides: the best direct tag (no `inferredFrom`), else the best inherited or inferred one. */
export function decidingTag(tags: readonly Tag[]): Tag | undefined {
  return bestTag(tags.filter((t) => !t.inferredFrom)) ?? bestTag(tags);
}

/** The disagreement between the deciding direct tag and inherited or inferred tags of other categories. */
export function conflictIn(tags: readonly Tag[]): TagConflict | undefined {
  const direct = bestTag(tags.filter((t) => !t.inferredFrom));
  if (!direct) return undefined;
  const inherited = tags.filter((t) => t.inferredFrom && t.category !== direct.category);
  return inherited.length > 0 ? { direct, inherited } : undefined;
}
