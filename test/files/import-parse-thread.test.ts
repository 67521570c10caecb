// Threaded import of JSON Lines transfers (adapters/files/transfer-parse-thread.ts, issue 19): a worker
// thread parses and validates while the importing thread writes. It must store exactly what the
// single-threaded import stores, stay idempotent, and on a bad record anywhere in the file name its file,
// line and field and write nothing (the parts written before the error are rolled back).

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFile } from '../../adapters/files/import-files.js';
import { openSqliteStore, type SqliteStore } from '../../graph/sqlite/sqlite-store.js';
import { evmAddress, txid } from '../support/addresses.js';
import { tempDir } from '../support/stores.js';

const USDT = 'erc20:0xdac17f958d2ee523a2206206994597c13d831ec7';
const LINES = 10_000;
const addresses = Array.from({ length: 300 }, (_, i) => evmAddress(`thread-${i}`));

/** A transfer line; addresses in lower case (made canonical by the import), every 7th with an extra field. */
function line(i: number): string {
  const hash = `0x${txid(`thread-${i}`)}`;
  const rec: Record<string, unknown> = {
    id: `${hash}:${i % 5}`,
    chain: 'ethereum',
    asset: i % 4 === 0 ? 'ETH' : USDT,
    txHash: hash,
    block: 19_000_000 + Math.floor(i / 100),
    txIndex: i % 100,
    index: i % 4 === 0 ? -1 : i % 5,
    time: `2024-01-13T10:${String(Math.floor(i / 1000) % 60).padStart(2, '0')}:11Z`,
    from: addresses[(i * 7) % 300].toLowerCase(),
    to: i % 97 === 0 ? null : addresses[(i * 13 + 5) % 300].toLowerCase(),
    amount: String(1 + ((i * 7919) % 1_000_000_007)),
  };
  if (i % 7 === 0) rec.note = `n${i}`;
  return JSON.stringify(rec);
}

function writeLines(file: string, lines: string[]): string {
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

async function chainDump(store: SqliteStore): Promise<string> {
  const out: string[] = [];
  for await (const t of store.transfers({ chain: 'ethereum' })) out.push(JSON.stringify({ ...t, amount: t.amount.toString() }));
  return out.join('\n');
}

describe('threaded import of JSON Lines transfers', () => {
  it('stores what the single-threaded import stores, and a re-import adds nothing', async () => {
    const dir = tempDir();
    const file = writeLines(join(dir, 'transfers.jsonl'), Array.from({ length: LINES }, (_, i) => line(i)));
    const threaded = openSqliteStore(join(dir, 'threaded.db'));
    const single = openSqliteStore(join(dir, 'single.db'));
    const progress: number[] = [];
    const a = await importFile(threaded, file, { parseThread: true, onProgress: (n) => progress.push(n) });
    const b = await importFile(single, file, { parseThread: false });
    expect(a.summary.transfers).toEqual({ added: LINES, existing: 0 });
    expect({ ...a, summary: a.summary }).toEqual(b);
    expect(progress.at(-1)).toBe(LINES);
    expect(await chainDump(threaded)).toBe(await chainDump(single));
    const again = await importFile(threaded, file, { parseThread: true });
    expect(again.summary.transfers).toEqual({ added: 0, existing: LINES });
    await threaded.close();
    await single.close();
  }, 120_000);

  it.each([
    { where: 'in the middle', at: 7_321, field: 'to', bad: (l: string) => l.replace(/"to":"0x[0-9a-f]{40}"/, '"to":"0x1234"') },
    { where: 'on the last line', at: LINES, field: 'amount', bad: (l: string) => l.replace(/"amount":"\d+"/, '"amount":"-5"') },
  ])('a bad record $where of a 10^4-line file names file, line $at and field $field, and nothing is written', async ({ at, field, bad }) => {
    const dir = tempDir();
    const lines = Array.from({ length: LINES }, (_, i) => line(i));
    lines[at - 1] = bad(lines[at - 1]);
    const file = writeLines(join(dir, 'bad.jsonl'), lines);
    const store = openSqliteStore(join(dir, 'case.db'));
    await expect(importFile(store, file, { parseThread: true })).rejects.toMatchObject({ code: 'INVALID_INPUT', details: { file, line: at, field } });
    const stats = await store.stats();
    expect(stats.transfers).toBe(0);
    expect(await store.listSources()).toEqual([]);
    await store.close();
  }, 120_000);

  it('a malformed JSON line names its line and writes nothing', async () => {
    const dir = tempDir();
    const lines = Array.from({ length: LINES }, (_, i) => line(i));
    lines[5_000] = lines[5_000].slice(0, 40);
    const file = writeLines(join(dir, 'cut.jsonl'), lines);
    const store = openSqliteStore(join(dir, 'case.db'));
    await expect(importFile(store, file, { parseThread: true })).rejects.toMatchObject({ code: 'INVALID_INPUT', details: { file, line: 5_001 } });
    expect((await store.stats()).transfers).toBe(0);
    await store.close();
  }, 120_000);
});
