// report.pdf of an evidence pack, drawn with pdfkit from the same report model as report.html: text,
// tables with repeated headers across pages, and the flow diagram as vector graphics. Deterministic:
// CreationDate/ModDate are the pack's fixed "data as of" time (pdfkit derives the file ID from them),
// so the same input gives the same bytes. Text of any script is drawn in embedded Noto fonts given by
// the caller (pdf-fonts.ts, pdf-text.ts): pdfkit's standard fonts cover WinAnsi only. The drawing helpers
// (heading, paragraph, facts, table, markPages) are shared with the victims' statements.

import PDFDocument from 'pdfkit';
import type { Tlp } from '../model/tag.js';
import type { DiagramLayout } from './flow-diagram.js';
import { TLP_COLOURS, tlpLabel } from './pack-marking.js';
import type { PdfFontSet, PdfFontStyle } from './pdf-fonts.js';
import { PdfText } from './pdf-text.js';
import type { ReportModel, ReportNote, ReportTable } from './report-model.js';

type Doc = InstanceType<typeof PDFDocument>;

export interface PdfOptions {
  /** Fixed date for CreationDate and ModDate. */
  date: Date;
  creator: string;
  /** The embedded fonts (adapters/files/report-fonts.ts loads the packaged Noto fonts). */
  fonts: PdfFontSet;
}

/** The document and its text drawer. */
export interface Pdf {
  doc: Doc;
  text: PdfText;
}

export const MARGIN = 40;
const FILL: Record<string, string> = { victim: '#fde2e1', intermediate: '#eef1f5', holding: '#fff4cc', endpoint: '#d9f2e3', fee: '#e6e6e6' };
const STROKE: Record<string, string> = { victim: '#b3261e', intermediate: '#5f6b7a', holding: '#9a6b00', endpoint: '#1e7a46', fee: '#777777' };

/** Renders report.pdf into a buffer. */
export function renderReportPdf(model: ReportModel, options: PdfOptions): Promise<Buffer> {
  return renderPdf(model, options, (pdf) => drawReport(pdf, model));
}

/**
 * One A4 landscape document of an evidence pack (report.pdf, victims/<id>.pdf): `draw` fills it with the
 * embedded fonts, then the TLP marking goes on every page. Deterministic: the dates are the pack's.
 */
export function renderPdf(page: { title: string; marking?: Tlp }, options: PdfOptions, draw: (pdf: Pdf) => void): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: MARGIN,
    // A marked document keeps its pages until the end to draw the marking on each (markPages).
    bufferPages: page.marking !== undefined,
    info: { Title: page.title, Creator: options.creator, Producer: 'PDFKit', CreationDate: options.date, ModDate: options.date },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const pdf = { doc, text: new PdfText(doc, options.fonts) };
  draw(pdf);
  markPages(pdf, page);
  doc.end();
  return done;
}

/**
 * The TLP marking in the top margin of every page, in its colour on black. Drawn once all pages exist
 * (not on pdfkit's pageAdded, which can fire in the middle of a wrapped text run and change its font).
 */
export function markPages({ doc, text }: Pdf, model: { marking?: Tlp }): void {
  if (model.marking === undefined) return;
  const label = tlpLabel(model.marking);
  const style = { style: 'bold', size: 9 } as const;
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const w = text.width(label, style);
    const x = doc.page.width - MARGIN - w;
    doc.rect(x - 4, 12, w + 8, 14).fill('#000000');
    doc.fillColor(TLP_COLOURS[model.marking]);
    text.draw(label, x, 14, { ...style, width: w + 10 });
  }
}

function bottom(doc: Doc): number {
  return doc.page.height - MARGIN;
}

function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > bottom(doc)) doc.addPage();
}

export function heading({ doc, text }: Pdf, title: string, size: number): void {
  ensureSpace(doc, size * 3);
  doc.moveDown(0.6);
  doc.fillColor('#111');
  text.draw(title, MARGIN, doc.y, { style: 'bold', size, width: doc.page.width - 2 * MARGIN });
  doc.moveDown(0.3);
}

export function paragraph({ doc, text }: Pdf, body: string, options: { italic?: boolean; size?: number } = {}): void {
  const style: PdfFontStyle = options.italic ? 'italic' : 'regular';
  const size = options.size ?? 9.5;
  const width = doc.page.width - 2 * MARGIN;
  ensureSpace(doc, text.height(body, { style, size, width }));
  doc.fillColor(options.italic ? '#555' : '#111');
  text.draw(body, MARGIN, doc.y, { style, size, width });
  doc.moveDown(0.3);
}

export function facts({ doc, text }: Pdf, rows: [string, string][]): void {
  const keyW = 150;
  const width = doc.page.width - 2 * MARGIN - keyW;
  const size = 9;
  for (const [k, v] of rows) {
    const h = Math.max(12, text.height(v || ' ', { size, width }), text.height(k, { style: 'bold', size, width: keyW - 8 }));
    ensureSpace(doc, h);
    const y = doc.y;
    doc.fillColor('#111');
    text.draw(k, MARGIN, y, { style: 'bold', size, width: keyW - 8 });
    text.draw(v || ' ', MARGIN + keyW, y, { size, width });
    doc.y = y + h + 2;
  }
  doc.moveDown(0.3);
}

