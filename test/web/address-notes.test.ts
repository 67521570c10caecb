// The address view's interactions in Debian's headless Chromium (issue 14): analysts' notes with
// `--allow-changes` (add one, reload, it is still there, signed by the workspace's author; hostile text
// stays text; a read-only workspace offers no form), and growing the picture from the store: a click on
// a node expands it by one hop, Collapse takes the hop away, Pin keeps a node where it is, across a
// reload; all of it in the URL.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openOtherStore } from '../../app/store.js';
import { readCaseFile, traceLoadedCase } from '../../app/trace-case-file.js';
import { openWorkspace, type Workspace } from '../../app/workspace.js';
import { neighbourhood } from '../../app/workspace-address.js';
import type { TraceResult } from '../../src/model/trace-result.js';
import type { GraphStore } from '../../src/ports.js';
import { type RunningWorkspace, startWorkspaceServer } from '../../web/server/start.js';

const HOSTILE = '<img src=x onerror=alert(1)> seized? "yes" & <script>alert(2)</script>';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'];

interface PageGlobals {
  document: { body: { dataset: Record<string, string | undefined> }; getElementById(id: string): { dataset: Record<string, string | undefined> } | null };
  location: { hash: string };
}

describe('address view in Chromium: notes, expand, collapse, pin', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lh-web-notes-'));
  let store: GraphStore;
  let workspace: Workspace;
  let server: RunningWorkspace;
  let readOnly: RunningWorkspace;
  let browser: Browser;
  let page: Page;
  let result: TraceResult;
  const problems: string[] = [];

  const ready = (view: string) => page.waitForSelector(`body[data-ready="${view}"][data-layout="settled"]`, { timeout: 60_000 });
  const hashOf = () => decodeURIComponent(new URL(page.url()).hash);
  const nodes = async () => Number(await page.getAttribute('#status', 'data-nodes'));
  const position = (id: string) => page.evaluate(`window.ledgerhound.nodePosition(${JSON.stringify(id)})`) as Promise<{ x: number; y: number } | undefined>;

  beforeAll(async () => {
    execFileSync('npm', ['run', '--silent', 'build:web'], { stdio: 'ignore' });
    const loaded = await readCaseFile('samples/pig-butchering/case.yaml');
    store = await openOtherStore(join(dir, 'case.db'));
    result = (await traceLoadedCase(store, loaded)).run.result;
    workspace = await openWorkspace(store, loaded, { importSources: false });
    server = await startWorkspaceServer({ workspace, changes: { author: 'ana' } });
    readOnly = await startWorkspaceServer({ workspace });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    page = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(String(e)));
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await readOnly?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('adds a note with --allow-changes; after a reload it is there, signed by the author, hostile text inert', async () => {
    const e = result.endpoints[0];
    await page.goto(`${server.url}?token=${server.token}#/address/${e.chain}/${e.address}`);
    await ready('address');
    expect(await page.$$eval('#panel-notes li', (li) => li.length)).toBe(0);
    await page.fill('#note-text', HOSTILE);
    await page.click('#note-form button[type="submit"]');
    await page.waitForSelector('#note-status:text("Saved.")', { timeout: 30_000 });
    await page.reload();
    await ready('address');
    const notes = await page.$$eval('#panel-notes li', (li) => li.map((x) => ({ meta: x.querySelector('.note-meta')?.textContent ?? '', text: x.querySelector('.note-text')?.textContent ?? '' })));
    expect(notes).toHaveLength(1);
    expect(notes[0].text).toBe(HOSTILE);
    expect(notes[0].meta).toMatch(/^ana, \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
    expect(await page.$$('#panel img, #panel script, #panel b')).toHaveLength(0);
    // Stored once, in the store itself.
    expect((await store.notesOf(e.chain, e.address)).map((n) => [n.author, n.text])).toEqual([['ana', HOSTILE]]);
  }, 120_000);

  it('a read-only workspace shows the notes but no form', async () => {
    const e = result.endpoints[0];
    const other = await browser.newPage();
    try {
      await other.goto(`${readOnly.url}?token=${readOnly.token}#/address/${e.chain}/${e.address}`);
      await other.waitForSelector('body[data-ready="address"]', { timeout: 60_000 });
      expect(await other.$$eval('#panel-notes li', (li) => li.length)).toBe(1);
      expect(await other.$('#note-form')).toBeNull();
      expect((await other.textContent('#panel')) ?? '').toContain('--allow-changes');
    } finally {
      await other.close();
    }
  }, 120_000);

  it('a click expands a node by one hop from the store, Collapse takes it away, both in the URL', async () => {
    const victim = result.sources.find((s) => s.address);
    if (!victim?.address) throw new Error('no victim address');
    const center = await neighbourhood(workspace, { chain: victim.chain, address: victim.address });
    // Counterparties whose own neighbourhood brings addresses the centre's does not have.
    const expandable: { address: string; union: number }[] = [];
    for (const n of center.nodes.filter((x) => x.role !== 'center')) {
      const more = await neighbourhood(workspace, { chain: n.chain, address: n.address });
      const union = new Set([...center.nodes, ...more.nodes].map((x) => x.id)).size;
      if (union > center.nodes.length) expandable.push({ address: n.address, union });
    }
    if (expandable.length === 0) throw new Error('no expandable counterparty in the sample');
    // The view is drawn afresh for this hash (ready() would otherwise see the view being left).
    const hash = `#/address/${victim.chain}/${victim.address}`;
    await page.evaluate(`if (decodeURIComponent(location.hash) !== ${JSON.stringify(hash)}) { document.body.dataset.ready = ''; location.hash = ${JSON.stringify(hash)}; }`);
    await ready('address');
    expect(await nodes()).toBe(center.nodes.length);
    // The layout runs for a time budget, so where nodes end up varies with the machine's load: click the
    // first expandable node that no other node is drawn near (a click there can only hit it).
    const onPage = async (id: string) => (await page.evaluate(`window.ledgerhound.nodeOnPage(${JSON.stringify(id)})`)) as { x: number; y: number } | undefined;
    const drawn = await Promise.all(center.nodes.map(async (n) => ({ address: n.address, at: await onPage(n.id) })));
    expect(drawn.filter((d) => d.at === undefined)).toEqual([]);
    const clearance = (address: string, at: { x: number; y: number }) =>
      Math.min(...drawn.flatMap((d) => (d.address === address || d.at === undefined ? [] : [Math.hypot(d.at.x - at.x, d.at.y - at.y)])));
    const drawnAt = (address: string) => drawn.find((d) => d.address === address)?.at;
    const pick = expandable.find((c) => {
      const there = drawnAt(c.address);
      return there !== undefined && clearance(c.address, there) >= 24;
    }) ?? expandable[0];
    const at = drawnAt(pick.address);
    if (at === undefined) throw new Error(`${pick.address} is not drawn`);
    await page.mouse.click(at.x, at.y);
    await page.waitForFunction((want) => {
      const { document, location } = globalThis as unknown as PageGlobals;
      return location.hash.includes('expand=') && document.body.dataset.ready === 'address' && document.getElementById('status')?.dataset.nodes === String(want);
    }, pick.union);
    expect(hashOf()).toContain(`expand=${pick.address}`);
    expect(hashOf()).toContain(`sel=${pick.address}`);
    expect((await page.textContent('#panel')) ?? '').toContain(pick.address);
    // The URL alone draws the same picture (a bookmark).
    await page.reload();
    await ready('address');
    expect(await nodes()).toBe(pick.union);
    await page.click('#node-collapse');
    await page.waitForFunction((want) => {
      const { document, location } = globalThis as unknown as PageGlobals;
      return !location.hash.includes('expand=') && document.body.dataset.ready === 'address' && document.getElementById('status')?.dataset.nodes === String(want);
    }, center.nodes.length);
  }, 180_000);

  it('Pin keeps a node where the layout put it, in the URL and across a reload', async () => {
    await ready('address');
    const [chain, address] = hashOf().slice('#/address/'.length).split('?')[0].split('/');
    const id = `${chain}/${address}`;
    const before = await position(id);
    if (!before) throw new Error('centre not drawn');
    await page.click('#node-pin');
    await page.waitForFunction(() => {
      const { document, location } = globalThis as unknown as PageGlobals;
      return decodeURIComponent(location.hash).includes('pin=') && document.body.dataset.ready === 'address' && document.body.dataset.layout === 'settled';
    });
    const m = /pin=([^@&]+)@(-?[\d.e-]+),(-?[\d.e-]+)/.exec(hashOf());
    expect(m?.[1]).toBe(address);
    const pinned = { x: Number(m?.[2]), y: Number(m?.[3]) };
    expect(pinned.x).toBeCloseTo(before.x, 3);
    expect(pinned.y).toBeCloseTo(before.y, 3);
    // The layout ran again and left the pinned node alone (to float32, the worker's precision); so does a
    // fresh page from the URL.
    const stays = async () => {
      const now = await position(id);
      expect(now?.x).toBeCloseTo(pinned.x, 5);
      expect(now?.y).toBeCloseTo(pinned.y, 5);
    };
    await stays();
    await page.reload();
    await ready('address');
    await stays();
    expect(await page.textContent('#neighbourhood-table')).toContain('pinned');
    await page.click('#node-unpin');
    await page.waitForFunction(() => !decodeURIComponent((globalThis as unknown as PageGlobals).location.hash).includes('pin='));
  }, 180_000);

  it('had no console errors and opened no dialog', () => {
    expect(problems).toEqual([]);
  });
});
