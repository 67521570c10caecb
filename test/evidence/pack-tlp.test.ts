// TLP on evidence packs (issue 15): a pack of the small case whose cash-out tag "Binance 14" is marked
// `amber` carries the marking TLP:AMBER in the manifest, at the top of report.html and (pdftotext, page
// by page) on every page of report.pdf; trace.json is the trace as it was. `--tlp green` is refused
// naming the tag, before anything is written. The rule itself: the marking is never less strict than a tag's.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCaseFile } from '../../adapters/files/case-file.js';
import { importFiles } from '../../adapters/files/import-files.js';
import { type WrittenPack, writeEvidencePack } from '../../app/export-pack.js';
import { LedgerhoundError } from '../../src/errors.js';
import type { Manifest } from '../../src/evidence/manifest.js';
import { packMarking } from '../../src/evidence/pack-marking.js';
import { type Tag, TLP_LEVELS, type Tlp } from '../../src/model/tag.js';
import { tlpRank } from '../../src/sharing/tlp.js';
import { sqliteFactory, tempDir } from '../support/stores.js';
import { smallCaseRun } from './pack-helpers.js';
import { amberSmallCase, pdfPages } from './tlp-helpers.js';

async function amberPack(tlp?: Tlp): Promise<WrittenPack> {
  const loaded = await loadCaseFile(amberSmallCase());
  const store = await sqliteFactory.create();
  try {
    await importFiles(store, loaded.sourcePaths);
    return await writeEvidencePack({
      store,
      loaded,
      kase: loaded.kase,
      run: smallCaseRun(),
      outDir: join(tempDir('lh-tlp-pack-'), 'pack'),
      tool: { name: 'ledgerhound', version: '0.1.0-test' },
      argv: ['export', 'case.yaml', '--out', 'pack'],
      tlp,
    });
  } finally {
    await store.close();
  }
}

describe('evidence pack of a case with an amber tag', () => {
  let pack: WrittenPack;
  beforeAll(async () => {
    pack = await amberPack();
  }, 120_000);

  it('is marked TLP:AMBER in the manifest; trace.json is the trace as it was', () => {
    const manifest = JSON.parse(readFileSync(join(pack.dir, 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest.tlp).toBe('amber');
    expect(readFileSync(join(pack.dir, 'trace.json'), 'utf8')).toBe(`${JSON.stringify(smallCaseRun().result, null, 2)}\n`);
  });

  it('report.pdf shows TLP:AMBER on every page', () => {
    const pages = pdfPages(join(pack.dir, 'report.pdf'));
    expect(pages.length).toBeGreaterThanOrEqual(3);
    for (const [i, text] of pages.entries()) expect(text, `page ${i + 1}`).toContain('TLP:AMBER');
  }, 60_000);

  it('report.html shows TLP:AMBER at the top in amber on black, and fixed in print', () => {
    const html = readFileSync(join(pack.dir, 'report.html'), 'utf8');
    const body = html.slice(html.indexOf('<body>'));
    expect(body.indexOf('TLP:AMBER')).toBeLessThan(body.indexOf('<h1>'));
    expect(html).toContain('<span class="tlp" style="color: #FFC000">TLP:AMBER</span>');
    expect(html).toMatch(/@media print \{ \.tlp-print \{ display: block; position: fixed;/);
  });

  it('--tlp green is refused naming --tlp and the amber tag, and writes nothing', async () => {
    const out = join(tempDir('lh-tlp-refused-'), 'pack');
    const loaded = await loadCaseFile(amberSmallCase());
    const store = await sqliteFactory.create();
    try {
      await importFiles(store, loaded.sourcePaths);
      const refused = writeEvidencePack({ store, loaded, kase: loaded.kase, run: smallCaseRun(), outDir: out, tool: { name: 'ledgerhound', version: 't' }, argv: [], tlp: 'green' });
      await expect(refused).rejects.toMatchObject({ code: 'INVALID_INPUT', details: { field: '--tlp' } });
      await expect(refused).rejects.toThrow(/--tlp green .*Binance 14.*TLP:AMBER/);
    } finally {
      await store.close();
    }
    expect(existsSync(out)).toBe(false);
  });
});

describe('packMarking', () => {
  const tag = (tlp?: Tlp): Tag => ({ chain: 'ethereum', address: '0x28C6c06298d514Db089934071355E5743bf21d60', label: 'x', category: 'exchange', source: 's', confidence: 90, ...(tlp ? { tlp } : {}) });
  const level = fc.constantFrom(...TLP_LEVELS);

  it('is the strictest tag marking by default, none without one', () => {
    expect(packMarking([tag(), tag('green'), tag('amber+strict'), tag('amber')])).toBe('amber+strict');
    expect(packMarking([tag(), tag()])).toBeUndefined();
    expect(packMarking([], 'clear')).toBe('clear');
  });

  it('property: never less strict than any tag; a request is kept exactly when it is at least as strict', () => {
    fc.assert(
      fc.property(fc.array(fc.option(level, { nil: undefined })), fc.option(level, { nil: undefined }), (levels, requested) => {
        const tags = levels.map(tag);
        const strictest = Math.max(-1, ...levels.map((l) => (l === undefined ? -1 : tlpRank(l))));
        if (requested !== undefined && tlpRank(requested) < strictest) {
          expect(() => packMarking(tags, requested)).toThrow(LedgerhoundError);
          return;
        }
        const marking = packMarking(tags, requested);
        if (requested !== undefined) expect(marking).toBe(requested);
        if (strictest >= 0) expect(tlpRank(marking!)).toBeGreaterThanOrEqual(strictest);
        else if (requested === undefined) expect(marking).toBeUndefined();
      }),
    );
  });
});
