// Neo4j store benchmarks (issue 5): import throughput of the store's batched writes (UNWIND ... MERGE,
// one transaction per 10,000 transfers) against one auto-committed statement per record on the same
// data (goals: >= 10,000 transfers/s batched, >= 20x the per-record rate), and the time of the same
// trace (traceCase, fifo) on Neo4j and on the embedded SQLite store, with a check that both give the
// same result. Uses NEO4J_URL (NEO4J_USER / NEO4J_PASSWORD) when set, else starts its own server with
// the test service module. Data: bench/trace-generate.ts. BENCH_NEO4J_TRANSFERS sets the size.

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchNeo4j, type Neo4jProcess } from '../test/services/neo4j/service.js';
import { type BenchRow, fmtBytes, fmtRate, fmtSeconds, measureChild } from './table.js';

const here = (f: string) => new URL(f, import.meta.url).pathname;

/** CPU seconds (user + system) used so far by process `pid`, or NaN when it cannot be read. */
function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** ", server CPU x s" when the bench started the server itself. */
function serverCpu(seconds: number): string {
  return Number.isNaN(seconds) ? '' : `, Neo4j CPU ${seconds.toFixed(1)} s`;
}

export async function run(): Promise<BenchRow[]> {
  const n = Number(process.env.BENCH_NEO4J_TRANSFERS ?? 100_000);
  const single = Math.min(n, Number(process.env.BENCH_NEO4J_SINGLE ?? 2_000));
  const work = mkdtempSync(join(tmpdir(), 'lh-bench-neo4j-'));
  let server: Neo4jProcess | undefined;
  const rows: BenchRow[] = [];
  try {
    let env: Record<string, string>;
    if (process.env.NEO4J_URL) {
      env = {};
    } else {
      server = await launchNeo4j({ home: join(work, 'neo4j'), heapMb: 1024 });
      env = { NEO4J_URL: server.url, NEO4J_USER: server.user, NEO4J_PASSWORD: server.password };
    }
    const db = join(work, 'case.db');
    measureChild(here('./trace-generate.ts'), [String(n), db]);
    if (!existsSync(db)) throw new Error(`generation of ${n} transfers failed`);
    const ns = `bench-${process.pid}`;

    // Warm the server up (query plans, JIT) so both ways are measured warm.
    measureChild(here('./neo4j-import.ts'), [db, `${ns}-warmup`, 'batched', String(Math.min(n, 20_000))], env);
    let cpu0 = cpuSeconds(server?.pid);
    const batched = measureChild(here('./neo4j-import.ts'), [db, `${ns}-batched`, 'batched', String(n)], env);
    const bSeconds = Number(/IMPORT_SECONDS=([\d.e-]+)/.exec(batched.stdout)?.[1]);
    const bCount = Number(/TRANSFERS=(\d+)/.exec(batched.stdout)?.[1]);
    const bCpu = cpuSeconds(server?.pid) - cpu0;
    cpu0 = cpuSeconds(server?.pid);
    const perRecord = measureChild(here('./neo4j-import.ts'), [db, `${ns}-single`, 'single', String(single)], env);
    const sSeconds = Number(/IMPORT_SECONDS=([\d.e-]+)/.exec(perRecord.stdout)?.[1]);
    const sCount = Number(/TRANSFERS=(\d+)/.exec(perRecord.stdout)?.[1]);
    const sCpu = cpuSeconds(server?.pid) - cpu0;
    const ratio = bCount / bSeconds / (sCount / sSeconds);
    rows.push({
      area: 'neo4j',
      case: `import ${bCount.toLocaleString('en-US')} transfers, batched (UNWIND/MERGE, 10k per tx${serverCpu(bCpu)})`,
      figure: fmtRate(bCount, bSeconds, 'transfers'),
      time: fmtSeconds(bSeconds),
      peakMemory: fmtBytes(batched.peakRssBytes),
      goal: '>= 10,000 transfers/s',
    });
    rows.push({
      area: 'neo4j',
      case: `import ${sCount.toLocaleString('en-US')} transfers, one statement per record${serverCpu(sCpu)}`,
      figure: fmtRate(sCount, sSeconds, 'transfers'),
      time: fmtSeconds(sSeconds),
      peakMemory: fmtBytes(perRecord.peakRssBytes),
      goal: '',
    });
    rows.push({ area: 'neo4j', case: 'batched / per-record speed-up', figure: `${ratio.toFixed(1)}x`, goal: '>= 20x' });

    cpu0 = cpuSeconds(server?.pid);
    const onNeo4j = measureChild(here('./neo4j-trace.ts'), [`${ns}-batched`, 'fifo'], env);
    const tCpu = cpuSeconds(server?.pid) - cpu0;
    const onSqlite = measureChild(here('./neo4j-trace.ts'), [`sqlite:${db}`, 'fifo']);
    const neoSeconds = Number(/TRACE_SECONDS=([\d.e-]+)/.exec(onNeo4j.stdout)?.[1]);
    const sqlSeconds = Number(/TRACE_SECONDS=([\d.e-]+)/.exec(onSqlite.stdout)?.[1]);
    const events = Number(/EVENTS=(\d+)/.exec(onNeo4j.stdout)?.[1] ?? 0);
    const sqlEvents = Number(/EVENTS=(\d+)/.exec(onSqlite.stdout)?.[1] ?? 0);
    const hash = (out: string) => /RESULT_SHA256=(\w+)/.exec(out)?.[1];
    const same =
      hash(onNeo4j.stdout) === hash(onSqlite.stdout) && events === sqlEvents ? 'byte-identical result' : `RESULTS DIFFER (${sqlEvents} events on SQLite)`;
    rows.push({
      area: 'neo4j',
      case: `trace fifo on Neo4j, ${n.toLocaleString('en-US')}-transfer case (${events.toLocaleString('en-US')} reached, ${same}${serverCpu(tCpu)})`,
      figure: fmtRate(events, neoSeconds, 'transfers'),
      time: fmtSeconds(neoSeconds),
      peakMemory: fmtBytes(onNeo4j.peakRssBytes),
    });
    rows.push({
      area: 'neo4j',
      case: `same trace on the embedded SQLite store`,
      figure: fmtRate(sqlEvents, sqlSeconds, 'transfers'),
      time: fmtSeconds(sqlSeconds),
      peakMemory: fmtBytes(onSqlite.peakRssBytes),
    });
    return rows;
  } finally {
    await server?.stop();
    rmSync(work, { recursive: true, force: true });
  }
}
