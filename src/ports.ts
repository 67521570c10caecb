// Ports: the interfaces the outside world implements for the domain core (hexagonal style).
// `GraphStore` is implemented by graph/sqlite (embedded default) and graph/neo4j; both must pass the
// same contract suite (test/contract/graph-store-spec.ts) and give byte-identical trace results.

import type { Conversion } from './model/conversion.js';
import type { ChainFamily } from './model/chain.js';
import type { Note } from './model/note.js';
import type { AccountTransfer } from './model/transfer.js';
import type { Tag } from './model/tag.js';
import type { UtxoTransaction } from './model/utxo.js';

/** Where a batch of records came from: an imported file or an adapter's fetch. */
export interface ImportSource {
  /** File path as given, or an adapter source such as `esplora:https://.../tx/<txid>` (credentials stripped). */
  name: string;
  /** SHA-256 (hex) of the file's bytes or of the raw response(s). */
  sha256: string;
  kind: 'file' | 'adapter';
  format?: string;
  /** ISO time the data was retrieved or imported. Not part of any content hash. */
  retrievedAt?: string;
  /** Highest block covered, when known. */
  maxBlock?: number;
}

/** A resumable ingest's progress marker, written in the same transaction as the records it covers. */
export interface Checkpoint {
  key: string;
  value: string;
}

/** Records written atomically: all of the batch or none of it. */
export interface ImportBatch {
  source: ImportSource;
  transfers?: AccountTransfer[];
  transactions?: UtxoTransaction[];
  tags?: Tag[];
  conversions?: Conversion[];
  checkpoint?: Checkpoint;
}

/** One part of a streamed import (a chunk of a large file). */
export interface ImportPart {
  transfers?: AccountTransfer[];
  transactions?: UtxoTransaction[];
  tags?: Tag[];
  conversions?: Conversion[];
}

export interface ImportCounts {
  added: number;
  /** Already stored with identical content (re-import): unchanged. */
  existing: number;
}

export interface ImportSummary {
  transfers: ImportCounts;
  transactions: ImportCounts;
  tags: ImportCounts;
  conversions: ImportCounts;
}

export interface ChainStats {
  transfers: number;
  transactions: number;
  minBlock: number | null;
  maxBlock: number | null;
}

export interface StoreStats {
  transfers: number;
  transactions: number;
  tags: number;
  conversions: number;
  /** Distinct addresses that appear in transfers, inputs, outputs or tags. */
  addresses: number;
  sources: number;
  clusterLinks: number;
  chains: Record<string, ChainStats>;
}

/** One reason to believe two addresses have one owner (clustering), with the transaction that shows it. */
export interface ClusterLink {
  chain: string;
  a: string;
  b: string;
  heuristic: string;
  /** 0-100. */
  confidence: number;
  /** Transaction id or transfer id that justifies the link. */
  evidence: string;
  note?: string;
}

export interface ClusterAssignment {
  chain: string;
  address: string;
  clusterId: string;
}

export interface ClusterMembership {
  clusterId: string;
  /** All member addresses, sorted. */
  members: string[];
}

/**
 * A clustering to store. Links and assignments may be any iterables (arrays, or rows produced on demand
 * from the builder's typed arrays, so 10^6 of them are never held as objects at once); a store may
 * iterate each more than once, so an iterable must start afresh on every iteration. A later assignment
 * of the same address replaces an earlier one.
 */
export interface Clustering {
  links: Iterable<ClusterLink>;
  assignments: Iterable<ClusterAssignment>;
  /** Tags inferred by heuristics (deposit addresses), each with `inferredFrom`. */
  inferredTags: Tag[];
}

export interface CommunityAssignment {
  chain: string;
  address: string;
  community: number;
}

/** Filters of `GraphStore.accountFlows`. */
export interface AccountFlowQuery {
  asset?: string;
  chains?: readonly string[];
}

/**
 * One account transfer of the communities read, over integer address ids: [from id, to id, asset, high,
 * low], the amount (> 0, base units) being high * 10^12 + low (both exact numbers), or, past 27 digits,
 * high null and low the decimal text. A row may carry more columns after these.
 */
export type AccountFlowRow = [number, number, string, number | null, number | string];

