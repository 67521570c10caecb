// Use cases of `ledgerhound notes add|list` (issue 14, docs/web.md): analysts' notes on addresses written
// and read without the browser, in the same store and form as the workspace's (src/model/note.ts:
// append-only, content-addressed). The chain is the one given, else the only chain the address is valid
// on (among the store's chains first, then the known ones); an EVM address valid on several chains needs
// --chain. The author is the option, else LEDGERHOUND_AUTHOR, else the OS user (app/workspace-notes.ts).

import { invalidInput } from '../src/errors.js';
import { isValidAddress, normalizeAddress } from '../src/model/address.js';
import { knownChainNames, resolveChainName } from '../src/model/chain.js';
import { createNote, type Note } from '../src/model/note.js';
import type { GraphStore } from '../src/ports.js';

export { noteAuthor } from './workspace-notes.js';

/** The chain of a note's address: the one typed, else the only chain the address is valid on. */
export async function noteChain(store: GraphStore, address: string, typedChain?: string): Promise<string> {
  const inStore = Object.keys((await store.stats()).chains ?? {});
  if (typedChain !== undefined) {
    const chain = resolveChainName(typedChain, inStore);
    if (chain === undefined) throw invalidInput(`unknown chain "${typedChain}"; known chains: ${[...new Set([...knownChainNames(), ...inStore])].join(', ')}`, { field: '--chain' });
    return chain;
  }
  for (const candidates of [inStore, knownChainNames()]) {
    const valid = candidates.filter((c) => isValidAddress(c, address.trim()));
    if (valid.length === 1) return valid[0];
    if (valid.length > 1) throw invalidInput(`the address is valid on ${valid.join(', ')}: give --chain`, { field: '--chain' }, { chains: valid });
  }
  throw invalidInput('not a valid address on any known chain', { field: '--address' }, { value: address });
}

export interface AddNoteOptions {
  address: string;
  text: string;
  author: string;
  chain?: string;
  now?: Date;
}

/** Writes a note on an address; the same note again (same content and time) is kept once. */
export async function addNote(store: GraphStore, options: AddNoteOptions): Promise<{ note: Note; added: boolean }> {
  const chain = await noteChain(store, options.address, options.chain);
  const note = createNote({ chain, address: options.address, text: options.text, author: options.author, time: options.now ?? new Date() }, {});
  const added = !(await store.notesOf(note.chain, note.address)).some((n) => n.id === note.id);
  if (added) await store.addNote(note);
  return { note, added };
}

/** The notes on one address (oldest first), or every note in the store (on `chain` when given) in store order. */
export async function listNotes(store: GraphStore, options: { address?: string; chain?: string } = {}): Promise<Note[]> {
  if (options.address !== undefined) {
    const chain = await noteChain(store, options.address, options.chain);
    return store.notesOf(chain, normalizeAddress(chain, options.address, { field: '--address' }));
  }
  const chain = options.chain === undefined ? undefined : await noteChain(store, '', options.chain);
  const notes: Note[] = [];
  for await (const n of store.notes(chain === undefined ? {} : { chain })) notes.push(n);
  return notes;
}
