// The workspace's note API (issue 14): POST /api/notes needs the token (401), `--allow-changes` (403
// otherwise), and a same-origin proof (CSRF: the X-Ledgerhound-Request header, a JSON body, no cross-site
// Origin or Sec-Fetch-Site; 403 otherwise). A note is signed by the workspace's author, never by the
// request, and shows in the address panel; bad input is INVALID_INPUT naming the field. The author comes
// from --author, else LEDGERHOUND_AUTHOR, else the operating-system user.

import { userInfo } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorkspace } from '../../app/workspace.js';
import { noteAuthor } from '../../app/workspace-notes.js';
import type { GraphStore } from '../../src/ports.js';
import { type RunningWorkspace, startWorkspaceServer } from '../../web/server/start.js';
import { evmAddress } from '../support/addresses.js';
import { sqliteFactory } from '../support/stores.js';

const A = evmAddress('noted');

describe('workspace notes API', () => {
  let store: GraphStore;
  let readOnly: RunningWorkspace;
  let writable: RunningWorkspace;

  beforeAll(async () => {
    store = await sqliteFactory.create();
    const workspace = await openWorkspace(store, undefined);
    readOnly = await startWorkspaceServer({ workspace });
    writable = await startWorkspaceServer({ workspace, changes: { author: 'ana' } });
  });

  afterAll(async () => {
    await readOnly?.close();
    await writable?.close();
    await store?.close();
  });

  const post = (server: RunningWorkspace, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.url}api/notes`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json', 'X-Ledgerhound-Request': '1', ...headers },
      body: JSON.stringify(body),
    });

  it('refuses a note without the token (401) and on a read-only workspace (403); other POSTs stay 405', async () => {
    const noToken = await fetch(`${writable.url}api/notes`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Ledgerhound-Request': '1' }, body: '{}' });
    expect(noToken.status).toBe(401);
    const refused = await post(readOnly, { chain: 'ethereum', address: A, text: 'x' });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { details: { reason: string } } }).error.details.reason).toBe('read-only');
    expect((await fetch(`${writable.url}api/case`, { method: 'POST', headers: { Authorization: `Bearer ${writable.token}` } })).status).toBe(405);
    expect(await store.notesOf('ethereum', A)).toEqual([]);
  });

  it('refuses writes that do not prove they come from the page (CSRF): no header, a form body, a foreign Origin or Sec-Fetch-Site', async () => {
    const cases: [string, Record<string, string>][] = [
      ['no custom header', { 'X-Ledgerhound-Request': '' }],
      ['form body', { 'Content-Type': 'application/x-www-form-urlencoded' }],
      ['foreign Origin', { Origin: 'http://evil.example' }],
      ['null Origin', { Origin: 'null' }],
      ['cross-site fetch', { 'Sec-Fetch-Site': 'cross-site' }],
    ];
    for (const [what, headers] of cases) {
      const res = await post(writable, { chain: 'ethereum', address: A, text: what }, headers);
      expect(res.status, what).toBe(403);
      expect(((await res.json()) as { error: { details: { reason: string } } }).error.details.reason, what).toBe('csrf');
    }
    expect(await store.notesOf('ethereum', A)).toEqual([]);
  });

  it('adds a note signed by the workspace author (not the request), shown in the address panel', async () => {
    const origin = writable.url.replace(/\/$/, '');
    const res = await post(writable, { chain: 'ethereum', address: A.toLowerCase(), text: '  <b>owner</b> confirmed by KYC  ', author: 'mallory' }, { Origin: origin, 'Sec-Fetch-Site': 'same-origin' });
    expect(res.status).toBe(201);
    const note = (await res.json()) as { author: string; address: string; text: string; time: string };
    expect(note).toMatchObject({ author: 'ana', address: A, text: '<b>owner</b> confirmed by KYC' });
    expect(Date.parse(note.time)).toBeGreaterThan(Date.now() - 60_000);
    const panel = (await (await fetch(`${writable.url}api/address?chain=ethereum&address=${A}`, { headers: { Authorization: `Bearer ${writable.token}` } })).json()) as { notes: unknown[] };
    expect(panel.notes).toEqual([note]);
    const summary = (await (await fetch(`${writable.url}api/case`, { headers: { Authorization: `Bearer ${writable.token}` } })).json()) as { allow: unknown };
    expect(summary.allow).toEqual({ notes: true, fetch: false, author: 'ana' });
  });

  it('answers INVALID_INPUT (400) naming the field for an empty text or a bad address', async () => {
    for (const [body, field] of [
      [{ chain: 'ethereum', address: A, text: '   ' }, 'text'],
      [{ chain: 'ethereum', address: '0x1234', text: 'x' }, 'address'],
      [{ chain: 'nochain', address: A, text: 'x' }, 'chain'],
      [{ chain: 'ethereum', address: A, text: 'x'.repeat(10_001) }, 'text'],
    ] as const) {
      const res = await post(writable, body);
      expect(res.status).toBe(400);
      const { error } = (await res.json()) as { error: { code: string; details: { field: string } } };
      expect(error.code).toBe('INVALID_INPUT');
      expect(error.details.field).toBe(field);
    }
  });

  it('takes the author from --author, else LEDGERHOUND_AUTHOR, else the OS user', () => {
    expect(noteAuthor('ana', { LEDGERHOUND_AUTHOR: 'bo' })).toBe('ana');
    expect(noteAuthor(undefined, { LEDGERHOUND_AUTHOR: ' bo ' })).toBe('bo');
    expect(noteAuthor(undefined, {})).toBe(userInfo().username);
  });
});
