// Trace time and peak memory (bench/trace-child.ts in a fresh process each) for synthetic laundering
// cases of 10^4, 10^5 and 10^6 transfers that taint reaches almost entirely (bench/trace-generate.ts),
// under fifo and haircut, as `ledgerhound trace` runs it (result only) and with every flow kept (what
// --explain and evidence packs need). Growth should be near-linear in the transfers reached. Goal: a
// 10^6-transfer trace under 10 s on the 2-core CI machine. BENCH_TRACE_SIZES=10000,100000 picks sizes.

import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BenchRow, fmtBytes, fmtRate, fmtSeconds, measureChild } from './table.js';

const here = (f: string) => new URL(f, import.meta.url).pathname;

export async function run(): Promise<BenchRow[]> {
  const sizes = (process.env.BENCH_TRACE_SIZES ?? '10000,100000,1000000').split(',').map(Number);
  const rows: BenchRow[] = [];
  for (const n of sizes) {
    const db = join(tmpdir(), `ledgerhound-bench-trace-${n}-${process.pid}.db`);
    try {
      const gen = measureChild(here('./trace-generate.ts'), [String(n), db]);
      if (!existsSync(db)) throw new Error(`generation of ${n} transfers failed`);
      process.stderr.write(`bench trace: ${n} transfers generated in ${fmtSeconds(gen.seconds)}\n`);
      for (const [policy, flows] of [
        ['fifo', 'result-only'],
        ['haircut', 'result-only'],
        ['haircut', 'flows'],
      ]) {
        const m = measureChild(here('./trace-child.ts'), [db, policy, flows]);
        const seconds = Number(/TRACE_SECONDS=([\d.e-]+)/.exec(m.stdout)?.[1] ?? m.seconds);
        const events = Number(/EVENTS=(\d+)/.exec(m.stdout)?.[1] ?? 0);
        const cpu = Number(/TRACE_CPU_SECONDS=([\d.e-]+)/.exec(m.stdout)?.[1] ?? 0);
        rows.push({
          area: 'trace',
          case: `${n.toLocaleString('en-US')} transfers, ${policy}${flows === 'flows' ? ' + flows' : ''} (${events.toLocaleString('en-US')} reached)`,
          figure: `${fmtRate(events, seconds, 'transfers')} (cpu ${fmtSeconds(cpu)})`,
          time: fmtSeconds(seconds),
          peakMemory: fmtBytes(m.peakRssBytes),
          goal: n >= 1_000_000 ? '< 10 s' : '',
        });
      }
    } finally {
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${db}${suffix}`, { force: true });
    }
  }
  return rows;
}
