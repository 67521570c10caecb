// The communities view (issue 14) in Debian's headless Chromium: the super-edges drawn between
// communities carry exactly the value of the member edges between them, summed in this test straight
// from the store's transfers and transactions (a UTXO output's value spread over the input addresses in
// proportion, the flow graph's rule) with the membership the server reports; drilling into a community
// lists its members and tagged members, and its flows to other communities add up to the super-edges.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openOtherStore } from '../../app/store.js';
import { readCaseFile, traceLoadedCase } from '../../app/trace-case-file.js';
import { openWorkspace } from '../../app/workspace.js';
import type { GraphStore } from '../../src/ports.js';
import { type RunningWorkspace, startWorkspaceServer } from '../../web/server/start.js';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'];

interface Detail {
  community: number;
  size: number;
  members: { id: string }[];
  tagged: { chain: string; address: string; label: string }[];
  moreMembers: number;
}

/** `chain/asset: units; ...` (the Base units column) as a map. */
function parseUnits(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.split('; ').filter(Boolean)) {
    const at = part.lastIndexOf(': ');
    out[part.slice(0, at)] = part.slice(at + 2);
  }
  return out;
}

describe('communities view: links between communities in Chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lh-web-com-'));
  let store: GraphStore;
  let server: RunningWorkspace;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];
  const get = async <T>(path: string): Promise<T> => (await (await fetch(`${server.url}api/${path}`, { headers: { Authorization: `Bearer ${server.token}` } })).json()) as T;

  beforeAll(async () => {
    execFileSync('npm', ['run', '--silent', 'build:web'], { stdio: 'ignore' });
    const loaded = await readCaseFile('samples/pig-butchering/case.yaml');
    store = await openOtherStore(join(dir, 'case.db'));
    await traceLoadedCase(store, loaded);
    server = await startWorkspaceServer({ workspace: await openWorkspace(store, loaded, { importSources: false }) });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    page = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    await page.goto(server.openUrl.replace('#/trace', '#/communities'));
    await page.waitForSelector('body[data-ready="communities"]', { timeout: 120_000 });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('every super-edge equals the sum of the member edges between the two communities, taken from the store', async () => {
    const count = Number(await page.getAttribute('#communities-count', 'data-communities'));
    expect(count).toBeGreaterThan(1);
    const communityOf = new Map<string, number>();
    for (let c = 0; c < count; c++) {
      const d = await get<Detail>(`community?community=${c}&full=1`);
      expect(d.members).toHaveLength(d.size);
      for (const m of d.members) communityOf.set(m.id, c);
    }
    // Independently: every transfer and transaction between members of different communities.
    const sums = new Map<string, Map<string, bigint>>();
    const add = (chain: string, from: string, to: string, asset: string, amount: bigint) => {
      if (from === to || amount <= 0n) return;
      const cs = communityOf.get(`${chain}/${from}`);
      const ct = communityOf.get(`${chain}/${to}`);
      if (cs === undefined || ct === undefined) throw new Error(`${chain}/${from} or ${to} in no community`);
      if (cs === ct) return;
      const m = sums.get(`${cs}>${ct}`) ?? new Map<string, bigint>();
      m.set(`${chain}/${asset}`, (m.get(`${chain}/${asset}`) ?? 0n) + amount);
      sums.set(`${cs}>${ct}`, m);
    };
    for await (const t of store.transfers()) if (t.to !== null) add(t.chain, t.from, t.to, t.asset, t.amount);
    for await (const tx of store.transactions()) {
      const ins = new Map<string, bigint>();
      let total = 0n;
      for (const i of tx.inputs) {
        if (i.address === null || i.coinbase) continue;
        ins.set(i.address, (ins.get(i.address) ?? 0n) + i.value);
        total += i.value;
      }
      if (total === 0n) continue;
      for (const o of tx.outputs) if (o.address !== null) for (const [from, v] of ins) add(tx.chain, from, o.address, 'BTC', (o.value * v) / total);
    }
    const want: Record<string, Record<string, string>> = {};
    for (const [key, m] of sums) want[key] = Object.fromEntries([...m].map(([a, v]) => [a, v.toString()]));

    const rows = await page.$$eval('#community-links-table tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    const shown: Record<string, Record<string, string>> = {};
    for (const [from, to, , units] of rows) shown[`${from}>${to}`] = parseUnits(units);
    expect(Object.keys(want).length).toBeGreaterThan(0);
    expect(shown).toEqual(want);
    // Nothing folded on a graph this small: every link is drawn.
    expect(Number(await page.getAttribute('#communities-count', 'data-links'))).toBe(rows.length);
  });

  it('the layout settles by convergence (ForceAtlas2 iterations counted, not a fixed time)', async () => {
    await page.waitForSelector('body[data-layout="settled"]', { timeout: 120_000 });
    const iterations = Number(await page.evaluate('document.body.dataset.layoutIterations'));
    expect(iterations).toBeGreaterThan(5);
    expect(iterations).toBeLessThanOrEqual(3000);
  });

  it('drilling into a community lists its members and tagged members, and its flows out add up to its super-edges', async () => {
    const rows = await page.$$eval('#community-links-table tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    const [from] = rows[0];
    await page.click(`a[href="#/communities/${from}"]`);
    await page.waitForFunction((n) => {
      const g = globalThis as unknown as { document: { body: { dataset: Record<string, string | undefined> } }; location: { hash: string } };
      return g.location.hash === `#/communities/${n}` && g.document.body.dataset.ready === 'communities';
    }, from);
    const d = await get<Detail>(`community?community=${from}&full=1`);
    const members = await page.$$eval('#community-members-table tbody tr td:first-child', (tds) => tds.map((td) => td.textContent ?? ''));
    expect(members.sort()).toEqual(d.members.slice(0, 300).map((m) => m.id).sort());
    const panel = (await page.textContent('#panel')) ?? '';
    for (const t of d.tagged) expect(panel).toContain(t.label);
    // Flows to other communities, summed per community, are the super-edges out of this one.
    const across = await page.$$eval('#community-across-table tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    const out: Record<string, Record<string, bigint>> = {};
    for (const [, to, , units] of across) {
      if (!to.startsWith('community ')) continue;
      const key = `${from}>${to.slice('community '.length)}`;
      out[key] ??= {};
      for (const [a, v] of Object.entries(parseUnits(units))) out[key][a] = (out[key][a] ?? 0n) + BigInt(v);
    }
    const links = Object.fromEntries(rows.filter(([s]) => s === from).map(([s, t, , units]) => [`${s}>${t}`, parseUnits(units)]));
    expect(Object.fromEntries(Object.entries(out).map(([k, m]) => [k, Object.fromEntries(Object.entries(m).map(([a, v]) => [a, v.toString()]))]))).toEqual(links);
    const result = await new AxeBuilder({ page }).analyze();
    expect(result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  });

  it('a community number that does not exist is NOT_FOUND (404), a malformed one INVALID_INPUT (400)', async () => {
    const missing = await fetch(`${server.url}api/community?community=99999`, { headers: { Authorization: `Bearer ${server.token}` } });
    expect(missing.status).toBe(404);
    const bad = await fetch(`${server.url}api/community?community=x`, { headers: { Authorization: `Bearer ${server.token}` } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { details: { field: string } } }).error.details.field).toBe('community');
  });

  it('had no console errors', () => {
    expect(consoleErrors).toEqual([]);
  });
});
