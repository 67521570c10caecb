// Bench floor (child process) for the import row: what SQLite alone costs for the same rows in the same
// schema (graph/sqlite/schema.ts), done the bulk way and with no JavaScript work in the timed part. The
// JSON Lines are parsed and the addresses numbered first (not timed); then, timed: the address rows, the
// transfer rows 32 per INSERT into the table with its `UNIQUE (chain, id)` index, the three secondary
// indexes built after the load (as the bulk import does), and the commit. No import can be faster than
// this on this schema, so it bounds the transfers per second the goal asks for.
// Prints RECORDS, IMPORT_CPU_SECONDS (the timed part, user + system) and the peak RSS (read by measureChild).
// Usage: tsx bench/import-floor-child.ts <jsonl file> <store path>

import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { DROP_TRANSFER_INDEXES, SCHEMA, TRANSFER_INDEXES } from '../graph/sqlite/schema.js';
import { reportPeakRss } from './table.js';

const COLUMNS = 13;
const CHUNK = 32;

const [file, path] = process.argv.slice(2);
const addresses: [string, string][] = [];
const ids = new Map<string, number>();
const idOf = (chain: string, a: string) => {
  const key = `${chain}\u0000${a}`;
  let id = ids.get(key);
  if (id === undefined) {
    addresses.push([chain, a]);
    id = addresses.length;
    ids.set(key, id);
  }
  return id;
};
const values: unknown[] = [];
for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY })) {
  if (line === '') continue;
  const r = JSON.parse(line);
  values.push(r.chain, r.id, r.asset, r.txHash, r.block, r.txIndex, r.index, r.time ?? null, idOf(r.chain, r.from), r.to === null ? null : idOf(r.chain, r.to), r.amount, null, 1);
}
ids.clear();
const records = values.length / COLUMNS;

const db = new Database(path);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec(SCHEMA);
db.pragma('cache_size = -524288');
const insertAddress = db.prepare('INSERT INTO addresses (id, chain, address) VALUES (?, ?, ?)');
const columns = 'INSERT OR IGNORE INTO transfers (chain, id, asset, tx_hash, block, tx_index, idx, time, from_id, to_id, amount, extra, source_id) VALUES';
const row = `(${new Array(COLUMNS).fill('?').join(', ')})`;
const insertChunk = db.prepare(`${columns} ${new Array(CHUNK).fill(row).join(', ')}`);
const insertOne = db.prepare(`${columns} ${row}`);

const cpu = process.cpuUsage();
db.exec('BEGIN');
db.exec(DROP_TRANSFER_INDEXES);
for (let i = 0; i < addresses.length; i++) insertAddress.run(i + 1, addresses[i][0], addresses[i][1]);
const chunk = new Array<unknown>(CHUNK * COLUMNS);
let at = 0;
for (; at + CHUNK <= records; at += CHUNK) {
  for (let i = 0; i < CHUNK * COLUMNS; i++) chunk[i] = values[at * COLUMNS + i];
  insertChunk.run(chunk);
}
for (; at < records; at++) insertOne.run(values.slice(at * COLUMNS, (at + 1) * COLUMNS));
db.exec(TRANSFER_INDEXES);
db.exec('COMMIT');
const used = process.cpuUsage(cpu);
db.close();
console.log(`RECORDS=${records}`);
console.log(`IMPORT_CPU_SECONDS=${(used.user + used.system) / 1e6}`);
reportPeakRss();
