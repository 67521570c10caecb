// The embedded case store: one SQLite file (WAL) that an investigator can copy, hash and archive.
// Every import is one transaction (all of a batch or none of it); re-importing identical records
// changes nothing; a conflicting record is an INTEGRITY error naming both records and their sources.
// Reads page through keyset queries so that no statement stays open between awaits.

import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { LedgerhoundError } from '../../src/errors.js';
import { isUtxoChain } from '../../src/model/chain.js';
import { type Conversion, conversionToJson } from '../../src/model/conversion.js';
import type { Note } from '../../src/model/note.js';
import { isTagCategory, isTlp, type Tag } from '../../src/model/tag.js';
import { type AccountTransfer, transferToJson } from '../../src/model/transfer.js';
import { type UtxoTransaction, utxoTransactionToJson } from '../../src/model/utxo.js';
import type {
  AccountFlowQuery,
  AccountFlowRow,
  AccountFlows,
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
  NumberedPage,
  ScanRow,
  StoreStats,
} from '../../src/ports.js';
import { CLUSTER_INDEXES, DROP_CLUSTER_INDEXES, DROP_TRANSFER_INDEXES, SCHEMA, SCHEMA_VERSION, TRANSFER_INDEXES, UPGRADABLE_VERSIONS } from './schema.js';
import { type ConversionRow, conversionBody, type LeanTransferRow, leanToTransfer, type RawTransferRow, rawToTransfer, rowToConversion, rowToTransfer, rowToTransaction, type TransferRow, type UtxoTxRow, bodyOf } from './rows.js';

/**
 * Rows per keyset page. Small pages die young (a page of 5,000 rows outlived scavenges and was promoted,
 * so a 10^5-transfer trace peaked 40 MiB higher) at no measurable cost in time.
 */
const PAGE = 1000;
/**
 * Rows of a ledger's first page (then four times as many a page, up to PAGE). A trace often reads only the
 * start of a ledger before it gives way to a chain scan: on the 10^5 export case the walk took 9 rows of
 * each ledger it opened (7,043 of 770 ledgers, 123 rows long on average), and a full first page made
 * SQLite join and return every row of them. A read's own cost is that of ~7-30 of its rows (measured on
 * the layered and export stores), so four times as many rows a page keeps whole ledgers at a few reads.
 */
const LEDGER_FIRST_PAGE = 32;

/**
 * Bulk imports: a write that adds at least this many transfers, and at least as many as the store held
 * before it, drops the secondary transfer indexes and builds them again before it commits (schema.ts).
 */
const BULK_MIN = 50_000;
/** Page cache while importing (keeps the id and address indexes in memory) and otherwise (bounds what reads keep). */
const IMPORT_CACHE_KIB = 524_288;
const READ_CACHE_KIB = 16_384;
/**
 * Page cache while a clustering is written (replaceClustering): 10^6 links and 1.1x10^6 members took
 * 44.6-47.7 s CPU with 64 MiB against 89-92 s with the read cache and row-by-row indexes, at +97 MiB peak
 * (bench/clustering-utxo.ts; the cluster build goal is <= 1 GiB).
 */
const CLUSTER_WRITE_CACHE_KIB = 65_536;

/**
 * count(*) of a whole table (leaf pages' cell counts) against a count that steps each row: 10^6 transfers
 * took 11 ms against 110 ms (countTransfers).
 */
const WHOLE_COUNT_SPEEDUP = 10;

/** Transfers a page of `accountFlows` (communities). */
const FLOW_PAGE = 10_000;

/** Transfers written per INSERT statement in bulk imports. */
const TRANSFER_CHUNK = 32;
const TRANSFER_COLUMNS = 13;
const INSERT_TRANSFERS = 'INSERT OR IGNORE INTO transfers (chain, id, asset, tx_hash, block, tx_index, idx, time, from_id, to_id, amount, extra, source_id) VALUES';
const TRANSFER_VALUES = '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';

/** Transfers with their addresses resolved from ids (columns as in TransferRow). */
const TRANSFER_SELECT = `SELECT t.chain, t.id, t.asset, t.tx_hash, t.block, t.tx_index, t.idx, t.time, fa.address AS from_addr, ta.address AS to_addr,
  t.amount, t.extra, t.source_id FROM transfers t JOIN addresses fa ON fa.id = t.from_id LEFT JOIN addresses ta ON ta.id = t.to_id`;

/**
 * The raw rows of a statement keyed on (block, txIndex, index, id) a page at a time: `params` and the
 * keyset's start; each row gives the id at column `idAt` and block, tx_index and idx from `blockAt` on.
 * `statementOf(limit)` is the statement with that page size written into it (`LIMIT 32`: a bound
 * `LIMIT @limit` made a ledger read 1.7x slower): `firstPage` rows, then four times as many a page up to PAGE.
 */
function* keysetPages<R extends readonly unknown[]>(
  statementOf: (limit: number) => Database.Statement,
  params: Record<string, unknown>,
  idAt: number,
  blockAt: number,
  firstPage = PAGE,
): Generator<R[]> {
  const args: Record<string, unknown> = { ...params, block: -1, txIndex: -1, idx: Number.MIN_SAFE_INTEGER, tid: '' };
  for (let limit = firstPage; ; limit = Math.min(PAGE, limit * 4)) {
    const rows = statementOf(limit).all(args) as R[];
    yield rows;
    if (rows.length < limit) return;
    const last = rows[rows.length - 1];
    args.block = last[blockAt];
    args.txIndex = last[blockAt + 1];
    args.idx = last[blockAt + 2];
    args.tid = last[idAt];
  }
}

/** The largest address id given as an address number (GraphStore.addressNumbers: below 2^31). */
const MAX_ADDRESS_NUMBER = 0x7fffffff;
const beyondNumbers = (chain: string, id: number) =>
  new LedgerhoundError('STORE_FAILURE', `address id ${id} of ${chain} is beyond 2^31: the store cannot number its addresses for the trace's scan`, { chain });

export interface SqliteStoreOptions {
  /** Open an existing store read-only. */
  readonly?: boolean;
}

