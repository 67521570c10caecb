// Import inputs (issue 11): JSON arrays are streamed element by element with the line of each element,
// a UTF-8 byte order mark is accepted in JSON and JSON Lines, binary files are refused as a whole, and a
// list of files (or a case's sources) with a missing one fails before any file is imported.

import { execFileSync } from 'node:child_process';
import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFile, importFiles } from '../../adapters/files/import-files.js';
import { streamJsonArray } from '../../adapters/files/json-array.js';
import type { SourceRecord } from '../../adapters/files/source-record.js';
import { openSqliteStore, type SqliteStore } from '../../graph/sqlite/sqlite-store.js';
import { isLedgerhoundError } from '../../src/errors.js';
import { evmAddress, txid } from '../support/addresses.js';
import { sharedData } from '../support/fixtures.js';
import { tempDir } from '../support/stores.js';

const USDT = 'erc20:0xdAC17F958D2ee523a2206206994597C13D831ec7';

function transfer(n: number) {
  return {
    id: `${txid(`t${n}`)}:${n}`,
    chain: 'ethereum',
    asset: USDT,
    txHash: txid(`t${n}`),
    block: 19_000_000 + n,
    txIndex: 1,
    index: n,
    from: evmAddress('victim'),
    to: evmAddress('collector'),
    amount: `${n}000000`,
  };
}

async function collect(it: AsyncIterable<SourceRecord>): Promise<SourceRecord[]> {
  const out: SourceRecord[] = [];
  for await (const r of it) out.push(r);
  return out;
}

async function errorOf(p: Promise<unknown>): Promise<{ code?: string; details: Record<string, unknown> }> {
  try {
    await p;
  } catch (e) {
    if (isLedgerhoundError(e)) return e;
    throw e;
  }
  throw new Error('expected an error');
}

let dir: string;
let store: SqliteStore;
beforeEach(() => {
  dir = tempDir();
  store = openSqliteStore(join(dir, 'case.db'));
});
afterEach(async () => {
  await store.close();
});

describe('streaming JSON arrays', () => {
  it('yields each element with the line it starts on: objects, strings, nested arrays, braces inside strings', async () => {
    const file = join(dir, 'a.json');
    writeFileSync(file, '[\n  {"a": "x}]{[", "b": [1, {"c": "\\"]"}]},\n  "0xabc",\n\n  [1, 2],\n  {"d": null}\n]\n');
    expect(await collect(streamJsonArray(file))).toEqual([
      { line: 2, value: { a: 'x}]{[', b: [1, { c: '"]' }] } },
      { line: 3, value: '0xabc' },
      { line: 5, value: [1, 2] },
      { line: 6, value: { d: null } },
    ]);
  });

  it('reads a single top-level object as one record, and an empty array as none', async () => {
    writeFileSync(join(dir, 'one.json'), '\n\n{"k": {"n": [1]}}\n');
    expect(await collect(streamJsonArray(join(dir, 'one.json')))).toEqual([{ line: 3, value: { k: { n: [1] } } }]);
    writeFileSync(join(dir, 'empty.json'), ' [ ] ');
    expect(await collect(streamJsonArray(join(dir, 'empty.json')))).toEqual([]);
  });

  it.each([
    ['a missing comma', '[\n{"a":1}\n{"b":2}\n]', 2],
    ['a trailing comma', '[\n{"a":1},\n]', 3],
    ['an empty element', '[\n1,\n,2]', 3],
    ['a bad element', '[\n{"a":1},\n{"b":}\n]', 3],
    ['text after the array', '[1]\nx', 2],
    ['a file cut short', '[\n{"a":1},\n{"b":', 3],
    ['a top-level string', '\n"x"', 2],
  ])('names the line of %s', async (_name, text, line) => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, text);
    const err = await errorOf(collect(streamJsonArray(file)));
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.details).toMatchObject({ file, line });
  });

  it('gives the first element before the end of the file is written (a FIFO: no whole-file read)', async () => {
    const fifo = join(dir, 'pipe.json');
    execFileSync('mkfifo', [fifo]);
    const writer = createWriteStream(fifo);
    writer.write(`[\n${JSON.stringify(transfer(1))},\n`);
    const records = streamJsonArray(fifo)[Symbol.asyncIterator]();
    const first = await records.next();
    expect(first.value).toMatchObject({ line: 2, value: { block: 19_000_001 } });
    writer.end(`${JSON.stringify(transfer(2))}\n]\n`);
    expect((await records.next()).value).toMatchObject({ line: 3, value: { block: 19_000_002 } });
    expect((await records.next()).done).toBe(true);
  });

  it('reads the OFAC ETH extract (a real JSON array of strings) to the same 152 addresses as JSON.parse', async () => {
    const file = sharedData('ofac-sanctioned-addresses/sanctioned_addresses_ETH.json');
    const expected = JSON.parse(readFileSync(file, 'utf8')) as string[];
    const got = await collect(streamJsonArray(file));
    expect(got.map((r) => r.value)).toEqual(expected);
    expect(got).toHaveLength(152);
  });
});

