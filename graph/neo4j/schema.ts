// Graph model of the Neo4j store and the constraints/indexes created on first use. Every node and the
// relationships looked up directly carry `ns` (the namespace: one case's graph in a shared database,
// since community edition has one user database). The model, as it reads in Cypher:
//   (:Address {ns, chain, address, community?})
//   (:Address)-[:TRANSFER {ns, chain, id, asset, amount, index, txHash, block, txIndex, time?, extra?, source, scanRow?}]->(:Address|:Sink)
//   (:Sink {ns, chain})            value that left circulation (fees, burns: `to: null`)
//   (:Transaction {ns, chain, hash, block, txIndex, time?, extra?, source, coinbase?, coinbaseValues?})
//   (:Transaction)-[:OUTPUT]->(:Output {ns, chain, txid, n, value, address?, script?})-[:LOCKED_TO]->(:Address)
//   (:Output)-[:SPENT_BY {n, address?, value}]->(:Transaction)   (input n of the spending transaction)
//   (:Address)-[:TAGGED]->(:Tag {ns, chain, address, label, category, source, confidence, note, inferredFrom?, extra?, tlp?})
//   (:Address)-[:CLUSTER_LINK {ns, chain, heuristic, confidence, evidence, note?, seq}]->(:Address)
//   (:Address)-[:IN_CLUSTER]->(:Cluster {ns, chain, id})
//   (:Conversion {ns, id, kind, venue, confidence, inChain, outChain?, body, source})   body: the record's JSON
//   (:Address|:Output)-[:INTO {ns, chain, ref, n}]->(:Conversion)-[:OUTOF {ns, chain, ref, n}]->(:Address|:Output)
//       one relationship per ref (n: its place in the leg's refs): account refs (transfer ids) attach to
//       the leg's address (in.address pays, out.address receives), UTXO refs to the output they name
//   (:Note {ns, id, chain, address, time, author, text})   an analyst's note on an address (src/model/note.ts)
//   (:Source {ns, id, name, sha256, kind, ...}), (:Checkpoint {ns, key, value}),
//   (:Store {ns, nextSource, visibleBelow?, lastImport?, deleting?})
//   (:Import {ns, imp, token, source, host, pid, startedAt})   an import that has not committed yet
//   (:ClusterRun {ns, kind, last, dirty})   generations of the clustering / communities (clustering-staging.ts)
//   Records written by a staged import carry `imp` and are visible once `imp < visibleBelow`
//   (visibility.ts, import-staging.ts).
// Amounts are decimal strings (lossless), never floats; integers are Neo4j integers.

import type { Session } from 'neo4j-driver';

