// Bench child: ingests blocks FROM..TO from the node at BTCD_RPC_URL (BTCD_RPC_USER / BTCD_RPC_PASS)
// into a new SQLite store at argv[2], prevouts resolved from the store, and prints
// BLOCKS=<n> TXS=<n> WORK_SECONDS=<s>, then the peak RSS.

import { ingestRpcBlocks } from '../adapters/bitcoin/ingest-rpc.js';
import { createBitcoinRpc } from '../adapters/bitcoin/rpc.js';
import { openSqliteStore } from '../graph/sqlite/sqlite-store.js';
import { reportPeakRss } from './table.js';

const [db, from, to] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
const node = createBitcoinRpc({ url: process.env.BTCD_RPC_URL as string, credentials: { user: process.env.BTCD_RPC_USER ?? '', password: process.env.BTCD_RPC_PASS ?? '' } });
const store = openSqliteStore(db);
const started = process.hrtime.bigint();
const sum = await ingestRpcBlocks(node, store, { from, to, confirmations: 1 });
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
await store.close();
console.log(`BLOCKS=${sum.batches} TXS=${sum.transactions.added} WORK_SECONDS=${seconds.toFixed(3)}`);
reportPeakRss();
