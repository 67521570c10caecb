// Bench baseline (child process) for the import row: the same JSON Lines transfers into a new store of
// the same schema (graph/sqlite/schema.ts, indexes included) with no validation at all: JSON.parse per
// line, addresses to ids through a Map, one INSERT per transfer, one transaction. Prints RECORDS and
// the CPU seconds of the load (user + system) and the peak RSS (read by measureChild).
// Usage: tsx bench/import-plain-child.ts <jsonl file> <store path>

import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { SCHEMA } from '../graph/sqlite/schema.js';
import { reportPeakRss } from './table.js';

const [file, path] = process.argv.slice(2);
const db = new Database(path);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec(SCHEMA);
const insertAddress = db.prepare('INSERT INTO addresses (chain, address) VALUES (?, ?)');
const insert = db.prepare(
  'INSERT INTO transfers (chain, id, asset, tx_hash, block, tx_index, idx, time, from_id, to_id, amount, extra, source_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, 1)',
);
const ids = new Map<string, number>();
const idOf = (chain: string, a: string) => {
  const key = `${chain}\u0000${a}`;
  let id = ids.get(key);
  if (id === undefined) {
    id = Number(insertAddress.run(chain, a).lastInsertRowid);
    ids.set(key, id);
  }
  return id;
};
let records = 0;
const cpu = process.cpuUsage();
db.exec('BEGIN');
for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY })) {
  if (line === '') continue;
  const r = JSON.parse(line);
  insert.run(r.chain, r.id, r.asset, r.txHash, r.block, r.txIndex, r.index, r.time ?? null, idOf(r.chain, r.from), r.to === null ? null : idOf(r.chain, r.to), r.amount);
  records++;
}
db.exec('COMMIT');
db.close();
const used = process.cpuUsage(cpu);
console.log(`RECORDS=${records}`);
console.log(`IMPORT_CPU_SECONDS=${(used.user + used.system) / 1e6}`);
reportPeakRss();
