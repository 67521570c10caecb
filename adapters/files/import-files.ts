// Imports interchange and tag files into a GraphStore (FORMATS.md). Each file is one atomic write:
// every record is validated first-to-last and the file lands whole or not at all. The kind of file is
// read from its content: transfers, UTXO transactions (JSON Lines, JSON, CSV coin rows), tags (JSON
// Lines, JSON, CSV, GraphSense TagPack YAML), conversions (FORMATS.md v2: JSON Lines, JSON) and one-label
// address lists (sanctions lists, darklists). A conversion whose refs are all stored already is checked
// against them (assets, addresses, amount = sum of refs); one whose refs come later is checked by the tracer.

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { isAbsolute, relative } from 'node:path';
import { invalidInput } from '../../src/errors.js';
import { type Conversion, checkConversionRefs, parseConversion } from '../../src/model/conversion.js';
import { parseTag, type Tag } from '../../src/model/tag.js';
import { parseTransfer, type AccountTransfer } from '../../src/model/transfer.js';
import { parseUtxoTransaction, type UtxoTransaction } from '../../src/model/utxo.js';
import type { GraphStore, ImportPart, ImportSource, ImportSummary } from '../../src/ports.js';
import { type AddressListOptions, isListEntry, listEntriesToTags, readTextList } from './address-list.js';
import { storeRefLookup } from './conversion-refs.js';
import { groupCoinRows, isCoinRow } from './csv-transactions.js';
import { completionFor } from './explorer-completion.js';
import { type ExplorerImportFormat, type ExplorerImportResult, explorerFormatOfFile, readExplorerTransfers } from './explorer-transfers.js';
import { writeParts } from './import-records.js';
import { readJsonLineBatches } from './json-lines.js';
import { readRecordBatches, shapeOf } from './read-records.js';
import type { RejectedRecord, SourceRecord } from './source-record.js';
import { readSharingDocument } from './sharing-document.js';
import { readTagPack } from './tagpack.js';
import { requireFiles, requireTextFile, requireTextFiles } from './text-check.js';
import { parseTransfersInThread } from './transfer-parse-thread.js';

export type FileKind = 'transfers' | 'transactions' | 'tags' | 'conversions' | 'address-list' | 'tagpack' | 'stix-bundle' | 'misp-event' | 'explorer-export';

export interface ImportFileOptions {
  /** Called with the number of records read so far. */
  onProgress?: (records: number) => void;
  /** Label, category, chain for one-label address lists (and `strict` for lists and TagPacks). */
  list?: AddressListOptions;
  /** Records received from elsewhere (a partner's evidence pack): the source they are recorded under. */
  provenance?: ImportProvenance;
  /** Block-explorer CSV exports read as chain data (explorer-transfers.ts). */
  explorer?: ExplorerFileOptions;
  /**
   * Parse and validate JSON Lines transfers in a worker thread while this one writes them
   * (transfer-parse-thread.ts). Default: for files of at least PARSE_THREAD_MIN_BYTES.
   */
  parseThread?: boolean;
}

/** Settings of explorer exports: layout (else from the header), chain, token, chain source URL. */
export interface ExplorerFileOptions {
  format?: ExplorerImportFormat;
  chain?: string;
  asset?: string;
  completeFrom?: string;
}

/** The source records are recorded under instead of the file (name, hash, format), and fields every tag keeps. */
export interface ImportProvenance {
  name: string;
  sha256: string;
  format: string;
  /** Added to every tag's extra fields (tags have no source row of their own). */
  tagExtra?: Record<string, unknown>;
}

export interface ImportFileResult {
  file: string;
  kind: FileKind;
  sha256: string;
  records: number;
  summary: ImportSummary;
  /** Records skipped on purpose (e.g. TagPack tags on chains not modelled), by reason. */
  skipped: Record<string, number>;
  /** Third-party attribution records with invalid addresses: reported, not imported (unless strict). */
  rejected: RejectedRecord[];
  /** Explorer exports: layout, chain and how ids and positions were completed. */
  explorer?: Pick<ExplorerImportResult, 'format' | 'chain' | 'completion'> & { completeFrom?: string };
}

const PART_SIZE = 10_000;
/** JSON Lines transfer files from this size on are parsed in a worker thread (its start-up costs ~0.3 s of CPU). */
const PARSE_THREAD_MIN_BYTES = 8 << 20;

