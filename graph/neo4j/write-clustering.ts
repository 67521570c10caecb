// Writes one generation of a namespace's clustering (cluster links, cluster membership, inferred tags)
// or community assignment, in bounded transactions (clustering-staging.ts makes it visible at once).
// Semantics as the SQLite store's replacement: a later assignment of the same address wins; an inferred
// tag whose key is stored as a direct tag is ignored, and the first of repeated inferred keys wins.
// Records of a generation: CLUSTER_LINK and IN_CLUSTER relationships carry `gen`; :Cluster nodes are
// shared by the generations (same id); an inferred :Tag is shared by the generations that inferred it
// (`gens`, with the `inferredFrom` of each in `inferredFroms`); a community lives in one of two slots of
// the :Address (`community<slot>`, `communityGen<slot>`), the one the visible generation does not use.

import type { ClusterAssignment, Clustering, CommunityAssignment } from '../../src/ports.js';
import { int, tagKey, tagProps } from './records.js';
import { chunks, mergeAddresses, type Tx } from './write-batch.js';

/** Records per bounded transaction. */
export const CLUSTERING_PART_ROWS = 10_000;

/** Runs one bounded transaction (the staging protocol checks its lock is still held first). */
export type WritePart = (work: (tx: Tx) => Promise<void>) => Promise<void>;

/** Consecutive parts of `items` of `size` rows each (the last one shorter), read as they are needed. */
function* parts<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let part: T[] = [];
  for (const x of items) {
    part.push(x);
    if (part.length === size) {
      yield part;
      part = [];
    }
  }
  if (part.length > 0) yield part;
}

/**
 * Writes `clustering` as generation `gen` of `ns`, one bounded transaction per part. Links and
 * assignments are read part by part as they are written (never held whole); each part first merges the
 * addresses it names.
 */
export async function writeClusteringGeneration(ns: string, clustering: Clustering, gen: number, part: WritePart): Promise<void> {
  const g = int(gen);
  const seenTags = new Set<string>();
  const tags = clustering.inferredTags.filter((t) => {
    const key = JSON.stringify(tagKey(t));
    if (seenTags.has(key)) return false;
    seenTags.add(key);
    return true;
  });
  let seq = 0;
  for (const chunk of parts(clustering.links, CLUSTERING_PART_ROWS)) {
    const rows = chunk.map((l) => ({
      a: l.a,
      b: l.b,
      props: { ns, chain: l.chain, heuristic: l.heuristic, confidence: int(l.confidence), evidence: l.evidence, note: l.note ?? null, seq: int(seq++), gen: g },
    }));
    await part(async (tx) => {
      await mergeAddresses(tx, ns, chunk.flatMap((l): [string, string][] => [[l.chain, l.a], [l.chain, l.b]]));
      await tx.run(
        `UNWIND $rows AS r
         MATCH (a:Address {ns: $ns, chain: r.props.chain, address: r.a})
         MATCH (b:Address {ns: $ns, chain: r.props.chain, address: r.b})
         CREATE (a)-[l:CLUSTER_LINK]->(b) SET l = r.props`,
        { ns, rows },
      );
    });
  }
  for (const chunk of parts(clustering.assignments, CLUSTERING_PART_ROWS)) {
    // A later assignment of the same address wins: within the part by this map, across parts by
    // deleting the address's membership in this generation written by an earlier part.
    const last = new Map<string, ClusterAssignment>();
    for (const m of chunk) last.set(`${m.chain}\u0000${m.address}`, m);
    const rows = [...last.values()];
    await part(async (tx) => {
      await mergeAddresses(tx, ns, rows.map((m): [string, string] => [m.chain, m.address]));
      await tx.run(
        `UNWIND $rows AS r
         MERGE (c:Cluster {ns: $ns, chain: r.chain, id: r.clusterId})
         WITH c, r MATCH (a:Address {ns: $ns, chain: r.chain, address: r.address})
         CALL (a) { MATCH (a)-[old:IN_CLUSTER {gen: $gen}]->() DELETE old }
         CREATE (a)-[:IN_CLUSTER {gen: $gen}]->(c)`,
        { ns, rows, gen: g },
      );
    });
  }
  const tagRows = tags.map((t) => tagProps(ns, t, true));
  for (const rows of chunks(tagRows, CLUSTERING_PART_ROWS)) {
    await part(async (tx) => {
      await mergeAddresses(tx, ns, rows.map((t): [string, string] => [t.chain as string, t.address as string]));
      // An inferred tag already stored (by an earlier generation) joins this one; a direct tag with the
      // same key wins over the inferred one, as in the SQLite store.
      await tx.run(
        `UNWIND $rows AS r
         MATCH (g:Tag {ns: $ns, chain: r.chain, address: r.address, source: r.source, label: r.label, category: r.category, confidence: r.confidence, note: r.note})
         WHERE g.inferredFrom IS NOT NULL AND NOT $gen IN coalesce(g.gens, [])
         SET g.inferredFroms = coalesce(g.inferredFroms, [g.inferredFrom]) + r.inferredFrom, g.gens = coalesce(g.gens, [0]) + $gen`,
        { ns, rows, gen: g },
      );
      await tx.run(
        `UNWIND $rows AS r
         MATCH (a:Address {ns: $ns, chain: r.chain, address: r.address})
         WHERE NOT EXISTS { MATCH (g:Tag {ns: $ns, chain: r.chain, address: r.address, source: r.source, label: r.label, category: r.category, confidence: r.confidence, note: r.note}) }
         CREATE (a)-[:TAGGED]->(:Tag {ns: $ns, chain: r.chain, address: r.address, label: r.label, category: r.category, source: r.source, confidence: r.confidence, note: r.note,
                                     inferredFrom: r.inferredFrom, extra: r.extra, tlp: r.tlp, gens: [$gen], inferredFroms: [r.inferredFrom]})`,
        { ns, rows, gen: g },
      );
    });
  }
}

/** Writes `rows` as generation `gen` of the communities of `ns` into address slot `slot` (0 or 1). */
export async function writeCommunitiesGeneration(ns: string, rows: CommunityAssignment[], gen: number, slot: 0 | 1, part: WritePart): Promise<void> {
  const last = new Map<string, { chain: string; address: string; community: ReturnType<typeof int> }>();
  for (const r of rows) last.set(`${r.chain}\u0000${r.address}`, { chain: r.chain, address: r.address, community: int(r.community) });
  for (const list of chunks([...last.values()], CLUSTERING_PART_ROWS)) {
    await part(async (tx) => {
      await tx.run(
        `UNWIND $rows AS r MERGE (a:Address {ns: $ns, chain: r.chain, address: r.address})
         SET a.community${slot} = r.community, a.communityGen${slot} = $gen`,
        { ns, rows: list, gen: int(gen) },
      );
    });
  }
}
