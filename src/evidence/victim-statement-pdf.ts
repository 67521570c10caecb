// victims/<id>.pdf of an evidence pack: one victim's statement (victim-statement.ts) drawn with the same
// pdfkit machinery and embedded Noto fonts as report.pdf (report-pdf.ts helpers, pdf-text.ts), A4
// landscape, the TLP marking on every page. Deterministic: CreationDate/ModDate are the pack's "data as of".

import type { PdfOptions } from './report-pdf.js';
import { facts, heading, MARGIN, paragraph, renderPdf, table } from './report-pdf.js';
import type { StatementDocument } from './victim-statement.js';

/** Renders one statement as PDF bytes. */
export function renderStatementPdf(statement: StatementDocument, options: PdfOptions): Promise<Buffer> {
  return renderPdf(statement, options, (pdf) => {
    const { doc } = pdf;
    doc.fillColor('#111');
    pdf.text.draw(statement.title, MARGIN, MARGIN, { style: 'bold', size: 16, width: doc.page.width - 2 * MARGIN });
    doc.moveDown(0.5);
    facts(pdf, statement.facts);
    for (const s of statement.sections) {
      heading(pdf, s.title, 12);
      table(pdf, s.table, s.empty);
    }
    for (const n of statement.notes) paragraph(pdf, n, { italic: true });
  });
}
