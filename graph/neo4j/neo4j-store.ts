// The Neo4j GraphStore (issue 5): the shared investigation graph. Same contract and byte-identical
// results as the embedded SQLite store (src/ports.ts): writes are one managed transaction per batch
// (retried by the driver on transient errors), reads stream in the documented order. The graph model
// and its constraints are in schema.ts; the batch writer in write-batch.ts.

import { isUtxoChain } from '../../src/model/chain.js';
import { type Conversion, conversionFromJson } from '../../src/model/conversion.js';
import { compareNotes, type Note } from '../../src/model/note.js';
import type { Tag } from '../../src/model/tag.js';
import type { AccountTransfer } from '../../src/model/transfer.js';
import type { UtxoTransaction } from '../../src/model/utxo.js';
import type {
  AccountFlowQuery,
  ChainQuery,
  ChainStats,
  ClusterLink,
  ClusterMembership,
  Clustering,
  CommunityAssignment,
  GraphStore,
  ImportBatch,
  ImportPart,
  ImportSource,
  ImportSummary,
  LedgerQuery,
  StoreStats,
  StreamedAccountFlows,
} from '../../src/ports.js';
import { type Connection, connect, type Neo4jStoreOptions, storeError } from './connection.js';
import {
  compareCodePoints,
  int,
  propsToTag,
  recordToLink,
  recordToTransaction,
  recordToTransfer,
  sortLinks,
  sortTags,
  TRANSFER_PROJECTION,
  TX_PROJECTION,
  TX_RETURN,
} from './records.js';
import { readClustersOfMany, readLedgersOf, readLinksOfMany, readTagsOfMany } from './batch-reads.js';
import { SCAN_PAGE, scanChain, scanChainPages } from './chain-scan.js';
import { streamAccountFlows } from './account-flows.js';
import { chainNames } from './chain-names.js';
import { readSendersTo, readTransfersOfMany } from './deposit-reads.js';
import { countTransfers } from './count-transfers.js';
import { PART_ROWS, recoverImports, stagedImport } from './import-staging.js';
import { Runner } from './runner.js';
import { ensureSchema, NAMESPACED_LABELS } from './schema.js';
import { readTransactions, writeBatch } from './write-batch.js';
import { TieSorter } from './tie-order.js';
import { type ClusteringKind, recoverClustering, stagedReplace } from './clustering-staging.js';
import { inVisibleClustering, tagMap, tagVisible, visible, visibleCommunity, WITH_VIS } from './visibility.js';
import { writeClusteringGeneration, writeCommunitiesGeneration } from './write-clustering.js';

export type { Neo4jStoreOptions } from './connection.js';

/** Opens the Neo4j store at `options.url`, creating constraints and indexes on first use. */
export async function openNeo4jStore(options: Neo4jStoreOptions): Promise<Neo4jStore> {
  const store = new Neo4jStore(connect(options));
  await store.init();
  return store;
}

const TRANSFER_ORDER = 'ORDER BY t.block, t.txIndex, t.index, t.id';
/** Every transfer of the namespace through the order index (index-ordered, no sort in memory). */
const ALL_TRANSFERS = `${WITH_VIS} MATCH ()-[t:TRANSFER]->() USING INDEX t:TRANSFER(ns, chain, block, txIndex, index, id)
  WHERE t.ns = $ns AND t.chain IS NOT NULL AND t.block IS NOT NULL AND t.txIndex IS NOT NULL AND t.index IS NOT NULL AND t.id IS NOT NULL AND ${visible('t')}`;
/** Every UTXO transaction of the namespace through the order index. */
const ALL_TRANSACTIONS = `${WITH_VIS} MATCH (t:Transaction) USING INDEX t:Transaction(ns, chain, block, txIndex, hash)
  WHERE t.ns = $ns AND t.chain IS NOT NULL AND t.block IS NOT NULL AND t.txIndex IS NOT NULL AND t.hash IS NOT NULL AND ${visible('t')}`;

export class Neo4jStore implements GraphStore {
  readonly kind = 'neo4j';
  readonly location: string;
  /** The namespace this store reads and writes. */
  readonly namespace: string;
  private readonly conn: Connection;
  private readonly runner: Runner;

  constructor(conn: Connection) {
    this.conn = conn;
    this.runner = new Runner(conn);
    this.location = conn.location;
    this.namespace = conn.namespace;
  }

