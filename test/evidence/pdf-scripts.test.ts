// report.pdf draws names in the scripts of the field (Chinese, Thai, Khmer, Burmese, Vietnamese, Korean)
// in embedded Noto fonts, and pdftotext (poppler-utils) reads each back as written; a character no
// embedded font covers (emoji) comes out as the visible placeholder U+FFFD, never as another glyph.
// The pack's manifest names the font packages with their versions.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../src/evidence/manifest.js';
import { PLACEHOLDER } from '../../src/evidence/pdf-fonts.js';
import { smallCaseRun, writeSmallPack } from './pack-helpers.js';

/** Names as investigators receive them; each must come back from the PDF exactly. */
const SCRIPT_SAMPLES = {
  chinese: '莲花田',
  traditional: '蓮花田資產',
  vietnamese: 'Nguyễn Thị Hương',
  thai: 'สมชาย ใจดี',
  khmer: 'សុខ ស្រីមុំ',
  burmese: 'မောင်မောင် မြန်မာ',
  korean: '김민준 한국',
};

/** The small case's run with the case and its two cash-out points named in those scripts. */
function multiScriptRun() {
  const run = smallCaseRun();
  run.result.case = `${SCRIPT_SAMPLES.vietnamese} / ${SCRIPT_SAMPLES.chinese} 😀`;
  run.result.endpoints[0].label = `${SCRIPT_SAMPLES.khmer} ${SCRIPT_SAMPLES.korean}`;
  run.result.endpoints[1].label = `${SCRIPT_SAMPLES.burmese} ${SCRIPT_SAMPLES.thai} ${SCRIPT_SAMPLES.traditional}`;
  return run;
}

describe('report.pdf with non-Latin names', () => {
  let dir: string;
  let text: string;
  beforeAll(async () => {
    dir = (await writeSmallPack({ run: multiScriptRun() })).dir;
    text = execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'report.pdf'), '-'], { encoding: 'utf8' });
  }, 60_000);

  it.each(Object.entries(SCRIPT_SAMPLES))('pdftotext reads %s back as written', (_script, sample) => {
    expect(text).toContain(sample);
  });

  it('replaces an emoji with the visible placeholder, not with other glyphs', () => {
    expect(text).toContain(`Tracing report: ${SCRIPT_SAMPLES.vietnamese} / ${SCRIPT_SAMPLES.chinese} ${PLACEHOLDER}`);
    expect(text).not.toContain('😀');
  });

  it('embeds its fonts (no standard font) and records their packages in the manifest', () => {
    const fonts = execFileSync('pdffonts', [join(dir, 'report.pdf')], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
    expect(fonts.length).toBeGreaterThanOrEqual(6);
    // name, type, encoding, emb, sub, uni, object ID: every font embedded as a subset with a ToUnicode map.
    for (const line of fonts) expect(line, line).toMatch(/\s+yes\s+yes\s+yes\s+\d+\s+\d+\s*$/);
    expect(fonts.join('\n')).not.toMatch(/Helvetica/);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest.fonts).toEqual(
      expect.arrayContaining([
        { name: '@fontsource/noto-sans', version: '5.3.0' },
        { name: '@fontsource/noto-sans-sc', version: '5.3.0' },
        { name: '@fontsource/noto-sans-kr', version: '5.3.0' },
        { name: '@fontsource/noto-sans-thai', version: '5.3.0' },
        { name: '@fontsource/noto-sans-khmer', version: '5.3.0' },
        { name: '@fontsource/noto-sans-myanmar', version: '5.3.0' },
      ]),
    );
  });

  it('stays small (fonts are subset)', () => {
    expect(readFileSync(join(dir, 'report.pdf')).length).toBeLessThan(400_000);
  });
});
