// `ledgerhound notes add|list [case]`: analysts' notes on addresses without the browser (use cases
// app/notes.ts; the same notes `serve --allow-changes` writes and court packs carry in notes.jsonl).

import type { Command } from 'commander';
import { addNote, listNotes, noteAuthor } from '../../app/notes.js';
import { readCaseFile } from '../../app/trace-case-file.js';
import { invalidInput } from '../../src/errors.js';
import type { Note } from '../../src/model/note.js';
import { type CommonOptions, withCommonOptions, withStore } from '../common.js';
import { action, printJson } from '../output.js';

interface NotesOptions extends CommonOptions {
  address?: string;
  chain?: string;
  text?: string;
  author?: string;
}

async function caseFileOf(caseFile: string | undefined): Promise<string | undefined> {
  return caseFile === undefined ? undefined : (await readCaseFile(caseFile)).path;
}

/** The note's text: --text, else standard input when it is not a terminal. */
async function noteText(opts: NotesOptions): Promise<string> {
  if (opts.text !== undefined) return opts.text;
  if (process.stdin.isTTY) throw invalidInput('give the note with --text or on standard input', { field: '--text' });
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function printNote(n: Note): void {
  console.log(`${n.time}  ${n.author}  ${n.chain} ${n.address}`);
  for (const line of n.text.split('\n')) console.log(`  ${line}`);
}

export function register(program: Command): void {
  const notes = program.command('notes').description("analysts' notes on addresses (author, time, text), kept in the store and carried in court packs");
  withCommonOptions(
    notes
      .command('add')
      .description('write a note on an address (append-only: notes are never edited or deleted)')
      .argument('[case]', "case file whose store holds the note (else --store or LEDGERHOUND_STORE)")
      .requiredOption('--address <address>', 'the address the note is about')
      .option('--chain <chain>', 'its chain (default: the only chain the address is valid on)')
      .option('--text <text>', 'the note (default: read from standard input)')
      .option('--author <name>', 'author (default: LEDGERHOUND_AUTHOR, else the OS user)'),
  ).action(
    action(async (caseFile: string | undefined, opts: NotesOptions) => {
      const text = await noteText(opts);
      const path = await caseFileOf(caseFile);
      await withStore({ ...opts, caseFile: path, mustExist: path === undefined }, async (store) => {
        const r = await addNote(store, { address: opts.address ?? '', chain: opts.chain, text, author: noteAuthor(opts.author) });
        if (opts.json) printJson({ ...r.note, added: r.added });
        else console.log(`${r.added ? 'added' : 'already stored'}: note ${r.note.id.slice(0, 16)} on ${r.note.chain} ${r.note.address} by ${r.note.author} at ${r.note.time}`);
      });
    }),
  );
  withCommonOptions(
    notes
      .command('list')
      .description("the notes on an address (oldest first), or every note in the store")
      .argument('[case]', "case file whose store is read (else --store or LEDGERHOUND_STORE)")
      .option('--address <address>', 'only the notes on this address')
      .option('--chain <chain>', "the address's chain, or only notes on this chain"),
  ).action(
    action(async (caseFile: string | undefined, opts: NotesOptions) => {
      const path = await caseFileOf(caseFile);
      await withStore({ ...opts, caseFile: path, readOnly: true }, async (store) => {
        const list = await listNotes(store, { address: opts.address, chain: opts.chain });
        if (opts.json) {
          printJson(list);
          return;
        }
        if (list.length === 0) console.log('no notes');
        for (const n of list) printNote(n);
      });
    }),
  );
}
