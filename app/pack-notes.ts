// Analysts' notes in evidence packs (issue 14, docs/evidence.md): `notes.jsonl`, one note a line
// (src/model/note.ts: id, chain, address, time, author, text), the notes on the addresses the trace used
// (victims' payments, every flow's ends, cash-out points, holdings), in store order; listed and hashed in
// the manifest like every file. Court packs only: notes are an investigator's free text and may name
// people, so exchange and victim packs leave them out.

import { type Note, noteToJson } from '../src/model/note.js';
import type { TraceRun } from '../src/model/trace-result.js';
import type { GraphStore } from '../src/ports.js';

/** The pack path of the notes file. */
export const NOTES_FILE = 'notes.jsonl';

/** The notes on the addresses the trace used, in store order. */
export async function notesOfTrace(store: GraphStore, run: TraceRun): Promise<Note[]> {
  const used = new Set<string>();
  const add = (chain: string, address: string | null | undefined) => {
    if (address) used.add(`${chain}/${address}`);
  };
  for (const f of run.flows) {
    add(f.chain, f.from);
    add(f.chain, f.to);
  }
  for (const s of run.result.sources) add(s.chain, s.address);
  for (const e of run.result.endpoints) add(e.chain, e.address);
  for (const h of run.result.holdings) add(h.chain, h.address);
  const notes: Note[] = [];
  for await (const n of store.notes()) if (used.has(`${n.chain}/${n.address}`)) notes.push(n);
  return notes;
}

/** `notes.jsonl` for a pack, or nothing when no note is on the trace's addresses. */
export async function notesFiles(store: GraphStore, run: TraceRun): Promise<Map<string, Buffer>> {
  const notes = await notesOfTrace(store, run);
  if (notes.length === 0) return new Map();
  return new Map([[NOTES_FILE, Buffer.from(`${notes.map((n) => JSON.stringify(noteToJson(n))).join('\n')}\n`)]]);
}
