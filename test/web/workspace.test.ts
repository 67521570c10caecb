// The analyst workspace end to end (issue 14): the server over the sample case in a temporary store, the
// page in Debian's headless Chromium through playwright-core. The trace view's table shows every cash-out
// point of the trace with the same amounts; a click on a node fills the panel; a filter changes the
// count; PNG export; no console errors; the API refuses calls without the token; a third-party label
// with markup stays text; axe-core finds no serious or critical accessibility violation.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../../adapters/files/import-files.js';
import { openOtherStore } from '../../app/store.js';
import { readCaseFile, traceLoadedCase } from '../../app/trace-case-file.js';
import { openWorkspace } from '../../app/workspace.js';
import { formatAmount } from '../../src/model/amount-text.js';
import type { TraceResult } from '../../src/model/trace-result.js';
import type { GraphStore } from '../../src/ports.js';
import { type RunningWorkspace, startWorkspaceServer } from '../../web/server/start.js';

const XSS = '<img src=x onerror=alert(1)>';
/** The page's globals these tests read (the test program has no DOM types). */
interface PageGlobals {
  document: { querySelector(selector: string): { getAttribute(name: string): string | null } | null; body: { dataset: Record<string, string | undefined> } };
  location: { hash: string };
}

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'];

describe('ledgerhound serve: the analyst workspace in Chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lh-web-'));
  let store: GraphStore;
  let server: RunningWorkspace;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let expected: TraceResult;
  let xssAddress: string;
  const consoleErrors: string[] = [];
  const dialogs: string[] = [];

  beforeAll(async () => {
    execFileSync('npm', ['run', '--silent', 'build:web'], { stdio: 'ignore' });
    const loaded = await readCaseFile('samples/pig-butchering/case.yaml');
    store = await openOtherStore(join(dir, 'case.db'));
    const first = await traceLoadedCase(store, loaded);
    // A third-party label with markup on the largest cash-out point (same category: the trace keeps its figures).
    const target = [...first.run.result.endpoints].sort((a, b) => (BigInt(b.amount.split('.')[0]) > BigInt(a.amount.split('.')[0]) ? 1 : -1))[0];
    xssAddress = target.address;
    writeFileSync(join(dir, 'xss-tags.jsonl'), `${JSON.stringify({ chain: target.chain, address: target.address, label: XSS, category: target.category, source: 'hostile-list', confidence: 100 })}\n`);
    await importFiles(store, [join(dir, 'xss-tags.jsonl')]);
    expected = (await traceLoadedCase(store, loaded, { importSources: false })).run.result;
    const workspace = await openWorkspace(store, loaded, { importSources: false });
    server = await startWorkspaceServer({ workspace });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1400, height: 1000 } });
    page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(server.openUrl);
    await page.waitForSelector('body[data-ready="trace"]', { timeout: 60_000 });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses the API without the right token (401), writes (405) and foreign Host headers (421)', async () => {
    expect((await fetch(`${server.url}api/case`)).status).toBe(401);
    expect((await fetch(`${server.url}api/trace`, { headers: { Authorization: 'Bearer wrong' } })).status).toBe(401);
    const ok = await fetch(`${server.url}api/case`, { headers: { Authorization: `Bearer ${server.token}` } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBeNull();
    expect(ok.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect((await fetch(`${server.url}api/case`, { method: 'POST', headers: { Authorization: `Bearer ${server.token}` } })).status).toBe(405);
    // A page of another site that resolves its own name to 127.0.0.1 (DNS rebinding) sends its own Host.
    const rebound = await new Promise<number | undefined>((done, fail) => {
      const req = request(`${server.url}api/case`, { headers: { Host: 'evil.example', Authorization: `Bearer ${server.token}` } }, (res) => {
        res.resume();
        done(res.statusCode);
      });
      req.on('error', fail);
      req.end();
    });
    expect(rebound).toBe(421);
  });

  it('keeps the token out of the address bar (bookmarks carry only the view)', () => {
    expect(page.url()).not.toContain('token=');
    expect(page.url()).toContain('#/trace');
  });

  it("the trace view's table shows every cash-out point of the trace with the same amounts", async () => {
    const rows = await page.$$eval('#cashouts-table tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    const shown = rows.map((r) => `${r[1]}/${r[0]} ${r[4]}`).sort();
    const want = expected.endpoints.map((e) => `${e.chain}/${e.address} ${formatAmount(e.chain, e.asset, e.amount)}`).sort();
    expect(want.length).toBeGreaterThan(0);
    expect(shown).toEqual(want);
    const count = await page.getAttribute('#trace-count', 'data-cashouts');
    expect(Number(count)).toBe(expected.endpoints.length);
  });

  it('a click on a cash-out node shows its panel (tags with source, paths) and the hostile label stays text', async () => {
    const endpoint = expected.endpoints.find((e) => e.address === xssAddress);
    if (!endpoint) throw new Error('no endpoint');
    const at = (await page.evaluate(`window.ledgerhound.nodeOnPage(${JSON.stringify(`${endpoint.chain}/${endpoint.address}`)})`)) as { x: number; y: number } | undefined;
    if (!at) throw new Error('node not drawn');
    await page.mouse.click(at.x, at.y);
    await page.waitForSelector('#panel-tags', { timeout: 30_000 });
    const panel = (await page.textContent('#panel')) ?? '';
    expect(panel).toContain(endpoint.address);
    expect(panel).toContain('hostile-list');
    expect(panel).toContain(XSS);
    expect(await page.$$eval('#panel-paths li', (li) => li.length)).toBeGreaterThan(0);
    // The label is in the table and the panel as text: no element was made of it, no dialog opened.
    expect(await page.$$('img')).toHaveLength(0);
    expect(await page.$$eval('td', (tds) => tds.some((td) => td.textContent === '<img src=x onerror=alert(1)>'))).toBe(true);
    expect(dialogs).toEqual([]);
  });

  it('exports the view as PNG', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-png')]);
    const path = await download.path();
    const bytes = readFileSync(path);
    expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(bytes.length).toBeGreaterThan(2000);
    expect(download.suggestedFilename()).toBe('ledgerhound-trace.png');
  });

  it('exports the view as SVG with the hostile label escaped', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-svg')]);
    const svg = readFileSync(await download.path(), 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(svg).not.toContain('<img');
    const view = (await (await fetch(`${server.url}api/trace`, { headers: { Authorization: `Bearer ${server.token}` } })).json()) as { nodes: unknown[] };
    expect((svg.match(/<circle /g) ?? []).length).toBe(view.nodes.length);
  });

  it('a filter (one victim) changes the count and lands in the URL; policy re-traces; colour by category', async () => {
    const before = Number(await page.getAttribute('#trace-count', 'data-cashouts'));
    const alice = expected.endpoints.filter((e) => e.bySource['alice-1'] !== undefined).length;
    expect(alice).toBeLessThan(before);
    await page.selectOption('select[name="victim"]', 'alice-1');
    await page.waitForFunction((n) => {
      const { document } = globalThis as unknown as PageGlobals;
      return document.querySelector('#trace-count')?.getAttribute('data-cashouts') === String(n) && document.body.dataset.ready === 'trace';
    }, alice);
    expect(page.url()).toContain('victim=alice-1');
    // A policy change re-traces on the server.
    await page.selectOption('select[name="policy"]', 'haircut');
    await page.waitForFunction(() => {
      const { document, location } = globalThis as unknown as PageGlobals;
      return location.hash.includes('policy=haircut') && document.body.dataset.ready === 'trace';
    });
    expect(Number(await page.getAttribute('#trace-count', 'data-cashouts'))).toBeGreaterThan(0);
    // Colour by category: the legend lists the cash-out points' categories instead of the victims.
    await page.selectOption('select[name="colour"]', 'category');
    await page.waitForFunction(() => {
      const { document, location } = globalThis as unknown as PageGlobals;
      return location.hash.includes('colour=category') && document.body.dataset.ready === 'trace';
    });
    const legend = (await page.textContent('#legend')) ?? '';
    expect(legend).toContain('exchange');
    expect(legend).not.toContain('alice-1');
    // The From slider at its end hides the earlier flows (a view filter: fewer edges drawn).
    const edgesBefore = Number(await page.getAttribute('#trace-count', 'data-edges'));
    await page.$eval('#trace-from', (input) => {
      const range = input as unknown as { max: string; value: string; dispatchEvent(e: unknown): boolean };
      range.value = range.max;
      range.dispatchEvent(new (globalThis as unknown as { Event: new (type: string, init: object) => unknown }).Event('change', { bubbles: true }));
    });
    await page.waitForFunction(() => {
      const { document, location } = globalThis as unknown as PageGlobals;
      return location.hash.includes('from=') && document.body.dataset.ready === 'trace';
    });
    expect(Number(await page.getAttribute('#trace-count', 'data-edges'))).toBeLessThan(edgesBefore);
  });

  it('axe-core finds no serious or critical violation in the trace, address, search and communities views', async () => {
    const endpoint = expected.endpoints[0];
    for (const hash of ['#/trace', `#/address/${endpoint.chain}/${endpoint.address}`, '#/search?q=onerror', '#/communities']) {
      await page.evaluate(`location.hash = ${JSON.stringify(hash)}`);
      const view = hash.slice(2).split(/[?/]/)[0];
      await page.waitForSelector(`body[data-ready="${view}"]`, { timeout: 60_000 });
      if (view === 'search') {
        // The hostile label is found by label search and listed as text.
        const cells = await page.$$eval('#search-table td', (tds) => tds.map((td) => td.textContent ?? ''));
        expect(cells.some((c) => c.startsWith(XSS))).toBe(true);
        // The address view's panel does not stay open over another view.
        expect((await page.textContent('#panel')) ?? '').not.toContain('Open neighbourhood and cluster');
      }
      if (view === 'address') expect(await page.$$eval('#neighbourhood-table tbody tr', (trs) => trs.length)).toBeGreaterThan(1);
      if (view === 'communities') expect(await page.$$eval('#communities-table tbody tr', (trs) => trs.length)).toBeGreaterThan(0);
      const result = await new AxeBuilder({ page }).analyze();
      const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${view}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      expect(bad).toEqual([]);
    }
    expect(await page.$$('img')).toHaveLength(0);
    // Four views drawn and analysed: about 50 s on the shared, loaded test machine.
  }, 240_000);

  it('had no console errors and opened no dialog', () => {
    expect(consoleErrors).toEqual([]);
    expect(dialogs).toEqual([]);
  });
});
