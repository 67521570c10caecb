// `verify` checks a pack's TLP marking against the tags the pack carries (issue 15): on the small case
// whose cash-out tag "Binance 14" is amber, the amber pack verifies; the same pack re-sealed as green, or
// with its marking taken out, or with the tag made red in its data (hashes and digest made consistent, as
// a careless or dishonest editor would), fails with a `marking` problem naming the tag; the CLI exits 4
// (INTEGRITY) saying so. The victims' statements carry the marking on every PDF page.

import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCaseFile } from '../../adapters/files/case-file.js';
import { importFiles } from '../../adapters/files/import-files.js';
import { type WrittenPack, writeEvidencePack } from '../../app/export-pack.js';
import { verifyPack } from '../../app/verify-pack.js';
import { type Manifest, sealManifest, serializeManifest, sha256Hex } from '../../src/evidence/manifest.js';
import { runCli } from '../support/cli.js';
import { sqliteFactory, tempDir } from '../support/stores.js';
import { smallCaseRun } from './pack-helpers.js';
import { amberSmallCase, pdfPages } from './tlp-helpers.js';

/** A copy of `dir` whose manifest is changed by `edit` and re-sealed (digest consistent, unsigned). */
function resealedCopy(dir: string, edit: (m: Omit<Manifest, 'digest'>, copy: string) => Omit<Manifest, 'digest'>): string {
  const copy = join(tempDir('lh-mismarked-'), 'pack');
  cpSync(dir, copy, { recursive: true });
  const { digest: _digest, ...body } = JSON.parse(readFileSync(join(copy, 'manifest.json'), 'utf8')) as Manifest;
  writeFileSync(join(copy, 'manifest.json'), serializeManifest(sealManifest(edit(body, copy))));
  return copy;
}

describe('verify: the TLP marking against the tags in the pack', () => {
  let pack: WrittenPack;
  beforeAll(async () => {
    const loaded = await loadCaseFile(amberSmallCase());
    const store = await sqliteFactory.create();
    try {
      await importFiles(store, loaded.sourcePaths);
      pack = await writeEvidencePack({ store, loaded, kase: loaded.kase, run: smallCaseRun(), outDir: join(tempDir('lh-marking-'), 'pack'), tool: { name: 'ledgerhound', version: 't' }, argv: [] });
    } finally {
      await store.close();
    }
  }, 180_000);

  it('an amber pack of amber data verifies', async () => {
    expect(pack.manifest.tlp).toBe('amber');
    const report = await verifyPack(pack.dir);
    expect(report.problems).toEqual([]);
  }, 60_000);

  it('re-sealed as green: fails with a marking problem naming the amber tag', async () => {
    const copy = resealedCopy(pack.dir, (m) => ({ ...m, tlp: 'green' }));
    const report = await verifyPack(copy);
    expect(report.ok).toBe(false);
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]).toMatchObject({ path: 'manifest.json', kind: 'marking' });
    expect(report.problems[0].detail).toMatch(/marked TLP:GREEN, less strict than its data: tag "Binance 14" .* is TLP:AMBER/);
  }, 60_000);

  it('with its marking taken out: fails, the pack carries no marking over amber data', async () => {
    const copy = resealedCopy(pack.dir, ({ tlp: _tlp, ...m }) => m);
    const report = await verifyPack(copy);
    expect(report.problems).toEqual([expect.objectContaining({ kind: 'marking', detail: expect.stringMatching(/carries no TLP marking.*TLP:AMBER/) })]);
  }, 60_000);

  it('with the tag made red in the data (hashes made consistent): fails naming TLP:RED', async () => {
    const copy = resealedCopy(pack.dir, (m, dir) => {
      const file = join(dir, 'case', 'tags.jsonl');
      const text = readFileSync(file, 'utf8').replace('"tlp":"amber"', '"tlp":"red"');
      expect(text).toContain('"tlp":"red"');
      writeFileSync(file, text);
      return { ...m, files: m.files.map((f) => (f.path === 'case/tags.jsonl' ? { ...f, sha256: sha256Hex(text), bytes: Buffer.byteLength(text) } : f)) };
    });
    const report = await verifyPack(copy);
    expect(report.problems).toEqual([expect.objectContaining({ kind: 'marking', detail: expect.stringMatching(/TLP:AMBER, less strict .*"Binance 14".* TLP:RED/) })]);
  }, 60_000);

  it('verify on the command line exits 4 (INTEGRITY) with MARKING manifest.json', () => {
    const copy = resealedCopy(pack.dir, (m) => ({ ...m, tlp: 'clear' }));
    const res = runCli(['verify', copy, '--quiet']);
    expect(res.code, res.stderr).toBe(4);
    expect(res.stdout).toMatch(/MARKING manifest\.json: the pack is marked TLP:CLEAR/);
    expect(res.stderr).toContain('marking manifest.json');
  }, 120_000);

  it("each victim's statement PDF shows TLP:AMBER on every page", () => {
    for (const v of ['v-ann', 'v-ben', 'v-cai']) {
      const pages = pdfPages(join(pack.dir, 'victims', `${v}.pdf`));
      expect(pages.length).toBeGreaterThanOrEqual(1);
      for (const [i, text] of pages.entries()) expect(text, `${v} page ${i + 1}`).toContain('TLP:AMBER');
    }
    expect(readFileSync(join(pack.dir, 'victims', 'v-ann.html'), 'utf8')).toContain('<span class="tlp" style="color: #FFC000">TLP:AMBER</span>');
  }, 60_000);
});
