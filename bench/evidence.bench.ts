// `npm run bench` rows for evidence packs: a generated laundering case of 10^4 and 10^5 transfers is
// imported in one child process, then `ledgerhound export` runs on it in a fresh one (exportCase: the
// sources, already held with the same content, are not read again; the trace and the pack: report.html/
// .pdf, freeze requests, CSV, GraphML/GEXF, manifest), so time, CPU and peak RSS are the export's own
// (process start and module loading included, as the command runs). CPU is the whole process's, both
// threads (app/pack-thread.ts). Baseline, in the same run: the floor of any exporter of the same pack,
// one plain scan of the store's rows (bench/scan-child.ts) plus the pack's bytes written and hashed
// (bench/pack-write-child.ts). Goal (issue 19) at 10^5: <= 5 s and <= 400 MiB. BENCH_EVIDENCE_SIZES
// picks sizes.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BenchRow, fmtBytes, fmtRate, fmtRatio, fmtSeconds, measureChild } from './table.js';

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const CHILD = here('./evidence-export.ts');
const figure = (stdout: string, name: string): number => Number(new RegExp(`${name}=([\\d.e-]+)`).exec(stdout)?.[1] ?? Number.NaN);

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const transfers of (process.env.BENCH_EVIDENCE_SIZES ?? '10000,100000').split(',').map(Number)) {
    const work = mkdtempSync(join(tmpdir(), 'lh-bench-evidence-'));
    try {
      measureChild(CHILD, ['prepare', String(transfers), work]);
      const m = measureChild(CHILD, ['export', work]);
      const line = m.stdout.split('\n').find((l) => l.startsWith('{'));
      if (!line) throw new Error('evidence-export printed no result');
      const r = JSON.parse(line) as { flows: number; exportTime: number; cpu: number; stageTime: Record<string, number>; files: number; bytes: number };
      // The floor: one scan of the rows, and the same bytes written and hashed.
      const scan = measureChild(here('./scan-child.ts'), [join(work, 'case.db')]);
      const write = measureChild(here('./pack-write-child.ts'), [join(work, 'pack'), join(work, 'pack-copy')]);
      const floorWall = figure(scan.stdout, 'SCAN_SECONDS') + figure(write.stdout, 'PACK_WRITE_SECONDS');
      const floorCpu = figure(scan.stdout, 'SCAN_CPU_SECONDS') + figure(write.stdout, 'PACK_WRITE_CPU_SECONDS');
      const stages = Object.entries(r.stageTime)
        .map(([k, v]) => `${k} ${fmtSeconds(v)}`)
        .join(', ');
      rows.push({
        area: 'evidence',
        case: `export of a ${transfers.toLocaleString('en-US')}-transfer case (${r.flows.toLocaleString('en-US')} flows; ${r.files} files, ${fmtBytes(r.bytes)})`,
        figure: `${fmtRate(r.flows, r.exportTime, 'flows')}; CPU ${fmtSeconds(r.cpu)}; stages (wall): ${stages}`,
        time: fmtSeconds(r.exportTime),
        peakMemory: fmtBytes(m.peakRssBytes),
        baseline: `floor: scan of the rows ${fmtSeconds(figure(scan.stdout, 'SCAN_SECONDS'))} + the pack's bytes written and hashed ${fmtSeconds(figure(write.stdout, 'PACK_WRITE_SECONDS'))} = ${fmtSeconds(floorWall)} (cpu ${fmtSeconds(floorCpu)})`,
        ratio: `${fmtRatio(r.exportTime, floorWall)} (cpu ${fmtRatio(r.cpu, floorCpu)})`,
        goal: transfers >= 100_000 ? '<= 5 s, <= 400 MiB' : '',
      });
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
  return rows;
}