/** Opens (creating if needed) the SQLite case store at `path`; `:memory:` gives a private in-memory store. */
export function openSqliteStore(path: string, options: SqliteStoreOptions = {}): SqliteStore {
  if (path !== ':memory:' && !options.readonly) mkdirSync(dirname(path), { recursive: true });
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  } catch (e) {
    throw new LedgerhoundError('STORE_FAILURE', `cannot open store ${path}: ${(e as Error).message}`, { path }, { cause: e });
  }
  // SQLite reads a file lazily: a file that is not a database (or not ours) shows on the first statement.
  try {
    if (db.readonly && !db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get()) {
      throw new LedgerhoundError('STORE_FAILURE', `${path} is a SQLite database but not a Ledgerhound store (no meta table)`, { path });
    }
    return new SqliteStore(db, path);
  } catch (e) {
    db.close();
    if (e instanceof LedgerhoundError) throw e;
    const code = (e as { code?: string }).code;
    const message =
      code === 'SQLITE_NOTADB'
        ? `${path} is not a store: not a SQLite database file`
        : code === 'SQLITE_READONLY_DIRECTORY' || code === 'SQLITE_CANTOPEN'
          ? `cannot open store ${path} read-only: it was left in WAL mode by an older version and its folder is write-protected (on a writable copy run: sqlite3 case.db 'PRAGMA journal_mode=DELETE')`
          : `cannot open store ${path}: ${(e as Error).message}`;
    throw new LedgerhoundError('STORE_FAILURE', message, { path, sqlite: code }, { cause: e });
  }
}

export class SqliteStore implements GraphStore {
  readonly kind = 'sqlite';
  readonly location: string;
  private readonly db: Database.Database;
  private readonly stmts: ReturnType<typeof prepareStatements>;
  /** Chain -> address -> id, for the transfers written by this connection (cleared when a write rolls back). */
  private readonly addressIds = new Map<string, Map<string, number>>();
  /** The bound values of one multi-row transfer INSERT, reused from chunk to chunk. */
  private readonly chunkArgs: unknown[] = new Array(TRANSFER_CHUNK * TRANSFER_COLUMNS).fill(null);
  private readonly statements = new Map<string, Database.Statement>();
  private conversionTable: boolean | undefined;
  /** During an import: transfers held before it, and whether the secondary indexes are dropped. */
  private bulk: { before: number; dropped: boolean } | undefined;
  private noteTable: boolean | undefined;

  constructor(db: Database.Database, location: string) {
    this.db = db;
    this.location = location;
    if (!db.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.exec(SCHEMA);
      const version = db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get('schema') as string | undefined;
      if (version === undefined) db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run('schema', SCHEMA_VERSION);
      else if (UPGRADABLE_VERSIONS.includes(version)) db.prepare('UPDATE meta SET value = ? WHERE key = ?').run(SCHEMA_VERSION, 'schema');
      else if (version !== SCHEMA_VERSION) {
        throw new LedgerhoundError('STORE_FAILURE', `store ${location} has schema ${version}, this version needs ${SCHEMA_VERSION}`, { location });
      }
    }
    // Tags gained `tlp` (FORMATS.md v2): stores made before it get the column (NULL: no marking).
    if (!db.readonly && db.prepare("SELECT 1 FROM pragma_table_info('tags') WHERE name = 'tlp'").get() === undefined) {
      db.exec('ALTER TABLE tags ADD COLUMN tlp TEXT');
    }
    // Imports raise the page cache (the id and address indexes of 1M transfers are ~250 MB); reads keep less.
    db.pragma(`cache_size = -${READ_CACHE_KIB}`);
    this.stmts = prepareStatements(db);
  }

  async importBatch(batch: ImportBatch): Promise<ImportSummary> {
    const summary = emptySummary();
    const run = this.db.transaction(() => {
      this.beginBulk();
      this.goBulkFor(batch.transfers?.length ?? 0);
      const sourceId = this.writeSource(batch.source);
      this.writePart(batch, batch.source.name, sourceId, summary);
      if (batch.checkpoint) this.stmts.setCheckpoint.run(batch.checkpoint.key, batch.checkpoint.value);
      this.endBulk();
    });
    try {
      run();
    } catch (e) {
      this.addressIds.clear();
      throw asStoreError(e, batch.source.name);
    } finally {
      this.afterImport();
    }
    return summary;
  }

