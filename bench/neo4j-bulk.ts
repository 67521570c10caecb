// The bulk path onto Neo4j (issue 18, docs/neo4j.md "Loading a whole chain"), measured end to end as a
// user runs it: N generated transfers (bench/generate-transfers.ts) imported into SQLite with the CLI
// (the baseline row), `export-neo4j-csv` of that store, `neo4j-admin database import full` (the
// AdminTool of the test services' Neo4j build) into a temporary home, the store's size on disk, then the
// server started on it and a FIFO trace run on both stores (byte-identical check), the server stopped.
// Times are wall seconds; CPU is user + system of the child processes (the server's for the trace).
// Behind BENCH_NEO4J_BULK=1 (minutes at 10^7); BENCH_NEO4J_BULK_TRANSFERS sets N (default 10^7).

import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { launchNeo4j, type Neo4jProcess, runNeo4jAdminImport } from '../test/services/neo4j/service.js';
import { generateTransfers } from './generate-transfers.js';
import { type BenchRow, fmtBytes, fmtRate, fmtSeconds, measureChild, processCpuSeconds } from './table.js';

const here = (f: string) => new URL(f, import.meta.url).pathname;
const CLI = new URL('../cli/main.ts', import.meta.url).pathname;

/** CPU seconds (user + system) of this process's waited-for children so far (/proc/self/stat). */
function childrenCpu(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

/** The first line of `file`, read from its first 4 KiB (the file itself may exceed V8's longest string). */
function firstLine(file: string): string {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(4_096);
    const n = readSync(fd, head, 0, head.length, 0);
    return head.subarray(0, n).toString('utf8').split('\n')[0];
  } finally {
    closeSync(fd);
  }
}

/** Bytes of the files under `dir`. */
function sizeOnDisk(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    total += e.isDirectory() ? sizeOnDisk(p) : e.isFile() ? statSync(p).size : 0;
  }
  return total;
}

/** Runs the CLI to completion; returns wall and CPU seconds and its stdout. */
function cli(args: string[]): { seconds: number; cpu: number; stdout: string } {
  const cpu0 = childrenCpu();
  const started = process.hrtime.bigint();
  const res = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'inherit'] });
  if (res.status !== 0) throw new Error(`ledgerhound ${args[0]} exited with ${res.status}`);
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, cpu: childrenCpu() - cpu0, stdout: res.stdout };
}

const log = (line: string) => process.stderr.write(`[neo4j-bulk] ${line}\n`);