/**
 * Account transfers for communities (summed per pair by src/clustering/flow-sums.ts): `addresses` gives
 * [id, chain, address]; `pages` gives the transfers, a page of rows at a time, leaving out
 * self-transfers, zero amounts and transfers without a recipient.
 */
export interface AccountFlows {
  addresses: Iterable<[number, string, string]>;
  pages: Iterable<AccountFlowRow[]>;
}

/** `AccountFlows` read asynchronously (server stores): `addresses()` lists every id the pages used, once they are read. */
export interface StreamedAccountFlows {
  pages: AsyncIterable<AccountFlowRow[]>;
  addresses(): Iterable<[number, string, string]>;
}

export interface LedgerQuery {
  /** Only this asset. */
  asset?: string;
}

export interface ChainQuery {
  chain?: string;
}

/**
 * A row of a numbered chain scan (GraphStore.numberedPages): the transfer's fields in this order, its
 * parties as address numbers (addressNumbers; -1: no recipient), its amount as decimal text, its extra
 * fields as JSON text (null: none).
 */
export type ScanRow = readonly [
  id: string,
  txHash: string,
  block: number,
  txIndex: number,
  index: number,
  time: string | null,
  from: number,
  to: number,
  amount: string,
  extra: string | null,
];

/** A page of a numbered chain scan: its rows, and the text of address numbers, answered at once. */
export interface NumberedPage {
  readonly rows: readonly ScanRow[];
  addressOf(n: number): string;
  /** The texts of many numbers in one read, in their order. */
  addressesOf(numbers: readonly number[]): string[];
}

/**
 * The graph store. All lists come in a deterministic order so that results are reproducible:
 * transfers by (chain, block, txIndex, index, id); transactions by (chain, block, txIndex, txid);
 * tags by (chain, address, source, label, category); links by (chain, a, b, heuristic, evidence);
 * conversions by id (code-point order).
 * Addresses are canonical (src/model/address.ts) on the way in and out.
 */
export interface GraphStore {
  /** `sqlite` or `neo4j`. */
  readonly kind: string;
  /** Path or URL, credentials stripped. */
  readonly location: string;

  /**
   * Writes a batch atomically. Re-importing identical records changes nothing; a record that conflicts
   * with a stored one (same transfer id, txid or conversion id, other content) is an INTEGRITY error naming both, and
   * nothing of the batch is written.
   */
  importBatch(batch: ImportBatch): Promise<ImportSummary>;
  /**
   * Optional: writes a large source as parts arriving one after another, still atomically (one
   * transaction for all parts; an error in any part, or in `parts` itself, writes nothing). Stores without
   * it get the parts gathered into one importBatch (adapters/files/import-records.ts).
   */
  importStream?(source: ImportSource, parts: AsyncIterable<ImportPart>): Promise<ImportSummary>;
  getCheckpoint(key: string): Promise<string | undefined>;
  listSources(): Promise<ImportSource[]>;
  stats(): Promise<StoreStats>;
  /**
   * Optional (server stores): the chains `stats().chains` lists (a visible transfer or transaction), in
   * code-point order, without counting records: what `cluster build` needs of the statistics.
   */
  chainNames?(): Promise<string[]>;
  /**
   * Optional (server stores), for `cluster build`'s deposit-address rule: the distinct senders of
   * transfers to any of `addresses` on `chain`, and the transfers from or to any of `addresses` (each
   * once, in chain order), so that the rule reads its candidates' transfers instead of the whole chain.
   */
  sendersTo?(chain: string, addresses: readonly string[]): Promise<string[]>;
  transfersOfMany?(chain: string, addresses: readonly string[]): AsyncIterable<AccountTransfer>;