  async importStream(source: ImportSource, parts: AsyncIterable<ImportPart>): Promise<ImportSummary> {
    const summary = emptySummary();
    // One transaction across awaits: nothing else uses this connection while a command imports.
    this.db.exec('BEGIN IMMEDIATE');
    try {
      this.beginBulk();
      const sourceId = this.writeSource(source);
      for await (const part of parts) {
        this.writePart(part, source.name, sourceId, summary);
        this.goBulkFor(summary.transfers.added);
      }
      this.endBulk();
      this.db.exec('COMMIT');
    } catch (e) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      this.addressIds.clear();
      throw asStoreError(e, source.name);
    } finally {
      this.afterImport();
    }
    return summary;
  }

  /** Inside an import's transaction: notes the transfers held so far and raises the page cache. */
  private beginBulk(): void {
    this.db.pragma(`cache_size = -${IMPORT_CACHE_KIB}`);
    this.bulk = { before: this.stmts.maxTransferRow.get() as number, dropped: false };
  }

  /** Drops the secondary transfer indexes once `added` transfers make rebuilding them the cheaper way. */
  private goBulkFor(added: number): void {
    const bulk = this.bulk;
    if (!bulk || bulk.dropped || added < BULK_MIN || added < bulk.before) return;
    this.db.exec(DROP_TRANSFER_INDEXES);
    bulk.dropped = true;
  }

  /** Before the commit: the dropped indexes are built again (a rollback restores them by itself). */
  private endBulk(): void {
    if (this.bulk?.dropped) this.db.exec(TRANSFER_INDEXES);
  }

  private afterImport(): void {
    this.bulk = undefined;
    if (this.db.open) this.db.pragma(`cache_size = -${READ_CACHE_KIB}`);
  }

  private writeSource(src: ImportSource): number {
    const s = this.stmts;
    s.insertSource.run(src.name, src.sha256, src.kind, src.format ?? null, src.retrievedAt ?? null, src.maxBlock ?? null);
    return s.sourceId.get(src.name, src.sha256) as number;
  }

  private writePart(part: ImportPart, sourceName: string, sourceId: number, summary: ImportSummary): void {
    const s = this.stmts;
    this.writeTransfers(part.transfers ?? [], sourceName, sourceId, summary);
    for (const tx of part.transactions ?? []) {
      const res = s.insertTx.run(tx.chain, tx.txid, tx.block, tx.txIndex, tx.time ?? null, bodyOf(tx), sourceId);
      if (res.changes === 0) {
        const row = s.txById.get(tx.chain, tx.txid) as UtxoTxRow;
        const incoming = utxoTransactionToJson(tx);
        const stored = utxoTransactionToJson(rowToTransaction(row));
        if (JSON.stringify(incoming) !== JSON.stringify(stored)) {
          throw conflict('transaction', `${tx.chain}/${tx.txid}`, sourceName, s.sourceName.get(row.source_id) as string, incoming, stored);
        }
        summary.transactions.existing++;
        continue;
      }
      summary.transactions.added++;
      tx.inputs.forEach((i, n) => {
        s.insertIn.run(tx.chain, tx.txid, n, i.prevTxid ?? null, i.prevVout ?? null, i.address, i.value.toString());
      });
      for (const o of tx.outputs) s.insertOut.run(tx.chain, tx.txid, o.n, o.address, o.value.toString());
    }
    for (const tag of part.tags ?? []) {
      if (this.insertTag(tag)) summary.tags.added++;
      else summary.tags.existing++;
    }
    if (part.conversions?.length) this.writeConversions(part.conversions, sourceName, sourceId, summary);
  }

  /** Conversions by id: identical ones already stored (or earlier in the batch) count as existing; others conflict. */
  private writeConversions(conversions: Conversion[], sourceName: string, sourceId: number, summary: ImportSummary): void {
    const insert = this.prepared('INSERT OR IGNORE INTO conversions (id, in_chain, out_chain, body, source_id) VALUES (?, ?, ?, ?, ?)');
    const insertRef = this.prepared('INSERT OR IGNORE INTO conversion_refs (chain, ref, side, conversion_id) VALUES (?, ?, ?, ?)');
    const byId = this.prepared('SELECT * FROM conversions WHERE id = ?');
    for (const c of conversions) {
      const body = conversionBody(c);
      if (insert.run(c.id, c.in.chain, c.out?.chain ?? null, body, sourceId).changes === 0) {
        const row = byId.get(c.id) as ConversionRow;
        if (row.body !== body) {
          const stored = conversionToJson(rowToConversion(row));
          throw conflict('conversion', c.id, sourceName, this.stmts.sourceName.get(row.source_id) as string, conversionToJson(c), stored);
        }
        summary.conversions.existing++;
        continue;
      }
      summary.conversions.added++;
      for (const ref of c.in.refs) insertRef.run(c.in.chain, ref, 'in', c.id);
      for (const ref of c.out?.refs ?? []) insertRef.run(c.out!.chain, ref, 'out', c.id);
    }
  }

  /**
   * Inserts transfers TRANSFER_CHUNK rows per statement (fewer statement runs: about 20% faster bulk
   * imports), the values bound from one array filled in place (no array per row). A chunk that adds fewer
   * rows than it holds had rows already stored: each of its rows is then compared with what the store
   * holds, and any difference is a conflict.
   */
  private writeTransfers(transfers: AccountTransfer[], sourceName: string, sourceId: number, summary: ImportSummary): void {
    const s = this.stmts;
    const chunk = this.chunkArgs;
    const fill = (args: unknown[], t: AccountTransfer, at: number): void => {
      args[at] = t.chain;
      args[at + 1] = t.id;
      args[at + 2] = t.asset;
      args[at + 3] = t.txHash;
      args[at + 4] = t.block;
      args[at + 5] = t.txIndex;
      args[at + 6] = t.index;
      args[at + 7] = t.time ?? null;
      args[at + 8] = this.addressId(t.chain, t.from);
      args[at + 9] = t.to === null ? null : this.addressId(t.chain, t.to);
      args[at + 10] = t.amount.toString();
      args[at + 11] = t.extra ? JSON.stringify(t.extra) : null;
      args[at + 12] = sourceId;
    };
    for (let i = 0; i < transfers.length; i += TRANSFER_CHUNK) {
      const end = Math.min(i + TRANSFER_CHUNK, transfers.length);
      let added = 0;
      if (end - i === TRANSFER_CHUNK) {
        for (let j = i; j < end; j++) fill(chunk, transfers[j], (j - i) * TRANSFER_COLUMNS);
        added = s.insertTransfers.run(chunk).changes;
      } else {
        const one = new Array<unknown>(TRANSFER_COLUMNS);
        for (let j = i; j < end; j++) {
          fill(one, transfers[j], 0);
          added += s.insertTransfer.run(one).changes;
        }
      }
      summary.transfers.added += added;
      summary.transfers.existing += end - i - added;
      if (added === end - i) continue;
      for (let j = i; j < end; j++) {
        const t = transfers[j];
        const row = s.transferById.get(t.chain, t.id) as TransferRow;
        const incoming = transferToJson(t);
        const stored = transferToJson(rowToTransfer(row));
        if (JSON.stringify(incoming) !== JSON.stringify(stored)) {
          throw conflict('transfer', `${t.chain}/${t.id}`, sourceName, s.sourceName.get(row.source_id) as string, incoming, stored);
        }
      }
    }
  }

  /** A prepared statement for `sql`, prepared once per connection (reads run in hot loops). */
  private prepared(sql: string, raw = false): Database.Statement {
    const key = raw ? `raw\u0000${sql}` : sql;
    let stmt = this.statements.get(key);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      // Raw rows (arrays, columns in TRANSFER_SELECT order) cost about half as much to read as objects.
      if (raw) stmt.raw(true);
      this.statements.set(key, stmt);
    }
    return stmt;
  }

  /** The id of an address, created on first use (inside the caller's transaction). */
  private addressId(chain: string, address: string): number {
    let ids = this.addressIds.get(chain);
    if (ids === undefined) {
      ids = new Map();
      this.addressIds.set(chain, ids);
    }
    let id = ids.get(address);
    if (id === undefined) {
      id = (this.stmts.addressId.get(chain, address) as number | undefined) ?? Number(this.stmts.insertAddress.run(chain, address).lastInsertRowid);
      if (ids.size >= 1_000_000) ids.clear();
      ids.set(address, id);
    }
    return id;
  }

  private findAddressId(chain: string, address: string): number | undefined {
    return this.stmts.addressId.get(chain, address) as number | undefined;
  }

  private insertTag(tag: Tag): boolean {
    const res = this.stmts.insertTag.run(
      tag.chain,
      tag.address,
      tag.label,
      tag.category,
      tag.source,
      tag.confidence,
      tag.note ?? '',
      tag.inferredFrom ? JSON.stringify(tag.inferredFrom) : null,
      tag.extra ? JSON.stringify(tag.extra) : null,
      tag.tlp ?? null,
    );
    return res.changes === 1;
  }

  async getCheckpoint(key: string): Promise<string | undefined> {
    return (this.stmts.getCheckpoint.get(key) as string | undefined) ?? undefined;
  }

  async listSources(): Promise<ImportSource[]> {
    const rows = this.prepared('SELECT name, sha256, kind, format, retrieved_at, max_block FROM sources ORDER BY id').all() as {
      name: string;
      sha256: string;
      kind: 'file' | 'adapter';
      format: string | null;
      retrieved_at: string | null;
      max_block: number | null;
    }[];
    return rows.map((r) => {
      const src: ImportSource = { name: r.name, sha256: r.sha256, kind: r.kind };
      if (r.format !== null) src.format = r.format;
      if (r.retrieved_at !== null) src.retrievedAt = r.retrieved_at;
      if (r.max_block !== null) src.maxBlock = r.max_block;
      return src;
    });
  }

  async stats(): Promise<StoreStats> {
    const db = this.db;
    const count = (sql: string) => db.prepare(sql).pluck().get() as number;
    const chains: Record<string, ChainStats> = {};
    const chainRow = (chain: string) => {
      chains[chain] ??= { transfers: 0, transactions: 0, minBlock: null, maxBlock: null };
      return chains[chain];
    };
    const widen = (c: ChainStats, min: number, max: number) => {
      c.minBlock = c.minBlock === null ? min : Math.min(c.minBlock, min);
      c.maxBlock = c.maxBlock === null ? max : Math.max(c.maxBlock, max);
    };
    for (const r of db.prepare('SELECT chain, COUNT(*) AS n, MIN(block) AS lo, MAX(block) AS hi FROM transfers GROUP BY chain').all() as {
      chain: string;
      n: number;
      lo: number;
      hi: number;
    }[]) {
      const c = chainRow(r.chain);
      c.transfers = r.n;
      widen(c, r.lo, r.hi);
    }
    for (const r of db.prepare('SELECT chain, COUNT(*) AS n, MIN(block) AS lo, MAX(block) AS hi FROM utxo_tx GROUP BY chain').all() as {
      chain: string;
      n: number;
      lo: number;
      hi: number;
    }[]) {
      const c = chainRow(r.chain);
      c.transactions = r.n;
      widen(c, r.lo, r.hi);
    }
    const addresses = count(`SELECT COUNT(*) FROM (
        SELECT chain, address FROM addresses
        UNION SELECT chain, address FROM utxo_out WHERE address IS NOT NULL
        UNION SELECT chain, address FROM utxo_in WHERE address IS NOT NULL
        UNION SELECT chain, address FROM tags)`);
    return {
      transfers: count('SELECT COUNT(*) FROM transfers'),
      transactions: count('SELECT COUNT(*) FROM utxo_tx'),
      tags: count('SELECT COUNT(*) FROM tags'),
      conversions: this.hasConversions() ? count('SELECT COUNT(*) FROM conversions') : 0,
      addresses,
      sources: count('SELECT COUNT(*) FROM sources'),
      clusterLinks: count('SELECT COUNT(*) FROM cluster_links'),
      chains: Object.fromEntries(Object.keys(chains).sort().map((k) => [k, chains[k]])),
    };
  }

  async getTransfer(chain: string, id: string): Promise<AccountTransfer | undefined> {
    const row = this.stmts.transferById.get(chain, id) as TransferRow | undefined;
    return row ? rowToTransfer(row) : undefined;
  }

  async getTransaction(chain: string, txid: string): Promise<UtxoTransaction | undefined> {
    const row = this.stmts.txById.get(chain, txid.toLowerCase()) as UtxoTxRow | undefined;
    return row ? rowToTransaction(row) : undefined;
  }

  async *ledger(chain: string, address: string, query: LedgerQuery = {}): AsyncIterable<AccountTransfer> {
    const id = this.findAddressId(chain, address);
    if (id === undefined) return;
    const assetFilter = query.asset !== undefined ? 'AND asset = @asset' : '';
    const statementOf = (limit: number) =>
      this.prepared(`
      SELECT * FROM (
        ${TRANSFER_SELECT} WHERE t.from_id = @id ${assetFilter}
        UNION ALL
        ${TRANSFER_SELECT} WHERE t.to_id = @id AND t.from_id <> @id ${assetFilter}
      )
      WHERE (block, tx_index, idx, id) > (@block, @txIndex, @idx, @tid)
      ORDER BY block, tx_index, idx, id LIMIT ${limit}`, true);
    yield* this.pageTransfers(statementOf, { id, asset: query.asset }, LEDGER_FIRST_PAGE);
  }

  async *transfers(query: ChainQuery = {}): AsyncIterable<AccountTransfer> {
    if (query.chain !== undefined) {
      const stmt = this.prepared(`${TRANSFER_SELECT} WHERE t.chain = @chain AND (t.block, t.tx_index, t.idx, t.id) > (@block, @txIndex, @idx, @tid)
        ORDER BY t.block, t.tx_index, t.idx, t.id LIMIT ${PAGE}`, true);
      yield* this.pageTransfers(() => stmt, { chain: query.chain });
      return;
    }
    for (const chain of this.prepared('SELECT DISTINCT chain FROM transfers ORDER BY chain').pluck().all() as string[]) {
      yield* this.transfers({ chain });
    }
  }

  /**
   * One chain and asset in chain order, PAGE rows at a time (keyset on block, txIndex, index, id). Chain and
   * asset are known, so they are not read per row (nor source_id): fewer strings made per row.
   */
  async *transferPages(chain: string, asset: string): AsyncIterable<readonly AccountTransfer[]> {
    const stmt = this.prepared(`SELECT t.id, t.tx_hash, t.block, t.tx_index, t.idx, t.time, fa.address, ta.address, t.amount, t.extra
      FROM transfers t JOIN addresses fa ON fa.id = t.from_id LEFT JOIN addresses ta ON ta.id = t.to_id
      WHERE t.chain = @chain AND t.asset = @asset AND (t.block, t.tx_index, t.idx, t.id) > (@block, @txIndex, @idx, @tid)
      ORDER BY t.block, t.tx_index, t.idx, t.id LIMIT ${PAGE}`, true);
    for (const rows of keysetPages<LeanTransferRow>(() => stmt, { chain, asset }, 0, 2)) {
      const page = new Array<AccountTransfer>(rows.length);
      for (let i = 0; i < rows.length; i++) page[i] = leanToTransfer(rows[i], chain, asset);
      yield page;
    }
  }

  /** transferPages without the joins to `addresses`: parties as their row ids, their text read on demand. */
  async *numberedPages(chain: string, asset: string): AsyncIterable<NumberedPage> {
    const top = this.prepared('SELECT max(id) FROM addresses').pluck().get() as number | null;
    if (top !== null && top > MAX_ADDRESS_NUMBER) throw beyondNumbers(chain, top);
    const stmt = this.prepared(`SELECT t.id, t.tx_hash, t.block, t.tx_index, t.idx, t.time, t.from_id, coalesce(t.to_id, -1), t.amount, t.extra
      FROM transfers t
      WHERE t.chain = @chain AND t.asset = @asset AND (t.block, t.tx_index, t.idx, t.id) > (@block, @txIndex, @idx, @tid)
      ORDER BY t.block, t.tx_index, t.idx, t.id LIMIT ${PAGE}`, true);
    const text = this.prepared('SELECT address FROM addresses WHERE id = ?').pluck();
    const addressOf = (n: number): string => {
      const a = text.get(n) as string | undefined;
      if (a === undefined) throw new LedgerhoundError('STORE_FAILURE', `address number ${n} of ${chain} is not in the store`, { chain });
      return a;
    };
    const texts = this.prepared('SELECT id, address FROM addresses WHERE id IN (SELECT value FROM json_each(?))', true);
    const addressesOf = (numbers: readonly number[]): string[] => {
      const found = new Map(texts.all(JSON.stringify(numbers)) as [number, string][]);
      return numbers.map((n) => found.get(n) ?? addressOf(n));
    };
    for (const rows of keysetPages<ScanRow>(() => stmt, { chain, asset }, 0, 2)) yield { rows, addressOf, addressesOf };
  }

  /** An address's number is its row id in `addresses` (the id transfers refer to; below 2^31 in practice). */
  async addressNumbers(chain: string, addresses: readonly string[]): Promise<(number | undefined)[]> {
    return addresses.map((a) => {
      const id = this.findAddressId(chain, a);
      if (id !== undefined && id > MAX_ADDRESS_NUMBER) throw beyondNumbers(chain, id);
      return id;
    });
  }

  /**
   * Bounded: min(the chain's transfers, atMost). A store that holds this chain alone (its first and last
   * chain in index order) is counted whole by SQLite's count(*), which adds up the index pages' cell counts,
   * when its rows number at most WHOLE_COUNT_SPEEDUP times atMost (max(rowid) bounds them): that costs no
   * more than stepping atMost rows, and is often less (the trace's checks ask up to four times its work).
   */
  async countTransfers(chain: string, atMost: number): Promise<number> {
    const top = this.prepared('SELECT max(rowid) FROM transfers').pluck().get() as number | null;
    if (top !== null && top <= atMost * WHOLE_COUNT_SPEEDUP) {
      const first = this.prepared('SELECT chain FROM transfers ORDER BY chain LIMIT 1').pluck().get() as string;
      const last = this.prepared('SELECT chain FROM transfers ORDER BY chain DESC LIMIT 1').pluck().get() as string;
      if (first === chain && last === chain) return Math.min(this.prepared('SELECT count(*) FROM transfers').pluck().get() as number, atMost);
    }
    return this.prepared('SELECT count(*) FROM (SELECT 1 FROM transfers WHERE chain = ? LIMIT ?)').pluck().get(chain, atMost) as number;
  }

  /** Pages through a raw-mode transfer statement (keyset on block, txIndex, index, id). */
  private async *pageTransfers(
    statementOf: (limit: number) => Database.Statement,
    params: Record<string, unknown>,
    firstPage = PAGE,
  ): AsyncIterable<AccountTransfer> {
    for (const rows of keysetPages<RawTransferRow>(statementOf, params, 1, 4, firstPage)) for (const row of rows) yield rawToTransfer(row);
  }


  async spenderOf(chain: string, txid: string, vout: number): Promise<UtxoTransaction | undefined> {
    const spender = this.stmts.spender.get(chain, txid.toLowerCase(), vout) as string | undefined;
    return spender === undefined ? undefined : this.getTransaction(chain, spender);
  }

  async *transactionsOf(chain: string, address: string): AsyncIterable<UtxoTransaction> {
    const stmt = this.prepared(`
      SELECT t.* FROM utxo_tx t WHERE t.chain = @chain AND t.txid IN (
        SELECT txid FROM utxo_in WHERE chain = @chain AND address = @address
        UNION SELECT txid FROM utxo_out WHERE chain = @chain AND address = @address)
      AND (t.block, t.tx_index, t.txid) > (@block, @txIndex, @txid)
      ORDER BY t.block, t.tx_index, t.txid LIMIT ${PAGE}`);
    yield* this.pageTransactions(stmt, { chain, address });
  }

  async *transactions(query: ChainQuery = {}): AsyncIterable<UtxoTransaction> {
    if (query.chain !== undefined) {
      const stmt = this.prepared(`SELECT * FROM utxo_tx WHERE chain = @chain AND (block, tx_index, txid) > (@block, @txIndex, @txid)
        ORDER BY chain, block, tx_index, txid LIMIT ${PAGE}`);
      yield* this.pageTransactions(stmt, { chain: query.chain });
      return;
    }
    for (const chain of this.prepared('SELECT DISTINCT chain FROM utxo_tx ORDER BY chain').pluck().all() as string[]) {
      yield* this.transactions({ chain });
    }
  }

  private async *pageTransactions(stmt: Database.Statement, params: Record<string, unknown>): AsyncIterable<UtxoTransaction> {
    let cursor = { block: -1, txIndex: -1, txid: '' };
    for (;;) {
      const rows = stmt.all({ ...params, ...cursor }) as UtxoTxRow[];
      for (const row of rows) yield rowToTransaction(row);
      if (rows.length < PAGE) return;
      const last = rows[rows.length - 1];
      cursor = { block: last.block, txIndex: last.tx_index, txid: last.txid };
    }
  }

  async *tags(query: ChainQuery = {}): AsyncIterable<Tag> {
    const where = query.chain !== undefined ? 'WHERE chain = @chain' : '';
    const rows = this.prepared(`SELECT * FROM tags ${where} ORDER BY chain, address, source, label, category, confidence, note`).all(query) as TagRow[];
    for (const row of rows) yield rowToTag(row);
  }

  async tagsOf(chain: string, address: string): Promise<Tag[]> {
    return (this.stmts.tagsOf.all(chain, address) as TagRow[]).map(rowToTag);
  }

  /** The tags of `chain` by address (each list in tagsOf's order), or undefined past `limit` tags. */
  async tagsOfChain(chain: string, limit: number): Promise<Map<string, Tag[]> | undefined> {
    if ((this.prepared('SELECT count(*) FROM (SELECT 1 FROM tags WHERE chain = ? LIMIT ?)').pluck().get(chain, limit + 1) as number) > limit) return undefined;
    const out = new Map<string, Tag[]>();
    for await (const tag of this.tags({ chain })) {
      const list = out.get(tag.address);
      if (list) list.push(tag);
      else out.set(tag.address, [tag]);
    }
    return out;
  }

  // The batched reads: an embedded store has no round trips to save, so they loop.
  async tagsOfMany(chain: string, addresses: readonly string[]): Promise<Map<string, Tag[]>> {
    const out = new Map<string, Tag[]>();
    for (const a of addresses) out.set(a, await this.tagsOf(chain, a));
    return out;
  }

  async clustersOfMany(chain: string, addresses: readonly string[]): Promise<Map<string, ClusterMembership>> {
    const out = new Map<string, ClusterMembership>();
    for (const a of addresses) {
      const c = await this.clusterOf(chain, a);
      if (c) out.set(a, c);
    }
    return out;
  }

  async linksOfMany(chain: string, addresses: readonly string[]): Promise<Map<string, ClusterLink[]>> {
    const out = new Map<string, ClusterLink[]>();
    for (const a of addresses) out.set(a, await this.linksOf(chain, a));
    return out;
  }

  async ledgersOf(chain: string, addresses: readonly string[], query: LedgerQuery & { limit: number }): Promise<Map<string, AccountTransfer[]>> {
    const out = new Map<string, AccountTransfer[]>();
    for (const a of addresses) {
      const id = this.findAddressId(chain, a);
      const degree = id === undefined ? 0 : (this.prepared('SELECT (SELECT count(*) FROM transfers WHERE from_id = @id) + (SELECT count(*) FROM transfers WHERE to_id = @id) AS n').pluck().get({ id }) as number);
      if (degree > query.limit) continue;
      const list: AccountTransfer[] = [];
      for await (const t of this.ledger(chain, a, query.asset !== undefined ? { asset: query.asset } : {})) list.push(t);
      out.set(a, list);
    }
    return out;
  }

  /** False only for a store of schema 2 opened read-only (not upgraded: it holds no conversions). */
  private hasConversions(): boolean {
    this.conversionTable ??= this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'conversions'").get() !== undefined;
    return this.conversionTable;
  }

  async *conversions(query: ChainQuery = {}): AsyncIterable<Conversion> {
    if (!this.hasConversions()) return;
    const where = query.chain !== undefined ? '(in_chain = @chain OR out_chain = @chain) AND' : '';
    const stmt = this.prepared(`SELECT * FROM conversions WHERE ${where} id > @after ORDER BY id LIMIT ${PAGE}`);
    let after = '';
    for (;;) {
      const rows = stmt.all({ ...query, after }) as ConversionRow[];
      for (const row of rows) yield rowToConversion(row);
      if (rows.length < PAGE) return;
      after = rows[rows.length - 1].id;
    }
  }

  async getConversion(id: string): Promise<Conversion | undefined> {
    if (!this.hasConversions()) return undefined;
    const row = this.prepared('SELECT * FROM conversions WHERE id = ?').get(id) as ConversionRow | undefined;
    return row ? rowToConversion(row) : undefined;
  }

  async conversionsByRef(chain: string, ref: string): Promise<Conversion[]> {
    if (!this.hasConversions()) return [];
    const key = isUtxoChain(chain) ? ref.toLowerCase() : ref;
    const stmt = this.prepared(
      'SELECT * FROM conversions WHERE id IN (SELECT conversion_id FROM conversion_refs WHERE chain = ? AND ref = ?) ORDER BY id',
    );
    return (stmt.all(chain, key) as ConversionRow[]).map(rowToConversion);
  }

  async replaceClustering(clustering: Clustering): Promise<void> {
    const db = this.db;
    const insertLink = db.prepare('INSERT INTO cluster_links (chain, a, b, heuristic, confidence, evidence, note) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const insertMember = db.prepare('INSERT OR REPLACE INTO clusters (chain, address, cluster_id) VALUES (?, ?, ?)');
    // The indexes are built once at the end (CLUSTER_INDEXES), with a larger page cache for the sorted build
    // and the WITHOUT ROWID members table; a rollback restores the old indexes with the old rows.
    db.pragma(`cache_size = -${CLUSTER_WRITE_CACHE_KIB}`);
    try {
      db.transaction(() => {
        db.exec(DROP_CLUSTER_INDEXES);
        db.exec('DELETE FROM cluster_links; DELETE FROM clusters; DELETE FROM tags WHERE inferred_from IS NOT NULL;');
        for (const l of clustering.links) insertLink.run(l.chain, l.a, l.b, l.heuristic, l.confidence, l.evidence, l.note ?? null);
        for (const m of clustering.assignments) insertMember.run(m.chain, m.address, m.clusterId);
        for (const tag of clustering.inferredTags) {
          this.insertTag({ ...tag, inferredFrom: tag.inferredFrom ?? { heuristic: 'unknown', evidence: [] } });
        }
        db.exec(CLUSTER_INDEXES);
      })();
    } finally {
      db.pragma(`cache_size = -${READ_CACHE_KIB}`);
    }
  }

  async clusterOf(chain: string, address: string): Promise<ClusterMembership | undefined> {
    const clusterId = this.prepared('SELECT cluster_id FROM clusters WHERE chain = ? AND address = ?').pluck().get(chain, address) as string | undefined;
    if (clusterId === undefined) return undefined;
    const members = this.prepared('SELECT address FROM clusters WHERE chain = ? AND cluster_id = ? ORDER BY address').pluck().all(chain, clusterId) as string[];
    return { clusterId, members };
  }

  async linksOf(chain: string, address: string): Promise<ClusterLink[]> {
    const rows = this.db
      .prepare(`SELECT * FROM cluster_links WHERE chain = @chain AND (a = @address OR b = @address) ORDER BY chain, a, b, heuristic, evidence`)
      .all({ chain, address }) as LinkRow[];
    return rows.map(rowToLink);
  }

  async *clusterLinks(query: ChainQuery = {}): AsyncIterable<ClusterLink> {
    const where = query.chain !== undefined ? 'WHERE chain = @chain' : '';
    const stmt = this.prepared(`SELECT rowid, * FROM cluster_links ${where} ORDER BY chain, a, b, heuristic, evidence`);
    for (const row of stmt.all(query) as LinkRow[]) yield rowToLink(row);
  }

  /**
   * Account transfers over integer address ids (the communities read path), in rowid order a page at a
   * time (a table scan: no sort, no index walk): the amount split as high * 10^12 + low by SQLite, so
   * that the caller adds numbers, not BigInts (text past 27 digits). Summed per pair by
   * src/clustering/flow-sums.ts.
   */
  accountFlows(query: AccountFlowQuery = {}): AccountFlows {
    const where = ['rowid > @after', 'to_id IS NOT NULL', 'from_id <> to_id', "amount <> '0'"];
    const params: Record<string, string | number> = {};
    if (query.asset !== undefined) {
      where.push('asset = @asset');
      params.asset = query.asset;
    }
    if (query.chains !== undefined) {
      where.push(`chain IN (${query.chains.map((_c, i) => `@chain${i}`).join(', ') || 'NULL'})`);
      query.chains.forEach((c, i) => {
        params[`chain${i}`] = c;
      });
    }
    const page = this.db
      .prepare(
        `SELECT from_id, to_id, asset,
           CASE WHEN length(amount) <= 12 THEN 0 WHEN length(amount) <= 27 THEN CAST(substr(amount, 1, length(amount) - 12) AS INTEGER) END,
           CASE WHEN length(amount) <= 12 THEN CAST(amount AS INTEGER) WHEN length(amount) <= 27 THEN CAST(substr(amount, -12) AS INTEGER) ELSE amount END,
           rowid
         FROM transfers WHERE ${where.join(' AND ')} ORDER BY rowid LIMIT ${FLOW_PAGE}`,
      )
      .raw();
    const addresses = this.db.prepare('SELECT id, chain, address FROM addresses').raw();
    function* pages(): Generator<AccountFlowRow[]> {
      let after = -1;
      for (;;) {
        // [from, to, asset, high, low, rowid]: the rowid, last, only pages on.
        const rows = page.all({ ...params, after }) as AccountFlowRow[];
        if (rows.length === 0) return;
        after = (rows[rows.length - 1] as unknown as number[])[5];
        yield rows;
      }
    }
    return { addresses: addresses.iterate() as IterableIterator<[number, string, string]>, pages: pages() };
  }

  async replaceCommunities(rows: CommunityAssignment[]): Promise<void> {
    const insert = this.prepared('INSERT OR REPLACE INTO communities (chain, address, community) VALUES (?, ?, ?)');
    this.db.transaction(() => {
      this.db.exec('DELETE FROM communities');
      for (const r of rows) insert.run(r.chain, r.address, r.community);
    })();
  }

  async communityOf(chain: string, address: string): Promise<number | undefined> {
    return this.prepared('SELECT community FROM communities WHERE chain = ? AND address = ?').pluck().get(chain, address) as number | undefined;
  }

  /** False only for an older store opened read-only (not upgraded: it holds no notes). */
  private hasNotes(): boolean {
    this.noteTable ??= this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'notes'").get() !== undefined;
    return this.noteTable;
  }

  async addNote(note: Note): Promise<void> {
    try {
      this.prepared('INSERT OR IGNORE INTO notes (id, chain, address, time, author, text) VALUES (@id, @chain, @address, @time, @author, @text)').run(note);
    } catch (e) {
      throw new LedgerhoundError('STORE_FAILURE', `cannot add a note to ${this.location}: ${(e as Error).message}`, { location: this.location }, { cause: e });
    }
  }

  async notesOf(chain: string, address: string): Promise<Note[]> {
    if (!this.hasNotes()) return [];
    return this.prepared('SELECT id, chain, address, time, author, text FROM notes WHERE chain = ? AND address = ? ORDER BY time, id').all(chain, address) as Note[];
  }

  async *notes(query: ChainQuery = {}): AsyncIterable<Note> {
    if (!this.hasNotes()) return;
    const where = query.chain !== undefined ? 'WHERE chain = @chain' : '';
    yield* this.prepared(`SELECT id, chain, address, time, author, text FROM notes ${where} ORDER BY chain, address, time, id`).all(query) as Note[];
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    // A closed store is one self-contained file (rollback journal, no -wal/-shm): SQLite cannot open a
    // WAL-mode file read-only in a write-protected folder (archived evidence). The next writer turns WAL on
    // again. While another connection has the file open the mode stays WAL, which is harmless.
    if (!this.db.readonly && !this.db.memory) {
      try {
        this.db.pragma('journal_mode = DELETE');
      } catch {
        // busy: another connection holds the file
      }
    }
    this.db.close();
  }
}

