// Analyst notes on addresses (issue 14, docs/web.md): free text an investigator writes in the workspace,
// with its author and time. Notes are append-only: one is never edited or deleted, and its id is the
// SHA-256 of its content (chain, address, time, author, text), so writing the same note twice (a retried
// request, a pack imported again) keeps one. The text is data: every view shows it escaped.

import { createHash } from 'node:crypto';
import { invalidInput, type InputLocation } from '../errors.js';
import { normalizeAddress } from './address.js';
import { chainInfo } from './chain.js';

export interface Note {
  /** SHA-256 (hex) of the note's content. */
  id: string;
  chain: string;
  /** Canonical form (src/model/address.ts). */
  address: string;
  /** ISO 8601 time, UTC, when the note was written. */
  time: string;
  author: string;
  text: string;
}

export interface NoteInput {
  chain: string;
  address: string;
  text: string;
  author: string;
  /** Default: now. */
  time?: Date | string;
}

/** Longest note text, in characters (a note is a remark, not a report). */
export const MAX_NOTE_TEXT = 10_000;
export const MAX_NOTE_AUTHOR = 200;

function noteId(n: Omit<Note, 'id'>): string {
  return createHash('sha256').update(JSON.stringify([n.chain, n.address, n.time, n.author, n.text])).digest('hex');
}

/** A note from what a person typed: address made canonical, text and author checked, id computed. */
export function createNote(input: NoteInput, where: InputLocation = {}): Note {
  if (typeof input.chain !== 'string' || !chainInfo(input.chain)) throw invalidInput('unknown chain', { ...where, field: 'chain' }, { value: input.chain });
  const address = normalizeAddress(input.chain, input.address, where, 'address');
  const text = typeof input.text === 'string' ? input.text.replace(/\r\n?/g, '\n').trim() : '';
  if (text.length === 0) throw invalidInput('a note needs some text', { ...where, field: 'text' });
  if (text.length > MAX_NOTE_TEXT) throw invalidInput(`a note has at most ${MAX_NOTE_TEXT} characters`, { ...where, field: 'text' }, { length: text.length });
  const author = typeof input.author === 'string' ? input.author.trim() : '';
  if (author.length === 0 || author.length > MAX_NOTE_AUTHOR) throw invalidInput(`an author of 1 to ${MAX_NOTE_AUTHOR} characters is needed`, { ...where, field: 'author' });
  const when = input.time === undefined ? new Date() : new Date(input.time);
  if (Number.isNaN(when.getTime())) throw invalidInput('time must be an ISO 8601 date', { ...where, field: 'time' }, { value: input.time });
  const body = { chain: input.chain, address, time: when.toISOString(), author, text };
  return { id: noteId(body), ...body };
}

/** The note as one line of `notes.jsonl` (evidence packs): fields in a fixed order. */
export function noteToJson(note: Note): Record<string, string> {
  return { id: note.id, chain: note.chain, address: note.address, time: note.time, author: note.author, text: note.text };
}

/** Store order of notes: chain, address, time, id (code points). */
export function compareNotes(a: Note, b: Note): number {
  for (const k of ['chain', 'address', 'time', 'id'] as const) {
    if (a[k] !== b[k]) return a[k] < b[k] ? -1 : 1;
  }
  return 0;
}