describe('byte order marks', () => {
  const BOM = '\uFEFF';
  it('imports JSON and JSON Lines files that start with a UTF-8 BOM', async () => {
    writeFileSync(join(dir, 'bom.json'), `${BOM}${JSON.stringify([transfer(1), transfer(2)], null, 1)}`);
    writeFileSync(join(dir, 'bom.jsonl'), `${BOM}${JSON.stringify(transfer(3))}\n${JSON.stringify(transfer(4))}\n`);
    expect((await importFile(store, join(dir, 'bom.json'))).summary.transfers.added).toBe(2);
    expect((await importFile(store, join(dir, 'bom.jsonl'))).summary.transfers.added).toBe(2);
    expect((await store.stats()).transfers).toBe(4);
  });
});

describe('binary files', () => {
  it.each(['list.txt', 'transfers.jsonl', 'transfers.csv', 'pack.yaml', 'transfers.json'])('refuses a binary %s as a whole, naming it, and imports nothing', async (name) => {
    const file = join(dir, name);
    // A real binary: a SQLite database file (this test's own store, after one import).
    writeFileSync(join(dir, 'one.jsonl'), `${JSON.stringify(transfer(9))}\n`);
    await importFile(store, join(dir, 'one.jsonl'));
    writeFileSync(file, readFileSync(join(dir, 'case.db')));
    const err = await errorOf(importFile(store, file));
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.details).toMatchObject({ file });
    expect((await store.stats()).transfers).toBe(1);
    expect((await store.listSources()).map((s) => s.name)).not.toContain(file);
  });

  it('refuses bytes that are not UTF-8 (a Latin-1 export) without a NUL byte', async () => {
    const file = join(dir, 'latin1.txt');
    writeFileSync(file, Buffer.from([0x30, 0x78, 0xe9, 0xe8, 0x0a]));
    expect((await errorOf(importFile(store, file))).code).toBe('INVALID_INPUT');
  });
});

describe('a list of files with a missing one', () => {
  it('fails with NOT_FOUND before any file is imported', async () => {
    writeFileSync(join(dir, 'good.jsonl'), `${JSON.stringify(transfer(1))}\n`);
    const err = await errorOf(importFiles(store, [join(dir, 'good.jsonl'), join(dir, 'missing.jsonl')]));
    expect(err.code).toBe('NOT_FOUND');
    expect(err.details).toMatchObject({ file: join(dir, 'missing.jsonl') });
    expect((await store.stats()).transfers).toBe(0);
  });

  it('refuses a directory given as a file with INVALID_INPUT naming it', async () => {
    const err = await errorOf(importFiles(store, [dir]));
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.details).toMatchObject({ file: dir });
  });
});
