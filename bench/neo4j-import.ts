// Bench helper (child process): imports the transfers (and tags) of a SQLite store written by
// bench/trace-generate.ts into the Neo4j store at NEO4J_URL (namespace given), either batched (the
// store's importBatch: UNWIND ... MERGE, 10,000 records a transaction) or one auto-committed Cypher
// statement per record (the naive baseline, same graph shape), and prints the time and count.
// `staged` writes them all in one call (a staged import: bounded parts, visible at once).
// Usage: tsx bench/neo4j-import.ts <sqlite store> <namespace> batched|staged|single <max transfers>

import neo4j from 'neo4j-driver';
import { openNeo4jStore } from '../graph/neo4j/neo4j-store.js';
import { openSqliteStore } from '../graph/sqlite/sqlite-store.js';
import type { Tag } from '../src/model/tag.js';
import type { AccountTransfer } from '../src/model/transfer.js';
import { reportPeakRss } from './table.js';

const [path, namespace, mode, maxText] = process.argv.slice(2);
const max = Number(maxText);
const sqlite = openSqliteStore(path, { readonly: true });
const transfers: AccountTransfer[] = [];
for await (const t of sqlite.transfers()) {
  if (transfers.length >= max) break;
  transfers.push(t);
}
const tags: Tag[] = [];
for await (const t of sqlite.tags()) tags.push(t);
await sqlite.close();

const url = new URL(process.env.NEO4J_URL as string);
url.searchParams.set('namespace', namespace);
const store = await openNeo4jStore({ url: url.toString() });
const started = process.hrtime.bigint();
if (mode === 'staged') {
  // One file's worth in one call: a staged import (graph/neo4j/import-staging.ts), parts of 10,000 records
  // in bounded transactions, made visible at once, as `import` of one large file writes it.
  await store.importBatch({ source: { name: 'bench-staged', sha256: 'staged', kind: 'file' }, transfers, tags });
} else if (mode === 'batched') {
  const BATCH = 10_000;
  for (let i = 0; i < transfers.length; i += BATCH) {
    await store.importBatch({
      source: { name: `bench-${i}`, sha256: `${i}`, kind: 'file' },
      transfers: transfers.slice(i, i + BATCH),
      tags: i === 0 ? tags : undefined,
    });
  }
} else {
  // The naive way: one statement, one transaction, one round trip per transfer.
  const driver = neo4j.driver(`${url.protocol}//${url.host}`, neo4j.auth.basic(process.env.NEO4J_USER ?? 'neo4j', process.env.NEO4J_PASSWORD ?? ''));
  const session = driver.session({ database: process.env.NEO4J_DATABASE || undefined });
  for (const t of transfers) {
    await session.run(
      `MERGE (f:Address {ns: $ns, chain: $chain, address: $from})
       MERGE (x:Address {ns: $ns, chain: $chain, address: $to})
       CREATE (f)-[:TRANSFER {ns: $ns, chain: $chain, id: $id, asset: $asset, amount: $amount, index: $index, txHash: $txHash,
                              block: $block, txIndex: $txIndex, time: $time, source: 0}]->(x)`,
      {
        ns: namespace,
        chain: t.chain,
        from: t.from,
        to: t.to,
        id: t.id,
        asset: t.asset,
        amount: t.amount.toString(),
        index: neo4j.int(t.index),
        txHash: t.txHash,
        block: neo4j.int(t.block),
        txIndex: neo4j.int(t.txIndex),
        time: t.time ?? null,
      },
    );
  }
  await session.close();
  await driver.close();
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
console.log(`IMPORT_SECONDS=${seconds}`);
console.log(`TRANSFERS=${transfers.length}`);
await store.close();
reportPeakRss();
