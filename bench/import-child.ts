// Bench child: imports one file into a fresh embedded store and prints the record count, the CPU seconds
// of the import (user + system of the process, the parse thread included) and the peak RSS.
// BENCH_IMPORT_THREAD=0|1 forces the single-threaded or the threaded parse (default: by file size).

import { importFile } from '../adapters/files/import-files.js';
import { limitHeapGrowth } from '../cli/heap-growth.js';
import { openSqliteStore } from '../graph/sqlite/sqlite-store.js';
import { reportPeakRss } from './table.js';

// As the CLI does (cli/heap-growth.ts): the figures are those of the command.
limitHeapGrowth();

const [file, db] = process.argv.slice(2);
const store = openSqliteStore(db);
const thread = process.env.BENCH_IMPORT_THREAD;
const cpu = process.cpuUsage();
const result = await importFile(store, file, thread === undefined || thread === '' ? {} : { parseThread: thread === '1' });
await store.close();
const used = process.cpuUsage(cpu);
console.log(`RECORDS=${result.summary.transfers.added}`);
console.log(`IMPORT_CPU_SECONDS=${(used.user + used.system) / 1e6}`);
reportPeakRss();
