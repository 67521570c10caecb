// The evidence commands end to end on the sample pig-butchering case, as an investigator runs them:
// keygen, export --sign (one command), verify --pubkey --retrace; then verify fails with INTEGRITY
// (exit 4) naming the file for a changed, deleted or added file; export refuses a non-empty directory
// and an unusable key (exit 2) without writing anything.

import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../src/evidence/manifest.js';
import { CLI_MAIN } from '../support/cli.js';
import { tempDir } from '../support/stores.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SAMPLE = join(ROOT, 'samples/pig-butchering/case.yaml');

function cli(args: string[]) {
  const res = spawnSync(process.execPath, [CLI_MAIN, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, LEDGERHOUND_STORE: '' },
  });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}

describe('ledgerhound export / verify / keygen on the sample case', () => {
  const work = tempDir('lh-cli-evidence-');
  const pack = join(work, 'pack');
  const key = join(work, 'investigator');

  beforeAll(() => {
    const gen = cli(['keygen', '--out', key, '--json']);
    expect(gen.status, gen.stderr).toBe(0);
    const exp = cli(['export', SAMPLE, '--out', pack, '--store', join(work, 'case.db'), '--sign', `${key}.key.pem`, '--json']);
    expect(exp.status, exp.stderr).toBe(0);
  }, 120_000);

  it('keygen writes a private key only its owner can read', () => {
    expect(statSync(`${key}.key.pem`).mode & 0o777).toBe(0o600);
    expect(readFileSync(`${key}.pub.pem`, 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const again = cli(['keygen', '--out', key]);
    expect(again.status).toBe(2);
  });

  it('exports the sample case with freeze requests per exchange and a signed manifest', () => {
    const manifest = JSON.parse(readFileSync(join(pack, 'manifest.json'), 'utf8')) as Manifest;
    const paths = manifest.files.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['report.html', 'report.pdf', 'trace.json', 'flows.csv', 'transactions.csv', 'graph.graphml', 'graph.gexf', 'case/case.yaml', 'case/transfers.jsonl']));
    expect(paths.filter((p) => p.startsWith('freeze-requests/') && p.endsWith('.csv')).length).toBeGreaterThanOrEqual(3);
    expect(manifest.command.argv.slice(0, 3)).toEqual(['ledgerhound', 'export', SAMPLE]);
    expect(manifest.case.name).toBe('Lotusfield Markets (sample pig-butchering case)');
    expect(existsSync(join(pack, 'manifest.sig'))).toBe(true);
    const trace = JSON.parse(readFileSync(join(pack, 'trace.json'), 'utf8'));
    expect(trace.policy).toBe('fifo');
    expect(trace.sources).toHaveLength(6);
  });

  it('verify passes with the trusted key and re-traces the same figures', () => {
    const res = cli(['verify', pack, '--pubkey', `${key}.pub.pem`, '--retrace', '--json']);
    expect(res.status, res.stderr).toBe(0);
    const report = JSON.parse(res.stdout);
    expect(report).toMatchObject({ ok: true, signature: 'valid', signerTrusted: true, retrace: { sameResult: true, sameStoreContent: true }, problems: [] });
  }, 60_000);

  it.each([
    ['a changed byte', 'report.pdf', (dir: string) => {
      const f = join(dir, 'report.pdf');
      const b = readFileSync(f);
      b[100] ^= 0xff;
      writeFileSync(f, b);
    }],
    ['a deleted file', 'flows.csv', (dir: string) => unlinkSync(join(dir, 'flows.csv'))],
    ['an added file', 'notes.txt', (dir: string) => writeFileSync(join(dir, 'notes.txt'), 'x')],
    ['an altered manifest', 'manifest.json', (dir: string) => {
      const f = join(dir, 'manifest.json');
      writeFileSync(f, readFileSync(f, 'utf8').replace('"inheritTags": false', '"inheritTags": true'));
    }],
  ])('verify exits 4 (INTEGRITY) naming the file for %s', (_what, file, tamper) => {
    const copy = join(tempDir('lh-cli-tamper-'), 'pack');
    cpSync(pack, copy, { recursive: true });
    tamper(copy);
    const res = cli(['verify', copy, '--json']);
    expect(res.status).toBe(4);
    const err = JSON.parse(res.stderr.trim().split('\n').pop()!);
    expect(err.error.code).toBe('INTEGRITY');
    expect(err.error.details.files).toContain(file);
    const human = cli(['verify', copy]);
    expect(human.status).toBe(4);
    expect(human.stdout).toContain(file);
  });

  it('export refuses a non-empty output directory and an unusable key, writing nothing', () => {
    const busy = join(work, 'busy');
    mkdirSync(busy);
    writeFileSync(join(busy, 'keep.txt'), 'mine');
    const res = cli(['export', SAMPLE, '--out', busy, '--store', join(work, 'case.db'), '--json']);
    expect(res.status).toBe(2);
    expect(JSON.parse(res.stderr.trim()).error.details.field).toBe('--out');
    expect(readFileSync(join(busy, 'keep.txt'), 'utf8')).toBe('mine');

    writeFileSync(join(work, 'bad.pem'), 'not a key');
    const bad = cli(['export', SAMPLE, '--out', join(work, 'never'), '--store', join(work, 'case.db'), '--sign', join(work, 'bad.pem'), '--json']);
    expect(bad.status).toBe(2);
    expect(existsSync(join(work, 'never'))).toBe(false);
  });
});