/**
 * Column widths in proportion to the longest text (capped), so hashes and addresses get room. A loop,
 * not Math.max(...rows): spreading 10^5 rows overflowed the call stack (export of a 10^5-transfer case).
 */
export function columnWants(t: ReportTable): number[] {
  return t.columns.map((c, i) => {
    let longest = c.length;
    for (const r of t.rows) longest = Math.max(longest, (r[i] ?? '').length);
    return Math.min(70, longest) + 2;
  });
}

export function table(pdf: Pdf, t: ReportTable, empty = 'None.'): void {
  const { doc, text } = pdf;
  if (t.rows.length === 0) {
    paragraph(pdf, empty, { italic: true });
    return;
  }
  const total = doc.page.width - 2 * MARGIN;
  const size = 7.5;
  const want = columnWants(t);
  const sum = want.reduce((a, b) => a + b, 0);
  const widths = want.map((w) => (w / sum) * total);
  const pad = 3;
  const rowHeight = (cells: string[], style: PdfFontStyle) => Math.max(...cells.map((c, i) => text.height(c || ' ', { style, size, width: widths[i] - 2 * pad }))) + 2 * pad;
  const drawRow = (cells: string[], style: PdfFontStyle, fill?: string) => {
    const h = rowHeight(cells, style);
    if (doc.y + h > bottom(doc)) {
      doc.addPage();
      drawRow(t.columns, 'bold', '#f0f2f5');
    }
    const y = doc.y;
    let x = MARGIN;
    cells.forEach((c, i) => {
      if (fill) doc.rect(x, y, widths[i], h).fill(fill);
      doc.rect(x, y, widths[i], h).lineWidth(0.5).stroke('#bbbbbb');
      doc.fillColor('#111');
      text.draw(c || ' ', x + pad, y + pad, { style, size, width: widths[i] - 2 * pad });
      x += widths[i];
    });
    doc.y = y + h;
  };
  ensureSpace(doc, 40);
  drawRow(t.columns, 'bold', '#f0f2f5');
  for (const r of t.rows) drawRow(r, 'regular');
  doc.x = MARGIN;
  doc.moveDown(0.5);
  if (t.more) paragraph(pdf, t.more, { italic: true });
}

function diagram({ doc, text }: Pdf, layout: DiagramLayout): void {
  const availW = doc.page.width - 2 * MARGIN;
  const availH = doc.page.height - 2 * MARGIN - 30;
  const scale = Math.min(1, availW / layout.width, availH / layout.height);
  if (doc.y + layout.height * scale > bottom(doc)) doc.addPage();
  const ox = MARGIN;
  const oy = doc.y;
  doc.save();
  doc.translate(ox, oy).scale(scale);
  // No `width` on text inside the scaled drawing: pdfkit's line wrapper would break pages in the middle
  // of a save/restore pair. Text is placed (and centred) by hand.
  for (const c of layout.columns) {
    doc.fillColor('#222');
    text.draw(c.title, c.x - text.width(c.title, { style: 'bold', size: 12 }) / 2, 8, { style: 'bold', size: 12 });
  }
  for (const e of layout.edges) {
    const dx = Math.max(40, (e.x2 - e.x1) / 2);
    doc.moveTo(e.x1, e.y1).bezierCurveTo(e.x1 + dx, e.y1, e.x2 - dx, e.y2, e.x2, e.y2).lineWidth(1.2).stroke('#555555');
    doc.polygon([e.x2, e.y2], [e.x2 - 7, e.y2 - 3.5], [e.x2 - 7, e.y2 + 3.5]).fill('#555555');
  }
  for (const e of layout.edges) {
    if (!e.label) continue;
    const w = text.width(e.label, { size: 9 }) + 4;
    doc.rect(e.labelX - w / 2, e.labelY - 9, w, 11).fill('#ffffff');
    doc.fillColor('#111');
    text.draw(e.label, e.labelX - w / 2 + 2, e.labelY - 8, { size: 9 });
  }
  for (const n of layout.nodes) {
    doc.roundedRect(n.x, n.y, n.w, n.h, 5).lineWidth(1.5).fillAndStroke(FILL[n.kind], STROKE[n.kind]);
    const title = { style: 'bold', size: 11 } as const;
    doc.fillColor('#111');
    text.draw(text.fit(n.title, n.w - 12, title), n.x + 7, n.y + 6, title);
    doc.fillColor('#333');
    text.draw(text.fit(n.subtitle, n.w - 12, { size: 9 }), n.x + 7, n.y + 23, { size: 9 });
  }
  doc.restore();
  doc.x = MARGIN;
  doc.y = oy + layout.height * scale + 8;
}

/** Pieces of a note's text short enough that each fits on a page (split at a space where one is near). */
function notePieces(text: string, max = 1200): string[] {
  const pieces: string[] = [];
  for (const line of text.split('\n')) {
    let rest = line;
    while (rest.length > max) {
      const space = rest.lastIndexOf(' ', max);
      const cut = space > max / 2 ? space : max;
      pieces.push(rest.slice(0, cut));
      rest = rest.slice(cut).trimStart();
    }
    pieces.push(rest);
  }
  return pieces.filter((p) => p.trim() !== '');
}

