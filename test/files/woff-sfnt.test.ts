// WOFF 1.0 unwrapped to sfnt (adapters/files/woff-sfnt.ts) on the real Noto Sans files report.pdf embeds:
// every table's bytes match the checksum the WOFF directory recorded for the original font, fontkit
// reads the same font from both (names, metrics, every glyph's advance and outline), and a damaged
// file is refused with its name.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { create, type Font } from 'fontkit';
import { describe, expect, it } from 'vitest';
import { isWoff, woffToSfnt } from '../../adapters/files/woff-sfnt.js';

const require = createRequire(import.meta.url);
const FILES = [
  ['@fontsource/noto-sans', 'noto-sans-latin-400-normal.woff'],
  ['@fontsource/noto-sans', 'noto-sans-cyrillic-700-normal.woff'],
  ['@fontsource/noto-sans-thai', 'noto-sans-thai-thai-400-normal.woff'],
].map(([pkg, file]) => join(dirname(require.resolve(`${pkg}/package.json`)), 'files', file));

/** OpenType table checksum: the sum of the big-endian uint32s, zero-padded; head without checkSumAdjustment. */
function tableChecksum(tag: string, data: Buffer): number {
  const padded = Buffer.alloc((data.length + 3) & ~3);
  data.copy(padded);
  if (tag === 'head') padded.writeUInt32BE(0, 8);
  let sum = 0;
  for (let i = 0; i < padded.length; i += 4) sum = (sum + padded.readUInt32BE(i)) >>> 0;
  return sum;
}

function tableRecords(sfnt: Buffer): { tag: string; checksum: number; offset: number; length: number }[] {
  return Array.from({ length: sfnt.readUInt16BE(4) }, (_, i) => {
    const at = 12 + i * 16;
    return { tag: sfnt.toString('latin1', at, at + 4), checksum: sfnt.readUInt32BE(at + 4), offset: sfnt.readUInt32BE(at + 8), length: sfnt.readUInt32BE(at + 12) };
  });
}

describe.each(FILES)('woffToSfnt(%s)', (file) => {
  const woff = readFileSync(file);
  const sfnt = woffToSfnt(woff, file);

  it('lays out every table, sorted by tag, 4-byte aligned, with the checksum of its bytes', () => {
    expect(isWoff(woff)).toBe(true);
    expect(isWoff(sfnt)).toBe(false);
    const records = tableRecords(sfnt);
    expect(records.length).toBe(woff.readUInt16BE(12));
    expect(records.map((r) => r.tag)).toEqual([...records.map((r) => r.tag)].sort());
    for (const r of records) {
      expect(r.offset % 4).toBe(0);
      expect(tableChecksum(r.tag, sfnt.subarray(r.offset, r.offset + r.length))).toBe(r.checksum);
    }
    expect(sfnt.readUInt32BE(0)).toBe(woff.readUInt32BE(4));
    expect(sfnt.length).toBe(woff.readUInt32BE(16));
  });

  it('reads in fontkit as the same font: names, metrics, every glyph advance and outline', () => {
    const a = create(woff) as Font;
    const b = create(sfnt) as Font;
    expect(b.postscriptName).toBe(a.postscriptName);
    expect([b.unitsPerEm, b.ascent, b.descent, b.numGlyphs]).toEqual([a.unitsPerEm, a.ascent, a.descent, a.numGlyphs]);
    for (let id = 0; id < a.numGlyphs; id++) {
      const [ga, gb] = [a.getGlyph(id), b.getGlyph(id)];
      expect(gb.advanceWidth).toBe(ga.advanceWidth);
      expect(gb.path.toSVG()).toBe(ga.path.toSVG());
    }
  });
});

describe('woffToSfnt, damaged input', () => {
  const woff = readFileSync(FILES[0]);

  it('refuses a file cut short, naming it', () => {
    expect(() => woffToSfnt(woff.subarray(0, woff.length - 100), 'cut.woff')).toThrow(/^cut\.woff: WOFF table \d+ runs past the end of the file$/);
    expect(() => woffToSfnt(woff.subarray(0, 60), 'cut.woff')).toThrow(/^cut\.woff: WOFF table directory runs past/);
  });

  it('refuses what is not WOFF, naming it', () => {
    expect(() => woffToSfnt(Buffer.from('not a font at all, not even close to one at all', 'latin1'), 'x.ttf')).toThrow('x.ttf: not a WOFF 1.0 file');
  });
});
