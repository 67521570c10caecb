// Child process of the evidence benchmark: generates a case of N transfers, imports it into a fresh
// SQLite store, traces it and writes the evidence pack with progress on stderr, then prints the stage
// times and its peak RSS (read by measureChild).

import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCaseFile } from '../adapters/files/case-file.js';
import { writeEvidencePack } from '../app/export-pack.js';
import { traceForPack } from '../app/pack-trace.js';
import { importFiles } from '../adapters/files/import-files.js';
import { createProgress, type Progress } from '../cli/progress.js';
import { openSqliteStore } from '../graph/sqlite/sqlite-store.js';
import { generateEvidenceCase } from './evidence-case.js';
import { reportPeakRss } from './table.js';

const count = Number(process.argv[2] ?? 100_000);
const work = mkdtempSync(join(tmpdir(), 'lh-bench-evidence-'));
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

try {
  const caseFile = generateEvidenceCase(join(work, 'case'), { transfers: count });
  const loaded = await loadCaseFile(caseFile);
  const store = openSqliteStore(join(work, 'case.db'));
  let t = process.hrtime.bigint();
  const importing = createProgress({ label: 'import', unit: 'records' });
  await importFiles(store, loaded.sourcePaths, { onProgress: (n) => importing.set(n) });
  importing.done();
  const importTime = seconds(t);
  t = process.hrtime.bigint();
  const tracing = createProgress({ label: 'trace', unit: 'events' });
  const run = await traceForPack(store, loaded.kase, { onProgress: (n) => tracing.set(n) });
  tracing.done();
  const traceTime = seconds(t);
  t = process.hrtime.bigint();
  const bars = new Map<string, Progress>();
  await writeEvidencePack({
    store,
    loaded,
    kase: loaded.kase,
    run,
    outDir: join(work, 'pack'),
    tool: { name: 'ledgerhound', version: 'bench' },
    argv: ['ledgerhound', 'export', caseFile, '--out', join(work, 'pack')],
    onProgress: (stage, done, total) => {
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
  await store.close();
  const pack = sizeOf(join(work, 'pack'));
  console.log(
    JSON.stringify({ transfers: count, flows: run.flows.length, endpoints: run.result.endpoints.length, importTime, traceTime, exportTime, files: pack.files, bytes: pack.bytes }),
  );
} finally {
  if (process.env.LEDGERHOUND_BENCH_KEEP) process.stderr.write(`kept ${work}\n`);
  else rmSync(work, { recursive: true, force: true });
}
reportPeakRss();
