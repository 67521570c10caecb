// Fonts of report.pdf: a fallback chain of embedded font faces per style (Noto Sans for Latin,
// Vietnamese, Greek and Cyrillic, then Noto Sans Thai, Khmer, Myanmar, SC and KR), chosen per grapheme
// cluster (Unicode UAX #29) so that each run of text is drawn in a face that has every glyph of it.
// A cluster no face covers (emoji) becomes U+FFFD, drawn visibly, never as some other glyph. The faces
// come from the caller (src/ reads no files): each names the Unicode ranges it is cut for and loads its
// bytes (TTF, OTF or WOFF) on first use. Shaping is fontkit's, as pdfkit's; a run whose glyph order
// differs from its text (Khmer and Myanmar pre-base vowels) is marked so the PDF carries its real text
// (ActualText), and a run that fontkit's mark positioning cannot shape (a known fontkit fault with null
// anchors in Noto Sans Khmer) is shaped without the above/below-base mark features.

import { create, type Font } from 'fontkit';

export type PdfFontStyle = 'regular' | 'bold' | 'italic';

export interface PdfFontFace {
  /** Unique name (pdfkit registers the face under it). */
  name: string;
  /** Inclusive code point ranges the face is meant for; the face's own cmap decides in the end. */
  ranges: readonly (readonly [number, number])[];
  /** The font file's bytes (TTF, OTF or WOFF; pdfkit cannot subset WOFF2 outlines). */
  load: () => Uint8Array;
}

export interface PdfFontPackage {
  name: string;
  version: string;
}

export interface PdfFontSet {
  /** Faces per style in fallback order. */
  faces: Record<PdfFontStyle, readonly PdfFontFace[]>;
  /** Where the faces come from, recorded in the manifest. */
  packages: readonly PdfFontPackage[];
}

/** Drawn for a character no embedded face covers. */
export const PLACEHOLDER = '\uFFFD';

/** Features turned off when fontkit fails to position marks (see the header). */
const MARK_FALLBACK: Record<string, boolean> = { abvm: false, blwm: false, mark: false, mkmk: false };

/** A face with its parsed font. */
export interface LoadedFace {
  name: string;
  bytes: Uint8Array;
  font: Font;
}

/** A piece of text in one face. */
export interface TextRun {
  face: LoadedFace;
  text: string;
  /** Set when the shaped glyphs do not read back as the text: the PDF carries the text as ActualText. */
  actualText: boolean;
  /** fontkit features (undefined: the defaults). */
  features?: Record<string, boolean>;
}

// Default-ignorable characters (joiners, variation selectors, BOM) need no glyph of their own.
const IGNORABLE_RANGES: readonly (readonly [number, number])[] = [
  [0xad, 0xad],
  [0x34f, 0x34f],
  [0x200b, 0x200f],
  [0x2060, 0x2064],
  [0xfe00, 0xfe0f],
  [0xfeff, 0xfeff],
];
const isIgnorable = (cp: number) => IGNORABLE_RANGES.some(([lo, hi]) => cp >= lo && cp <= hi);
const codePoints = (text: string) => [...text].map((c) => c.codePointAt(0)!);
const SPACE = /^\s+$/u;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const segmenter = new Intl.Segmenter('und', { granularity: 'grapheme' });

/** Resolves text into runs of faces for one font set. Faces are parsed once, when first needed. */
export class FontChain {
  private readonly loaded = new Map<string, LoadedFace | null>();
  private readonly byCluster = new Map<string, LoadedFace | null>();
  private readonly byText = new Map<string, TextRun[]>();

  constructor(private readonly set: PdfFontSet) {}