  /** Checks the connection and credentials, and creates the schema. */
  async init(): Promise<void> {
    const session = this.runner.session('WRITE');
    try {
      await ensureSchema(session);
      // Pin the home database: sessions then skip the per-session home-database lookup (routing).
      if (this.conn.database === undefined) {
        const res = await session.run('RETURN 1');
        this.conn.database = res.summary.database.name ?? undefined;
      }
    } catch (e) {
      await session.close();
      await this.conn.driver.close();
      throw storeError(this.conn, 'opening the store', e);
    }
    await session.close();
    // Records of an import that died (kill -9, lost connection) are removed on the next open, and so are
    // those of a clustering or communities run that died (clustering-staging.ts). One statement tells
    // whether there are any (usually none).
    const [left] = await this.runner.rows(
      'checking for unfinished writes',
      'RETURN COUNT { MATCH (i:Import {ns: $ns}) } AS imports, COLLECT { MATCH (r:ClusterRun {ns: $ns}) WHERE r.dirty RETURN r.kind } AS dirty',
    );
    if ((left.get('imports') as number) > 0) await recoverImports(this.runner, this.conn);
    const dirty = left.get('dirty') as ClusteringKind[];
    if (dirty.length > 0) await recoverClustering(this.runner, this.conn, dirty);
  }

  /** Streams transfers, re-sorting runs that tie on (block, txIndex, index) by id in code-point order. */
  private async *streamTransfers(what: string, cypher: string, params: Record<string, unknown>, fetchSize?: number): AsyncIterable<AccountTransfer> {
    const ties = new TieSorter();
    for await (const rec of this.runner.stream(what, cypher, params, fetchSize)) {
      const done = ties.push(recordToTransfer(rec));
      if (done) yield* done;
    }
    yield* ties.end();
  }

  /**
   * A batch of at most PART_ROWS records of each kind is one managed transaction (retried on transient
   * errors); a larger one is a staged import (import-staging.ts): bounded transactions, visible at once.
   */
  async importBatch(batch: ImportBatch): Promise<ImportSummary> {
    const { source, checkpoint, ...records } = batch;
    if (Object.values(records).some((list) => Array.isArray(list) && list.length > PART_ROWS)) {
      return stagedImport(this.runner, this.conn, source, (async function* () { yield records; })(), { checkpoint });
    }
    return this.runner.write(`import of ${batch.source.name}`, (tx) => writeBatch(tx, this.namespace, batch));
  }

  /**
   * A source of any size written as parts in bounded transactions and made visible all at once when
   * the last part is in (import-staging.ts). An error in any part, or in `parts` itself, leaves nothing.
   */
  async importStream(source: ImportSource, parts: AsyncIterable<ImportPart>): Promise<ImportSummary> {
    return stagedImport(this.runner, this.conn, source, parts);
  }

  async getCheckpoint(key: string): Promise<string | undefined> {
    const recs = await this.runner.rows('reading a checkpoint', 'MATCH (c:Checkpoint {ns: $ns, key: $key}) RETURN c.value AS value', { key });
    return (recs[0]?.get('value') as string | undefined) ?? undefined;
  }

  async listSources(): Promise<ImportSource[]> {
    const recs = await this.runner.rows('listing sources', 'MATCH (s:Source {ns: $ns}) RETURN s {.*} AS s ORDER BY s.id');
    return recs.map((rec) => {
      const r = rec.get('s') as { name: string; sha256: string; kind: 'file' | 'adapter'; format?: string; retrievedAt?: string; maxBlock?: number };
      const src: ImportSource = { name: r.name, sha256: r.sha256, kind: r.kind };
      if (r.format != null) src.format = r.format;
      if (r.retrievedAt != null) src.retrievedAt = r.retrievedAt;
      if (r.maxBlock != null) src.maxBlock = r.maxBlock;
      return src;
    });
  }

