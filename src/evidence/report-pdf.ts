// report.pdf of an evidence pack, drawn with pdfkit from the same report model as report.html: text,
// tables with repeated headers across pages, and the flow diagram as vector graphics. Deterministic:
// CreationDate/ModDate are the pack's fixed "data as of" time (pdfkit derives the file ID from them),
// standard fonts only, so the same input gives the same bytes.

import PDFDocument from 'pdfkit';
import type { DiagramLayout } from './flow-diagram.js';
import type { ReportModel, ReportTable } from './report-model.js';

type Doc = InstanceType<typeof PDFDocument>;

export interface PdfOptions {
  /** Fixed date for CreationDate and ModDate. */
  date: Date;
  creator: string;
}

const MARGIN = 40;
const FILL: Record<string, string> = { victim: '#fde2e1', intermediate: '#eef1f5', holding: '#fff4cc', endpoint: '#d9f2e3', fee: '#e6e6e6' };
const STROKE: Record<string, string> = { victim: '#b3261e', intermediate: '#5f6b7a', holding: '#9a6b00', endpoint: '#1e7a46', fee: '#777777' };

/** Renders report.pdf into a buffer. */
export function renderReportPdf(model: ReportModel, options: PdfOptions): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: MARGIN,
    bufferPages: false,
    info: { Title: model.title, Creator: options.creator, Producer: 'PDFKit', CreationDate: options.date, ModDate: options.date },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  drawReport(doc, model);
  doc.end();
  return done;
}

function bottom(doc: Doc): number {
  return doc.page.height - MARGIN;
}

function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > bottom(doc)) doc.addPage();
}

function heading(doc: Doc, text: string, size: number): void {
  ensureSpace(doc, size * 3);
  doc.moveDown(0.6);
  doc.font('Helvetica-Bold').fontSize(size).fillColor('#111').text(text, MARGIN, doc.y, { width: doc.page.width - 2 * MARGIN });
  doc.moveDown(0.3);
}

function paragraph(doc: Doc, text: string, options: { italic?: boolean; size?: number } = {}): void {
  doc.font(options.italic ? 'Helvetica-Oblique' : 'Helvetica').fontSize(options.size ?? 9.5).fillColor(options.italic ? '#555' : '#111');
  const width = doc.page.width - 2 * MARGIN;
  ensureSpace(doc, doc.heightOfString(text, { width }));
  doc.text(text, MARGIN, doc.y, { width });
  doc.moveDown(0.3);
}

function facts(doc: Doc, rows: [string, string][]): void {
  const keyW = 150;
  const width = doc.page.width - 2 * MARGIN - keyW;
  doc.fontSize(9);
  for (const [k, v] of rows) {
    doc.font('Helvetica');
    const h = Math.max(12, doc.heightOfString(v || ' ', { width }));
    ensureSpace(doc, h);
    const y = doc.y;
    doc.font('Helvetica-Bold').fillColor('#111').text(k, MARGIN, y, { width: keyW - 8 });
    doc.font('Helvetica').text(v || ' ', MARGIN + keyW, y, { width });
    doc.y = y + h + 2;
  }
  doc.moveDown(0.3);
}

function table(doc: Doc, t: ReportTable, empty = 'None.'): void {
  if (t.rows.length === 0) {
    paragraph(doc, empty, { italic: true });
    return;
  }
  const total = doc.page.width - 2 * MARGIN;
  const size = 7.5;
  doc.fontSize(size);
  // Column widths in proportion to the longest text (capped), so hashes and addresses get room.
  const want = t.columns.map((c, i) => Math.min(70, Math.max(c.length, ...t.rows.map((r) => (r[i] ?? '').length))) + 2);
  const sum = want.reduce((a, b) => a + b, 0);
  const widths = want.map((w) => (w / sum) * total);
  const pad = 3;
  const rowHeight = (cells: string[], font: string) => {
    doc.font(font).fontSize(size);
    return Math.max(...cells.map((c, i) => doc.heightOfString(c || ' ', { width: widths[i] - 2 * pad }))) + 2 * pad;
  };
  const drawRow = (cells: string[], font: string, fill?: string) => {
    const h = rowHeight(cells, font);
    if (doc.y + h > bottom(doc)) {
      doc.addPage();
      drawRow(t.columns, 'Helvetica-Bold', '#f0f2f5');
    }
    const y = doc.y;
    let x = MARGIN;
    cells.forEach((c, i) => {
      if (fill) doc.rect(x, y, widths[i], h).fill(fill);
      doc.rect(x, y, widths[i], h).lineWidth(0.5).stroke('#bbbbbb');
      doc.font(font).fontSize(size).fillColor('#111').text(c || ' ', x + pad, y + pad, { width: widths[i] - 2 * pad });
      x += widths[i];
    });
    doc.y = y + h;
  };
  ensureSpace(doc, 40);
  drawRow(t.columns, 'Helvetica-Bold', '#f0f2f5');
  for (const r of t.rows) drawRow(r, 'Helvetica');
  doc.x = MARGIN;
  doc.moveDown(0.5);
  if (t.more) paragraph(doc, t.more, { italic: true });
}

