// `ledgerhound serve` as a user runs it: prints one loopback URL with a token, answers the API only with
// that token, serves the page under the strict CSP, refuses a bad port (exit 2) and stops on Ctrl-C (exit 0);
// without a case file it serves the store alone.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, startCli } from '../support/cli.js';

describe('ledgerhound serve (CLI)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lh-serve-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints a loopback URL with a token, answers only with it, stops on SIGINT', async () => {
    const child = startCli(['serve', 'samples/pig-butchering/case.yaml', '--store', join(dir, 'case.db')]);
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
    const base = url.slice(0, url.indexOf('?'));
    const token = new URL(url).searchParams.get('token');
    expect((await fetch(`${base}api/case`)).status).toBe(401);
    const summary = await fetch(`${base}api/case`, { headers: { Authorization: `Bearer ${token}` } });
    expect(summary.status).toBe(200);
    expect(((await summary.json()) as { victims: unknown[] }).victims).toHaveLength(6);
    const page = await fetch(base);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'.*script-src 'self'/);
    expect(await page.text()).toContain('<script type="module" src="app.js"></script>');
    const exit = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    child.kill('SIGINT');
    expect(await exit).toBe(0);
  }, 180_000);

  it('without a case serves the store alone (search works, the trace is empty); a missing store is NOT_FOUND (exit 3)', async () => {
    const child = startCli(['serve', '--store', join(dir, 'case.db')]);
    let out = '';
    const url = await new Promise<string>((done, fail) => {
      child.stdout.on('data', (d) => {
        out += d;
        const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}#\/trace)/.exec(out);
        if (m) done(m[1]);
      });
      child.on('exit', (code) => fail(new Error(`exited ${code}`)));
    });
    const base = url.slice(0, url.indexOf('?'));
    const headers = { Authorization: `Bearer ${new URL(url).searchParams.get('token')}` };
    const summary = (await (await fetch(`${base}api/case`, { headers })).json()) as { file?: string; victims: unknown[] };
    expect(summary.file).toBeUndefined();
    expect(summary.victims).toEqual([]);
    expect(((await (await fetch(`${base}api/trace`, { headers })).json()) as { cashOuts: unknown[] }).cashOuts).toEqual([]);
    const hits = (await (await fetch(`${base}api/search?q=binance`, { headers })).json()) as { kind: string }[];
    expect(hits.length).toBeGreaterThan(0);
    const exit = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    child.kill('SIGINT');
    expect(await exit).toBe(0);
    expect(runCli(['serve', '--store', join(dir, 'missing.db')]).code).toBe(3);
  }, 180_000);

  it('refuses a port that is not a whole number (exit 2, naming --port)', () => {
    const res = runCli(['serve', 'samples/pig-butchering/case.yaml', '--store', join(dir, 'case.db'), '--port', 'x']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('--port');
  }, 120_000);
});
