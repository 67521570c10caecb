// Neo4j store benchmarks (issues 5 and 18): import throughput of the store's batched writes (UNWIND ...
// MERGE, one transaction per 10,000 transfers) against one auto-committed statement per record on the
// same data (goals: >= 10,000 transfers/s batched, >= 20x the per-record rate); then Neo4j and the
// embedded SQLite store side by side on the same case, with the ratio: cluster build (first run and
// re-run), communities, and traces (fifo, haircut, haircut + inheritTags; goal within 2x; medians of
// BENCH_NEO4J_TRACE_RUNS runs per store, default 3, alternating), each trace checked byte-identical on both; with BENCH_NEO4J_BULK=1 (or =only) first the bulk path (bench/neo4j-bulk.ts,
// BENCH_NEO4J_BULK_TRANSFERS, default 10^7). Uses NEO4J_URL (NEO4J_USER / NEO4J_PASSWORD) when set, else starts its own server with
// the test service module. Data: bench/trace-generate.ts. BENCH_NEO4J_TRANSFERS sets the size.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchNeo4j, type Neo4jProcess } from '../test/services/neo4j/service.js';
import { bulkRows } from './neo4j-bulk.js';
import { type BenchRow, fmtBytes, fmtRate, fmtSeconds, measureChild, processCpuSeconds } from './table.js';

const here = (f: string) => new URL(f, import.meta.url).pathname;
const TRACE_RUNS = Math.max(1, Number(process.env.BENCH_NEO4J_TRACE_RUNS ?? 3));

