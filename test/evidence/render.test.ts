// The reports render: report.pdf converts to PNG pages with poppler's pdftoppm (Debian poppler-utils)
// and its text holds the figures; report.html opens in headless Chromium (Debian's chromium through
// playwright-core), served on 127.0.0.1, with no console errors, failed requests or page errors, and
// its flow diagram draws every node; the browser's XML parser reads graph.graphml and graph.gexf. The PNGs are kept in a temporary directory for a human look.

import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/stores.js';
import { writeSmallPack } from './pack-helpers.js';

let dir: string;
const shots = tempDir('lh-render-');

beforeAll(async () => {
  dir = (await writeSmallPack()).dir;
  process.stderr.write(`[evidence] rendered pages in ${shots}\n`);
});

describe('report.pdf', () => {
  it('renders to PNG pages with pdftoppm', () => {
    const result = execFileSync('pdftoppm', ['-r', '50', '-f', '1', '-l', '4', '-png', join(dir, 'report.pdf'), join(shots, 'page')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(result).toBe('');
    const pages = readdirSync(shots).filter((f) => f.startsWith('page') && f.endsWith('.png'));
    expect(pages.length).toBe(4);
    for (const p of pages) {
      const png = readFileSync(join(shots, p));
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect(statSync(join(shots, p)).size).toBeGreaterThan(5000);
    }
  });

  it('reports no syntax errors and holds the figures as text', () => {
    const info = execFileSync('pdfinfo', [join(dir, 'report.pdf')], { encoding: 'utf8' });
    expect(info).toMatch(/CreationDate:\s+Sat Apr 20 02:00:00 2024 UTC/);
    const text = execFileSync('pdftotext', ['-layout', join(dir, 'report.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toContain('Tracing report: Small evidence case');
    expect(text).toContain('First in, first out (FIFO)');
    expect(text).toContain('v-ann: 1,666.666666666666667 USDT; v-ben: 333.333333333333333 USDT');
    expect(text).toContain('Binance 14');
    expect(text).toContain('Kraken');
  });
});

describe('report.html in headless Chromium', () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    const html = readFileSync(join(dir, 'report.html'));
    server = createServer((req, res) => {
      if (req.url === '/' || req.url === '/report.html') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(html);
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('opens with no console errors and draws the flow diagram', async () => {
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      page.on('requestfailed', (r) => problems.push(`requestfailed: ${r.url()}`));
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      const response = await page.goto(`${base}/report.html`, { waitUntil: 'load' });
      expect(response?.status()).toBe(200);
      expect(await page.title()).toBe('Tracing report: Small evidence case');
      // Every request stays on the page itself: no external assets.
      expect(requests.filter((u) => !u.startsWith(base))).toEqual([]);
      // Every node of the small case: victims ann, ben, cai (3); A, B, C on Ethereum and X, Y on Bitcoin
      // (5); Binance 14 and Kraken (2); the Bitcoin fee sink (1).
      expect(await page.locator('.diagram svg g rect').count()).toBe(11);
      expect(await page.locator('h3', { hasText: 'Binance 14: 0x28C6c06298d514Db089934071355E5743bf21d60' }).count()).toBe(1);
      // The scam label with markup characters is shown as text, not parsed.
      expect(await page.locator('.diagram svg').textContent()).toContain('Lotus <scam> wallet & co');
      await page.screenshot({ path: join(shots, 'report-html.png'), fullPage: true });
      expect(problems).toEqual([]);

      // graph.graphml and graph.gexf are well-formed XML in their namespaces (the browser's own parser).
      const graphml = readFileSync(join(dir, 'graph.graphml'), 'utf8');
      const gexf = readFileSync(join(dir, 'graph.gexf'), 'utf8');
      const parsed = await page.evaluate(
        ([a, b]) => {
          // Runs in the page: the DOM types are not in this project's lib, so the parser is typed here.
          type XmlDoc = { documentElement: { namespaceURI: string | null }; getElementsByTagName(n: string): { length: number }; getElementsByTagNameNS(ns: string, n: string): { length: number } };
          const Parser = (globalThis as unknown as { DOMParser: new () => { parseFromString(t: string, m: string): XmlDoc } }).DOMParser;
          const count = (text: string, ns: string, node: string, edge: string) => {
            const doc = new Parser().parseFromString(text, 'application/xml');
            return {
              error: doc.getElementsByTagName('parsererror').length,
              root: doc.documentElement.namespaceURI === ns,
              nodes: doc.getElementsByTagNameNS(ns, node).length,
              edges: doc.getElementsByTagNameNS(ns, edge).length,
            };
          };
          return { graphml: count(a, 'http://graphml.graphdrawing.org/xmlns', 'node', 'edge'), gexf: count(b, 'http://gexf.net/1.3', 'node', 'edge') };
        },
        [graphml, gexf],
      );
      // 11 addresses; GraphML has one edge per flow (9), GEXF one per address pair and asset (9 here too).
      expect(parsed.graphml).toEqual({ error: 0, root: true, nodes: 11, edges: 9 });
      expect(parsed.gexf).toEqual({ error: 0, root: true, nodes: 11, edges: 9 });
    } finally {
      await browser.close();
    }
  });
});