  getTransfer(chain: string, id: string): Promise<AccountTransfer | undefined>;
  getTransaction(chain: string, txid: string): Promise<UtxoTransaction | undefined>;
  /** Transfers from or to `address`, in chain order. */
  ledger(chain: string, address: string, query?: LedgerQuery): AsyncIterable<AccountTransfer>;
  /** The transaction that spends output `txid:vout`, if stored. */
  spenderOf(chain: string, txid: string, vout: number): Promise<UtxoTransaction | undefined>;
  /** Transactions with `address` among their inputs or outputs, in chain order. */
  transactionsOf(chain: string, address: string): AsyncIterable<UtxoTransaction>;
  transfers(query?: ChainQuery): AsyncIterable<AccountTransfer>;
  /**
   * Optional: the transfers of one chain and asset in chain order, a page (array) at a time: the tracer's
   * chain scan loops over each page without an await per row. Stores without it are read by `transfers`.
   */
  transferPages?(chain: string, asset: string): AsyncIterable<readonly AccountTransfer[]>;
  /**
   * Optional, with addressNumbers: transferPages as rows with address numbers instead of address text
   * (ScanRow). The tracer's scan turns a row into a transfer only when it concerns what it follows.
   */
  numberedPages?(chain: string, asset: string): AsyncIterable<NumberedPage>;
  /**
   * Optional: the store's number of each address of `chain` (undefined for one it does not hold): a
   * non-negative integer below 2^31, the same for the same address while the store is open. The tracer's
   * scan keys its clean balances by these numbers instead of by address text.
   */
  addressNumbers?(chain: string, addresses: readonly string[]): Promise<(number | undefined)[]>;
  /** Optional: the transfers of `chain`, counted up to `atMost` only (the tracer's choice of a chain scan). */
  countTransfers?(chain: string, atMost: number): Promise<number>;
  transactions(query?: ChainQuery): AsyncIterable<UtxoTransaction>;
  tags(query?: ChainQuery): AsyncIterable<Tag>;
  /** Direct and inferred tags of one address. */
  tagsOf(chain: string, address: string): Promise<Tag[]>;
  /**
   * True when every call is a round trip to a server (Neo4j): the tracer then reads tags, clusters and
   * ledgers per batch of addresses (the *Many methods below) instead of one address at a time.
   */
  readonly batchReads?: boolean;
  /** `tagsOf` for many addresses in one read: every address given is a key (no tags: an empty list). */
  tagsOfMany(chain: string, addresses: readonly string[]): Promise<Map<string, Tag[]>>;
  /**
   * Optional (server stores): every tag of `chain`, per address as `tagsOf` gives them, in a fixed number
   * of round trips; undefined when the chain has more than `limit` tags (then read them per batch).
   */
  tagsOfChain?(chain: string, limit: number): Promise<Map<string, Tag[]> | undefined>;
  /** `clusterOf` for many addresses in one read: addresses in no cluster are absent. */
  clustersOfMany(chain: string, addresses: readonly string[]): Promise<Map<string, ClusterMembership>>;
  /** `linksOf` for many addresses in one read: every address given is a key. */
  linksOfMany(chain: string, addresses: readonly string[]): Promise<Map<string, ClusterLink[]>>;
  /**
   * `ledger` for many addresses in one read, each in chain order, for the addresses with at most
   * `query.limit` transfers (all assets counted); busier addresses are absent: stream them with `ledger`.
   */
  ledgersOf(chain: string, addresses: readonly string[], query: LedgerQuery & { limit: number }): Promise<Map<string, AccountTransfer[]>>;
  /**
   * Conversions (FORMATS.md v2) with either leg on `query.chain` (all when absent). The tracer reads the
   * conversions of a case's chains once and indexes them by ref.
   */
  conversions(query?: ChainQuery): AsyncIterable<Conversion>;
  getConversion(id: string): Promise<Conversion | undefined>;
  /** Conversions that list `ref` (a transfer id, or an output `<txid>:<vout>`) among the refs of a leg on `chain`. */
  conversionsByRef(chain: string, ref: string): Promise<Conversion[]>;

  /** Replaces the stored clustering (links, cluster ids, inferred tags) atomically. */
  replaceClustering(clustering: Clustering): Promise<void>;
  clusterOf(chain: string, address: string): Promise<ClusterMembership | undefined>;
  /** Links with `address` on either side. */
  linksOf(chain: string, address: string): Promise<ClusterLink[]>;
  clusterLinks(query?: ChainQuery): AsyncIterable<ClusterLink>;
  /** Optional fast read for communities (SQLite): transfers over integer address ids, amounts as numbers. */
  accountFlows?(query?: AccountFlowQuery): AccountFlows;
  /** Optional fast read for communities (server stores): the rows of `accountFlows`, in any order, streamed. */
  streamAccountFlows?(query?: AccountFlowQuery): StreamedAccountFlows;
  /** Replaces the stored community assignment atomically. */
  replaceCommunities(rows: CommunityAssignment[]): Promise<void>;
  communityOf(chain: string, address: string): Promise<number | undefined>;