  /** The face that draws `cluster` in `style`, or null when none covers it. */
  faceFor(cluster: string, style: PdfFontStyle): LoadedFace | null {
    const key = `${style}\u0000${cluster}`;
    const known = this.byCluster.get(key);
    if (known !== undefined) return known;
    const points = codePoints(cluster).filter((cp) => !isIgnorable(cp));
    let found: LoadedFace | null = null;
    if (points.length > 0) {
      for (const face of this.set.faces[style]) {
        if (!points.every((cp) => face.ranges.some(([lo, hi]) => cp >= lo && cp <= hi))) continue;
        const loaded = this.load(face);
        if (loaded && points.every((cp) => loaded.font.hasGlyphForCodePoint(cp))) {
          found = loaded;
          break;
        }
      }
    }
    this.byCluster.set(key, found);
    return found;
  }

  /** The first face of the style (for spaces at the start and for the placeholder). */
  primary(style: PdfFontStyle): LoadedFace {
    const face = this.faceFor(PLACEHOLDER, style) ?? this.faceFor('?', style);
    if (!face) throw new Error(`no ${style} font face covers U+FFFD or "?"`);
    return face;
  }

  /**
   * Splits text into runs, one face each; uncovered clusters become PLACEHOLDER. Memoized: a table
   * cell is measured, then drawn, and addresses and amounts repeat across tables.
   */
  runs(text: string, style: PdfFontStyle): TextRun[] {
    const key = `${style}\u0000${text}`;
    const known = this.byText.get(key);
    if (known !== undefined) return known;
    const runs = this.split(text, style);
    if (this.byText.size >= 50_000) this.byText.clear();
    this.byText.set(key, runs);
    return runs;
  }

  private split(text: string, style: PdfFontStyle): TextRun[] {
    const pieces: { face: LoadedFace; text: string }[] = [];
    // Printable ASCII: every character is its own grapheme cluster (no segmenter needed).
    const segments: Iterable<string> = PRINTABLE_ASCII.test(text) ? text : Array.from(segmenter.segment(text), (s) => s.segment);
    for (const segment of segments) {
      let face: LoadedFace | null;
      let chars = segment;
      if (SPACE.test(segment)) {
        face = pieces.at(-1)?.face ?? this.primary(style);
      } else if (codePoints(segment).every(isIgnorable)) {
        continue;
      } else {
        face = this.faceFor(segment, style);
        if (!face) {
          face = this.primary(style);
          chars = face.font.hasGlyphForCodePoint(PLACEHOLDER.codePointAt(0)!) ? PLACEHOLDER : '?';
        }
      }
      const last = pieces.at(-1);
      if (last && last.face === face) last.text += chars;
      else pieces.push({ face, text: chars });
    }
    return pieces.flatMap((p) => this.shape(p.face, p.text));
  }

  /** Checks how fontkit shapes a run: a failing run gets the mark fallback, a reordered one ActualText per word. */
  private shape(face: LoadedFace, text: string): TextRun[] {
    if (PRINTABLE_ASCII.test(text)) return [{ face, text, actualText: false }];
    let features: Record<string, boolean> | undefined;
    let readsBack = true;
    // pdfkit lays out whole lines and single words: both must shape.
    for (const part of [text, ...text.split(/\s+/).filter(Boolean)]) {
      let glyphs: { codePoints: number[] }[];
      try {
        glyphs = face.font.layout(part, features as never).glyphs;
      } catch {
        features = MARK_FALLBACK;
        glyphs = face.font.layout(part, features as never).glyphs;
      }
      if (part === text) readsBack = String.fromCodePoint(...glyphs.flatMap((g) => g.codePoints)) === String.fromCodePoint(...codePoints(text).filter((cp) => !isIgnorable(cp)));
    }
    if (readsBack) return [{ face, text, actualText: false, features }];
    // One ActualText span per word, so that a line break never falls inside a span.
    return text
      .split(/(\s+)/)
      .filter(Boolean)
      .map((t) => ({ face, text: t, actualText: !SPACE.test(t), features }));
  }

  private load(face: PdfFontFace): LoadedFace | null {
    let loaded = this.loaded.get(face.name);
    if (loaded === undefined) {
      const bytes = face.load();
      const font = create(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      loaded = 'hasGlyphForCodePoint' in font ? { name: face.name, bytes, font } : null;
      this.loaded.set(face.name, loaded);
    }
    return loaded;
  }
}
