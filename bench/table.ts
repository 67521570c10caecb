// Bench rows and the table printer shared by every bench module, plus helpers to measure time and
// peak memory of a child process (so each measurement starts from a clean heap).

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface BenchRow {
  area: string;
  case: string;
  /** The measured figure with its unit, e.g. "182,000 transfers/s". */
  figure: string;
  time?: string;
  peakMemory?: string;
  /** The baseline measured in the same run (same data), with its time and memory. */
  baseline?: string;
  /** Figure over baseline, e.g. "1.8x". */
  ratio?: string;
  goal?: string;
}

export function printTable(rows: BenchRow[]): void {
  const cols: (keyof BenchRow)[] = ['area', 'case', 'figure', 'time', 'peakMemory', 'baseline', 'ratio', 'goal'];
  const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(line(cols.map(String)));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(cols.map((c) => String(r[c] ?? ''))));
}

export function fmtRate(count: number, seconds: number, unit: string): string {
  return `${Math.round(count / seconds).toLocaleString('en-US')} ${unit}/s`;
}

export function fmtSeconds(seconds: number): string {
  return `${seconds.toFixed(2)} s`;
}

export function fmtBytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
}

/** `a / b` as a ratio, e.g. "1.84x". */
export function fmtRatio(a: number, b: number): string {
  return b > 0 ? `${(a / b).toFixed(2)}x` : '';
}

export interface ChildMeasurement {
  seconds: number;
  peakRssBytes: number;
  stdout: string;
}

/**
 * Runs `tsx <script> ...args` in a child process under /usr/bin/time-like accounting: wall time and
 * the child's peak resident memory (from `process.resourceUsage().maxRSS`, printed by the script as
 * its last stdout line `PEAK_RSS_KB=<n>`), so every figure comes from a fresh process.
 */
export function measureChild(script: string, args: string[], env: Record<string, string> = {}): ChildMeasurement {
  const started = process.hrtime.bigint();
  const res = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (res.status !== 0) throw new Error(`${script} exited with ${res.status}`);
  const m = /PEAK_RSS_KB=(\d+)\s*$/.exec(res.stdout);
  return { seconds, peakRssBytes: m ? Number(m[1]) * 1024 : 0, stdout: res.stdout };
}

/** For bench child scripts: prints the peak RSS line read by measureChild. */
export function reportPeakRss(): void {
  console.log(`PEAK_RSS_KB=${process.resourceUsage().maxRSS}`);
}

/** CPU seconds (user + system) used so far by process `pid` (/proc/<pid>/stat); NaN when it cannot be read. */
export function processCpuSeconds(pid: number | string | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}
