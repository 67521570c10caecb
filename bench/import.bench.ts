// Import throughput of the embedded store: 1,000,000 generated transfers (JSON Lines) into a new
// SQLite case store (`importFile`, as `ledgerhound import` runs it: validated, atomic, idempotent),
// beside the plain baseline measured in the same run (bench/import-plain-child.ts: the same rows into
// the same schema, no validation) and the SQLite floor (bench/import-floor-child.ts: the same rows already
// parsed, written the bulk way with no JavaScript work timed: no import can be faster on this schema),
// each in a child process (wall time, CPU of the load, peak RSS). Goal
// (issue 19): >= 200,000 transfers/s. BENCH_IMPORT_COUNT sets the size. On a shared machine wall time
// follows the load: the CPU ratio is the steadier figure. The import parses in a worker thread for large
// files (adapters/files/transfer-parse-thread.ts): its CPU is counted too. BENCH_IMPORT_SINGLE=1 adds a
// row for the single-threaded parse (BENCH_IMPORT_THREAD=0) measured in the same run.

import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateTransfers } from './generate-transfers.js';
import { type BenchRow, fmtBytes, fmtRate, fmtRatio, fmtSeconds, measureChild } from './table.js';

const here = (f: string) => new URL(f, import.meta.url).pathname;
const cpuOf = (stdout: string): number => Number(/IMPORT_CPU_SECONDS=([\d.e-]+)/.exec(stdout)?.[1] ?? 0);

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
    const plainCpu = cpuOf(plain.stdout);
    const floor = measureChild(here('./import-floor-child.ts'), [file, db]);
    clean();
    const floorCpu = cpuOf(floor.stdout);
    const baseline = `plain insert, no validation: ${fmtRate(count, plain.seconds, 'transfers')}, ${fmtSeconds(plain.seconds)} (cpu ${fmtSeconds(plainCpu)}), ${fmtBytes(plain.peakRssBytes)}; SQLite floor (rows parsed beforehand, bulk writes only): cpu ${fmtSeconds(floorCpu)}, ${fmtRate(count, floorCpu, 'transfers')} of cpu`;
    const row = (label: string, env: Record<string, string>): BenchRow => {
      clean();
      const m = measureChild(here('./import-child.ts'), [file, db], env);
      const records = Number(/RECORDS=(\d+)/.exec(m.stdout)?.[1] ?? 0);
      const cpu = cpuOf(m.stdout);
      return {
        area: 'import',
        case: `${count.toLocaleString('en-US')} transfers JSONL -> SQLite (validated, atomic${label})`,
        figure: `${fmtRate(records, m.seconds, 'transfers')} (cpu ${fmtRate(records, cpu, 'transfers')})`,
        time: `${fmtSeconds(m.seconds)} (cpu ${fmtSeconds(cpu)})`,
        peakMemory: fmtBytes(m.peakRssBytes),
        baseline,
        ratio: `${fmtRatio(m.seconds, plain.seconds)} (cpu ${fmtRatio(cpu, plainCpu)})`,
        goal: '>= 200,000 transfers/s',
      };
    };
    const rows = [row('', {})];
    if (process.env.BENCH_IMPORT_SINGLE === '1') rows.push(row(', parse on one thread', { BENCH_IMPORT_THREAD: '0' }));
    return rows;
  } finally {
    clean();
  }
}
