// Bench child: decodes the two real mainnet blocks of btcd's test data (574,200: 3,315 transactions;
// 540,107: 230) repeatedly for about `seconds` and prints TXS=<n> WORK_SECONDS=<s>, then the peak RSS.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { decodeBlock } from '../adapters/bitcoin/decode.js';
import { reportPeakRss } from './table.js';

const dir = fileURLToPath(new URL('../../shared/data/btcd/wire/testdata/', import.meta.url));
const files = [
  'block-0000000000000000001602407ac49862a7bca9d00f7f402db20b7be2f5de59d2.blk',
  'block-00000000000000000021868c2cefc52a480d173c849412fe81c4e5ab806f94ab.blk',
].map((f) => readFileSync(`${dir}${f}`));
const budget = Number(process.argv[2] ?? 5);
let txs = 0;
let outputs = 0;
const started = process.hrtime.bigint();
let seconds = 0;
while (seconds < budget) {
  for (const raw of files) {
    const block = decodeBlock(raw, 'bitcoin');
    txs += block.transactions.length;
    for (const t of block.transactions) outputs += t.outputs.length;
  }
  seconds = Number(process.hrtime.bigint() - started) / 1e9;
}
console.log(`TXS=${txs} OUTPUTS=${outputs} WORK_SECONDS=${seconds.toFixed(3)}`);
reportPeakRss();
