// Import throughput of the embedded store: 1,000,000 generated transfers (JSON Lines) into a new
// SQLite case store (`importFile`, as `ledgerhound import` runs it: validated, atomic, idempotent),
// beside the plain baseline measured in the same run (bench/import-plain-child.ts: the same rows into
// the same schema, no validation), each in a child process (wall time, peak RSS). Goal (issue 19):
// >= 200,000 transfers/s. BENCH_IMPORT_COUNT sets the size.

import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateTransfers } from './generate-transfers.js';
import { type BenchRow, fmtBytes, fmtRate, fmtRatio, fmtSeconds, measureChild } from './table.js';

const here = (f: string) => new URL(f, import.meta.url).pathname;

export async function run(): Promise<BenchRow[]> {
  const count = Number(process.env.BENCH_IMPORT_COUNT ?? 1_000_000);
  const file = join(tmpdir(), `ledgerhound-bench-transfers-${count}.jsonl`);
  await generateTransfers(file, count);
  const db = join(tmpdir(), `ledgerhound-bench-import-${process.pid}.db`);
  const clean = () => {
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${db}${suffix}`, { force: true });
  };
  try {
    clean();
    const plain = measureChild(here('./import-plain-child.ts'), [file, db]);
    clean();
    const m = measureChild(here('./import-child.ts'), [file, db]);
    const records = Number(/RECORDS=(\d+)/.exec(m.stdout)?.[1] ?? 0);
    return [
      {
        area: 'import',
        case: `${count.toLocaleString('en-US')} transfers JSONL -> SQLite (validated, atomic)`,
        figure: fmtRate(records, m.seconds, 'transfers'),
        time: fmtSeconds(m.seconds),
        peakMemory: fmtBytes(m.peakRssBytes),
        baseline: `plain insert, no validation: ${fmtRate(count, plain.seconds, 'transfers')}, ${fmtSeconds(plain.seconds)}, ${fmtBytes(plain.peakRssBytes)}`,
        ratio: fmtRatio(m.seconds, plain.seconds),
        goal: '>= 200,000 transfers/s',
      },
    ];
  } finally {
    clean();
  }
}