export async function bulkRows(work: string): Promise<BenchRow[]> {
  const n = Number(process.env.BENCH_NEO4J_BULK_TRANSFERS ?? 10_000_000);
  const label = n.toLocaleString('en-US');
  const rows: BenchRow[] = [];
  const file = join(work, 'bulk-transfers.jsonl');
  let started = process.hrtime.bigint();
  await generateTransfers(file, n);
  log(`generated ${label} transfers in ${fmtSeconds(Number(process.hrtime.bigint() - started) / 1e9)}`);
  const firstId = (JSON.parse(firstLine(file)) as { id: string }).id;

  const db = join(work, 'bulk.db');
  const sqlite = cli(['import', '--store', db, '--json', file]);
  log(`SQLite import ${fmtSeconds(sqlite.seconds)}`);
  rows.push({
    area: 'neo4j',
    case: `bulk path baseline: \`import\` of ${label} transfers into SQLite (CLI; CPU ${sqlite.cpu.toFixed(0)} s; store ${fmtBytes(statSync(db).size)})`,
    figure: fmtRate(n, sqlite.seconds, 'transfers'),
    time: fmtSeconds(sqlite.seconds),
  });

  const csv = join(work, 'bulk-csv');
  const exported = cli(['export-neo4j-csv', csv, '--store', db, '--namespace', 'bulk', '--json']);
  const importArgs = (JSON.parse(exported.stdout) as { command: string[] }).command.slice(4, -1);
  log(`export-neo4j-csv ${fmtSeconds(exported.seconds)}`);
  rows.push({
    area: 'neo4j',
    case: `bulk path: \`export-neo4j-csv\` of the ${label}-transfer SQLite store (CPU ${exported.cpu.toFixed(0)} s; CSV ${fmtBytes(sizeOnDisk(csv))})`,
    figure: fmtRate(n, exported.seconds, 'transfers'),
    time: fmtSeconds(exported.seconds),
  });

  const home = join(work, 'bulk-neo4j');
  const cpu0 = childrenCpu();
  started = process.hrtime.bigint();
  await runNeo4jAdminImport(home, importArgs);
  const adminSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const adminCpu = childrenCpu() - cpu0;
  const storeBytes = sizeOnDisk(join(home, 'data'));
  log(`neo4j-admin import ${fmtSeconds(adminSeconds)}, store ${fmtBytes(storeBytes)}`);
  rows.push({
    area: 'neo4j',
    case: `bulk path: \`neo4j-admin database import full\` of those CSV files (CPU ${adminCpu.toFixed(0)} s; store on disk ${fmtBytes(storeBytes)})`,
    figure: fmtRate(n, adminSeconds, 'transfers'),
    time: fmtSeconds(adminSeconds),
  });
  const total = sqlite.seconds + exported.seconds + adminSeconds;
  rows.push({ area: 'neo4j', case: `bulk path end to end (SQLite import + export + neo4j-admin), ${label} transfers`, figure: fmtRate(n, total, 'transfers'), time: fmtSeconds(total) });

  let server: Neo4jProcess | undefined;
  try {
    server = await launchNeo4j({ home, heapMb: 1024 });
    const env = { NEO4J_URL: server.url, NEO4J_USER: server.user, NEO4J_PASSWORD: server.password };
    // Run twice: the first open creates the constraints and indexes (reported on its own row), the
    // second traces on a warm, indexed database.
    const opening = measureChild(here('./neo4j-bulk-trace.ts'), ['bulk', firstId], env);
    const openSeconds = Number(/OPEN_SECONDS=([\d.e-]+)/.exec(opening.stdout)?.[1]);
    rows.push({ area: 'neo4j', case: `bulk path: first open of the imported database (creates Ledgerhound's constraints and indexes)`, figure: fmtSeconds(openSeconds), time: fmtSeconds(openSeconds) });
    const serverCpu0 = processCpuSeconds(server.pid);
    const onNeo4j = measureChild(here('./neo4j-bulk-trace.ts'), ['bulk', firstId], env);
    const serverCpu = processCpuSeconds(server.pid) - serverCpu0;
    const onSqlite = measureChild(here('./neo4j-bulk-trace.ts'), [`sqlite:${db}`, firstId]);
    const num = (out: string, k: string) => Number(new RegExp(`${k}=([\\d.e-]+)`).exec(out)?.[1] ?? Number.NaN);
    const hash = (out: string) => /RESULT_SHA256=(\w+)/.exec(out)?.[1];
    const [neoSeconds, sqlSeconds] = [num(onNeo4j.stdout, 'TRACE_SECONDS'), num(onSqlite.stdout, 'TRACE_SECONDS')];
    const [neoCpu, sqlCpu] = [num(onNeo4j.stdout, 'CPU_SECONDS') + serverCpu, num(onSqlite.stdout, 'CPU_SECONDS')];
    rows.push({
      area: 'neo4j',
      case: `bulk path: trace fifo (maxHops 20) on the imported ${label}-transfer database: Neo4j / SQLite (result ${fmtBytes(num(onNeo4j.stdout, 'RESULT_BYTES'))} of JSON, ${hash(onNeo4j.stdout) === hash(onSqlite.stdout) ? 'byte-identical' : 'RESULTS DIFFER'}; CPU ${neoCpu.toFixed(1)} s / ${sqlCpu.toFixed(1)} s)`,
      figure: `${(neoSeconds / sqlSeconds).toFixed(1)}x`,
      time: `${fmtSeconds(neoSeconds)} / ${fmtSeconds(sqlSeconds)}`,
      peakMemory: `${fmtBytes(onNeo4j.peakRssBytes)} / ${fmtBytes(onSqlite.peakRssBytes)}`,
    });
  } finally {
    await server?.stop();
  }
  return rows;
}
