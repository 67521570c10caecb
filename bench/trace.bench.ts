// Trace time and peak memory (bench/trace-child.ts in a fresh process each, the result JSON written as
// `trace --json` does) beside the plain scan of the same store (bench/scan-child.ts: every row in chain
// order with both addresses and BigInt amounts) measured in the same run; ratio = trace / scan.
// Linearity: the bench's own layered case at 10^5 and 10^6 transfers (3x10^6 with BENCH_TRACE_3M=1:
// about a minute more to generate and trace), fifo and haircut. Other shapes (bench/trace-generate.ts:
// wide, deep, peel, victims) at BENCH_TRACE_SHAPE_SIZE (default 10^6). Goal (issue 19): within 2x the
// scan and <= 400 MiB at 10^6. On a shared machine wall time follows the load: the CPU ratio (user +
// system of each process) is steadier. BENCH_TRACE_SIZES / BENCH_TRACE_SHAPES pick cases (empty: none);
// BENCH_TRACE_FLOWS=1 adds haircut with every flow kept (what --explain and evidence packs need).

import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BenchRow, fmtBytes, fmtRatio, fmtSeconds, measureChild } from './table.js';
import type { TraceShape } from './trace-generate.js';

const here = (f: string) => new URL(f, import.meta.url).pathname;
const list = (v: string | undefined, d: string) => (v ?? d).split(',').filter((x) => x !== '');

function traceShape(shape: TraceShape, n: number, goal: boolean): BenchRow[] {
  const rows: BenchRow[] = [];
  const db = join(tmpdir(), `ledgerhound-bench-trace-${shape}-${n}-${process.pid}.db`);
  const json = `${db}.json`;
  try {
    const gen = measureChild(here('./trace-generate.ts'), [String(n), db, shape]);
    if (!existsSync(db)) throw new Error(`generation of ${n} transfers failed`);
    process.stderr.write(`bench trace: ${shape} ${n} transfers generated in ${fmtSeconds(gen.seconds)}\n`);
    const scan = measureChild(here('./scan-child.ts'), [db]);
    const scanSeconds = Number(/SCAN_SECONDS=([\d.e-]+)/.exec(scan.stdout)?.[1] ?? scan.seconds);
    const scanCpu = Number(/SCAN_CPU_SECONDS=([\d.e-]+)/.exec(scan.stdout)?.[1] ?? 0);
    const baseline = `scan ${fmtSeconds(scanSeconds)} (cpu ${fmtSeconds(scanCpu)}), ${fmtBytes(scan.peakRssBytes)}`;
    const runs: [string, string][] = [
      ['fifo', 'result-only'],
      ['haircut', 'result-only'],
    ];
    if (process.env.BENCH_TRACE_FLOWS === '1') runs.push(['haircut', 'flows']);
    for (const [policy, flows] of runs) {
      const m = measureChild(here('./trace-child.ts'), [db, policy, flows, shape, String(n), json]);
      const seconds = Number(/TRACE_SECONDS=([\d.e-]+)/.exec(m.stdout)?.[1] ?? m.seconds);
      const events = Number(/EVENTS=(\d+)/.exec(m.stdout)?.[1] ?? 0);
      const cpu = Number(/TRACE_CPU_SECONDS=([\d.e-]+)/.exec(m.stdout)?.[1] ?? 0);
      rows.push({
        area: 'trace',
        case: `${shape} ${n.toLocaleString('en-US')} transfers, ${policy}${flows === 'flows' ? ' + flows' : ''}, JSON written (${events.toLocaleString('en-US')} reached)`,
        figure: `cpu ${fmtSeconds(cpu)}`,
        time: fmtSeconds(seconds),
        peakMemory: fmtBytes(m.peakRssBytes),
        baseline,
        ratio: `${fmtRatio(seconds, scanSeconds)} (cpu ${fmtRatio(cpu, scanCpu)})`,
        goal: goal ? '<= 2x scan, <= 400 MiB' : '',
      });
    }
  } finally {
    for (const suffix of ['', '-wal', '-shm', '.json']) rmSync(`${db}${suffix}`, { force: true });
  }
  return rows;
}

export async function run(): Promise<BenchRow[]> {
  const sizes = list(process.env.BENCH_TRACE_SIZES, '100000,1000000').map(Number);
  if (process.env.BENCH_TRACE_3M === '1' && !sizes.includes(3_000_000)) sizes.push(3_000_000);
  const rows: BenchRow[] = [];
  for (const n of sizes) rows.push(...traceShape('layered', n, n >= 1_000_000));
  const shapeSize = Number(process.env.BENCH_TRACE_SHAPE_SIZE ?? 1_000_000);
  for (const shape of list(process.env.BENCH_TRACE_SHAPES, 'wide,deep,peel,victims')) {
    rows.push(...traceShape(shape as TraceShape, shapeSize, shapeSize >= 1_000_000));
  }
  return rows;
}
