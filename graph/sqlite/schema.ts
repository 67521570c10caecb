// Schema of the embedded case store (SQLite through better-sqlite3). Amounts are TEXT: SQLite integers
// are int64 and wei amounts overflow them. Indexes follow the tracer's access paths: an address's
// ledger in chain order, the spender of an outpoint, and whole-chain scans in chain order. Transfers
// name their addresses by integer id (table `addresses`): the ledger indexes stay small, which makes
// bulk imports about 2.5 times faster than with address strings in every index entry.
// Conversions (FORMATS.md v2) are kept whole as canonical JSON (`body`); `conversion_refs` indexes their
// refs so that the conversion a transfer or output belongs to is one lookup. `notes` holds analysts' notes
// on addresses (src/model/note.ts), added to older stores when they are opened for writing.

export const SCHEMA_VERSION = '3';

/** Older schema versions this one upgrades in place (every table is `IF NOT EXISTS`): 2 -> 3 adds conversions. */
export const UPGRADABLE_VERSIONS: readonly string[] = ['2'];

/**
 * The secondary indexes of transfers. A bulk import (sqlite-store.ts) drops them inside its transaction
 * and builds them again before it commits: one sorted build is several times cheaper than keeping three
 * indexes up to date row by row (random address ids). UNIQUE (chain, id) stays: it makes imports idempotent.
 */
export const TRANSFER_INDEXES = `CREATE INDEX IF NOT EXISTS transfers_order ON transfers (chain, block, tx_index, idx);
CREATE INDEX IF NOT EXISTS transfers_from ON transfers (from_id, block, tx_index, idx);
CREATE INDEX IF NOT EXISTS transfers_to ON transfers (to_id, block, tx_index, idx);`;

export const DROP_TRANSFER_INDEXES = 'DROP INDEX IF EXISTS transfers_order; DROP INDEX IF EXISTS transfers_from; DROP INDEX IF EXISTS transfers_to;';

/**
 * The secondary indexes of a clustering. `replaceClustering` (sqlite-store.ts) drops them inside its
 * transaction and builds them again before it commits, as a bulk import does with TRANSFER_INDEXES: a
 * clustering is always written whole, and at 10^6 links keeping these indexes up to date row by row (random
 * addresses) was half the write's CPU and most of its system time (issue 19).
 */
export const CLUSTER_INDEXES = `CREATE INDEX IF NOT EXISTS cluster_links_a ON cluster_links (chain, a);
CREATE INDEX IF NOT EXISTS cluster_links_b ON cluster_links (chain, b);
CREATE INDEX IF NOT EXISTS clusters_id ON clusters (chain, cluster_id);`;

export const DROP_CLUSTER_INDEXES = 'DROP INDEX IF EXISTS cluster_links_a; DROP INDEX IF EXISTS cluster_links_b; DROP INDEX IF EXISTS clusters_id;';

export const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS sources (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  kind TEXT NOT NULL,
  format TEXT,
  retrieved_at TEXT,
  max_block INTEGER,
  UNIQUE (name, sha256)
);

CREATE TABLE IF NOT EXISTS checkpoints (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS addresses (
  id INTEGER PRIMARY KEY,
  chain TEXT NOT NULL,
  address TEXT NOT NULL,
  UNIQUE (chain, address)
);

CREATE TABLE IF NOT EXISTS transfers (
  chain TEXT NOT NULL,
  id TEXT NOT NULL,
  asset TEXT NOT NULL,
  tx_hash TEXT NOT NULL,
  block INTEGER NOT NULL,
  tx_index INTEGER NOT NULL,
  idx INTEGER NOT NULL,
  time TEXT,
  from_id INTEGER NOT NULL,
  to_id INTEGER,
  amount TEXT NOT NULL,
  extra TEXT,
  source_id INTEGER NOT NULL,
  UNIQUE (chain, id)
);
${TRANSFER_INDEXES}

CREATE TABLE IF NOT EXISTS utxo_tx (
  chain TEXT NOT NULL,
  txid TEXT NOT NULL,
  block INTEGER NOT NULL,
  tx_index INTEGER NOT NULL,
  time TEXT,
  body TEXT NOT NULL,
  source_id INTEGER NOT NULL,
  UNIQUE (chain, txid)
);
CREATE INDEX IF NOT EXISTS utxo_tx_order ON utxo_tx (chain, block, tx_index, txid);

CREATE TABLE IF NOT EXISTS utxo_in (
  chain TEXT NOT NULL,
  txid TEXT NOT NULL,
  n INTEGER NOT NULL,
  prev_txid TEXT,
  prev_vout INTEGER,
  address TEXT,
  value TEXT NOT NULL,
  PRIMARY KEY (chain, txid, n)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS utxo_in_prevout ON utxo_in (chain, prev_txid, prev_vout);
CREATE INDEX IF NOT EXISTS utxo_in_address ON utxo_in (chain, address);

CREATE TABLE IF NOT EXISTS utxo_out (
  chain TEXT NOT NULL,
  txid TEXT NOT NULL,
  n INTEGER NOT NULL,
  address TEXT,
  value TEXT NOT NULL,
  PRIMARY KEY (chain, txid, n)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS utxo_out_address ON utxo_out (chain, address);

CREATE TABLE IF NOT EXISTS tags (
  chain TEXT NOT NULL,
  address TEXT NOT NULL,
  label TEXT NOT NULL,
  category TEXT NOT NULL,
  source TEXT NOT NULL,
  confidence INTEGER NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  inferred_from TEXT,
  extra TEXT,
  tlp TEXT,
  UNIQUE (chain, address, source, label, category, confidence, note)
);

CREATE TABLE IF NOT EXISTS cluster_links (
  chain TEXT NOT NULL,
  a TEXT NOT NULL,
  b TEXT NOT NULL,
  heuristic TEXT NOT NULL,
  confidence INTEGER NOT NULL,
  evidence TEXT NOT NULL,
  note TEXT
);

CREATE TABLE IF NOT EXISTS clusters (
  chain TEXT NOT NULL,
  address TEXT NOT NULL,
  cluster_id TEXT NOT NULL,
  PRIMARY KEY (chain, address)
) WITHOUT ROWID;
${CLUSTER_INDEXES}

CREATE TABLE IF NOT EXISTS conversions (
  id TEXT PRIMARY KEY,
  in_chain TEXT NOT NULL,
  out_chain TEXT,
  body TEXT NOT NULL,
  source_id INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS conversion_refs (
  chain TEXT NOT NULL,
  ref TEXT NOT NULL,
  side TEXT NOT NULL,
  conversion_id TEXT NOT NULL,
  PRIMARY KEY (chain, ref, side, conversion_id)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS notes (
  id TEXT PRIMARY KEY,
  chain TEXT NOT NULL,
  address TEXT NOT NULL,
  time TEXT NOT NULL,
  author TEXT NOT NULL,
  text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS notes_address ON notes (chain, address, time, id);

CREATE TABLE IF NOT EXISTS communities (
  chain TEXT NOT NULL,
  address TEXT NOT NULL,
  community INTEGER NOT NULL,
  PRIMARY KEY (chain, address)
) WITHOUT ROWID;
`;
