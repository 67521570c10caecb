// The fonts report.pdf embeds, from the Fontsource packages of the Noto Sans families (npm, OFL-1.1,
// pinned in package.json): Noto Sans (Latin, Vietnamese, Greek, Cyrillic), Noto Sans Thai, Khmer,
// Myanmar, SC (Chinese, simplified and traditional) and KR (Hangul). Each package ships its font cut
// into Unicode-range slices (unicode.json); every slice becomes one face of the fallback chain, read
// from disk only when a text needs it. WOFF files, not WOFF2: fontkit reads WOFF2 but pdfkit's subsets
// of it carry garbled outlines; each is unwrapped to its sfnt font once when read (woff-sfnt.ts).

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { PdfFontFace, PdfFontPackage, PdfFontSet, PdfFontStyle } from '../../src/evidence/pdf-fonts.js';
import { woffToSfnt } from './woff-sfnt.js';

interface Family {
  pkg: string;
  /** Slices of the package to use (all when absent). */
  slices?: string[];
  /** Whether the package has italic files. */
  italic?: boolean;
}

/** Fallback order: the first family with a glyph draws it. */
const FAMILIES: Family[] = [
  { pkg: '@fontsource/noto-sans', slices: ['latin', 'latin-ext', 'vietnamese', 'greek', 'greek-ext', 'cyrillic', 'cyrillic-ext'], italic: true },
  { pkg: '@fontsource/noto-sans-thai', slices: ['thai'] },
  { pkg: '@fontsource/noto-sans-khmer', slices: ['khmer'] },
  { pkg: '@fontsource/noto-sans-myanmar', slices: ['myanmar'] },
  { pkg: '@fontsource/noto-sans-sc' },
  { pkg: '@fontsource/noto-sans-kr' },
];

const require = createRequire(import.meta.url);

/** Parses a CSS unicode-range value ("U+0-ff,U+131,U+4e00-4e0f"). */
export function parseUnicodeRange(value: string): [number, number][] {
  return value.split(',').map((part) => {
    const [lo, hi] = part.trim().replace(/^U\+/i, '').split('-');
    return [Number.parseInt(lo, 16), Number.parseInt(hi ?? lo, 16)];
  });
}

function faces(family: Family, dir: string, weight: 400 | 700, style: 'normal' | 'italic'): PdfFontFace[] {
  const id = family.pkg.split('/')[1];
  const unicode = JSON.parse(readFileSync(join(dir, 'unicode.json'), 'utf8')) as Record<string, string>;
  const slices = family.slices ?? Object.keys(unicode);
  return slices.map((slice) => {
    const key = slice.replace(/^\[(\d+)\]$/, '$1');
    const file = join(dir, 'files', `${id}-${key}-${weight}-${style}.woff`);
    // Unwrapped once here: fontkit would inflate a WOFF table again at every read (woff-sfnt.ts).
    return { name: `${id}-${key}-${weight}-${style}`, ranges: parseUnicodeRange(unicode[slice]), load: () => woffToSfnt(readFileSync(file), file) };
  });
}

let cached: PdfFontSet | undefined;

/** The packaged font set (read once per process; font files on first use). */
export function loadReportFonts(): PdfFontSet {
  if (cached) return cached;
  const byStyle: Record<PdfFontStyle, PdfFontFace[]> = { regular: [], bold: [], italic: [] };
  const packages: PdfFontPackage[] = [];
  for (const family of FAMILIES) {
    const manifest = require.resolve(`${family.pkg}/package.json`);
    const dir = dirname(manifest);
    const { name, version } = JSON.parse(readFileSync(manifest, 'utf8')) as PdfFontPackage;
    packages.push({ name, version });
    byStyle.regular.push(...faces(family, dir, 400, 'normal'));
    byStyle.bold.push(...faces(family, dir, 700, 'normal'));
    byStyle.italic.push(...faces(family, dir, 400, family.italic ? 'italic' : 'normal'));
  }
  cached = { faces: byStyle, packages };
  return cached;
}
