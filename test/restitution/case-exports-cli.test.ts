// `ledgerhound case new --export victim=file` from the command line (issue 16): with a victim's export row
// that does not match the store, nothing is written and the exit code is 2, naming the export file, line and
// field; with the exports as they are, the case file holds the victims' payments. And `distribute --returns`:
// an exchange's answer shared out, the account holders' names in no output of the command.

import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { withStore } from '../../app/store.js';
import { readCaseFile, traceLoadedCase } from '../../app/trace-case-file.js';
import { REPO_ROOT, runCli } from '../support/cli.js';
import { tempDir } from '../support/stores.js';

const FIXTURES = join(REPO_ROOT, 'test/fixtures/restitution');
let dir = '';

beforeAll(async () => {
  dir = tempDir();
  cpSync(join(REPO_ROOT, 'samples/pig-butchering'), dir, { recursive: true, filter: (src) => !src.includes('.ledgerhound') });
  const loaded = await readCaseFile(join(dir, 'case.yaml'));
  await withStore({ cwd: dir, caseFile: loaded.path }, (s) => traceLoadedCase(s, loaded, { flows: false }));
}, 120_000);

describe('ledgerhound case new --export', () => {
  it('exits 2 writing nothing on a mismatched export row, and writes the case from good exports', { timeout: 180_000 }, () => {
    const bad = join(dir, 'alice-tokens.csv');
    writeFileSync(bad, readFileSync(join(FIXTURES, 'etherscan-alice-tokens.csv'), 'utf8').replace('"20,000","$20,000.00"', '"2,000","$2,000.00"'));
    const out = join(dir, 'from-exports.yaml');
    const res = runCli(['case', 'new', '--export', `alice=${bad}`, '--out', out, '--json'], { cwd: dir });
    expect(res.code).toBe(2);
    expect(JSON.parse(res.stderr).error).toMatchObject({ code: 'INVALID_INPUT', details: { file: bad, line: 4, field: 'amount' } });
    expect(existsSync(out)).toBe(false);

    const ok = runCli(
      ['case', 'new', '--export', `alice=${join(FIXTURES, 'etherscan-alice-tokens.csv')}`, '--export', `chen=${join(FIXTURES, 'tronscan-chen-trc20.csv')}`, '--export', `dana@TKcz4eaxqUr2ybNWJgBCMGU2QGXKAy7kqQ=${join(FIXTURES, 'tronscan-dana-transfers.csv')}`, '--out', out],
      { cwd: dir },
    );
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(parse(readFileSync(out, 'utf8')).victimPayments.map((p: { id: string; transfer: string }) => `${p.id} ${p.transfer}`)).toEqual([
      'alice-1 0xc026e6c516c2dc4e1faa27a6ad44ac8a40776dc2421aecd2f4382fc654821491:97',
      'alice-2 0x4f903fe2ad02afc690960b8818151b2ce6e71df71e6c4d1f98573d5b78239ceb:66',
      'chen-1 d5c2064f4cc4a3f3cfb7b805ac752d11f193ad4631e4f159a159d9e902f19184:0',
      'dana-1 9f0115af2853de114e3916e4a8231cc41ae1d98e38c7b15af5435c63b0493aaa:0',
    ]);
  });
});

describe('ledgerhound distribute --returns', () => {
  it('shares the returned sums and prints no holder name or account id; with neither --seized nor --returns exits 2', { timeout: 180_000 }, () => {
    const csv = join(dir, 'returns-distribution.csv');
    const res = runCli(['distribute', 'case.yaml', '--returns', 'returns.csv', '--prices', 'prices.csv', '--csv', csv, '--json', '--no-import'], { cwd: dir });
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const d = JSON.parse(res.stdout);
    expect(d.seizures.map((s: { id: string; exchange: string; status: string }) => [s.id, s.exchange, s.status])).toEqual([
      ['OKX-LEA-2026-0457', 'OKX', 'frozen'],
      ['BN-LE-2026-118', 'Binance', 'returned'],
    ]);
    const text = runCli(['distribute', 'case.yaml', '--returns', 'returns.csv', '--no-import'], { cwd: dir });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('returned by Binance (BN-LE-2026-118): 6,000 USDT');
    for (const out of [res.stdout, readFileSync(csv, 'utf8'), text.stdout, text.stderr]) {
      for (const p of ['Wang Lei', 'Tran Van Minh', 'UID 58120093', 'UID 402281']) expect(out).not.toContain(p);
    }
    const none = runCli(['distribute', 'case.yaml', '--no-import', '--json'], { cwd: dir });
    expect(none.code).toBe(2);
    expect(JSON.parse(none.stderr).error).toMatchObject({ code: 'INVALID_INPUT', details: { field: '--seized' } });
  });
});
