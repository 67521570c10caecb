// JSON Lines (https://jsonlines.org/, FORMATS.md): one JSON value a line, read in batches of the lines of
// each 1 MiB chunk of the file. Lines end at LF, CRLF or a lone CR (as node's readline splits them), are
// numbered from 1 (blank lines count, and are skipped), and a UTF-8 byte order mark before the first line
// is dropped. A line that is not JSON is INVALID_INPUT naming file and line. Batches instead of one
// record at a time: an import of 10^6 lines spent more in readline and per-record async iteration than
// in JSON.parse.

import { createReadStream } from 'node:fs';
import { invalidInput } from '../../src/errors.js';
import type { SourceRecord } from './source-record.js';

const CHUNK_BYTES = 1 << 20;
const CR = '\r';

/** Streams the records of a JSON Lines file, the lines of one chunk at a time. */
export async function* readJsonLineBatches(file: string): AsyncIterable<SourceRecord[]> {
  const reader = new LineReader(file);
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: CHUNK_BYTES })) {
    const batch = reader.push(chunk as string);
    if (batch.length > 0) yield batch;
    // The records before a malformed line go first: an earlier invalid record is the error to report.
    if (reader.failure) throw reader.failure;
  }
  const last = reader.end();
  if (last.length > 0) yield last;
  if (reader.failure) throw reader.failure;
}

/** The splitter's state between chunks; the per-line loop runs in a plain method (optimized by V8). */
class LineReader {
  private line = 0;
  private rest = '';
  /** The malformed line that stopped the read. */
  failure: Error | undefined;

  constructor(private readonly file: string) {}

  push(chunk: string): SourceRecord[] {
    const text = this.rest === '' ? chunk : this.rest + chunk;
    const out: SourceRecord[] = [];
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0 && !this.failure; nl = text.indexOf('\n', start)) {
      this.segment(text.slice(start, nl), out);
      start = nl + 1;
    }
    this.rest = text.slice(start);
    return out;
  }

  end(): SourceRecord[] {
    const out: SourceRecord[] = [];
    if (this.rest !== '') this.segment(this.rest, out);
    this.rest = '';
    return out;
  }

  /** The text between two LFs: one line, its CRLF's CR dropped, or several where lone CRs split it. */
  private segment(text: string, out: SourceRecord[]): void {
    if (text.indexOf(CR) < 0) {
      this.record(text, out);
      return;
    }
    const parts = text.split(CR);
    // "a\r" (CRLF, or a CR before the end of the file) ends one line; it does not start an empty one.
    if (parts[parts.length - 1] === '') parts.pop();
    for (const part of parts) if (!this.failure) this.record(part, out);
  }

  private record(text: string, out: SourceRecord[]): void {
    const line = ++this.line;
    // A UTF-8 byte order mark before the first record (Windows tools write one).
    if (line === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (isBlank(text)) return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      this.failure = invalidInput(`malformed JSON: ${(e as Error).message}`, { file: this.file, line });
      return;
    }
    out.push({ line, value });
  }
}

function isBlank(text: string): boolean {
  if (text.length === 0) return true;
  const c = text.charCodeAt(0);
  // Most lines start with `{`: only a line starting with a space (or a non-ASCII character) needs trim().
  return (c <= 0x20 || c >= 0x80) && text.trim() === '';
}
