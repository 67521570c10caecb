// Cross-case lookup on a shared Neo4j server (issue 18, for `hits`): which of a case's addresses the
// other cases (namespaces) on the server have tagged or transacted with, for every namespace at once in
// one Cypher statement (an index seek per namespace and address), instead of opening and querying each
// namespace in turn. A `--against` URL names them with `?namespace=*` (all) or `?namespace=<prefix>*`.

import type { Tag } from '../../src/model/tag.js';
import { propsToTag, sortTags } from './records.js';
import type { Neo4jStore } from './neo4j-store.js';
import { FIRST_IMPORT, tagMap, tagVisible, visible } from './visibility.js';

/** What one namespace holds about one of the addresses asked for. */
export interface NamespaceFinding {
  chain: string;
  address: string;
  /** Its tags there (direct and inferred), in store order. */
  tags: Tag[];
  /** It appears in that namespace's transfers or outputs. */
  seen: boolean;
}

/** The namespace pattern of a Neo4j URL that names many namespaces (`*` or `<prefix>*`), else undefined. */
export function namespacePattern(location: string): string | undefined {
  if (!/^(neo4j|bolt)(\+s|\+ssc)?:\/\//i.test(location)) return undefined;
  try {
    const ns = new URL(location).searchParams.get('namespace');
    return ns?.endsWith('*') ? ns : undefined;
  } catch {
    return undefined;
  }
}

/** The URL of one namespace of a many-namespace URL (for naming the side it gave). */
export function namespaceUrl(location: string, namespace: string): string {
  const url = new URL(location);
  url.searchParams.set('namespace', namespace);
  return url.toString();
}

/**
 * Every namespace on the server whose name starts with `prefix` (other than `exclude`), with what it
 * holds about `addresses`: one statement. Namespaces that hold none of them come back with no findings.
 */
export async function lookupAcrossNamespaces(
  store: Neo4jStore,
  addresses: readonly { chain: string; address: string }[],
  options: { prefix: string; exclude?: string },
): Promise<Map<string, NamespaceFinding[]>> {
  const rows = await store.query(
    `MATCH (m:Store) WHERE m.ns STARTS WITH $prefix AND ($exclude IS NULL OR m.ns <> $exclude)
     CALL (m) {
       WITH m, coalesce(m.visibleBelow, ${FIRST_IMPORT}) AS vis, coalesce(m.clusterGen, 0) AS cvis
       UNWIND $addresses AS q
       MATCH (a:Address {ns: m.ns, chain: q.chain, address: q.address})
       WITH q, [(a)-[:TAGGED]->(g) WHERE ${tagVisible('g')} | ${tagMap('g')}] AS tags,
            EXISTS { (a)-[t:TRANSFER]-() WHERE ${visible('t')} } OR EXISTS { (a)<-[l:LOCKED_TO]-() WHERE ${visible('l')} } AS seen
       WHERE size(tags) > 0 OR seen
       RETURN collect({chain: q.chain, address: q.address, tags: tags, seen: seen}) AS found
     }
     RETURN m.ns AS ns, found ORDER BY ns`,
    { prefix: options.prefix, exclude: options.exclude ?? null, addresses: addresses.map((a) => ({ chain: a.chain, address: a.address })) },
  );
  const out = new Map<string, NamespaceFinding[]>();
  for (const r of rows) {
    const found = (r.found as { chain: string; address: string; tags: Record<string, unknown>[]; seen: boolean }[]).map((f) => ({
      chain: f.chain,
      address: f.address,
      tags: sortTags(f.tags.map((g) => propsToTag(g as unknown as Parameters<typeof propsToTag>[0]))),
      seen: f.seen,
    }));
    out.set(r.ns as string, found);
  }
  return out;
}
