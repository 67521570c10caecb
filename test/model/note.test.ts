// Analysts' notes (src/model/note.ts): the address is made canonical, the text trimmed with line ends
// normalised, the time in UTC ISO form, and the id is the SHA-256 of the content, so the same note gets
// the same id (a retried request or a re-imported pack keeps one) and any change gives another.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isLedgerhoundError } from '../../src/errors.js';
import { compareNotes, createNote, MAX_NOTE_TEXT, noteToJson } from '../../src/model/note.js';
import { evmAddress } from '../support/addresses.js';

const A = evmAddress('note-model');

describe('createNote', () => {
  it('makes the address canonical, trims the text, normalises line ends and writes the time in UTC', () => {
    const n = createNote({ chain: 'ethereum', address: A.toLowerCase(), text: '  first\r\nsecond\rthird  ', author: ' ana ', time: '2024-05-01T10:00:00+02:00' });
    expect(n).toMatchObject({ chain: 'ethereum', address: A, text: 'first\nsecond\nthird', author: 'ana', time: '2024-05-01T08:00:00.000Z' });
    expect(n.id).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.keys(noteToJson(n))).toEqual(['id', 'chain', 'address', 'time', 'author', 'text']);
  });

  it('gives the same note the same id and any changed field another (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 50 }).filter((s) => s.trim().length > 0), fc.string({ minLength: 1, maxLength: 10 }).filter((s) => s.trim().length > 0), fc.integer({ min: 0, max: 2 ** 40 }), (text, author, ms) => {
        const time = new Date(ms).toISOString();
        const a = createNote({ chain: 'ethereum', address: A, text, author, time });
        expect(createNote({ chain: 'ethereum', address: A, text, author, time }).id).toBe(a.id);
        expect(createNote({ chain: 'ethereum', address: A, text: `${a.text}!`, author, time }).id).not.toBe(a.id);
        expect(createNote({ chain: 'ethereum', address: A, text, author: `${a.author}x`, time }).id).not.toBe(a.id);
        expect(createNote({ chain: 'ethereum', address: A, text, author, time: new Date(ms + 1).toISOString() }).id).not.toBe(a.id);
      }),
    );
  });

  it('refuses bad input with INVALID_INPUT naming the field', () => {
    const cases: [Parameters<typeof createNote>[0], string][] = [
      [{ chain: 'nochain', address: A, text: 'x', author: 'a' }, 'chain'],
      [{ chain: 'ethereum', address: '0xabc', text: 'x', author: 'a' }, 'address'],
      [{ chain: 'ethereum', address: A, text: ' \n ', author: 'a' }, 'text'],
      [{ chain: 'ethereum', address: A, text: 'x'.repeat(MAX_NOTE_TEXT + 1), author: 'a' }, 'text'],
      [{ chain: 'ethereum', address: A, text: 'x', author: ' ' }, 'author'],
      [{ chain: 'ethereum', address: A, text: 'x', author: 'a', time: 'yesterday' }, 'time'],
    ];
    for (const [input, field] of cases) {
      let error: unknown;
      try {
        createNote(input);
      } catch (e) {
        error = e;
      }
      expect(isLedgerhoundError(error, 'INVALID_INPUT') && error.details.field).toBe(field);
    }
  });

  it('orders notes by chain, address, time, id', () => {
    const n = (address: string, time: string) => createNote({ chain: 'ethereum', address, text: 't', author: 'a', time });
    const list = [n(evmAddress('b'), '2024-01-02T00:00:00Z'), n(evmAddress('b'), '2024-01-01T00:00:00Z'), n(A, '2024-01-03T00:00:00Z')];
    const sorted = [...list].sort(compareNotes);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i - 1].address < sorted[i].address || (sorted[i - 1].address === sorted[i].address && sorted[i - 1].time <= sorted[i].time)).toBe(true);
  });
});