function emptySummary(): ImportSummary {
  return {
    transfers: { added: 0, existing: 0 },
    transactions: { added: 0, existing: 0 },
    tags: { added: 0, existing: 0 },
    conversions: { added: 0, existing: 0 },
  };
}

function conflict(kind: string, key: string, incomingSource: string, storedSource: string, incoming: unknown, stored: unknown): LedgerhoundError {
  return new LedgerhoundError('INTEGRITY', `${kind} ${key} in ${incomingSource} conflicts with the stored record from ${storedSource}`, {
    key,
    incoming,
    stored,
    incomingSource,
    storedSource,
  });
}

function asStoreError(e: unknown, source: string): LedgerhoundError {
  if (e instanceof LedgerhoundError) return e;
  return new LedgerhoundError('STORE_FAILURE', `import of ${source} failed: ${(e as Error).message}`, { source }, { cause: e });
}

interface TagRow {
  chain: string;
  address: string;
  label: string;
  category: string;
  source: string;
  confidence: number;
  note: string;
  inferred_from: string | null;
  extra: string | null;
  /** Absent in a store made before tags had `tlp`, opened read-only. */
  tlp?: string | null;
}

function rowToTag(row: TagRow): Tag {
  if (!isTagCategory(row.category)) throw new LedgerhoundError('STORE_FAILURE', `stored tag has unknown category ${row.category}`);
  const tag: Tag = {
    chain: row.chain,
    address: row.address,
    label: row.label,
    category: row.category,
    source: row.source,
    confidence: row.confidence,
  };
  if (row.note !== '') tag.note = row.note;
  if (row.inferred_from !== null) tag.inferredFrom = JSON.parse(row.inferred_from);
  if (row.extra !== null) tag.extra = JSON.parse(row.extra);
  if (row.tlp !== undefined && row.tlp !== null) {
    if (!isTlp(row.tlp)) throw new LedgerhoundError('STORE_FAILURE', `stored tag has unknown tlp ${row.tlp}`);
    tag.tlp = row.tlp;
  }
  return tag;
}

