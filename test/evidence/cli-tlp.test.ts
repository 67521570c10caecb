// `ledgerhound export --tlp` end to end on the small case with an amber tag (issue 15): `--tlp green`
// exits 2 (INVALID_INPUT) naming --tlp and the amber tag and writes no pack; `--tlp red` is accepted,
// recorded in the manifest and shown on every page of report.pdf and in report.html; a name that is no
// TLP marking exits 2 before any work.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Manifest } from '../../src/evidence/manifest.js';
import { runCli } from '../support/cli.js';
import { tempDir } from '../support/stores.js';
import { amberSmallCase, pdfPages } from './tlp-helpers.js';

describe('ledgerhound export --tlp', () => {
  const kase = amberSmallCase();

  it('refuses --tlp green on a case with an amber tag, naming --tlp and the tag, without writing a pack', () => {
    const work = tempDir('lh-cli-tlp-');
    const res = runCli(['export', kase, '--out', join(work, 'pack'), '--store', join(work, 'case.db'), '--tlp', 'green', '--quiet']);
    expect(res.code, res.stderr).toBe(2);
    expect(res.stderr).toMatch(/INVALID_INPUT: --tlp green is less strict than the data: tag "Binance 14" .* is TLP:AMBER/);
    expect(existsSync(join(work, 'pack'))).toBe(false);
  }, 120_000);

  it('refuses a name that is no TLP marking', () => {
    const work = tempDir('lh-cli-tlp-');
    const res = runCli(['export', kase, '--out', join(work, 'pack'), '--store', join(work, 'case.db'), '--tlp', 'purple', '--quiet']);
    expect(res.code, res.stderr).toBe(2);
    expect(res.stderr).toContain('--tlp must be one of clear, green, amber, amber+strict, red');
  }, 120_000);

  it('accepts --tlp red and shows TLP:RED on every page of report.pdf and in report.html', () => {
    const work = tempDir('lh-cli-tlp-');
    const pack = join(work, 'pack');
    const res = runCli(['export', kase, '--out', pack, '--store', join(work, 'case.db'), '--tlp', 'red', '--json']);
    expect(res.code, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout).tlp).toBe('red');
    const manifest = JSON.parse(readFileSync(join(pack, 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest.tlp).toBe('red');
    const pages = pdfPages(join(pack, 'report.pdf'));
    expect(pages.length).toBeGreaterThan(1);
    for (const [i, text] of pages.entries()) {
      expect(text, `page ${i + 1}`).toContain('TLP:RED');
      expect(text, `page ${i + 1}`).not.toContain('TLP:AMBER');
    }
    expect(readFileSync(join(pack, 'report.html'), 'utf8')).toContain('<span class="tlp" style="color: #FF2B2B">TLP:RED</span>');
  }, 180_000);
});
