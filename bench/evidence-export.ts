// Child process of the evidence benchmark, in two phases so that the export's own memory is measured:
// `prepare <N> <dir>` generates a case of N transfers and imports it into <dir>/case.db (what an
// earlier `ledgerhound import` did); `export <dir>` then runs `ledgerhound export` as the command does
// (exportCase: import of the sources the store does not hold with the same content, trace, pack) in a
// fresh process, with progress on stderr, and prints the stage times (each stage is charged the time
// since the previous progress event of any stage) and the process's CPU time, then its peak RSS (read by
// measureChild).
// Usage: tsx bench/evidence-export.ts prepare <N> <dir> | export <dir>

import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadCaseFile } from '../adapters/files/case-file.js';
import { importFiles } from '../adapters/files/import-files.js';
import { exportCase } from '../app/export-case.js';
import { limitHeapGrowth } from '../cli/heap-growth.js';
import { createProgress, type Progress } from '../cli/progress.js';
import { openSqliteStore } from '../graph/sqlite/sqlite-store.js';
import { generateEvidenceCase } from './evidence-case.js';
import { reportPeakRss } from './table.js';

// As the CLI does (cli/heap-growth.ts): the figures are those of the command.
limitHeapGrowth();

const seconds = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e9;

function sizeOf(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    files++;
    bytes += statSync(join(e.parentPath, e.name)).size;
  }
  return { files, bytes };
}

const [phase, ...args] = process.argv.slice(2);
if (phase === 'prepare') {
  const [count, work] = [Number(args[0]), args[1]];
  const caseFile = generateEvidenceCase(join(work, 'case'), { transfers: count });
  const loaded = await loadCaseFile(caseFile);
  const store = openSqliteStore(join(work, 'case.db'));
  const t = process.hrtime.bigint();
  await importFiles(store, loaded.sourcePaths);
  await store.close();
  console.log(JSON.stringify({ importTime: seconds(t) }));
} else {
  const work = args[0];
  const caseFile = join(work, 'case', 'case.yaml');
  const loaded = await loadCaseFile(caseFile);
  const store = openSqliteStore(join(work, 'case.db'));
  const stageTime: Record<string, number> = {};
  let last = process.hrtime.bigint();
  const bars = new Map<string, Progress>();
  let flows = 0;
  const t = process.hrtime.bigint();
  await exportCase(store, loaded, {
    outDir: join(work, 'pack'),
    tool: { name: 'ledgerhound', version: 'bench' },
    argv: ['ledgerhound', 'export', caseFile, '--out', join(work, 'pack')],
    onTraced: (n) => {
      flows = n;
    },
    onProgress: (stage, done, total) => {
      stageTime[stage] = (stageTime[stage] ?? 0) + seconds(last);
      last = process.hrtime.bigint();
      let bar = bars.get(stage);
      if (!bar) {
        bar = createProgress({ label: `export ${stage}`, total, unit: stage });
        bars.set(stage, bar);
      }
      bar.set(done);
    },
  });
  for (const bar of bars.values()) bar.done();
  const exportTime = seconds(t);
  const usage = process.cpuUsage();
  const cpu = (usage.user + usage.system) / 1e6;
  await store.close();
  const size = sizeOf(join(work, 'pack'));
  console.log(JSON.stringify({ flows, exportTime, cpu, stageTime, files: size.files, bytes: size.bytes }));
}
reportPeakRss();