  /** Adds an analyst note (src/model/note.ts): append-only; the same note (same id) again changes nothing. */
  addNote(note: Note): Promise<void>;
  /** The notes on one address, by time then id. */
  notesOf(chain: string, address: string): Promise<Note[]>;
  /** Every note (on `query.chain` when given), by chain, address, time, id. */
  notes(query?: ChainQuery): AsyncIterable<Note>;

  close(): Promise<void>;
}

/**
 * What `ledgerhound expand` needs from a chain source (node, Esplora, Etherscan, TronGrid): the records
 * around a coin or an address, fetched on demand. Implemented in adapters/<chain>/.
 */
export interface ExpansionSource {
  readonly chain: string;
  /** Human description for progress and evidence, credentials stripped. */
  readonly description: string;
  /** UTXO: a transaction with resolved inputs. */
  getTransaction?(txid: string): Promise<UtxoTransaction | undefined>;
  /** UTXO: the transaction spending `txid:vout`, if spent. */
  getSpender?(txid: string, vout: number): Promise<UtxoTransaction | undefined>;
  /** Account: transfers from and/or to an address, all assets. */
  getTransfersOf?(address: string, direction: 'in' | 'out' | 'both'): Promise<AccountTransfer[]>;
  /** How many transactions an address has (to skip very busy addresses), when the source can tell. */
  getActivityCount?(address: string): Promise<number | undefined>;
}

/** One option an adapter needs, declared as data: entry points (CLI flags, web forms) are built from it. */
export interface AdapterOption {
  /** The key of its value: the camelCase of the long flag (`rpcCookie` for `--rpc-cookie <file>`). */
  key: string;
  /** The command-line form in commander syntax: `--rpc-cookie <file>`, `--offline`. */
  flags: string;
  description: string;
  /** Default value, as it would be typed. */
  default?: string;
}

/** What an adapter's actions get besides their option values. `Transport` is the adapters' HTTP settings. */
export interface AdapterContext<Transport = unknown> {
  store: GraphStore;
  transport: Transport;
  /** Stops a long ingest between batches (what is committed stays; a rerun resumes). */
  signal?: AbortSignal;
  /** Progress: how many `unit`s (batches, blocks, pages) are done. */
  onProgress?(done: number, unit: string): void;
  /** Opens another store by location (`--from-store`); adapters never open stores themselves. */
  openStore?(location: string): Promise<GraphStore>;
  /** Registers cleanup to run when the entry point ends. */
  defer?(fn: () => Promise<void>): void;
}

/** What an ingest did: how, from where, and its counts (each family adds its own details). */
export interface IngestReport {
  /** How the data came: `rpc`, `esplora`, `blk-files`, `blocks`, `etherscan`, `logs`, `trongrid`. */
  mode: string;
  /** The source, credentials stripped. */
  source: string;
  [detail: string]: unknown;
}

/** An expansion source a command line or form can select by one option (`--rpc`, `--etherscan`...). */
export interface ExpansionSourceFactory<Transport = unknown, Source extends ExpansionSource = ExpansionSource> {
  /** The key of the selecting option's value (`rpc` for `--rpc <url>`). */
  key: string;
  family: ChainFamily | 'any';
  /** The selecting option first, then its helpers. */
  options: AdapterOption[];
  /** One source, or one per chain (a reference store holding several chains). */
  create(values: Record<string, unknown>, ctx: AdapterContext<Transport>): Promise<Source | Source[]>;
}

/**
 * A chain family's adapter (adapters/<family>/index.ts): the chains it serves, how it ingests, and the
 * expansion sources it offers, with the options each needs declared as data. app/ holds the registry.
 */
export interface ChainAdapter<Transport = unknown, Source extends ExpansionSource = ExpansionSource> {
  family: ChainFamily;
  /** The chain names it serves. */
  chains(): string[];
  ingest: {
    description: string;
    options: AdapterOption[];
    /** Validates the values (INVALID_INPUT naming the option) and ingests into ctx.store. */
    run(values: Record<string, unknown>, ctx: AdapterContext<Transport>): Promise<IngestReport>;
  };
  expansionSources: ExpansionSourceFactory<Transport, Source>[];
}
