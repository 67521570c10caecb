// Bench helper: writes the clustering bench's UTXO workload (clustering-utxo-workload.ts) into a new
// SQLite store, 10,000 transactions an import batch, so that `ledgerhound cluster build` can be measured
// as the command runs (reading the transactions from the store). Prints the seconds it took.
// Usage: tsx bench/clustering-store.ts <store.db> <N> [seed]

import { openSqliteStore } from '../graph/sqlite/sqlite-store.js';
import type { UtxoTransaction } from '../src/model/utxo.js';
import { utxoWorkload } from './clustering-utxo-workload.js';

const [path, n, seed] = [process.argv[2], Number(process.argv[3] ?? 1_000_000), Number(process.argv[4] ?? 1)];
const store = openSqliteStore(path);
const started = process.hrtime.bigint();
let part: UtxoTransaction[] = [];
let k = 0;
const flush = async () => {
  await store.importBatch({ source: { name: `clustering-bench-${n}-${seed}-${k++}`, kind: 'file', format: 'bench', sha256: `${n}-${seed}-${k}` }, transactions: part });
  part = [];
};
for (const tx of utxoWorkload(n, seed)) {
  part.push(tx);
  if (part.length === 10_000) await flush();
}
if (part.length > 0) await flush();
await store.close();
console.log(JSON.stringify({ transactions: n, seconds: Number(process.hrtime.bigint() - started) / 1e9 }));
