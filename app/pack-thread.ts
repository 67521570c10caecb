// The second core of an evidence pack export: a worker thread (pack-worker.ts) hashes the store while
// the exporting thread traces, then reads and writes transactions.csv and draws the PDFs while that
// thread writes the CSV, graph and JSON files. Store jobs need the store's SQLite file (the worker opens
// it read-only); for another store (in memory, Neo4j) `storeFileOf` gives undefined and the exporting
// thread does that work itself. Each job's promise settles with its result or with the worker's error
// (a LedgerhoundError keeps its code and details); a promise not yet awaited does not count as an
// unhandled rejection. close() ends the worker and refuses what is still open; the export always calls it.

import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../adapters/files/module-worker.js';
import { LedgerhoundError, type LedgerhoundErrorCode } from '../src/errors.js';
import type { StoreContentHash } from '../src/evidence/content-hash.js';
import type { ReportModel } from '../src/evidence/report-model.js';
import type { StatementDocument } from '../src/evidence/victim-statement.js';
import type { GraphStore } from '../src/ports.js';
import type { PackJob, PackReply, PdfStamp } from './pack-worker.js';
import type { TouchedRefs } from './touched-records.js';

interface Waiting {
  what: string;
  resolve: (reply: PackReply) => void;
  reject: (e: Error) => void;
  progress?: (done: number, total: number) => void;
}

/** The SQLite file of a store, which a pack thread can open itself; undefined for other stores. */
export function storeFileOf(store: GraphStore): string | undefined {
  return store.kind === 'sqlite' && store.location !== ':memory:' && store.location !== '' ? store.location : undefined;
}

export class PackThread {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 0;
  private stopped: Error | undefined;

  constructor() {
    this.worker = startModuleWorker(import.meta.url, 'pack-worker');
    this.worker.on('message', (reply: PackReply) => {
      const w = this.waiting.get(reply.id);
      if (w === undefined) return;
      if ('progress' in reply) {
        w.progress?.(...reply.progress);
        return;
      }
      this.waiting.delete(reply.id);
      if ('error' in reply) {
        const { code, message, details } = reply.error;
        w.reject(code ? new LedgerhoundError(code as LedgerhoundErrorCode, message, details as Record<string, unknown>) : new Error(`${w.what} failed: ${message}`));
      } else w.resolve(reply);
    });
    this.worker.on('error', (e: Error) => this.stop(e));
    this.worker.on('exit', (code: number) => this.stop(new Error(`the pack thread stopped (exit code ${code})`)));
  }

  /** The content hash of the store in the SQLite file `store` (only the tags an exchange pack carries, if asked). */
  hash(store: string, withoutPersonalTags: boolean): Promise<StoreContentHash> {
    return this.job('hashing the store', { kind: 'hash', store, withoutPersonalTags }, (r) => (r as { hash: StoreContentHash }).hash);
  }

  /** Writes transactions.csv of the records `refs` names to `target`; its digest and size. */
  transactions(store: string, refs: TouchedRefs, target: string, progress?: (done: number, total: number) => void): Promise<{ sha256: string; bytes: number }> {
    return this.job('writing transactions.csv', { kind: 'transactions', store, refs, target }, (r) => (r as { file: { sha256: string; bytes: number } }).file, progress);
  }

  /** report.pdf of the model. */
  report(model: ReportModel, stamp: PdfStamp): Promise<Buffer> {
    return this.job('drawing report.pdf', { kind: 'report', model, ...stamp }, pdfOf);
  }

  /** A victim's statement PDF (`file`: its path in the pack, for errors). */
  statement(file: string, doc: StatementDocument, stamp: PdfStamp): Promise<Buffer> {
    return this.job(`drawing ${file}`, { kind: 'statement', doc, ...stamp }, pdfOf);
  }

  /** Ends the worker; jobs not yet answered are refused. */
  async close(): Promise<void> {
    this.stop(new Error('the export ended'));
    await this.worker.terminate();
  }

  /**
   * Posts a job; its result is `take` of the reply. The promise is observed at once, so a failure before
   * the caller awaits it (the exporting thread awaits each file in its turn) is not an unhandled rejection.
   */
  private job<T>(what: string, job: PackJob, take: (reply: PackReply) => T, progress?: Waiting['progress']): Promise<T> {
    const id = this.nextId++;
    const result = new Promise<PackReply>((resolve, reject) => {
      if (this.stopped) reject(new Error(`${what} failed: ${this.stopped.message}`, { cause: this.stopped }));
      else this.waiting.set(id, { what, resolve, reject, progress });
    }).then(take);
    result.catch(() => undefined);
    if (!this.stopped) this.worker.postMessage({ id, job });
    return result;
  }

  private stop(reason: Error): void {
    this.stopped ??= reason;
    for (const w of this.waiting.values()) w.reject(new Error(`${w.what} failed: ${reason.message}`, { cause: reason }));
    this.waiting.clear();
  }
}

function pdfOf(reply: PackReply): Buffer {
  const { pdf } = reply as { pdf: Uint8Array };
  return Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
}