  async stats(): Promise<StoreStats> {
    return this.runner.read('reading statistics', async (tx) => {
      const p = { ns: this.namespace };
      const one = async (cypher: string) => (await tx.run(cypher, p)).records[0].get('n') as number;
      const chains: Record<string, ChainStats> = {};
      const chainRow = (chain: string) => {
        chains[chain] ??= { transfers: 0, transactions: 0, minBlock: null, maxBlock: null };
        return chains[chain];
      };
      const widen = (c: ChainStats, min: number, max: number) => {
        c.minBlock = c.minBlock === null ? min : Math.min(c.minBlock, min);
        c.maxBlock = c.maxBlock === null ? max : Math.max(c.maxBlock, max);
      };
      let transfers = 0;
      for (const r of (await tx.run(`${ALL_TRANSFERS} RETURN t.chain AS chain, count(*) AS n, min(t.block) AS lo, max(t.block) AS hi`, p)).records) {
        const c = chainRow(r.get('chain'));
        c.transfers = r.get('n');
        transfers += c.transfers;
        widen(c, r.get('lo'), r.get('hi'));
      }
      let transactions = 0;
      for (const r of (await tx.run(`${ALL_TRANSACTIONS} RETURN t.chain AS chain, count(*) AS n, min(t.block) AS lo, max(t.block) AS hi`, p)).records) {
        const c = chainRow(r.get('chain'));
        c.transactions = r.get('n');
        transactions += c.transactions;
        widen(c, r.get('lo'), r.get('hi'));
      }
      return {
        transfers,
        transactions,
        tags: await one(`${WITH_VIS} MATCH (g:Tag {ns: $ns}) WHERE ${tagVisible('g')} RETURN count(g) AS n`),
        conversions: await one(`${WITH_VIS} MATCH (c:Conversion {ns: $ns}) WHERE ${visible('c')} RETURN count(c) AS n`),
        addresses: await one(
          `${WITH_VIS} MATCH (a:Address {ns: $ns})
           WHERE EXISTS { (a)-[t:TRANSFER]-() WHERE ${visible('t')} } OR EXISTS { (a)<-[l:LOCKED_TO]-() WHERE ${visible('l')} } OR EXISTS { (a)-[:TAGGED]->(g) WHERE ${visible('g')} }
           RETURN count(a) AS n`,
        ),
        sources: await one('MATCH (s:Source {ns: $ns}) RETURN count(s) AS n'),
        clusterLinks: await one(`${WITH_VIS} MATCH ()-[l:CLUSTER_LINK {ns: $ns}]->() WHERE ${inVisibleClustering('l')} RETURN count(l) AS n`),
        chains: Object.fromEntries(
          Object.keys(chains)
            .sort(compareCodePoints)
            .map((k) => [k, chains[k]]),
        ),
      };
    });
  }

  /** The chains with a visible record, by a loose index scan (graph/neo4j/chain-names.ts). */
  chainNames(): Promise<string[]> {
    return chainNames(this.runner);
  }

  /** Senders to `addresses` (graph/neo4j/deposit-reads.ts: the deposit-address rule's candidates). */
  sendersTo(chain: string, addresses: readonly string[]): Promise<string[]> {
    return readSendersTo(this.runner, chain, addresses);
  }

  /** Transfers from or to `addresses`, in chain order (graph/neo4j/deposit-reads.ts). */
  transfersOfMany(chain: string, addresses: readonly string[]): AsyncIterable<AccountTransfer> {
    return readTransfersOfMany(this.runner, chain, addresses);
  }

  async getTransfer(chain: string, id: string): Promise<AccountTransfer | undefined> {
    const recs = await this.runner.rows(
      'reading a transfer',
      `${WITH_VIS} MATCH (f)-[t:TRANSFER {ns: $ns, chain: $chain, id: $id}]->(x) WHERE ${visible('t')} RETURN ${TRANSFER_PROJECTION}`,
      { chain, id },
    );
    return recs.length > 0 ? recordToTransfer(recs[0]) : undefined;
  }

  async getTransaction(chain: string, txid: string): Promise<UtxoTransaction | undefined> {
    const found = await this.runner.read('reading a transaction', (tx) => readTransactions(tx, this.namespace, [{ chain, txid: txid.toLowerCase() }], { visibleOnly: true }));
    return [...found.values()][0]?.tx;
  }

  ledger(chain: string, address: string, query: LedgerQuery = {}): AsyncIterable<AccountTransfer> {
    return this.streamTransfers(
      `reading the ledger of ${chain}/${address}`,
      `${WITH_VIS} MATCH (a:Address {ns: $ns, chain: $chain, address: $address})
       CALL (a, vis) {
         MATCH (a)-[t:TRANSFER]->(x) WHERE ($asset IS NULL OR t.asset = $asset) AND ${visible('t')} RETURN t, a AS f, x
         UNION ALL
         MATCH (a)<-[t:TRANSFER]-(f) WHERE f <> a AND ($asset IS NULL OR t.asset = $asset) AND ${visible('t')} RETURN t, f, a AS x
       }
       RETURN ${TRANSFER_PROJECTION} ${TRANSFER_ORDER}`,
      { chain, address, asset: query.asset ?? null },
    );
  }

