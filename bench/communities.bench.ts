// `npm run bench` rows for `communities` end to end from the store (read, build the flow graph,
// Louvain, write the membership back) on planted communities (bench/communities-generate.ts: 10^5
// addresses, 10^6 transfers), beside python-igraph's build + community_multilevel on the same weighted
// edges in the same run (bench/communities-igraph.py). igraph comes from PyPI (pip install
// python-igraph) into $LEDGERHOUND_CACHE/venv (default ~/.cache/ledgerhound/venv), made on first use;
// without Python or igraph the row says so and gives our figure alone. Goal (issue 19): within 1.5x of
// igraph, modularity within 0.005, <= 600 MiB. BENCH_COMMUNITY_TRANSFERS shrinks the workload.

import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BenchRow, fmtBytes, fmtRatio, fmtSeconds, measureChild } from './table.js';

const here = (f: string) => fileURLToPath(new URL(f, import.meta.url));

/** The venv's python with igraph importable, installing it when missing; undefined (with the reason) when impossible. */
function igraphPython(): { python?: string; reason?: string } {
  const venv = join(process.env.LEDGERHOUND_CACHE ?? join(homedir(), '.cache', 'ledgerhound'), 'venv');
  const python = join(venv, 'bin', 'python');
  const has = () => existsSync(python) && spawnSync(python, ['-c', 'import igraph'], { stdio: 'ignore' }).status === 0;
  if (has()) return { python };
  if (!existsSync(python) && spawnSync('python3', ['-m', 'venv', venv], { stdio: 'inherit' }).status !== 0) return { reason: 'no python3 venv' };
  const pip = spawnSync(python, ['-m', 'pip', 'install', '-q', 'python-igraph'], { stdio: 'inherit' });
  if (pip.status !== 0 || !has()) return { reason: 'pip install python-igraph failed' };
  return { python };
}

export async function run(): Promise<BenchRow[]> {
  const transfers = Number(process.env.BENCH_COMMUNITY_TRANSFERS ?? 1_000_000);
  const addresses = Math.max(1000, Math.round(transfers / 10));
  const db = join(tmpdir(), `ledgerhound-bench-communities-${process.pid}.db`);
  const edges = `${db}.edges`;
  try {
    measureChild(here('./communities-generate.ts'), [String(addresses), String(transfers), db]);
    const m = measureChild(here('./communities-child.ts'), [db, edges]);
    const ours = JSON.parse(m.stdout.split('\n')[0]) as { seconds: number; cpuSeconds: number; nodes: number; edges: number; communities: number; modularity: number; peakKb: number };
    const row: BenchRow = {
      area: 'communities',
      case: `end to end from the store: ${ours.nodes.toLocaleString('en-US')} addresses, ${ours.edges.toLocaleString('en-US')} edges (${transfers.toLocaleString('en-US')} transfers, planted communities)`,
      figure: `${ours.communities} communities, modularity ${ours.modularity.toFixed(4)} (cpu ${fmtSeconds(ours.cpuSeconds)})`,
      time: fmtSeconds(ours.seconds),
      peakMemory: fmtBytes(ours.peakKb * 1024),
      goal: '<= 1.5x igraph, modularity within 0.005, <= 600 MiB',
    };
    const { python, reason } = igraphPython();
    if (!python) {
      row.baseline = `python-igraph not available (${reason}): our figure alone`;
      return [row];
    }
    const ig = spawnSync(python, [here('./communities-igraph.py'), edges], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    if (ig.status !== 0) {
      row.baseline = `python-igraph failed (exit ${ig.status}): our figure alone`;
      return [row];
    }
    const r = JSON.parse(ig.stdout.trim().split('\n').at(-1) as string) as {
      buildSeconds: number;
      louvainSeconds: number;
      buildCpuSeconds: number;
      louvainCpuSeconds: number;
      communities: number;
      modularity: number;
      peakKb: number;
    };
    const igSeconds = r.buildSeconds + r.louvainSeconds;
    const igCpu = r.buildCpuSeconds + r.louvainCpuSeconds;
    row.baseline = `igraph build ${fmtSeconds(r.buildSeconds)} + multilevel ${fmtSeconds(r.louvainSeconds)} (cpu ${fmtSeconds(igCpu)}), ${fmtBytes(r.peakKb * 1024)}, modularity ${r.modularity.toFixed(4)} (${r.communities} communities)`;
    row.ratio = `${fmtRatio(ours.seconds, igSeconds)} wall, ${fmtRatio(ours.cpuSeconds, igCpu)} cpu`;
    return [row];
  } finally {
    for (const suffix of ['', '-wal', '-shm', '.edges']) rmSync(`${db}${suffix}`, { force: true });
  }
}