/** Analysts' notes on the trace's addresses: who wrote each, when, and the text (drawn as text, never markup). */
function analystNotes(pdf: Pdf, notes: readonly ReportNote[]): void {
  heading(pdf, "Analysts' notes", 14);
  paragraph(pdf, "Remarks investigators wrote on these addresses (notes.jsonl); they are not part of the trace's figures.", { italic: true });
  for (const n of notes) {
    heading(pdf, `${n.address} (${n.chain})`, 9.5);
    paragraph(pdf, `${n.author}, ${n.time}`, { italic: true, size: 8.5 });
    for (const piece of notePieces(n.text)) paragraph(pdf, piece);
  }
}

function drawReport(pdf: Pdf, model: ReportModel): void {
  const { doc } = pdf;
  const m = model.method;
  doc.fillColor('#111');
  pdf.text.draw(model.title, MARGIN, MARGIN, { style: 'bold', size: 18, width: doc.page.width - 2 * MARGIN });
  heading(pdf, 'Case summary', 14);
  facts(pdf, model.facts);
  heading(pdf, 'Totals per asset', 11);
  table(pdf, model.totals);
  heading(pdf, 'Method', 14);
  paragraph(pdf, `Rule: ${m.policy.name}, ${m.policy.title} (Ledgerhound TRACING.md, version 1).`);
  paragraph(pdf, `Account model. ${m.policy.account}`);
  paragraph(pdf, `UTXO model. ${m.policy.utxo}`);
  paragraph(pdf, 'Rules common to every policy:');
  for (const [i, r] of m.rules.entries()) paragraph(pdf, `${i + 1}. ${r}`);
  heading(pdf, 'Parameters', 11);
  facts(pdf, m.parameters);
  if (m.notes.length > 0) {
    heading(pdf, 'Notes from the trace', 11);
    for (const n of m.notes) paragraph(pdf, `- ${n}`);
  }
  heading(pdf, "Victims' payments", 14);
  table(pdf, model.victims);
  // The diagram gets a page of its own, sized to it (at least A4 landscape), so it is drawn at full scale.
  const a4 = { width: 841.89, height: 595.28 };
  doc.addPage({ size: [Math.max(a4.width, model.diagram.width + 2 * MARGIN), Math.max(a4.height, model.diagram.height + 2 * MARGIN + 70)], layout: 'portrait', margin: MARGIN });
  heading(pdf, 'Flow of funds', 14);
  diagram(pdf, model.diagram);
  if (model.diagramNote) paragraph(pdf, model.diagramNote, { italic: true });
  // Pages added with options take pdfkit's default margin (72) unless told: keep ours, or text near the
  // bottom would be pushed onto a page of its own.
  doc.addPage({ size: 'A4', layout: 'landscape', margin: MARGIN });
  heading(pdf, 'Cash-out points', 14);
  if (model.cashOuts.length === 0) paragraph(pdf, 'No traced value reached a cash-out point.', { italic: true });
  for (const c of model.cashOuts) {
    heading(pdf, c.title, 11);
    facts(pdf, c.facts);
    table(pdf, c.table);
  }
  if (model.cashOutsMore) paragraph(pdf, model.cashOutsMore, { italic: true });
  heading(pdf, 'Holdings', 14);
  table(pdf, model.holdings, 'No traced value is still held.');
  if (model.analystNotes !== undefined && model.analystNotes.length > 0) analystNotes(pdf, model.analystNotes);
  heading(pdf, 'Fees', 14);
  table(pdf, model.fees, 'No traced value went to fees.');
  if (model.conversions.rows.length > 0) {
    heading(pdf, 'Conversions (swaps, wraps, bridges, swap services)', 14);
    table(pdf, model.conversions);
  }
  if (model.shortfalls.rows.length > 0) {
    heading(pdf, 'Opening shortfalls', 14);
    table(pdf, model.shortfalls);
  }
  if (model.dropped.rows.length > 0) {
    heading(pdf, 'Dropped (below the dust threshold)', 14);
    table(pdf, model.dropped);
  }
  if (model.tagConflicts.rows.length > 0) {
    heading(pdf, 'Tag conflicts (the tag given directly decides)', 14);
    table(pdf, model.tagConflicts);
  }
  if (model.unknownOrder.rows.length > 0) {
    heading(pdf, 'Events of unknown order inside a block', 14);
    table(pdf, model.unknownOrder);
  }
  heading(pdf, 'Data sources', 14);
  table(pdf, model.dataSources, 'No sources recorded.');
  heading(pdf, 'Blocks covered by the store', 11);
  table(pdf, model.coverage, 'No chain data.');
  heading(pdf, 'Files of this evidence pack', 14);
  facts(pdf, model.files);
  paragraph(pdf, 'Run "ledgerhound verify <pack> --retrace" to check every file against manifest.json and re-compute these figures from the pack\'s own data.', { italic: true });
}
