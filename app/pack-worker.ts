// Worker thread of an evidence pack export (pack-thread.ts): the work of a pack that needs neither the
// trace's objects nor the exporting thread, done on the second core while that thread traces and writes
// the other files. Jobs, one at a time in the order posted:
// - `hash`: the store's content hash (src/evidence/content-hash.ts), read through its own read-only
//   connection to the SQLite file while the exporting thread traces;
// - `transactions`: transactions.csv, the stored records the flows touch (touched-records.ts), rendered
//   (tables-csv.ts) and written to the pack's partial directory;
// - `report`, `statement`: report.pdf and a victim's statement PDF, drawn with pdfkit and the packaged
//   Noto fonts from their document models (the same model gives the same bytes as on any thread).
// Errors go back with their code and details (a LedgerhoundError on the exporting thread).

import { parentPort } from 'node:worker_threads';
import { loadReportFonts } from '../adapters/files/report-fonts.js';
import { openSqliteStore, type SqliteStore } from '../graph/sqlite/sqlite-store.js';
import { LedgerhoundError } from '../src/errors.js';
import { hashStoreContents, type StoreContentHash } from '../src/evidence/content-hash.js';
import { isNotPersonalTag } from '../src/evidence/personal-data.js';
import { renderReportPdf } from '../src/evidence/report-pdf.js';
import type { ReportModel } from '../src/evidence/report-model.js';
import { renderTransactionsCsv } from '../src/evidence/tables-csv.js';
import type { StatementDocument } from '../src/evidence/victim-statement.js';
import { renderStatementPdf } from '../src/evidence/victim-statement-pdf.js';
import { writeChunks } from './hashed-file.js';
import { readTouchedRecords, type TouchedRefs } from './touched-records.js';

/** What a job draws a PDF with: the pack's fixed date (ms since the epoch) and the creator. */
export interface PdfStamp {
  date: number;
  creator: string;
}

export type PackJob =
  | { kind: 'hash'; store: string; withoutPersonalTags: boolean }
  | { kind: 'transactions'; store: string; refs: TouchedRefs; target: string }
  | ({ kind: 'report'; model: ReportModel } & PdfStamp)
  | ({ kind: 'statement'; doc: StatementDocument } & PdfStamp);

/** A job's answer: its result, a progress report (done of total), or the error that stopped it. */
export type PackReply =
  | { id: number; hash: StoreContentHash }
  | { id: number; file: { sha256: string; bytes: number } }
  | { id: number; pdf: Uint8Array }
  | { id: number; progress: [number, number] }
  | { id: number; error: { code?: string; message: string; details?: unknown } };

const stores = new Map<string, SqliteStore>();

function storeAt(location: string): SqliteStore {
  let store = stores.get(location);
  if (store === undefined) {
    store = openSqliteStore(location, { readonly: true });
    stores.set(location, store);
  }
  return store;
}

async function work(id: number, job: PackJob, post: (reply: PackReply) => void): Promise<void> {
  switch (job.kind) {
    case 'hash': {
      post({ id, hash: await hashStoreContents(storeAt(job.store), job.withoutPersonalTags ? { keepTag: isNotPersonalTag } : {}) });
      return;
    }
    case 'transactions': {
      const records = await readTouchedRecords(storeAt(job.store), job.refs, (done, total) => post({ id, progress: [done, total] }));
      post({ id, file: await writeChunks(job.target, renderTransactionsCsv(records)) });
      return;
    }
    case 'report':
    case 'statement': {
      const options = { date: new Date(job.date), creator: job.creator, fonts: loadReportFonts() };
      post({ id, pdf: job.kind === 'report' ? await renderReportPdf(job.model, options) : await renderStatementPdf(job.doc, options) });
      return;
    }
  }
}

if (parentPort) {
  const port = parentPort;
  const post = (reply: PackReply) => port.postMessage(reply);
  let queue = Promise.resolve();
  port.on('message', ({ id, job }: { id: number; job: PackJob }) => {
    queue = queue.then(async () => {
      try {
        await work(id, job, post);
      } catch (e) {
        const error = e instanceof LedgerhoundError ? { code: e.code, message: e.message, details: e.details } : { message: (e as Error).message };
        post({ id, error });
      }
    });
  });
}
