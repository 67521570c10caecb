// Use cases of the analyst workspace for notes on addresses (issue 14, docs/web.md): an analyst's remark
// with its author and time, written to the store (`serve --allow-changes`) and read back in the address
// panel and in evidence packs. The author is the workspace's (the `--author` option, LEDGERHOUND_AUTHOR
// or the operating-system user), never taken from the browser: a note says who ran the workspace.

import { userInfo } from 'node:os';
import { normalizeAddress } from '../src/model/address.js';
import { createNote, type Note } from '../src/model/note.js';
import type { Workspace } from './workspace.js';

/** The author of notes written in this workspace: the option, else LEDGERHOUND_AUTHOR, else the OS user. */
export function noteAuthor(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const given = option?.trim() || env.LEDGERHOUND_AUTHOR?.trim();
  if (given) return given;
  try {
    return userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}

export interface AddNoteInput {
  chain?: unknown;
  address?: unknown;
  text?: unknown;
}

/** Writes a note on an address (INVALID_INPUT naming the field for a bad chain, address or text). */
export async function addAddressNote(ws: Workspace, input: AddNoteInput, options: { author: string; now?: Date }): Promise<Note> {
  const note = createNote(
    { chain: String(input.chain ?? ''), address: String(input.address ?? ''), text: typeof input.text === 'string' ? input.text : '', author: options.author, time: options.now ?? new Date() },
  );
  await ws.store.addNote(note);
  return note;
}

/** The notes on an address, oldest first (none for an address that is not valid on its chain). */
export async function addressNotes(ws: Workspace, chain: string, address: string): Promise<Note[]> {
  let canonical: string;
  try {
    canonical = normalizeAddress(chain, address);
  } catch {
    return [];
  }
  return ws.store.notesOf(chain, canonical);
}
