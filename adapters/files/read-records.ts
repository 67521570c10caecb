// Readers for the interchange file shapes (FORMATS.md): JSON Lines (one object a line), JSON (an array
// of records, or one record) and CSV with a header row. Each record comes with its 1-based line number
// so that errors can name file, line and field. Every shape is streamed (large files never sit in memory);
// a UTF-8 byte order mark at the start is skipped.

import { createReadStream } from 'node:fs';
import { parse as parseCsv } from 'csv-parse';
import { invalidInput } from '../../src/errors.js';
import { streamJsonArray } from './json-array.js';
import { readJsonLineBatches } from './json-lines.js';
import type { SourceRecord } from './source-record.js';

export type RecordShape = 'jsonl' | 'json' | 'csv';

/** Picks the shape from the file name: .jsonl/.ndjson, .json, .csv/.tsv. */
export function shapeOf(file: string): RecordShape | undefined {
  const lower = file.toLowerCase();
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return 'jsonl';
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.csv') || lower.endsWith('.tsv')) return 'csv';
  return undefined;
}

/** Streams the records of a JSON Lines file; blank lines are skipped; a malformed line is an error. */
export async function* readJsonLines(file: string): AsyncIterable<SourceRecord> {
  for await (const batch of readJsonLineBatches(file)) yield* batch;
}

/** Streams CSV rows as objects keyed by the header row; cells stay strings (never cast: 0x1 is a hash). */
export async function* readCsv(file: string): AsyncIterable<SourceRecord> {
  const parser = createReadStream(file).pipe(
    parseCsv({
      columns: true,
      bom: true,
      skip_empty_lines: true,
      trim: true,
      info: true,
      delimiter: file.toLowerCase().endsWith('.tsv') ? '\t' : ',',
    }),
  );
  try {
    for await (const row of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      yield { line: row.info.lines, value: row.record };
    }
  } catch (e) {
    if ((e as { code?: string }).code?.startsWith('CSV_')) {
      throw invalidInput(`malformed CSV: ${(e as Error).message}`, { file, line: (e as { lines?: number }).lines });
    }
    throw e;
  }
}

/** All records of a file in any of the three shapes, in file order. */
export async function* readRecords(file: string, shape: RecordShape): AsyncIterable<SourceRecord> {
  if (shape === 'jsonl') yield* readJsonLines(file);
  else if (shape === 'csv') yield* readCsv(file);
  else yield* streamJsonArray(file);
}

/** Records per batch of the shapes read one record at a time (JSON Lines come a file chunk at a time). */
const BATCH = 1000;

/** All records of a file in file order, in batches (fewer async steps per record on large files). */
export async function* readRecordBatches(file: string, shape: RecordShape): AsyncIterable<SourceRecord[]> {
  if (shape === 'jsonl') {
    yield* readJsonLineBatches(file);
    return;
  }
  let batch: SourceRecord[] = [];
  for await (const rec of readRecords(file, shape)) {
    batch.push(rec);
    if (batch.length === BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