interface LinkRow {
  chain: string;
  a: string;
  b: string;
  heuristic: string;
  confidence: number;
  evidence: string;
  note: string | null;
}

function rowToLink(row: LinkRow): ClusterLink {
  const link: ClusterLink = { chain: row.chain, a: row.a, b: row.b, heuristic: row.heuristic, confidence: row.confidence, evidence: row.evidence };
  if (row.note !== null) link.note = row.note;
  return link;
}

function prepareStatements(db: Database.Database) {
  return {
    insertSource: db.prepare('INSERT OR IGNORE INTO sources (name, sha256, kind, format, retrieved_at, max_block) VALUES (?, ?, ?, ?, ?, ?)'),
    sourceId: db.prepare('SELECT id FROM sources WHERE name = ? AND sha256 = ?').pluck(),
    sourceName: db.prepare('SELECT name FROM sources WHERE id = ?').pluck(),
    insertTransfer: db.prepare(`${INSERT_TRANSFERS} ${TRANSFER_VALUES}`),
    insertTransfers: db.prepare(`${INSERT_TRANSFERS} ${Array(TRANSFER_CHUNK).fill(TRANSFER_VALUES).join(', ')}`),
    transferById: db.prepare(`${TRANSFER_SELECT} WHERE t.chain = ? AND t.id = ?`),
    addressId: db.prepare('SELECT id FROM addresses WHERE chain = ? AND address = ?').pluck(),
    maxTransferRow: db.prepare('SELECT COALESCE(MAX(rowid), 0) FROM transfers').pluck(),
    insertAddress: db.prepare('INSERT INTO addresses (chain, address) VALUES (?, ?)'),
    insertTx: db.prepare('INSERT OR IGNORE INTO utxo_tx (chain, txid, block, tx_index, time, body, source_id) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    txById: db.prepare('SELECT * FROM utxo_tx WHERE chain = ? AND txid = ?'),
    insertIn: db.prepare('INSERT INTO utxo_in (chain, txid, n, prev_txid, prev_vout, address, value) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    insertOut: db.prepare('INSERT INTO utxo_out (chain, txid, n, address, value) VALUES (?, ?, ?, ?, ?)'),
    spender: db.prepare('SELECT txid FROM utxo_in WHERE chain = ? AND prev_txid = ? AND prev_vout = ? ORDER BY txid LIMIT 1').pluck(),
    insertTag: db.prepare(
      'INSERT OR IGNORE INTO tags (chain, address, label, category, source, confidence, note, inferred_from, extra, tlp) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    tagsOf: db.prepare('SELECT * FROM tags WHERE chain = ? AND address = ? ORDER BY chain, address, source, label, category, confidence, note'),
    setCheckpoint: db.prepare('INSERT OR REPLACE INTO checkpoints (key, value) VALUES (?, ?)'),
    getCheckpoint: db.prepare('SELECT value FROM checkpoints WHERE key = ?').pluck(),
  };
}