  async *transfers(query: ChainQuery = {}): AsyncIterable<AccountTransfer> {
    const chains =
      query.chain !== undefined
        ? [query.chain]
        : ((await this.runner.rows('listing chains', `${ALL_TRANSFERS} RETURN DISTINCT t.chain AS chain`)).map((r) => r.get('chain') as string).sort(compareCodePoints));
    // Streamed in index order, no sort on the server (chain-scan.ts).
    for (const chain of chains) yield* scanChain(this.runner, chain);
  }

  /** One chain and asset in chain order, pages of whole blocks of about `pageSize` transfers (graph/neo4j/chain-scan.ts). */
  transferPages(chain: string, asset: string, pageSize = SCAN_PAGE): AsyncIterable<readonly AccountTransfer[]> {
    return scanChainPages(this.runner, chain, asset, pageSize);
  }

  /** The visible transfers of `chain`, counted up to `atMost` (graph/neo4j/count-transfers.ts). */
  countTransfers(chain: string, atMost: number): Promise<number> {
    return countTransfers(this.runner, chain, atMost);
  }

  async spenderOf(chain: string, txid: string, vout: number): Promise<UtxoTransaction | undefined> {
    const recs = await this.runner.rows(
      'finding a spender',
      `${WITH_VIS} MATCH (:Output {ns: $ns, chain: $chain, txid: $txid, n: $vout})-[:SPENT_BY]->(t) WHERE ${visible('t')} RETURN t.hash AS hash ORDER BY hash LIMIT 1`,
      { chain, txid: txid.toLowerCase(), vout: int(vout) },
    );
    return recs.length === 0 ? undefined : this.getTransaction(chain, recs[0].get('hash') as string);
  }

  async *transactionsOf(chain: string, address: string): AsyncIterable<UtxoTransaction> {
    const stream = this.runner.stream(
      `reading transactions of ${chain}/${address}`,
      `${WITH_VIS} MATCH (a:Address {ns: $ns, chain: $chain, address: $address})<-[:LOCKED_TO]-(o:Output)
       CALL (o, a) {
         MATCH (o)<-[:OUTPUT]-(t) WHERE o.address = a.address RETURN t
         UNION
         MATCH (o)-[s:SPENT_BY]->(t) WHERE s.address = a.address RETURN t
       }
       WITH DISTINCT t, vis WHERE ${visible('t')} ${TX_PROJECTION} ${TX_RETURN} ORDER BY t.block, t.txIndex, t.hash`,
      { chain, address },
    );
    for await (const rec of stream) yield recordToTransaction(rec);
  }

  async *transactions(query: ChainQuery = {}): AsyncIterable<UtxoTransaction> {
    const stream = this.runner.stream(
      'reading transactions',
      `${ALL_TRANSACTIONS} AND ($chain IS NULL OR t.chain = $chain)
       WITH t ORDER BY t.ns, t.chain, t.block, t.txIndex, t.hash
       ${TX_PROJECTION} ${TX_RETURN}`,
      { chain: query.chain ?? null },
    );
    for await (const rec of stream) yield recordToTransaction(rec);
  }

  async *tags(query: ChainQuery = {}): AsyncIterable<Tag> {
    const recs = await this.runner.rows('reading tags', `${WITH_VIS} MATCH (g:Tag {ns: $ns}) WHERE ($chain IS NULL OR g.chain = $chain) AND ${tagVisible('g')} RETURN ${tagMap('g')} AS g`, {
      chain: query.chain ?? null,
    });
    yield* sortTags(recs.map((r) => propsToTag(r.get('g'))));
  }

  async tagsOf(chain: string, address: string): Promise<Tag[]> {
    const recs = await this.runner.rows(
      'reading tags',
      `${WITH_VIS} MATCH (:Address {ns: $ns, chain: $chain, address: $address})-[:TAGGED]->(g) WHERE ${tagVisible('g')} RETURN ${tagMap('g')} AS g`,
      { chain, address },
    );
    return sortTags(recs.map((r) => propsToTag(r.get('g'))));
  }

