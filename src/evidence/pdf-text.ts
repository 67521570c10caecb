// Text in report.pdf through the font chain (pdf-fonts.ts): measures, wraps and draws a string whose
// runs are in different faces as one piece of text. pdfkit wraps the runs as `continued` fragments;
// every line of a string gets the same baseline offset and height (the largest ascender and descender
// of the faces it uses), so that scripts of different heights neither jump nor overlap. Runs marked
// ActualText are drawn inside a marked-content span carrying their text (ISO 32000-1, 14.9.4), which
// text extraction (pdftotext, copy and paste, search) reads instead of the reordered glyphs.

import type PDFDocument from 'pdfkit';
import { FontChain, type LoadedFace, type PdfFontSet, type PdfFontStyle, type TextRun } from './pdf-fonts.js';

type Doc = InstanceType<typeof PDFDocument>;

export interface DrawTextOptions {
  style?: PdfFontStyle;
  size: number;
  /** Wrap at this width; without it the text is one line (no line break). */
  width?: number;
}

interface Metrics {
  /** Baseline offset below the line's top, in 1/1000 of the font size. */
  ascender: number;
  /** Line height in points. */
  lineHeight: number;
}

// pdfkit's own measuring entry (heightOfString uses it); like text(), it takes the options in place of
// x when the position is not given.
type PrivateDoc = Doc & { _text: (text: string, x: number | object, y: number | undefined, options: object | undefined, lineCallback: () => void) => void };

/** A PDF text string (UTF-16BE with byte order mark, as hex). */
function pdfTextString(text: string): string {
  let hex = 'FEFF';
  for (let i = 0; i < text.length; i++) hex += text.charCodeAt(i).toString(16).padStart(4, '0').toUpperCase();
  return `<${hex}>`;
}

/**
 * Runs `draw` with every text object it writes (BT ... ET) holding a Span with ActualText. The span
 * goes inside the text object, not around it: poppler places the actual text with the text state at
 * the span's end, which outside BT ... ET is no longer the glyphs' position.
 */
function withActualText(doc: Doc, text: string, draw: () => void): void {
  const d = doc as Doc & { addContent: (data: string) => Doc };
  const original = d.addContent;
  d.addContent = function (this: Doc, data: string) {
    if (data === 'ET') original.call(this, 'EMC');
    original.call(this, data);
    if (data === 'BT') original.call(this, `/Span << /ActualText ${pdfTextString(text)} >> BDC`);
    return this;
  };
  try {
    draw();
  } finally {
    d.addContent = original;
  }
}

/** Draws and measures text of any script on one pdfkit document. */
export class PdfText {
  private readonly chain: FontChain;
  private readonly registered = new Set<string>();

  constructor(
    private readonly doc: Doc,
    fonts: PdfFontSet,
  ) {
    this.chain = new FontChain(fonts);
  }

  /** Height of the text wrapped at `width`. */
  height(text: string, options: DrawTextOptions & { width: number }): number {
    const doc = this.doc as PrivateDoc;
    const runs = this.runs(text, options);
    const m = this.metrics(runs, options.size);
    const { x, y } = doc;
    const onLine = () => {
      doc.y += m.lineHeight;
    };
    runs.forEach((r, i) => {
      this.use(r.face, options.size);
      const o = { ...this.fragmentOptions(r, m, options, i < runs.length - 1), height: Number.POSITIVE_INFINITY };
      if (i === 0) doc._text(r.text, x, y, o, onLine);
      else doc._text(r.text, o, undefined, undefined, onLine);
    });
    const height = doc.y - y;
    doc.x = x;
    doc.y = y;
    return height;
  }

  /** Width of the text on one line. */
  width(text: string, options: DrawTextOptions): number {
    let w = 0;
    for (const r of this.runs(text, options)) {
      this.use(r.face, options.size);
      w += this.doc.widthOfString(r.text, { features: r.features as never });
    }
    return w;
  }

  /** Draws the text at (x, y); wrapped at `options.width` (doc.y then below it) or on one line. */
  draw(text: string, x: number, y: number, options: DrawTextOptions): void {
    const doc = this.doc;
    const runs = this.runs(text, options);
    const m = this.metrics(runs, options.size);
    runs.forEach((r, i) => {
      this.use(r.face, options.size);
      const o = this.fragmentOptions(r, m, options, i < runs.length - 1);
      const drawRun = () => (i === 0 ? doc.text(r.text, x, y, o) : doc.text(r.text, o));
      if (r.actualText) withActualText(doc, r.text, drawRun);
      else drawRun();
    });
  }

  /** Shortens the text with "..." (whole grapheme clusters) until it fits `width` on one line. */
  fit(text: string, width: number, options: DrawTextOptions): string {
    if (this.width(text, options) <= width) return text;
    const clusters = [...new Intl.Segmenter('und', { granularity: 'grapheme' }).segment(text)].map((s) => s.segment);
    while (clusters.length > 1 && this.width(`${clusters.join('')}...`, options) > width) clusters.pop();
    return `${clusters.join('')}...`;
  }

  private runs(text: string, options: DrawTextOptions): TextRun[] {
    return this.chain.runs(text, options.style ?? 'regular');
  }

  private use(face: LoadedFace, size: number): void {
    if (!this.registered.has(face.name)) {
      this.doc.registerFont(face.name, Buffer.from(face.bytes.buffer, face.bytes.byteOffset, face.bytes.byteLength));
      this.registered.add(face.name);
    }
    this.doc.font(face.name).fontSize(size);
  }

  private metrics(runs: TextRun[], size: number): Metrics {
    let ascender = 0;
    let descender = 0;
    for (const r of runs) {
      const scale = 1000 / r.face.font.unitsPerEm;
      ascender = Math.max(ascender, r.face.font.ascent * scale);
      descender = Math.min(descender, r.face.font.descent * scale);
    }
    if (runs.length === 0) {
      ascender = 1000;
      descender = -300;
    }
    return { ascender, lineHeight: ((ascender - descender) / 1000) * size };
  }

  private fragmentOptions(r: TextRun, m: Metrics, options: DrawTextOptions, continued: boolean): PDFKit.Mixins.TextOptions {
    const o: PDFKit.Mixins.TextOptions = {
      continued,
      // A number is the baseline's offset in points (negated): below the line's top by the ascender.
      baseline: (-m.ascender / 1000) * options.size,
      // pdfkit adds lineGap to the current face's own line height; this evens every line out.
      lineGap: m.lineHeight - this.doc.currentLineHeight(true),
      // null, not undefined (a continued fragment would inherit the previous run's features) and not []
      // (pdfkit shapes any truthy features uncached): default features use pdfkit's per-word layout cache.
      features: (r.features ?? null) as never,
    };
    if (options.width !== undefined) o.width = options.width;
    else o.lineBreak = false;
    return o;
  }
}
