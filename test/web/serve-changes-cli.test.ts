// `ledgerhound serve --allow-changes / --allow-fetch` as a user runs it: with --allow-changes a note is
// written to the store, signed by --author (over LEDGERHOUND_AUTHOR), and a later read-only serve of the
// same store shows it and refuses new ones (403); --allow-fetch without a source is INVALID_INPUT naming
// it (exit 2); a missing store stays missing (exit 3) even with --allow-changes.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, startCli } from '../support/cli.js';

/** Starts `serve`, waits for its URL; returns the base URL, the auth header and a stop function. */
async function serve(args: string[], env: Record<string, string> = {}) {
  const child = startCli(['serve', ...args], { env });
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => {
    err += d;
  });
  const url = await new Promise<string>((done, fail) => {
    child.stdout.on('data', (d) => {
      out += d;
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}#\/trace)/.exec(out);
      if (m) done(m[1]);
    });
    child.on('exit', (code) => fail(new Error(`exited ${code}: ${err}`)));
  });
  const exit = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return {
    base: url.slice(0, url.indexOf('?')),
    auth: { Authorization: `Bearer ${new URL(url).searchParams.get('token')}` },
    stop: async () => {
      child.kill('SIGINT');
      return exit;
    },
  };
}

describe('ledgerhound serve --allow-changes / --allow-fetch (CLI)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lh-serve-changes-'));
  const store = join(dir, 'case.db');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a note signed by --author; a read-only serve of the store shows it and refuses more (403)', async () => {
    const writable = await serve(['samples/pig-butchering/case.yaml', '--store', store, '--allow-changes', '--author', 'ana'], { LEDGERHOUND_AUTHOR: 'bo' });
    const { base, auth } = writable;
    const summary = (await (await fetch(`${base}api/case`, { headers: auth })).json()) as { allow: unknown };
    expect(summary.allow).toEqual({ notes: true, fetch: false, author: 'ana' });
    const cashOut = ((await (await fetch(`${base}api/trace`, { headers: auth })).json()) as { cashOuts: { chain: string; address: string }[] }).cashOuts[0];
    const res = await fetch(`${base}api/notes`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json', 'X-Ledgerhound-Request': '1' },
      body: JSON.stringify({ chain: cashOut.chain, address: cashOut.address, text: 'KYC: deposit account of the money mule' }),
    });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { author: string }).author).toBe('ana');
    expect(await writable.stop()).toBe(0);

    const readOnly = await serve(['--store', store]);
    try {
      const panel = (await (await fetch(`${readOnly.base}api/address?chain=${cashOut.chain}&address=${cashOut.address}`, { headers: readOnly.auth })).json()) as { notes: { author: string; text: string }[] };
      expect(panel.notes.map((n) => [n.author, n.text])).toEqual([['ana', 'KYC: deposit account of the money mule']]);
      const refused = await fetch(`${readOnly.base}api/notes`, {
        method: 'POST',
        headers: { ...readOnly.auth, 'Content-Type': 'application/json', 'X-Ledgerhound-Request': '1' },
        body: JSON.stringify({ chain: cashOut.chain, address: cashOut.address, text: 'more' }),
      });
      expect(refused.status).toBe(403);
    } finally {
      expect(await readOnly.stop()).toBe(0);
    }
  }, 240_000);

  it('--allow-fetch without a source is INVALID_INPUT naming it (exit 2); a missing store stays missing (exit 3)', () => {
    const noSource = runCli(['serve', '--store', store, '--allow-fetch']);
    expect(noSource.code).toBe(2);
    expect(noSource.stderr).toContain('--allow-fetch');
    const missing = join(dir, 'missing.db');
    expect(runCli(['serve', '--store', missing, '--allow-changes']).code).toBe(3);
    expect(existsSync(missing)).toBe(false);
  }, 240_000);
});