/** Shortens `text` with "..." until it fits `width` in the current font. */
function fitText(doc: Doc, text: string, width: number): string {
  if (doc.widthOfString(text) <= width) return text;
  let cut = text;
  while (cut.length > 1 && doc.widthOfString(`${cut}...`) > width) cut = cut.slice(0, -1);
  return `${cut}...`;
}

function diagram(doc: Doc, layout: DiagramLayout): void {
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
    doc.font('Helvetica-Bold').fontSize(12).fillColor('#222');
    doc.text(c.title, c.x - doc.widthOfString(c.title) / 2, 8, { lineBreak: false });
  }
  for (const e of layout.edges) {
    const dx = Math.max(40, (e.x2 - e.x1) / 2);
    doc.moveTo(e.x1, e.y1).bezierCurveTo(e.x1 + dx, e.y1, e.x2 - dx, e.y2, e.x2, e.y2).lineWidth(1.2).stroke('#555555');
    doc.polygon([e.x2, e.y2], [e.x2 - 7, e.y2 - 3.5], [e.x2 - 7, e.y2 + 3.5]).fill('#555555');
  }
  for (const e of layout.edges) {
    if (!e.label) continue;
    doc.font('Helvetica').fontSize(9);
    const w = doc.widthOfString(e.label) + 4;
    doc.rect(e.labelX - w / 2, e.labelY - 9, w, 11).fill('#ffffff');
    doc.fillColor('#111').text(e.label, e.labelX - w / 2 + 2, e.labelY - 8, { lineBreak: false });
  }
  for (const n of layout.nodes) {
    doc.roundedRect(n.x, n.y, n.w, n.h, 5).lineWidth(1.5).fillAndStroke(FILL[n.kind], STROKE[n.kind]);
    doc.font('Helvetica-Bold').fontSize(11).fillColor('#111').text(fitText(doc, n.title, n.w - 12), n.x + 7, n.y + 6, { lineBreak: false });
    doc.font('Helvetica').fontSize(9).fillColor('#333').text(fitText(doc, n.subtitle, n.w - 12), n.x + 7, n.y + 23, { lineBreak: false });
  }
  doc.restore();
  doc.x = MARGIN;
  doc.y = oy + layout.height * scale + 8;
}

function drawReport(doc: Doc, model: ReportModel): void {
  const m = model.method;
  doc.font('Helvetica-Bold').fontSize(18).fillColor('#111').text(model.title, MARGIN, MARGIN);
  heading(doc, 'Case summary', 14);
  facts(doc, model.facts);
  heading(doc, 'Totals per asset', 11);
  table(doc, model.totals);
  heading(doc, 'Method', 14);
  paragraph(doc, `Rule: ${m.policy.name}, ${m.policy.title} (Ledgerhound TRACING.md, version 1).`);
  paragraph(doc, `Account model. ${m.policy.account}`);
  paragraph(doc, `UTXO model. ${m.policy.utxo}`);
  paragraph(doc, 'Rules common to every policy:');
  for (const [i, r] of m.rules.entries()) paragraph(doc, `${i + 1}. ${r}`);
  heading(doc, 'Parameters', 11);
  facts(doc, m.parameters);
  if (m.notes.length > 0) {
    heading(doc, 'Notes from the trace', 11);
    for (const n of m.notes) paragraph(doc, `- ${n}`);
  }
  heading(doc, "Victims' payments", 14);
  table(doc, model.victims);
  // The diagram gets a page of its own, sized to it (at least A4 landscape), so it is drawn at full scale.
  const a4 = { width: 841.89, height: 595.28 };
  doc.addPage({ size: [Math.max(a4.width, model.diagram.width + 2 * MARGIN), Math.max(a4.height, model.diagram.height + 2 * MARGIN + 70)], layout: 'portrait' });
  heading(doc, 'Flow of funds', 14);
  diagram(doc, model.diagram);
  if (model.diagramNote) paragraph(doc, model.diagramNote, { italic: true });
  doc.addPage({ size: 'A4', layout: 'landscape' });
  heading(doc, 'Cash-out points', 14);
  if (model.cashOuts.length === 0) paragraph(doc, 'No traced value reached a cash-out point.', { italic: true });
  for (const c of model.cashOuts) {
    heading(doc, c.title, 11);
    facts(doc, c.facts);
    table(doc, c.table);
  }
  if (model.cashOutsMore) paragraph(doc, model.cashOutsMore, { italic: true });
  heading(doc, 'Holdings', 14);
  table(doc, model.holdings, 'No traced value is still held.');
  heading(doc, 'Fees', 14);
  table(doc, model.fees, 'No traced value went to fees.');
  if (model.shortfalls.rows.length > 0) {
    heading(doc, 'Opening shortfalls', 14);
    table(doc, model.shortfalls);
  }
  if (model.dropped.rows.length > 0) {
    heading(doc, 'Dropped (below the dust threshold)', 14);
    table(doc, model.dropped);
  }
  heading(doc, 'Data sources', 14);
  table(doc, model.dataSources, 'No sources recorded.');
  heading(doc, 'Blocks covered by the store', 11);
  table(doc, model.coverage, 'No chain data.');
  heading(doc, 'Files of this evidence pack', 14);
  facts(doc, model.files);
  paragraph(doc, 'Run "ledgerhound verify <pack> --retrace" to check every file against manifest.json and re-compute these figures from the pack\'s own data.', { italic: true });
}
