// Analysts' notes in the address panel (docs/web.md): the notes on the address, oldest first, each with
// its author and time, and (when the workspace runs with --allow-changes) a form to add one. Note text is
// typed by people and may quote hostile labels: it is always written as text, never as markup.

import { ApiError, apiPost } from './api.js';
import { el, fill } from './dom.js';
import type { CaseSummary, Note } from './types.js';

let allowed: CaseSummary['allow'];

/** What the workspace lets the page change (from /api/case). */
export function setPermissions(allow: CaseSummary['allow']): void {
  allowed = allow;
}

export function permissions(): NonNullable<CaseSummary['allow']> {
  return allowed ?? { notes: false, fetch: false };
}

function noteItem(n: Note): HTMLLIElement {
  return el('li', { class: 'note' }, el('p', { class: 'note-meta muted' }, `${n.author}, ${n.time.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC')}`), el('p', { class: 'note-text' }, n.text));
}

/** The notes section of an address panel. */
export function notesSection(chain: string, address: string, notes: Note[]): HTMLElement {
  const list = el('ul', { id: 'panel-notes', class: 'notes' }, ...notes.map(noteItem));
  const empty = el('p', { class: 'muted', hidden: notes.length > 0 }, 'No notes.');
  const section = el('section', { 'aria-labelledby': 'notes-title' }, el('h3', { id: 'notes-title' }, 'Notes'), list, empty);
  const allow = permissions();
  if (!allow.notes) {
    section.append(el('p', { class: 'muted' }, 'Read-only workspace: start serve with --allow-changes to add notes.'));
    return section;
  }
  const text = el('textarea', { id: 'note-text', name: 'text', rows: '3', maxlength: '10000', required: true });
  const status = el('p', { id: 'note-status', role: 'status' });
  const form = el(
    'form',
    { id: 'note-form', 'aria-label': 'Add a note' },
    el('label', { for: 'note-text' }, `Add a note (as ${allow.author ?? 'this workspace'})`),
    text,
    el('button', { type: 'submit' }, 'Add note'),
    status,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    fill(status, 'Saving…');
    apiPost<Note>('notes', { chain, address, text: text.value })
      .then((note) => {
        list.append(noteItem(note));
        empty.hidden = true;
        text.value = '';
        fill(status, 'Saved.');
      })
      .catch((err: unknown) => fill(status, el('span', { class: 'error' }, err instanceof ApiError ? `${err.code}: ${err.message}` : String(err))));
  });
  section.append(form);
  return section;
}
