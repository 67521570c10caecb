// Batched reads of the Neo4j store (issue 18): tags, clusters, cluster links and ledgers of many
// addresses in one UNWIND statement each, so the tracer pays one round trip per batch of addresses
// instead of one per address. Each answer is exactly what the per-address method gives (same order,
// same fields), so traces stay byte-identical to the SQLite store's.

import type { Tag } from '../../src/model/tag.js';
import type { AccountTransfer } from '../../src/model/transfer.js';
import type { ClusterLink, ClusterMembership, LedgerQuery } from '../../src/ports.js';
import { compareCodePoints, int, propsToTag, recordToLink, recordToTransfer, sortLinks, sortTags, TRANSFER_PROPERTIES } from './records.js';
import type { Runner } from './runner.js';
import { inVisibleClustering, tagMap, tagVisible, visible, WITH_VIS } from './visibility.js';

/** Addresses per statement: large enough to save round trips, small enough for one page of parameters. */
const CHUNK = 2_000;

async function chunked(addresses: readonly string[], read: (part: string[]) => Promise<void>): Promise<void> {
  const unique = [...new Set(addresses)];
  for (let i = 0; i < unique.length; i += CHUNK) await read(unique.slice(i, i + CHUNK));
}

export async function readTagsOfMany(runner: Runner, chain: string, addresses: readonly string[]): Promise<Map<string, Tag[]>> {
  const out = new Map<string, Tag[]>();
  for (const a of addresses) out.set(a, []);
  await chunked(addresses, async (part) => {
    const recs = await runner.rows(
      'reading tags',
      `${WITH_VIS} UNWIND $addresses AS address
       MATCH (:Address {ns: $ns, chain: $chain, address: address})-[:TAGGED]->(g) WHERE ${tagVisible('g')} RETURN address, ${tagMap('g')} AS g`,
      { chain, addresses: part },
    );
    for (const r of recs) out.get(r.get('address') as string)?.push(propsToTag(r.get('g')));
  });
  for (const [a, tags] of out) out.set(a, sortTags(tags));
  return out;
}

export async function readClustersOfMany(runner: Runner, chain: string, addresses: readonly string[]): Promise<Map<string, ClusterMembership>> {
  const out = new Map<string, ClusterMembership>();
  await chunked(addresses, async (part) => {
    const recs = await runner.rows(
      'reading clusters',
      `${WITH_VIS} UNWIND $addresses AS address
       MATCH (:Address {ns: $ns, chain: $chain, address: address})-[r:IN_CLUSTER]->(c:Cluster) WHERE ${inVisibleClustering('r')}
       WITH c, cvis, collect(address) AS asked
       MATCH (c)<-[k:IN_CLUSTER]-(m) WHERE ${inVisibleClustering('k')}
       RETURN c.id AS id, asked, collect(m.address) AS members`,
      { chain, addresses: part },
    );
    for (const r of recs) {
      const members = (r.get('members') as string[]).sort(compareCodePoints);
      for (const a of r.get('asked') as string[]) out.set(a, { clusterId: r.get('id') as string, members: [...members] });
    }
  });
  return out;
}

export async function readLinksOfMany(runner: Runner, chain: string, addresses: readonly string[]): Promise<Map<string, ClusterLink[]>> {
  const found = new Map<string, (ClusterLink & { seq: number })[]>();
  for (const a of addresses) found.set(a, []);
  await chunked(addresses, async (part) => {
    const recs = await runner.rows(
      'reading cluster links',
      `${WITH_VIS} UNWIND $addresses AS address
       MATCH (x:Address {ns: $ns, chain: $chain, address: address})
       CALL (x, cvis) {
         MATCH (x)-[l:CLUSTER_LINK]->(b) WHERE ${inVisibleClustering('l')} RETURN l, x AS a, b
         UNION
         MATCH (a)-[l:CLUSTER_LINK]->(x) WHERE ${inVisibleClustering('l')} RETURN l, a, x AS b
       }
       RETURN address, l {.*} AS l, a.address AS a, b.address AS b`,
      { chain, addresses: part },
    );
    for (const r of recs) found.get(r.get('address') as string)?.push(recordToLink(r));
  });
  return new Map([...found].map(([a, links]) => [a, sortLinks(links)]));
}

/** Chain order as the store streams it: (block, txIndex, index), then id by code point. */
function compareStored(a: AccountTransfer, b: AccountTransfer): number {
  return a.block - b.block || a.txIndex - b.txIndex || a.index - b.index || compareCodePoints(a.id, b.id);
}

export async function readLedgersOf(
  runner: Runner,
  chain: string,
  addresses: readonly string[],
  query: LedgerQuery & { limit: number },
): Promise<Map<string, AccountTransfer[]>> {
  const out = new Map<string, AccountTransfer[]>();
  await chunked(addresses, async (part) => {
    // An address over the limit (its relationship degree, read from the node without touching the
    // transfers) comes back as `small: false` with no transfers and is left out of the answer.
    const recs = await runner.rows(
      'reading ledgers',
      `${WITH_VIS} UNWIND $addresses AS address
       OPTIONAL MATCH (a:Address {ns: $ns, chain: $chain, address: address})
       WITH address, a, vis, (a IS NULL OR COUNT { (a)-[:TRANSFER]-() } <= $limit) AS small
       CALL (a, small, vis) {
         CALL (a, small, vis) {
           WITH a, small, vis WHERE small
           MATCH (a)-[t:TRANSFER]->(x) WHERE ($asset IS NULL OR t.asset = $asset) AND ${visible('t')} RETURN t, a AS f, x
           UNION ALL
           WITH a, small, vis WHERE small
           MATCH (a)<-[t:TRANSFER]-(f) WHERE f <> a AND ($asset IS NULL OR t.asset = $asset) AND ${visible('t')} RETURN t, f, a AS x
         }
         RETURN collect({t: ${TRANSFER_PROPERTIES}, from: f.address, to: x.address}) AS rows
       }
       RETURN address, small, rows`,
      { chain, addresses: part, limit: int(query.limit), asset: query.asset ?? null },
    );
    for (const r of recs) {
      if (!r.get('small')) continue;
      const rows = r.get('rows') as Record<string, unknown>[];
      out.set(r.get('address') as string, rows.map((row) => recordToTransfer({ get: (k: string) => row[k] })));
    }
  });
  for (const list of out.values()) list.sort(compareStored);
  return out;
}
