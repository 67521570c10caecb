// Analysts' notes in evidence packs (issue 14, docs/evidence.md): `notes.jsonl`, one note a line
// (src/model/note.ts: id, chain, address, time, author, text), the notes on the addresses the trace used
// (victims' payments, every flow's ends, cash-out points, holdings), in store order; listed and hashed in
// the manifest like every file. Court packs only: notes are an investigator's free text and may name
// people, so exchange and victim packs leave them out. `import-pack` reads them back (readPackNotes):
// hash checked against the manifest, every note's id recomputed from its content.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { invalidInput, LedgerhoundError } from '../src/errors.js';
import { type Manifest, sha256Hex } from '../src/evidence/manifest.js';
import { addressesOfTrace } from '../src/evidence/trace-addresses.js';
import { createNote, type Note, noteToJson } from '../src/model/note.js';
import type { TraceRun } from '../src/model/trace-result.js';
import type { GraphStore } from '../src/ports.js';

/** The pack path of the notes file. */
export const NOTES_FILE = 'notes.jsonl';

/** The notes on the addresses the trace used, in store order. */
export async function notesOfTrace(store: GraphStore, run: TraceRun): Promise<Note[]> {
  const used = addressesOfTrace(run);
  const notes: Note[] = [];
  for await (const n of store.notes()) if (used.has(`${n.chain}/${n.address}`)) notes.push(n);
  return notes;
}

/** `notes.jsonl` for a pack, or nothing when no note is on the trace's addresses. */
export async function notesFiles(store: GraphStore, run: TraceRun): Promise<Map<string, Buffer>> {
  return notesFileOf(await notesOfTrace(store, run));
}

/** `notes.jsonl` holding `notes`, or nothing when there are none. */
export function notesFileOf(notes: readonly Note[]): Map<string, Buffer> {
  if (notes.length === 0) return new Map();
  return new Map([[NOTES_FILE, Buffer.from(`${notes.map((n) => JSON.stringify(noteToJson(n))).join('\n')}\n`)]]);
}

/**
 * The notes of a pack's `notes.jsonl` (import-pack): the bytes must have the SHA-256 the manifest lists
 * (INTEGRITY otherwise, as for every file of a pack), each line a note whose id is the digest of its content
 * (INVALID_INPUT naming file, line and field otherwise: a note cannot be altered and keep its id).
 */
export async function readPackNotes(dir: string, manifest: Manifest): Promise<Note[]> {
  const entry = manifest.files.find((f) => f.path === NOTES_FILE);
  if (!entry) return [];
  const file = join(dir, NOTES_FILE);
  const bytes = await readFile(file);
  if (sha256Hex(bytes) !== entry.sha256) {
    throw new LedgerhoundError('INTEGRITY', `${file} does not have the SHA-256 its manifest lists`, { files: [NOTES_FILE] });
  }
  const notes: Note[] = [];
  const lines = bytes.toString('utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '') continue;
    const where = { file, line: i + 1 };
    let raw: Record<string, unknown>;
    try {
      raw = JSON.parse(line) as Record<string, unknown>;
    } catch {
      throw invalidInput('not a JSON object', where);
    }
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw invalidInput('not a JSON object', where);
    for (const field of ['id', 'chain', 'address', 'time', 'author', 'text'] as const) {
      if (typeof raw[field] !== 'string') throw invalidInput('must be a string', { ...where, field });
    }
    const note = createNote({ chain: raw.chain as string, address: raw.address as string, time: raw.time as string, author: raw.author as string, text: raw.text as string }, where);
    if (note.id !== raw.id) throw invalidInput("is not the SHA-256 of the note's content", { ...where, field: 'id' }, { value: raw.id, expected: note.id });
    notes.push(note);
  }
  return notes;
}
