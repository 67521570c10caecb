// The JSON Lines reader (adapters/files/json-lines.ts) reads files a 1 MiB chunk at a time: it must split
// and number lines exactly as node's readline did before it (LF, CRLF and lone CR; blank lines counted and
// skipped; a BOM dropped), across chunk boundaries, and report a malformed line only after the valid
// records before it.

import { createReadStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readJsonLineBatches } from '../../adapters/files/json-lines.js';
import type { SourceRecord } from '../../adapters/files/source-record.js';
import { tempDir } from '../support/stores.js';

async function viaReader(file: string): Promise<SourceRecord[]> {
  const out: SourceRecord[] = [];
  for await (const batch of readJsonLineBatches(file)) out.push(...batch);
  return out;
}

/** The reference: readline with crlfDelay Infinity, as read-records.ts read JSON Lines before. */
async function viaReadline(file: string): Promise<SourceRecord[]> {
  const out: SourceRecord[] = [];
  let line = 0;
  for await (let text of createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Number.POSITIVE_INFINITY })) {
    line++;
    if (line === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (text.trim() === '') continue;
    out.push({ line, value: JSON.parse(text) });
  }
  return out;
}

describe('JSON Lines reader', () => {
  it('numbers and splits lines as readline does (LF, CRLF, lone CR, blanks, BOM), property-tested', async () => {
    const dir = tempDir();
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.oneof(fc.constant(''), fc.constant('  '), fc.json()), fc.constantFrom('\n', '\r\n', '\r')), { maxLength: 30 }),
        fc.boolean(),
        fc.boolean(),
        async (lines, bom, endsWithBreak) => {
          let text = (bom ? '\ufeff' : '') + lines.map(([l, eol]) => l + eol).join('');
          if (!endsWithBreak && lines.length > 0) text = text.replace(/(\r\n|\n|\r)$/, '');
          const file = join(dir, `p${n++}.jsonl`);
          writeFileSync(file, text);
          expect(await viaReader(file)).toEqual(await viaReadline(file));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('keeps lines whole across 1 MiB chunk boundaries, CRLF split between two chunks included', async () => {
    const file = join(tempDir(), 'big.jsonl');
    const lines: string[] = [];
    for (let i = 0, size = 0; size < 3 * (1 << 20); i++) {
      lines.push(`${JSON.stringify({ i, pad: 'x'.repeat(i % 977) })}${i % 3 === 0 ? '\r\n' : '\n'}`);
      size += lines[i].length;
    }
    writeFileSync(file, lines.join(''));
    const records = await viaReader(file);
    expect(records.length).toBe(lines.length);
    expect(records.every((r, k) => r.line === k + 1 && (r.value as { i: number }).i === k)).toBe(true);
    expect(records).toEqual(await viaReadline(file));
  });

  it('hands over the records before a malformed line, then fails naming file and line', async () => {
    const file = join(tempDir(), 'bad.jsonl');
    writeFileSync(file, '{"a":1}\n\n{"a":2}\n{"a":\n{"a":4}\n');
    const seen: SourceRecord[] = [];
    let error: unknown;
    try {
      for await (const batch of readJsonLineBatches(file)) seen.push(...batch);
    } catch (e) {
      error = e;
    }
    expect(seen.map((r) => r.line)).toEqual([1, 3]);
    expect(error).toMatchObject({ code: 'INVALID_INPUT', details: { file, line: 4 } });
  });
});
