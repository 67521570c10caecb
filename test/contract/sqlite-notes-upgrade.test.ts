// SQLite stores made before analysts' notes (no `notes` table): opened read-only they answer "no notes"
// instead of failing (the workspace reads notes for every address panel); opened for writing they get the
// table and take notes.

import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../graph/sqlite/sqlite-store.js';
import { createNote } from '../../src/model/note.js';
import { evmAddress } from '../support/addresses.js';
import { tempDir } from '../support/stores.js';

describe('SQLite store without a notes table', () => {
  it('reads as having no notes read-only, and gets the table when opened for writing', async () => {
    const path = join(tempDir(), 'old.db');
    await openSqliteStore(path).close();
    const db = new Database(path);
    db.exec('DROP TABLE notes');
    db.pragma('journal_mode = DELETE');
    db.close();

    const readOnly = openSqliteStore(path, { readonly: true });
    expect(await readOnly.notesOf('ethereum', evmAddress('a'))).toEqual([]);
    const all = [];
    for await (const n of readOnly.notes()) all.push(n);
    expect(all).toEqual([]);
    await readOnly.close();

    const writable = openSqliteStore(path);
    const note = createNote({ chain: 'ethereum', address: evmAddress('a'), text: 'seen', author: 'ana', time: '2024-01-01T00:00:00Z' });
    await writable.addNote(note);
    expect(await writable.notesOf('ethereum', evmAddress('a'))).toEqual([note]);
    await writable.close();
  });
});
