// Import throughput of the embedded store: 1,000,000 generated transfers (JSON Lines) into a new
// SQLite case store, measured in a child process (wall time, peak RSS). Goal: >= 100,000 transfers/s.

import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateTransfers } from './generate-transfers.js';
import { type BenchRow, fmtBytes, fmtRate, fmtSeconds, measureChild } from './table.js';

export async function run(): Promise<BenchRow[]> {
  const count = Number(process.env.BENCH_IMPORT_COUNT ?? 1_000_000);
  const file = join(tmpdir(), `ledgerhound-bench-transfers-${count}.jsonl`);
  await generateTransfers(file, count);
  const db = join(tmpdir(), `ledgerhound-bench-import-${process.pid}.db`);
  try {
    const m = measureChild(new URL('./import-child.ts', import.meta.url).pathname, [file, db]);
    const records = Number(/RECORDS=(\d+)/.exec(m.stdout)?.[1] ?? 0);
    return [
      {
        area: 'import',
        case: `${count.toLocaleString('en-US')} transfers JSONL -> SQLite`,
        figure: fmtRate(records, m.seconds, 'transfers'),
        time: fmtSeconds(m.seconds),
        peakMemory: fmtBytes(m.peakRssBytes),
        goal: '>= 100,000 transfers/s',
      },
    ];
  } finally {
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${db}${suffix}`, { force: true });
  }
}