  /**
   * Every tag of `chain` grouped per address, each list as `tagsOf` gives it (the chain's tags come in
   * (address, source, label, category) order): one bounded count, then `tags()`. A trace reads a case's
   * tags this way once instead of one UNWIND per scan window (issue 18).
   */
  async tagsOfChain(chain: string, limit: number): Promise<Map<string, Tag[]> | undefined> {
    const recs = await this.runner.rows('counting tags', 'MATCH (g:Tag {ns: $ns, chain: $chain}) WITH g LIMIT $cap RETURN count(g) AS n', { chain, cap: int(limit + 1) });
    if ((recs[0]?.get('n') as number) > limit) return undefined;
    const out = new Map<string, Tag[]>();
    for await (const tag of this.tags({ chain })) {
      const list = out.get(tag.address);
      if (list) list.push(tag);
      else out.set(tag.address, [tag]);
    }
    return out;
  }

  /** Tags, clusters, links and ledgers of many addresses, one UNWIND statement each (graph/neo4j/batch-reads.ts). */
  readonly batchReads = true;

  tagsOfMany(chain: string, addresses: readonly string[]): Promise<Map<string, Tag[]>> {
    return readTagsOfMany(this.runner, chain, addresses);
  }

  clustersOfMany(chain: string, addresses: readonly string[]): Promise<Map<string, ClusterMembership>> {
    return readClustersOfMany(this.runner, chain, addresses);
  }

  linksOfMany(chain: string, addresses: readonly string[]): Promise<Map<string, ClusterLink[]>> {
    return readLinksOfMany(this.runner, chain, addresses);
  }

  ledgersOf(chain: string, addresses: readonly string[], query: LedgerQuery & { limit: number }): Promise<Map<string, AccountTransfer[]>> {
    return readLedgersOf(this.runner, chain, addresses, query);
  }

  /** Conversions from their stored JSON, in id order (code points, as SQLite). */
  private async readConversions(what: string, cypher: string, params: Record<string, unknown>): Promise<Conversion[]> {
    const recs = await this.runner.rows(what, cypher, params);
    const rows = recs.map((r) => ({ id: r.get('id') as string, body: r.get('body') as string }));
    rows.sort((a, b) => compareCodePoints(a.id, b.id));
    return rows.map((r) => conversionFromJson(JSON.parse(r.body)));
  }

  async *conversions(query: ChainQuery = {}): AsyncIterable<Conversion> {
    yield* await this.readConversions(
      'reading conversions',
      `${WITH_VIS} MATCH (c:Conversion {ns: $ns}) WHERE ($chain IS NULL OR c.inChain = $chain OR c.outChain = $chain) AND ${visible('c')} RETURN c.id AS id, c.body AS body`,
      { chain: query.chain ?? null },
    );
  }

  async getConversion(id: string): Promise<Conversion | undefined> {
    return (await this.readConversions('reading a conversion', `${WITH_VIS} MATCH (c:Conversion {ns: $ns, id: $id}) WHERE ${visible('c')} RETURN c.id AS id, c.body AS body`, { id }))[0];
  }

  async conversionsByRef(chain: string, ref: string): Promise<Conversion[]> {
    return this.readConversions(
      'finding conversions by ref',
      `${WITH_VIS} CALL () {
         MATCH ()-[r:INTO {ns: $ns, chain: $chain, ref: $ref}]->(c) RETURN c
         UNION
         MATCH (c)-[r:OUTOF {ns: $ns, chain: $chain, ref: $ref}]->() RETURN c
       }
       WITH c, vis WHERE ${visible('c')}
       RETURN c.id AS id, c.body AS body`,
      { chain, ref: isUtxoChain(chain) ? ref.toLowerCase() : ref },
    );
  }

  async replaceClustering(clustering: Clustering): Promise<void> {
    await stagedReplace(this.runner, this.conn, 'clustering', (gen, _slot, part) => writeClusteringGeneration(this.namespace, clustering, gen, part));
  }

  async clusterOf(chain: string, address: string): Promise<ClusterMembership | undefined> {
    const recs = await this.runner.rows(
      'reading a cluster',
      `${WITH_VIS} MATCH (:Address {ns: $ns, chain: $chain, address: $address})-[r:IN_CLUSTER]->(c:Cluster) WHERE ${inVisibleClustering('r')}
       MATCH (c)<-[k:IN_CLUSTER]-(m) WHERE ${inVisibleClustering('k')} RETURN c.id AS id, collect(m.address) AS members`,
      { chain, address },
    );
    if (recs.length === 0) return undefined;
    return { clusterId: recs[0].get('id') as string, members: (recs[0].get('members') as string[]).sort(compareCodePoints) };
  }

