// `npm run bench` rows for evidence packs: a generated laundering case of 10^5 transfers imported,
// traced and exported (report.html/.pdf, freeze requests, CSV, GraphML/GEXF, manifest) in a child
// process; wall time of each stage and the child's peak RSS.

import { fileURLToPath } from 'node:url';
import { type BenchRow, fmtBytes, fmtRate, fmtSeconds, measureChild } from './table.js';

const CHILD = fileURLToPath(new URL('./evidence-export.ts', import.meta.url));

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const transfers of [10_000, 100_000]) {
    const m = measureChild(CHILD, [String(transfers)]);
    const line = m.stdout.split('\n').find((l) => l.startsWith('{'));
    if (!line) throw new Error('evidence-export printed no result');
    const r = JSON.parse(line) as { flows: number; endpoints: number; importTime: number; traceTime: number; exportTime: number; files: number; bytes: number };
    rows.push({
      area: 'evidence',
      case: `export pack, ${transfers.toLocaleString('en-US')} transfers (${r.flows.toLocaleString('en-US')} flows, ${r.endpoints} cash-out points)`,
      figure: `pack ${fmtSeconds(r.exportTime)} (${fmtRate(r.flows, r.exportTime, 'flows')}); ${r.files} files, ${fmtBytes(r.bytes)}; import ${fmtSeconds(r.importTime)}, trace ${fmtSeconds(r.traceTime)}`,
      time: fmtSeconds(m.seconds),
      peakMemory: fmtBytes(m.peakRssBytes),
      goal: 'usable report; < 60 s',
    });
  }
  return rows;
}
