// The analyst workspace in headless Chromium (Debian's, at /usr/bin/chromium): for each view, the time
// from opening it to its first render (the API answered and sigma drew) and to a SETTLED layout — the
// trace view is layered (settled at once); the communities views run ForceAtlas2 in a web worker until
// the mean node displacement per iteration falls below the threshold of web/ui/layout-settle.ts (or its
// iteration / time cap), the iterations are reported. Beside each figure, measured in the same run on the
// same data, the baseline: the server's work alone, in process, in the state the page found it (trace:
// building the view from the kept run; communities overview: flow graph + Louvain + super-edges on a
// fresh store handle, nothing cached; drill-in: from the kept detection), plus the page's plain fetch +
// JSON.parse of the same API answer (warm), with its size.
// Cases: the sample case; the 10^6-transfer laundering case (bench/trace-generate.ts; its trace view,
// aggregated on the server); the 10^5-address community graph (bench/communities-generate.ts, 10^6
// transfers; overview and drill-in). BENCH_WEB_SIZES (default 1000000) and BENCH_WEB_COMMUNITY_TRANSFERS
// (default 1000000, addresses a tenth of it) change the workloads.

import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import type { LoadedCase } from '../adapters/files/case-file.js';
import { openOtherStore } from '../app/store.js';
import { readCaseFile } from '../app/trace-case-file.js';
import { openWorkspace, traceView, type Workspace } from '../app/workspace.js';
import { communitiesOverview, communityDetail } from '../app/workspace-communities.js';
import { startWorkspaceServer } from '../web/server/start.js';
import { type BenchRow, fmtRatio, fmtSeconds, measureChild } from './table.js';
import { benchCase } from './trace-generate.js';

const here = (f: string) => new URL(f, import.meta.url).pathname;
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'];

interface ViewSpec {
  /** Hash route, e.g. `trace`, `communities`, `communities/0`. */
  route: string;
  /** API call of the same data (path and query). */
  api: string;
  /** The server's work for it, in process, in the state the page found it (cold or cached). */
  server(ws: Workspace, storePath: string): Promise<unknown>;
}

const TRACE_VIEW: ViewSpec = { route: 'trace', api: 'trace', server: (ws) => traceView(ws, {}) };
const COMMUNITIES_VIEW: ViewSpec = {
  route: 'communities',
  api: 'communities',
  server: async (_ws, path) => {
    const fresh = await openOtherStore(path);
    try {
      return await communitiesOverview({ store: fresh });
    } finally {
      await fresh.close();
    }
  },
};
// The drill-in comes after the overview: the server has the detection, as it had for the page.
const COMMUNITY_VIEW: ViewSpec = { route: 'communities/0', api: 'community?community=0', server: (ws) => communityDetail(ws, { community: '0' }) };

/** The page's own fetch + JSON.parse of an API answer: seconds and bytes. */
async function fetchAndParse(page: Page, api: string): Promise<{ seconds: number; bytes: number }> {
  return (await page.evaluate(`(async () => {
    const t0 = performance.now();
    const res = await fetch('/api/${api}', { headers: { Authorization: 'Bearer ' + sessionStorage.getItem('ledgerhound-token') } });
    const text = await res.text();
    JSON.parse(text);
    return { seconds: (performance.now() - t0) / 1000, bytes: text.length };
  })()`)) as { seconds: number; bytes: number };
}

async function measure(name: string, storePath: string, loaded: LoadedCase | undefined, importSources: boolean, views: ViewSpec[]): Promise<BenchRow[]> {
  const store = await openOtherStore(storePath);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
  try {
    const t0 = performance.now();
    const workspace = await openWorkspace(store, loaded, { importSources });
    const opened = (performance.now() - t0) / 1000;
    const server = await startWorkspaceServer({ workspace });
    const rows: BenchRow[] = [{ area: 'web', case: `${name}: open workspace (${loaded ? 'import + trace' : 'store alone'})`, figure: fmtSeconds(opened), time: fmtSeconds(opened) }];
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      for (const view of views) {
        const start = performance.now();
        await page.goto(server.openUrl.replace('#/trace', `#/${view.route}`));
        const ready = view.route.split('/')[0];
        await page.waitForSelector(`body[data-ready="${ready}"]`, { timeout: 1_800_000 });
        const first = (performance.now() - start) / 1000;
        await page.waitForSelector('body[data-layout="settled"]', { timeout: 1_800_000 });
        const settled = (performance.now() - start) / 1000;
        const iterations = (await page.evaluate('document.body.dataset.layoutIterations')) as string | undefined;
        const status = ((await page.textContent('#status')) ?? '').replace(/\s+/g, ' ');
        const s0 = performance.now();
        await view.server(workspace, storePath);
        const serverSeconds = (performance.now() - s0) / 1000;
        const fetched = await fetchAndParse(page, view.api);
        rows.push({
          area: 'web',
          case: `${name}: ${view.route} view (${status.slice(0, 90)})`,
          figure: `first render ${fmtSeconds(first)}, settled ${fmtSeconds(settled)}${iterations ? ` (ForceAtlas2 converged in ${iterations} iterations)` : ' (layered)'}`,
          time: fmtSeconds(settled),
          baseline: `server alone ${fmtSeconds(serverSeconds)} + fetch & JSON.parse ${fmtSeconds(fetched.seconds)} (${Math.round(fetched.bytes / 1024)} KiB)`,
          ratio: `first render ${fmtRatio(first, serverSeconds + fetched.seconds)}`,
        });
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
    rows.push(...(await measure('sample case', sampleDb, await readCaseFile(here('../samples/pig-butchering/case.yaml')), true, [TRACE_VIEW, COMMUNITIES_VIEW, COMMUNITY_VIEW])));
  } finally {
    rmSync(sampleDb, { force: true });
  }
  for (const n of (process.env.BENCH_WEB_SIZES ?? '1000000').split(',').filter(Boolean).map(Number)) {
    const db = join(tmpdir(), `ledgerhound-bench-web-${n}-${process.pid}.db`);
    try {
      measureChild(here('./trace-generate.ts'), [String(n), db]);
      if (!existsSync(db)) throw new Error(`generation of ${n} transfers failed`);
      const loaded: LoadedCase = { path: db, dir: tmpdir(), kase: benchCase('fifo'), sourcePaths: [], bytes: Buffer.alloc(0) };
      rows.push(...(await measure(`${n.toLocaleString('en-US')} transfers`, db, loaded, false, [TRACE_VIEW])));
    } finally {
      rmSync(db, { force: true });
    }
  }
  const transfers = Number(process.env.BENCH_WEB_COMMUNITY_TRANSFERS ?? 1_000_000);
  const addresses = Math.max(1000, Math.round(transfers / 10));
  const db = join(tmpdir(), `ledgerhound-bench-web-communities-${process.pid}.db`);
  try {
    measureChild(here('./communities-generate.ts'), [String(addresses), String(transfers), db]);
    rows.push(...(await measure(`${addresses.toLocaleString('en-US')} addresses, ${transfers.toLocaleString('en-US')} transfers`, db, undefined, false, [COMMUNITIES_VIEW, COMMUNITY_VIEW])));
  } finally {
    rmSync(db, { force: true });
  }
  return rows;
}
