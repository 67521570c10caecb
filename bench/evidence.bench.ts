// `npm run bench` rows for evidence packs: a generated laundering case of 10^4 and 10^5 transfers is
// imported in one child process, then `ledgerhound export` runs on it in a fresh one (exportCase: the
// sources, already held with the same content, are not read again; the trace and the pack: report.html/
// .pdf, freeze requests, CSV, GraphML/GEXF, manifest), so time, CPU and peak RSS are the export's own
// (process start and module loading included, as the command runs). Goal (issue 19) at 10^5:
// <= 5 s and <= 400 MiB. BENCH_EVIDENCE_SIZES picks sizes.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BenchRow, fmtBytes, fmtRate, fmtSeconds, measureChild } from './table.js';

const CHILD = fileURLToPath(new URL('./evidence-export.ts', import.meta.url));

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
      const stages = Object.entries(r.stageTime)
        .map(([k, v]) => `${k} ${fmtSeconds(v)}`)
        .join(', ');
      rows.push({
        area: 'evidence',
        case: `export of a ${transfers.toLocaleString('en-US')}-transfer case (${r.flows.toLocaleString('en-US')} flows; ${r.files} files, ${fmtBytes(r.bytes)})`,
        figure: `${fmtRate(r.flows, r.exportTime, 'flows')}; CPU ${fmtSeconds(r.cpu)}; stages (wall): ${stages}`,
        time: fmtSeconds(r.exportTime),
        peakMemory: fmtBytes(m.peakRssBytes),
        goal: transfers >= 100_000 ? '<= 5 s, <= 400 MiB' : '',
      });
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
  return rows;
}