  async linksOf(chain: string, address: string): Promise<ClusterLink[]> {
    const recs = await this.runner.rows(
      'reading cluster links',
      `${WITH_VIS} MATCH (x:Address {ns: $ns, chain: $chain, address: $address})
       CALL (x, cvis) {
         MATCH (x)-[l:CLUSTER_LINK]->(b) WHERE ${inVisibleClustering('l')} RETURN l, x AS a, b
         UNION
         MATCH (a)-[l:CLUSTER_LINK]->(x) WHERE ${inVisibleClustering('l')} RETURN l, a, x AS b
       }
       RETURN l {.*} AS l, a.address AS a, b.address AS b`,
      { chain, address },
    );
    return sortLinks(recs.map(recordToLink));
  }

  async *clusterLinks(query: ChainQuery = {}): AsyncIterable<ClusterLink> {
    const recs = await this.runner.rows(
      'reading cluster links',
      `${WITH_VIS} MATCH (a)-[l:CLUSTER_LINK {ns: $ns}]->(b) WHERE ($chain IS NULL OR l.chain = $chain) AND ${inVisibleClustering('l')} RETURN l {.*} AS l, a.address AS a, b.address AS b`,
      { chain: query.chain ?? null },
    );
    yield* sortLinks(recs.map(recordToLink));
  }

  /** The account transfers for communities, five fields a row, unordered (graph/neo4j/account-flows.ts). */
  streamAccountFlows(query?: AccountFlowQuery): StreamedAccountFlows {
    return streamAccountFlows(this.runner, query);
  }

  async replaceCommunities(rows: CommunityAssignment[]): Promise<void> {
    await stagedReplace(this.runner, this.conn, 'communities', (gen, slot, part) => writeCommunitiesGeneration(this.namespace, rows, gen, slot, part));
  }

  async communityOf(chain: string, address: string): Promise<number | undefined> {
    const recs = await this.runner.rows(
      'reading a community',
      `OPTIONAL MATCH (m:Store {ns: $ns}) WITH m MATCH (a:Address {ns: $ns, chain: $chain, address: $address}) RETURN ${visibleCommunity('a', 'm')} AS c`,
      { chain, address },
    );
    return (recs[0]?.get('c') as number | null | undefined) ?? undefined;
  }

  async addNote(note: Note): Promise<void> {
    await this.runner.write('adding a note', (tx) =>
      tx.run('MERGE (n:Note {ns: $ns, id: $id}) ON CREATE SET n.chain = $chain, n.address = $address, n.time = $time, n.author = $author, n.text = $text', {
        ns: this.namespace,
        ...note,
      }),
    );
  }

  async notesOf(chain: string, address: string): Promise<Note[]> {
    const recs = await this.runner.rows('reading notes', 'MATCH (n:Note {ns: $ns, chain: $chain, address: $address}) RETURN n {.id, .chain, .address, .time, .author, .text} AS n', { chain, address });
    return recs.map((r) => r.get('n') as Note).sort(compareNotes);
  }

  async *notes(query: ChainQuery = {}): AsyncIterable<Note> {
    const recs = await this.runner.rows('reading notes', 'MATCH (n:Note {ns: $ns}) WHERE $chain IS NULL OR n.chain = $chain RETURN n {.id, .chain, .address, .time, .author, .text} AS n', {
      chain: query.chain ?? null,
    });
    yield* recs.map((r) => r.get('n') as Note).sort(compareNotes);
  }

  /** Deletes every node and relationship of this store's namespace (in batches, outside one transaction). */
  async wipe(): Promise<void> {
    const session = this.runner.session('WRITE');
    try {
      for (const label of NAMESPACED_LABELS) {
        await session.run(`MATCH (n:${label} {ns: $ns}) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS`, { ns: this.namespace });
      }
    } catch (e) {
      throw storeError(this.conn, 'wiping the store', e);
    } finally {
      await session.close();
    }
  }

  /** Runs a read query in this store's namespace (`$ns` bound): for tests and diagnostics. */
  async query(cypher: string, params: Record<string, unknown> = {}): Promise<Record<string, unknown>[]> {
    return (await this.runner.rows('running a query', cypher, params)).map((r) => r.toObject());
  }

  async close(): Promise<void> {
    await this.conn.driver.close();
  }
}
