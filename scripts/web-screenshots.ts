// Screenshots of the analyst workspace for docs/web.md, made from the sample case
// (samples/pig-butchering) in a temporary store: `npx tsx scripts/web-screenshots.ts [out dir]`
// (default docs/web). Needs the page built (`npm run build:web`) and Chromium at /usr/bin/chromium.

import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { openOtherStore } from '../app/store.js';
import { readCaseFile } from '../app/trace-case-file.js';
import { openWorkspace } from '../app/workspace.js';
import { createNote } from '../src/model/note.js';
import { startWorkspaceServer } from '../web/server/start.js';

const out = process.argv[2] ?? 'docs/web';
mkdirSync(out, { recursive: true });
const dir = mkdtempSync(join(tmpdir(), 'lh-shots-'));
const store = await openOtherStore(join(dir, 'case.db'));
try {
  const loaded = await readCaseFile('samples/pig-butchering/case.yaml');
  const workspace = await openWorkspace(store, loaded);
  const server = await startWorkspaceServer({ workspace });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(server.openUrl);
    await page.waitForSelector('body[data-ready="trace"]');
    // The trace with the paths into the largest BTC cash-out point lit, its panel open.
    await page.click('#cashouts-table tbody tr:nth-child(2) button');
    await page.waitForSelector('#panel-paths');
    await page.screenshot({ path: join(out, 'trace.png') });
    const address = await page.$eval('#cashouts-table tbody tr:nth-child(2) td', (td) => td.textContent ?? '');
    // An analyst's note on that address, as `notes add` or `serve --allow-changes` would write it, for the panel.
    await store.addNote(createNote({ chain: 'bitcoin', address, author: 'sample analyst', time: '2024-10-02T09:15:00Z', text: 'OTC desk named in the victims\' chats; freeze request sent (fictional sample).' }));
    const views: [string, string, string][] = [
      ['address', `#/address/bitcoin/${address}`, 'address'],
      ['communities', '#/communities', 'communities'],
      ['community', '#/communities/0', 'communities'],
      ['search', '#/search?q=binance', 'search'],
    ];
    for (const [name, hash, ready] of views) {
      await page.evaluate(`location.hash = ${JSON.stringify(hash)}`);
      await page.waitForSelector(`body[data-ready="${ready}"][data-layout="settled"], body[data-ready="search"]`);
      await page.screenshot({ path: join(out, `${name}.png`) });
    }
    process.stdout.write(`screenshots in ${out}\n`);
  } finally {
    await browser.close();
    await server.close();
  }
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
