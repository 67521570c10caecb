// Bench child: ERC-20 Transfer log decoding throughput on real mainnet logs (the 681 logs of blocks
// 17,173,049-17,173,050 from ethereum-etl, SOURCES.md), repeated to a large workload. Prints one JSON line
// with counts and seconds, then the peak RSS line read by measureChild.

import { performance } from 'node:perf_hooks';
import { extractTokenTransfers, type RpcLog } from '../adapters/evm/parse-logs.js';
import { readJsonLines } from '../test/evm/support/oracle.js';
import { reportPeakRss } from './table.js';

const repeat = Number(process.argv[2] ?? 500);
const rows = readJsonLines('test_stream/blocks_17173049_17173050/expected_logs.json');
const logs: RpcLog[] = rows.map((l) => ({
  address: String(l.address),
  topics: l.topics as string[],
  data: String(l.data),
  blockNumber: `0x${Number(l.block_number).toString(16)}`,
  transactionIndex: `0x${Number(l.transaction_index).toString(16)}`,
  logIndex: `0x${Number(l.log_index).toString(16)}`,
  transactionHash: String(l.transaction_hash),
}));
let transfers = 0;
const t0 = performance.now();
for (let i = 0; i < repeat; i++) transfers += extractTokenTransfers('ethereum', logs, { call: 'bench' }).length;
const seconds = (performance.now() - t0) / 1000;
console.log(JSON.stringify({ logs: logs.length * repeat, transfers, seconds }));
reportPeakRss();