/** SHA-256 of a file's bytes, streamed. */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The name a file is recorded under: relative to the working directory when inside it. */
export function sourceName(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

function kindOf(value: unknown): FileKind {
  if (isCoinRow(value)) return 'transactions';
  if (typeof value === 'object' && value !== null) {
    const rec = value as Record<string, unknown>;
    if ('inputs' in rec || 'outputs' in rec || 'txid' in rec) return 'transactions';
    if ('from' in rec && 'amount' in rec) return 'transfers';
    if ('in' in rec && 'kind' in rec) return 'conversions';
    if ('label' in rec && 'category' in rec && 'chain' in rec) return 'tags';
  }
  if (isListEntry(value)) return 'address-list';
  return 'transfers';
}

/** Reads, validates and imports one file atomically. */
export async function importFile(store: GraphStore, file: string, options: ImportFileOptions = {}): Promise<ImportFileResult> {
  await requireFiles([file]);
  await requireTextFile(file);
  const sha256 = await sha256File(file);
  const fileSource = { name: sourceName(file), sha256, kind: 'file' as const, retrievedAt: new Date().toISOString() };
  const provenance = options.provenance;
  const sourceAs = (format: string): ImportSource => (provenance ? { ...fileSource, name: provenance.name, sha256: provenance.sha256, format: provenance.format } : { ...fileSource, format });
  const withExtra = (tags: Tag[]): Tag[] => (provenance?.tagExtra ? tags.map((t) => ({ ...t, extra: { ...t.extra, ...provenance.tagExtra } })) : tags);
  const lower = file.toLowerCase();

  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) {
    const pack = await readTagPack(file, { strict: options.list?.strict });
    const tags = pack.tags.map((t) => t.tag);
    options.onProgress?.(tags.length);
    const summary = await store.importBatch({ source: sourceAs('tagpack'), tags: withExtra(tags) });
    return { file, kind: 'tagpack', sha256, records: tags.length, summary, skipped: pack.skipped, rejected: pack.rejected };
  }
  if (lower.endsWith('.txt')) {
    const list = listEntriesToTags(file, await readTextList(file), options.list);
    const tags = list.tags.map((t) => t.tag);
    options.onProgress?.(tags.length);
    const summary = await store.importBatch({ source: sourceAs('address-list'), tags: withExtra(tags) });
    return { file, kind: 'address-list', sha256, records: tags.length, summary, skipped: {}, rejected: list.rejected };
  }
  if (lower.endsWith('.json')) {
    // A STIX 2.1 bundle or a MISP event: its addresses become tags (docs/sharing.md).
    const shared = await readSharingDocument(file);
    if (shared) {
      options.onProgress?.(shared.tags.length);
      const summary = await store.importBatch({ source: sourceAs(shared.document.format), tags: withExtra(shared.tags) });
      const rejected = shared.rejected.map((r) => ({ line: 1, field: 'address', reason: r.reason, value: r.address }));
      const kind = shared.document.format === 'stix' ? 'stix-bundle' : 'misp-event';
      return { file, kind, sha256, records: shared.tags.length, summary, skipped: shared.skipped, rejected };
    }
  }
  const shape = shapeOf(file);
  if (!shape) throw invalidInput('unknown file type: expected .jsonl, .json, .csv, .yaml or .txt', { file });
  if (shape === 'csv' && (options.explorer?.format !== undefined || (await explorerFormatOfFile(file)) !== undefined)) {
    // A block-explorer export: its rows become transfers, completed from the store or a chain source.
    const ex = options.explorer ?? {};
    const complete = ex.completeFrom === undefined ? undefined : await completionFor(ex.format ?? (await explorerFormatOfFile(file)) ?? '', ex.chain ?? 'ethereum', ex.completeFrom);
    const read = await readExplorerTransfers(file, store, { format: ex.format, chain: ex.chain, asset: ex.asset, complete });
    options.onProgress?.(read.rows);
    const summary = await store.importBatch({ source: sourceAs(read.format), transfers: read.transfers });
    const explorer = { format: read.format, chain: read.chain, completion: read.completion, ...(complete ? { completeFrom: complete.description } : {}) };
    return { file, kind: 'explorer-export', sha256, records: read.transfers.length, summary, skipped: read.skipped, rejected: [], explorer };
  }

  if (shape === 'jsonl' && (options.parseThread ?? (await stat(file)).size >= PARSE_THREAD_MIN_BYTES) && kindOf(await firstJsonLine(file)) === 'transfers') {
    let records = 0;
    async function* threadParts(): AsyncIterable<ImportPart> {
      for await (const transfers of parseTransfersInThread(file, PART_SIZE)) {
        records += transfers.length;
        options.onProgress?.(records);
        yield { transfers };
      }
    }
    const summary = await writeParts(store, sourceAs(shape), threadParts());
    return { file, kind: 'transfers', sha256, records, summary, skipped: {}, rejected: [] };
  }

  let kind: FileKind | undefined;
  let records = 0;
  const listEntries: SourceRecord[] = [];
  const rejected: RejectedRecord[] = [];
  async function* parts(): AsyncIterable<ImportPart> {
    const batches = readRecordBatches(file, shape!)[Symbol.asyncIterator]();
    const emptyPart = () => ({ transfers: [] as AccountTransfer[], transactions: [] as UtxoTransaction[], tags: [] as Tag[], conversions: [] as Conversion[] });
    let part = emptyPart();
    const lookup = storeRefLookup(store);
    let first = true;
    try {
      for (let next = await batches.next(); !next.done; next = await batches.next()) {
        for (const rec of next.value) {
          if (first) {
            first = false;
            kind = kindOf(rec.value);
            if (shape === 'csv' && isCoinRow(rec.value)) {
              yield* transactionParts(file, groupCoinRows(file, recordsFrom(next.value, batches)), options);
              return;
            }
          }
          const where = { file, line: rec.line };
          records++;
          if (kind === 'transfers') part.transfers.push(parseTransfer(rec.value, where));
          else if (kind === 'transactions') part.transactions.push(parseUtxoTransaction(rec.value, where));
          else if (kind === 'tags') part.tags.push(parseTag(rec.value, where));
          else if (kind === 'conversions') {
            const c = parseConversion(rec.value, where);
            await checkConversionRefs(c, lookup, where);
            part.conversions.push(c);
          } else listEntries.push(rec);
          if (records % PART_SIZE === 0) {
            options.onProgress?.(records);
            yield part;
            part = emptyPart();
          }
        }
      }
    } finally {
      // Closes the file when the store stops the import early (a conflict).
      await batches.return?.();
    }
    if (listEntries.length > 0) {
      const list = listEntriesToTags(file, listEntries, options.list);
      rejected.push(...list.rejected);
      records -= list.rejected.length;
      part.tags.push(...list.tags.map((t) => t.tag));
    }
    options.onProgress?.(records);
    yield part;
  }
  async function* transactionParts(f: string, raw: AsyncIterable<SourceRecord>, opts: ImportFileOptions): AsyncIterable<ImportPart> {
    let batch: UtxoTransaction[] = [];
    for await (const rec of raw) {
      records++;
      batch.push(parseUtxoTransaction(rec.value, { file: f, line: rec.line }));
      if (batch.length === PART_SIZE) {
        opts.onProgress?.(records);
        yield { transactions: batch };
        batch = [];
      }
    }
    yield { transactions: batch };
  }
  async function* withProvenance(): AsyncIterable<ImportPart> {
    for await (const part of parts()) yield part.tags?.length ? { ...part, tags: withExtra(part.tags) } : part;
  }
  const summary = await writeParts(store, sourceAs(shape), provenance?.tagExtra ? withProvenance() : parts());
  return { file, kind: kind ?? 'transfers', sha256, records, summary, skipped: {}, rejected };
}

/** The first record of a JSON Lines file (undefined when it has none); a malformed first line is its error. */
async function firstJsonLine(file: string): Promise<unknown> {
  for await (const batch of readJsonLineBatches(file)) return batch[0].value;
  return undefined;
}

/** The records of the batch at hand (from its first record on), then those of the batches still to come. */
async function* recordsFrom(current: SourceRecord[], rest: AsyncIterator<SourceRecord[]>): AsyncIterable<SourceRecord> {
  yield* current;
  for (let next = await rest.next(); !next.done; next = await rest.next()) yield* next.value;
}

/**
 * Imports files one after another; each file is atomic on its own. Stops at the first failing file; a
 * missing file, a directory or a binary file among them fails before any file is imported. Progress
 * counts records over all files.
 */
export async function importFiles(store: GraphStore, files: string[], options: ImportFileOptions = {}): Promise<ImportFileResult[]> {
  await requireTextFiles(files);
  const results: ImportFileResult[] = [];
  let before = 0;
  for (const file of files) {
    const result = await importFile(store, file, { ...options, onProgress: options.onProgress && ((n) => options.onProgress!(before + n)) });
    before += result.records;
    results.push(result);
  }
  return results;
}
