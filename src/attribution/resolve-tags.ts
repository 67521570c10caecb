// Tag resolution for tracing (TRACING.md, "Tags through clusters"). Without `inheritTags` only tags
// given directly count: tags carrying `inferredFrom` (written by clustering) are ignored. With it, an
// address also takes the tags of the members of its cluster (each marked `inferredFrom`: heuristic
// `cluster`, the links of the address as evidence, `via` the member) and its inferred tags (deposit
// addresses). Where one tag must decide (stop, label) the highest confidence wins (`bestTag`).
// Known false positives: a wrong cluster link (e.g. an undetected CoinJoin) spreads a label too far.

import { bestTag, type Tag } from '../model/tag.js';
import type { GraphStore } from '../ports.js';

export interface TagResolverOptions {
  inheritTags: boolean;
  /** Entries kept in the per-address cache (default 100,000). */
  cacheSize?: number;
}

export interface TagResolver {
  /** All tags that count for the address under the options, direct ones first as the store orders them. */
  tagsOf(chain: string, address: string): Promise<Tag[]>;
  /** The winning tag (highest confidence, then direct over inferred), if any. */
  bestOf(chain: string, address: string): Promise<Tag | undefined>;
}

const MAX_EVIDENCE = 20;

/** Creates a caching tag resolver over `store`. */
export function createTagResolver(store: GraphStore, options: TagResolverOptions): TagResolver {
  const limit = options.cacheSize ?? 100_000;
  const cache = new Map<string, Promise<Tag[]>>();
  const clusterTags = new Map<string, Promise<Tag[]>>();

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

  const resolve = async (chain: string, address: string): Promise<Tag[]> => {
    const own = await store.tagsOf(chain, address);
    if (!options.inheritTags) return own.filter((t) => !t.inferredFrom);
    const cluster = await store.clusterOf(chain, address);
    if (!cluster || cluster.members.length <= 1) return own;
    const links = await store.linksOf(chain, address);
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
    const key = `${chain}\u0000${address}`;
    let hit = cache.get(key);
    if (!hit) {
      if (cache.size >= limit) cache.clear();
      hit = resolve(chain, address);
      cache.set(key, hit);
    }
    return hit;
  };

  return {
    tagsOf,
    bestOf: async (chain, address) => bestTag(await tagsOf(chain, address)),
  };
}