/** The middle value (the mean of the two middle ones for an even count). */
function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
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
    // The bulk path (bench/neo4j-bulk.ts) takes minutes at 10^7: only with BENCH_NEO4J_BULK=1 (or =only).
    if (process.env.BENCH_NEO4J_BULK === '1' || process.env.BENCH_NEO4J_BULK === 'only') rows.push(...(await bulkRows(work)));
    if (process.env.BENCH_NEO4J_BULK === 'only') return rows;
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
    let cpu0 = processCpuSeconds(server?.pid);
    const batched = measureChild(here('./neo4j-import.ts'), [db, `${ns}-batched`, 'batched', String(n)], env);
    const bSeconds = Number(/IMPORT_SECONDS=([\d.e-]+)/.exec(batched.stdout)?.[1]);
    const bCount = Number(/TRANSFERS=(\d+)/.exec(batched.stdout)?.[1]);
    const bCpu = processCpuSeconds(server?.pid) - cpu0;
    cpu0 = processCpuSeconds(server?.pid);
    const staged = measureChild(here('./neo4j-import.ts'), [db, `${ns}-staged`, 'staged', String(n)], env);
    const gSeconds = Number(/IMPORT_SECONDS=([\d.e-]+)/.exec(staged.stdout)?.[1]);
    const gCount = Number(/TRANSFERS=(\d+)/.exec(staged.stdout)?.[1]);
    const gCpu = processCpuSeconds(server?.pid) - cpu0;
    cpu0 = processCpuSeconds(server?.pid);
    const perRecord = measureChild(here('./neo4j-import.ts'), [db, `${ns}-single`, 'single', String(single)], env);
    const sSeconds = Number(/IMPORT_SECONDS=([\d.e-]+)/.exec(perRecord.stdout)?.[1]);
    const sCount = Number(/TRANSFERS=(\d+)/.exec(perRecord.stdout)?.[1]);
    const sCpu = processCpuSeconds(server?.pid) - cpu0;
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
      case: `import ${gCount.toLocaleString('en-US')} transfers as one staged import (parts of 10k, visible at once${serverCpu(gCpu)})`,
      figure: fmtRate(gCount, gSeconds, 'transfers'),
      time: fmtSeconds(gSeconds),
      peakMemory: fmtBytes(staged.peakRssBytes),
      goal: '',
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

    // Cluster build (first run, re-run) and communities, then traces (inheritTags reads the clustering).
    // Each phase's CPU (client + server when the bench started it) is printed by the child itself.
    const phases = [
      ['cluster build, first run', 'CLUSTER_FIRST'],
      ['cluster build, re-run', 'CLUSTER_RERUN'],
      ['communities, first run', 'COMMUNITIES'],
      ['communities, re-run', 'COMMUNITIES_RERUN'],
    ] as const;
    const analysis = (target: string, extra: Record<string, string> = {}) => {
      const m = measureChild(here('./neo4j-analysis.ts'), [target], extra);
      const get = (k: string) => Number(new RegExp(`${k}=([\\d.e-]+)`).exec(m.stdout)?.[1]);
      return Object.fromEntries(phases.map(([, key]) => [key, { seconds: get(`${key}_SECONDS`), cpu: get(`${key}_CPU`) }]));
    };
    const neoA = analysis(`${ns}-batched`, server ? { ...env, BENCH_NEO4J_PID: String(server.pid) } : env);
    const sqlA = analysis(`sqlite:${db}`);
    const cpuNote = (neo: number, sql: number) => (server ? `; CPU ${neo.toFixed(1)} s / ${sql.toFixed(1)} s = ${(neo / sql).toFixed(1)}x` : '');
    for (const [label, key] of phases) {
      const [neo, sql] = [neoA[key], sqlA[key]];
      rows.push({
        area: 'neo4j',
        case: `${label}: Neo4j / SQLite, ${n.toLocaleString('en-US')}-transfer case${cpuNote(neo.cpu, sql.cpu)}`,
        figure: `${(neo.seconds / sql.seconds).toFixed(1)}x`,
        time: `${fmtSeconds(neo.seconds)} / ${fmtSeconds(sql.seconds)}`,
      });
    }
    // Issue 18: a re-run replaces the clustering in bounded transactions, no slower than the first run.
    for (const [label, first, rerun] of [
      ['cluster build', 'CLUSTER_FIRST', 'CLUSTER_RERUN'],
      ['communities', 'COMMUNITIES', 'COMMUNITIES_RERUN'],
    ] as const) {
      const [a, b] = [neoA[first], neoA[rerun]];
      rows.push({
        area: 'neo4j',
        case: `${label} on Neo4j, re-run / first run${server ? ` (CPU ${b.cpu.toFixed(1)} s / ${a.cpu.toFixed(1)} s = ${(b.cpu / a.cpu).toFixed(2)}x)` : ''}`,
        figure: `${(b.seconds / a.seconds).toFixed(2)}x`,
        time: `${fmtSeconds(b.seconds)} / ${fmtSeconds(a.seconds)}`,
        goal: '<= 1x',
      });
    }

    // Warm the server's read path as well (query plans of the trace's reads, JIT): one trace of each
    // kind on the warm-up namespace, not measured. A team server answers many traces; the first one
    // after a start pays ~3x the server CPU of the next (measured on the 10^5 fifo trace).
    for (const args of [['fifo'], ['haircut'], ['haircut', 'inheritTags']]) measureChild(here('./neo4j-trace.ts'), [`${ns}-warmup`, ...args], env);

    const hash = (out: string) => /RESULT_SHA256=(\w+)/.exec(out)?.[1];
    const num = (out: string, k: string) => Number(new RegExp(`${k}=([\\d.e-]+)`).exec(out)?.[1] ?? Number.NaN);
    for (const [policy, inherit] of [
      ['fifo', ''],
      ['haircut', ''],
      ['haircut', 'inheritTags'],
    ] as const) {
      const args = inherit ? [policy, inherit] : [policy];
      // TRACE_RUNS runs on each store, alternating; the row gives the medians (the issue's table: medians of 3).
      const neoRuns: { seconds: number; cpu: number }[] = [];
      const sqlRuns: { seconds: number; cpu: number }[] = [];
      const hashes = new Set<string | undefined>();
      let onNeo4j: ReturnType<typeof measureChild> | undefined;
      let onSqlite: ReturnType<typeof measureChild> | undefined;
      for (let run = 0; run < TRACE_RUNS; run++) {
        const cpuBefore = processCpuSeconds(server?.pid);
        onNeo4j = measureChild(here('./neo4j-trace.ts'), [`${ns}-batched`, ...args], env);
        const tCpu = processCpuSeconds(server?.pid) - cpuBefore;
        onSqlite = measureChild(here('./neo4j-trace.ts'), [`sqlite:${db}`, ...args]);
        // CPU seconds (client, plus server when the bench started it) are steadier than wall time on a loaded machine.
        neoRuns.push({ seconds: num(onNeo4j.stdout, 'TRACE_SECONDS'), cpu: num(onNeo4j.stdout, 'CPU_SECONDS') + (Number.isNaN(tCpu) ? 0 : tCpu) });
        sqlRuns.push({ seconds: num(onSqlite.stdout, 'TRACE_SECONDS'), cpu: num(onSqlite.stdout, 'CPU_SECONDS') });
        hashes.add(hash(onNeo4j.stdout));
        hashes.add(hash(onSqlite.stdout));
      }
      if (!onNeo4j || !onSqlite) throw new Error('no trace run');
      const neoSeconds = median(neoRuns.map((r) => r.seconds));
      const sqlSeconds = median(sqlRuns.map((r) => r.seconds));
      const neoCpu = median(neoRuns.map((r) => r.cpu));
      const sqlCpu = median(sqlRuns.map((r) => r.cpu));
      const events = num(onNeo4j.stdout, 'EVENTS');
      const same = hashes.size === 1 && !hashes.has(undefined) ? 'byte-identical' : 'RESULTS DIFFER';
      const name = `${policy}${inherit ? ' + inheritTags' : ''}`;
      rows.push({
        area: 'neo4j',
        case: `trace ${name}: Neo4j / SQLite, median of ${TRACE_RUNS} (${events.toLocaleString('en-US')} events, ${same}; CPU ${neoCpu.toFixed(1)} s / ${sqlCpu.toFixed(1)} s = ${(neoCpu / sqlCpu).toFixed(1)}x)`,
        figure: `${(neoSeconds / sqlSeconds).toFixed(1)}x`,
        time: `${fmtSeconds(neoSeconds)} / ${fmtSeconds(sqlSeconds)}`,
        peakMemory: `${fmtBytes(onNeo4j.peakRssBytes)} / ${fmtBytes(onSqlite.peakRssBytes)}`,
        goal: '<= 2x',
      });
    }
    return rows;
  } finally {
    await server?.stop();
    rmSync(work, { recursive: true, force: true });
  }
}
