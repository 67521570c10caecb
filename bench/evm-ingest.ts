// Bench child: ingest a block range from a node (GETH_RPC_URL) into a fresh SQLite store with the EVM
// adapter (blocks, receipts, callTracer traces, token metadata). Prints one JSON line, then peak RSS.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { EvmRpc } from '../adapters/evm/evm-rpc.js';
import { ingestBlocks } from '../adapters/evm/ingest-blocks.js';
import { openSqliteStore } from '../graph/sqlite/sqlite-store.js';
import { reportPeakRss } from './table.js';

const [from, to] = [Number(process.argv[2]), Number(process.argv[3])];
const store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'lh-bench-evm-')), 'case.db'));
const rpc = new EvmRpc({ baseUrl: process.env.GETH_RPC_URL! });
const t0 = performance.now();
const res = await ingestBlocks(store, rpc, { chain: 'dev', from, to, batchBlocks: 50 });
const seconds = (performance.now() - t0) / 1000;
await store.close();
console.log(JSON.stringify({ blocks: res.blocks, transfers: res.transfers.added, traces: res.traces, seconds }));
reportPeakRss();
