// Streams the elements of a JSON file that holds an array of records (RFC 8259), or one record, without
// holding the file in memory: a small scanner follows strings, escapes and nesting depth to cut the text
// of each top-level element, which the native JSON.parse then reads. Every element keeps the 1-based
// line where it starts, so errors name file and line. A UTF-8 byte order mark is skipped.

import { createReadStream } from 'node:fs';
import { invalidInput } from '../../src/errors.js';
import type { SourceRecord } from './source-record.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const NEWLINE = 0x0a;
const BOM = 0xfeff;

function isSpace(c: number): boolean {
  return c === 0x20 || c === NEWLINE || c === 0x0d || c === 0x09;
}

function parseElement(text: string, file: string, line: number): unknown {
  if (text.trim() === '') throw invalidInput('malformed JSON: empty element in array', { file, line });
  try {
    return JSON.parse(text);
  } catch (e) {
    throw invalidInput(`malformed JSON: ${(e as Error).message}`, { file, line });
  }
}

/**
 * The scanner's state between chunks. `push` returns the records completed by a chunk; the scan runs in
 * a plain method (not in the async generator) so that V8 optimizes the per-character loop.
 */
class JsonArraySplitter {
  // before: before the first value; array: inside the top-level array; object: inside a top-level object; done: after it.
  root: 'before' | 'array' | 'object' | 'done' = 'before';
  line = 1;
  private depth = 0; // nesting depth inside the current element (array) or the object (object)
  private inString = false;
  private escaped = false;
  private inElement = false;
  private expectElement = false; // after '[' or ','
  private afterComma = false;
  private elementLine = 1;
  private pieces: string[] = [];
  private first = true;

  constructor(private readonly file: string) {}

  private fail(message: string): never {
    throw invalidInput(message, { file: this.file, line: this.line });
  }

  push(chunk: string): SourceRecord[] {
    const out: SourceRecord[] = [];
    const file = this.file;
    let start = 0;
    let i = 0;
    if (this.first) {
      this.first = false;
      if (chunk.charCodeAt(0) === BOM) i = start = 1;
    }
    let { line, depth, inString, escaped } = this;
    const n = chunk.length;
    for (; i < n; i++) {
      const c = chunk.charCodeAt(i);
      if (c === NEWLINE) line++;
      if (inString) {
        if (escaped) escaped = false;
        else if (c === BACKSLASH) escaped = true;
        else if (c === QUOTE) inString = false;
        continue;
      }
      this.line = line;
      if (this.root === 'array') {
        if (!this.inElement) {
          if (isSpace(c)) continue;
          if (c === CLOSE_BRACKET) {
            if (this.afterComma) this.fail('malformed JSON: trailing comma before ]');
            this.root = 'done';
            continue;
          }
          if (c === COMMA) {
            if (this.expectElement) this.fail('malformed JSON: empty element in array');
            this.expectElement = this.afterComma = true;
            continue;
          }
          if (!this.expectElement) this.fail('malformed JSON: expected , or ] between array elements');
          this.inElement = true;
          this.expectElement = this.afterComma = false;
          this.elementLine = line;
          start = i;
          this.pieces = [];
          depth = 0;
        }
        if (c === QUOTE) inString = true;
        else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
        else if (c === CLOSE_BRACE || (c === CLOSE_BRACKET && depth > 0)) {
          if (--depth < 0) this.fail('malformed JSON: unbalanced }');
        } else if (depth === 0 && (c === COMMA || c === CLOSE_BRACKET)) {
          this.pieces.push(chunk.slice(start, i));
          const text = this.pieces.join('');
          this.pieces = [];
          this.inElement = false;
          out.push({ line: this.elementLine, value: parseElement(text, file, this.elementLine) });
          if (c === COMMA) this.expectElement = this.afterComma = true;
          else this.root = 'done';
        }
      } else if (this.root === 'object') {
        if (c === QUOTE) inString = true;
        else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
        else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
          depth--;
          if (depth === 0) {
            this.pieces.push(chunk.slice(start, i + 1));
            this.root = 'done';
            out.push({ line: this.elementLine, value: parseElement(this.pieces.join(''), file, this.elementLine) });
            this.pieces = [];
          }
        }
      } else if (isSpace(c)) {
      } else if (this.root === 'before' && c === OPEN_BRACKET) {
        this.root = 'array';
        this.expectElement = true;
      } else if (this.root === 'before' && c === OPEN_BRACE) {
        this.root = 'object';
        depth = 1;
        this.elementLine = line;
        start = i;
        this.pieces = [];
      } else if (this.root === 'before') {
        this.fail('JSON file must hold an array of records or one record');
      } else {
        this.fail('malformed JSON: unexpected text after the end of the top-level value');
      }
    }
    if (this.inElement || this.root === 'object') this.pieces.push(chunk.slice(start));
    Object.assign(this, { line, depth, inString, escaped });
    return out;
  }

  end(): void {
    if (this.root === 'before') this.fail('JSON file must hold an array of records or one record');
    if (this.root !== 'done') this.fail('malformed JSON: the file ends inside the top-level value');
  }
}

/**
 * Yields one record per element of a top-level JSON array (with the line where the element starts), or
 * one record for a top-level object. Anything else, or malformed JSON, is an INVALID_INPUT error.
 */
export async function* streamJsonArray(file: string): AsyncIterable<SourceRecord> {
  const splitter = new JsonArraySplitter(file);
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 }) as AsyncIterable<string>) {
    yield* splitter.push(chunk);
  }
  splitter.end();
}
