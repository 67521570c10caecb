// Bench baseline (child process): the plain scan a trace is compared with. Reads every transfer of a
// store in chain order (block, txIndex, index) straight from SQLite, with both addresses resolved and
// the amount as a BigInt, and does nothing else (sums the amounts so the work is not optimised away).
// Prints SCAN_SECONDS, SCAN_CPU_SECONDS, ROWS and the peak RSS (read by measureChild).
// Usage: tsx bench/scan-child.ts <store path>

import Database from 'better-sqlite3';
import { reportPeakRss } from './table.js';

const db = new Database(process.argv[2], { readonly: true });
const started = process.hrtime.bigint();
const cpu0 = process.cpuUsage();
const stmt = db.prepare(`SELECT t.id, t.block, t.tx_index, t.idx, fa.address AS from_addr, ta.address AS to_addr, t.amount
  FROM transfers t JOIN addresses fa ON fa.id = t.from_id LEFT JOIN addresses ta ON ta.id = t.to_id
  WHERE t.chain = 'ethereum' ORDER BY t.chain, t.block, t.tx_index, t.idx`);
let rows = 0;
let sum = 0n;
let chars = 0;
for (const r of stmt.iterate() as Iterable<{ id: string; from_addr: string; to_addr: string | null; amount: string }>) {
  rows++;
  sum += BigInt(r.amount);
  chars += r.from_addr.length + (r.to_addr?.length ?? 0);
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const cpu = process.cpuUsage(cpu0);
console.log(`SCAN_SECONDS=${seconds}`);
console.log(`SCAN_CPU_SECONDS=${(cpu.user + cpu.system) / 1e6}`);
console.log(`ROWS=${rows}`);
console.log(`CHECK=${sum % 1000n}/${chars}`);
db.close();
reportPeakRss();