export const SCHEMA_STATEMENTS: readonly string[] = [
  'CREATE CONSTRAINT lh_address IF NOT EXISTS FOR (a:Address) REQUIRE (a.ns, a.chain, a.address) IS UNIQUE',
  'CREATE CONSTRAINT lh_sink IF NOT EXISTS FOR (s:Sink) REQUIRE (s.ns, s.chain) IS UNIQUE',
  'CREATE CONSTRAINT lh_transaction IF NOT EXISTS FOR (t:Transaction) REQUIRE (t.ns, t.chain, t.hash) IS UNIQUE',
  'CREATE CONSTRAINT lh_output IF NOT EXISTS FOR (o:Output) REQUIRE (o.ns, o.chain, o.txid, o.n) IS UNIQUE',
  'CREATE CONSTRAINT lh_tag IF NOT EXISTS FOR (g:Tag) REQUIRE (g.ns, g.chain, g.address, g.source, g.label, g.category, g.confidence, g.note) IS UNIQUE',
  'CREATE CONSTRAINT lh_source IF NOT EXISTS FOR (s:Source) REQUIRE (s.ns, s.name, s.sha256) IS UNIQUE',
  'CREATE CONSTRAINT lh_checkpoint IF NOT EXISTS FOR (c:Checkpoint) REQUIRE (c.ns, c.key) IS UNIQUE',
  'CREATE CONSTRAINT lh_cluster IF NOT EXISTS FOR (c:Cluster) REQUIRE (c.ns, c.chain, c.id) IS UNIQUE',
  'CREATE CONSTRAINT lh_store IF NOT EXISTS FOR (m:Store) REQUIRE m.ns IS UNIQUE',
  'CREATE CONSTRAINT lh_conversion IF NOT EXISTS FOR (c:Conversion) REQUIRE (c.ns, c.id) IS UNIQUE',
  'CREATE CONSTRAINT lh_transfer_id IF NOT EXISTS FOR ()-[t:TRANSFER]-() REQUIRE (t.ns, t.chain, t.id) IS UNIQUE',
  'CREATE CONSTRAINT lh_note IF NOT EXISTS FOR (n:Note) REQUIRE (n.ns, n.id) IS UNIQUE',
  'CREATE INDEX lh_note_address IF NOT EXISTS FOR (n:Note) ON (n.ns, n.chain, n.address)',
  'CREATE INDEX lh_transfer_order IF NOT EXISTS FOR ()-[t:TRANSFER]-() ON (t.ns, t.chain, t.block, t.txIndex, t.index, t.id)',
  'CREATE INDEX lh_transaction_order IF NOT EXISTS FOR (t:Transaction) ON (t.ns, t.chain, t.block, t.txIndex, t.hash)',
  'CREATE INDEX lh_source_id IF NOT EXISTS FOR (s:Source) ON (s.ns, s.id)',
  'CREATE INDEX lh_tag_ns IF NOT EXISTS FOR (g:Tag) ON (g.ns, g.chain)',
  'CREATE INDEX lh_link_ns IF NOT EXISTS FOR ()-[l:CLUSTER_LINK]-() ON (l.ns, l.chain)',
  'CREATE INDEX lh_into_ref IF NOT EXISTS FOR ()-[r:INTO]-() ON (r.ns, r.chain, r.ref)',
  'CREATE INDEX lh_outof_ref IF NOT EXISTS FOR ()-[r:OUTOF]-() ON (r.ns, r.chain, r.ref)',
];

/** Labels whose nodes belong to a namespace (for wiping one). */
export const NAMESPACED_LABELS = ['Note', 'Conversion', 'Tag', 'Output', 'Transaction', 'Cluster', 'Sink', 'Address', 'Source', 'Checkpoint', 'Import', 'ClusterRun', 'Store'] as const;

const DEADLOCK = /DeadlockDetected/;
const ALREADY = /EquivalentSchemaRuleAlreadyExists|ConstraintAlreadyExists|IndexAlreadyExists|ConstraintWithNameAlreadyExists|IndexWithNameAlreadyExists/;

/** Creates the constraints and indexes (idempotent; safe when several clients race). */
export async function ensureSchema(session: Session): Promise<void> {
  const existing = new Set((await session.run('SHOW INDEXES YIELD name RETURN name')).records.map((r) => r.get('name') as string));
  for (const r of (await session.run('SHOW CONSTRAINTS YIELD name RETURN name')).records) existing.add(r.get('name') as string);
  let created = false;
  for (const statement of SCHEMA_STATEMENTS) {
    const name = /(?:CONSTRAINT|INDEX) (\w+)/.exec(statement)?.[1];
    if (name && existing.has(name)) continue;
    for (let attempt = 1; ; attempt++) {
      try {
        await session.run(statement);
        created = true;
        break;
      } catch (e) {
        const code = String((e as { code?: string }).code ?? '');
        if (ALREADY.test(code) || ALREADY.test(String((e as Error).message))) break;
        // Clients opening stores on a fresh database at once create the same schema: their schema locks
        // can deadlock. The statements are idempotent, so a deadlock is retried.
        if (!DEADLOCK.test(code) || attempt === 5) throw e;
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt + Math.floor(Math.random() * 100)));
      }
    }
  }
  if (created) await session.run('CALL db.awaitIndexes(300)');
}
