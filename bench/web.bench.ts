// The analyst workspace in headless Chromium (Debian's, at /usr/bin/chromium): time from opening a view
// to its first render (the API answered and sigma drew) and to a settled layout (trace: layered, at once;
// communities: ForceAtlas2 in a web worker, stopped after 1.5 s), for the sample case and for synthetic
// laundering cases (bench/trace-generate.ts; BENCH_WEB_SIZES=100000 by default). The first trace view
// of a case includes the trace itself (the workspace traces when it opens; that time is listed apart).

import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { LoadedCase } from '../adapters/files/case-file.js';
import { openOtherStore } from '../app/store.js';
import { readCaseFile } from '../app/trace-case-file.js';
import { openWorkspace } from '../app/workspace.js';
import { startWorkspaceServer } from '../web/server/start.js';
import { type BenchRow, fmtSeconds, measureChild } from './table.js';
import { benchCase } from './trace-generate.js';

const here = (f: string) => new URL(f, import.meta.url).pathname;
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'];

async function measure(name: string, storePath: string, loaded: LoadedCase, importSources: boolean): Promise<BenchRow[]> {
  const store = await openOtherStore(storePath);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
  try {
    const t0 = performance.now();
    const workspace = await openWorkspace(store, loaded, { importSources });
    const traced = (performance.now() - t0) / 1000;
    const server = await startWorkspaceServer({ workspace });
    const rows: BenchRow[] = [{ area: 'web', case: `${name}: open workspace (import + trace)`, figure: fmtSeconds(traced), time: fmtSeconds(traced) }];
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      for (const view of ['trace', 'communities']) {
        const start = performance.now();
        await page.goto(`${server.openUrl.replace('#/trace', `#/${view}`)}`);
        await page.waitForSelector(`body[data-ready="${view}"]`, { timeout: 600_000 });
        const first = (performance.now() - start) / 1000;
        await page.waitForSelector('body[data-layout="settled"]', { timeout: 600_000 });
        const settled = (performance.now() - start) / 1000;
        const status = (await page.textContent('#status')) ?? '';
        rows.push({ area: 'web', case: `${name}: ${view} view (${status.slice(0, 60)})`, figure: `first render ${fmtSeconds(first)}, settled ${fmtSeconds(settled)}`, time: fmtSeconds(settled) });
      }
    } finally {
      await server.close();
    }
    return rows;
  } finally {
    await browser.close();
    await store.close();
  }
}

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const sampleDb = join(tmpdir(), `ledgerhound-bench-web-sample-${process.pid}.db`);
  try {
    rows.push(...(await measure('sample case', sampleDb, await readCaseFile(here('../samples/pig-butchering/case.yaml')), true)));
  } finally {
    rmSync(sampleDb, { force: true });
  }
  for (const n of (process.env.BENCH_WEB_SIZES ?? '100000').split(',').filter(Boolean).map(Number)) {
    const db = join(tmpdir(), `ledgerhound-bench-web-${n}-${process.pid}.db`);
    try {
      measureChild(here('./trace-generate.ts'), [String(n), db]);
      if (!existsSync(db)) throw new Error(`generation of ${n} transfers failed`);
      const loaded: LoadedCase = { path: db, dir: tmpdir(), kase: benchCase('fifo'), sourcePaths: [], bytes: Buffer.alloc(0) };
      rows.push(...(await measure(`${n.toLocaleString('en-US')} transfers`, db, loaded, false)));
    } finally {
      rmSync(db, { force: true });
    }
  }
  return rows;
}
