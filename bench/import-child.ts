// Bench child: imports one file into a fresh embedded store and prints the record count and peak RSS.
import { importFile } from '../adapters/files/import-files.js';
import { openSqliteStore } from '../graph/sqlite/sqlite-store.js';
import { reportPeakRss } from './table.js';

const [file, db] = process.argv.slice(2);
const store = openSqliteStore(db);
const result = await importFile(store, file);
await store.close();
console.log(`RECORDS=${result.summary.transfers.added}`);
reportPeakRss();
