// Replaces a namespace's clustering (cluster links, cluster membership, inferred tags) or community
// assignment inside one Neo4j transaction, as the SQLite store does: everything of the previous one is
// removed and the new one written, or nothing changes. Same semantics for duplicates: a later assignment
// of the same address wins; an inferred tag whose key is already stored (as a direct tag) is ignored.

import type { Clustering, CommunityAssignment } from '../../src/ports.js';
import { int } from './records.js';
import { chunks, lockNamespace, mergeAddresses, type Tx, writeTags } from './write-batch.js';

/** The whole of `replaceClustering`, inside one transaction. */
export async function writeClustering(tx: Tx, ns: string, clustering: Clustering): Promise<void> {
  await lockNamespace(tx, ns);
  await tx.run('MATCH ()-[l:CLUSTER_LINK {ns: $ns}]->() DELETE l', { ns });
  await tx.run('MATCH (c:Cluster {ns: $ns}) DETACH DELETE c', { ns });
  await tx.run('MATCH (g:Tag {ns: $ns}) WHERE g.inferredFrom IS NOT NULL DETACH DELETE g', { ns });
  const last = new Map<string, { chain: string; address: string; clusterId: string }>();
  for (const m of clustering.assignments) last.set(`${m.chain}\u0000${m.address}`, m);
  await mergeAddresses(tx, ns, [
    ...clustering.links.flatMap((l): [string, string][] => [
      [l.chain, l.a],
      [l.chain, l.b],
    ]),
    ...[...last.values()].map((m): [string, string] => [m.chain, m.address]),
  ]);
  const links = clustering.links.map((l, seq) => ({
    a: l.a,
    b: l.b,
    props: { ns, chain: l.chain, heuristic: l.heuristic, confidence: int(l.confidence), evidence: l.evidence, note: l.note ?? null, seq: int(seq) },
  }));
  for (const part of chunks(links)) {
    await tx.run(
      `UNWIND $rows AS r
       MATCH (a:Address {ns: $ns, chain: r.props.chain, address: r.a})
       MATCH (b:Address {ns: $ns, chain: r.props.chain, address: r.b})
       CREATE (a)-[l:CLUSTER_LINK {ns: r.props.ns, chain: r.props.chain, heuristic: r.props.heuristic, confidence: r.props.confidence,
                                   evidence: r.props.evidence, note: r.props.note, seq: r.props.seq}]->(b)`,
      { ns, rows: part },
    );
  }
  for (const part of chunks([...last.values()])) {
    await tx.run(
      `UNWIND $rows AS r
       MERGE (c:Cluster {ns: $ns, chain: r.chain, id: r.clusterId})
       WITH c, r MATCH (a:Address {ns: $ns, chain: r.chain, address: r.address})
       CREATE (a)-[:IN_CLUSTER]->(c)`,
      { ns, rows: part },
    );
  }
  await writeTags(tx, ns, clustering.inferredTags, { inferred: true });
}

/** The whole of `replaceCommunities`, inside one transaction (a later row for an address wins). */
export async function writeCommunities(tx: Tx, ns: string, rows: CommunityAssignment[]): Promise<void> {
  await lockNamespace(tx, ns);
  await tx.run('MATCH (a:Address {ns: $ns}) WHERE a.community IS NOT NULL REMOVE a.community', { ns });
  const data = rows.map((r) => ({ chain: r.chain, address: r.address, community: int(r.community) }));
  for (const part of chunks(data)) {
    await tx.run('UNWIND $rows AS r MERGE (a:Address {ns: $ns, chain: r.chain, address: r.address}) SET a.community = r.community', { ns, rows: part });
  }
}
