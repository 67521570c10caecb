// `ledgerhound notes add|list` (issue 14): notes written without the browser land in the store as the
// workspace's do (author from --author, else LEDGERHOUND_AUTHOR; chain inferred when the address is valid
// on one chain only), are listed oldest first, and bad input exits 2 naming the option.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../graph/sqlite/sqlite-store.js';
import { runCli } from '../support/cli.js';
import { tempDir } from '../support/stores.js';

/** The scam's TRON deposit address of the sample case (samples/pig-butchering). */
const TRON_DEPOSIT = 'TJQxYGK1K8Zh1WkTg5jqHWrRRMuKqifwY6';
const EVM = '0x28c6c06298d514db089934071355e5743bf21d60';

describe('ledgerhound notes', () => {
  it('adds notes (author from option or environment, chain inferred) and lists them oldest first', async () => {
    const db = join(tempDir('lh-notes-cli-'), 'case.db');
    await openSqliteStore(db).close();
    const env = { LEDGERHOUND_AUTHOR: 'ana' };
    const first = runCli(['notes', 'add', '--store', db, '--address', TRON_DEPOSIT, '--text', 'Deposit <b>address</b>\nof the scam', '--json'], { env });
    expect(first.code, first.stderr).toBe(0);
    const note = JSON.parse(first.stdout);
    expect(note).toMatchObject({ chain: 'tron', address: TRON_DEPOSIT, author: 'ana', text: 'Deposit <b>address</b>\nof the scam', added: true });
    expect(note.id).toMatch(/^[0-9a-f]{64}$/);
    const second = runCli(['notes', 'add', '--store', db, '--address', EVM, '--chain', 'Ethereum', '--text', 'Hot wallet', '--author', 'bo'], { env });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/^added: note [0-9a-f]{16} on ethereum 0x28C6c06298d514Db089934071355E5743bf21d60 by bo at /); // checksummed, as stored

    const list = runCli(['notes', 'list', '--store', db, '--json']);
    expect(list.code, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout).map((n: { chain: string; author: string }) => [n.chain, n.author])).toEqual([
      ['ethereum', 'bo'],
      ['tron', 'ana'],
    ]);
    const one = runCli(['notes', 'list', '--store', db, '--address', TRON_DEPOSIT]);
    expect(one.code, one.stderr).toBe(0);
    expect(one.stdout).toBe(`${note.time}  ana  tron ${TRON_DEPOSIT}\n  Deposit <b>address</b>\n  of the scam\n`);

    const store = openSqliteStore(db, { readonly: true });
    try {
      expect((await store.notesOf('tron', TRON_DEPOSIT)).map((n) => n.id)).toEqual([note.id]);
    } finally {
      await store.close();
    }
  }, 240_000);

  it('exits 2 for an EVM address without --chain, an invalid address, or no text', async () => {
    const db = join(tempDir('lh-notes-cli-'), 'case.db');
    await openSqliteStore(db).close();
    const ambiguous = runCli(['notes', 'add', '--store', db, '--address', EVM, '--text', 'x', '--author', 'a']);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain('--chain');
    const invalid = runCli(['notes', 'add', '--store', db, '--address', 'not-an-address', '--text', 'x', '--author', 'a']);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain('--address');
    const empty = runCli(['notes', 'add', '--store', db, '--address', TRON_DEPOSIT, '--author', 'a']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('text');
  }, 240_000);
});
