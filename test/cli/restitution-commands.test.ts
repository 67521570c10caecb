// `distribute`, `victims` and `trace --prices` from the command line (issue 16) on a copy of the
// pig-butchering sample: the Distribution JSON shape and its CSV, statements as JSON, fiat in trace --json,
// and a bad seizures file stopping with exit code 2 and file:line:field.

import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../support/cli.js';
import { tempDir } from '../support/stores.js';

let dir = '';

beforeAll(() => {
  dir = tempDir();
  cpSync(join(REPO_ROOT, 'samples/pig-butchering'), dir, { recursive: true, filter: (src) => !src.includes('.ledgerhound') });
});

describe('ledgerhound distribute', () => {
  it('prints the Distribution shape with --json and writes the CSV; shares add up under both bases', { timeout: 180_000 }, () => {
    const csv = join(dir, 'distribution.csv');
    const res = runCli(['distribute', 'case.yaml', '--seized', 'seizures.jsonl', '--prices', 'prices.csv', '--csv', csv, '--json'], { cwd: dir });
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const d = JSON.parse(res.stdout);
    expect(d).toMatchObject({ version: 2, case: 'Lotusfield Markets (sample pig-butchering case)' });
    const okx = d.seizures[0];
    expect(okx).toMatchObject({ id: 'S-2026-001', amount: '30000000000', traced: { 'bob-1': '18000000000', 'alice-2': '12000000000' }, pariPassuBasis: 'fiat:USD' });
    for (const s of d.seizures) {
      for (const basis of [s.traced, s.pariPassu]) expect(Object.values(basis as Record<string, string>).reduce((a, b) => a + BigInt(b), 0n)).toBe(BigInt(s.amount));
    }
    const lines = readFileSync(csv, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('seizure,chain,address,asset,amount,victim,traced,pariPassu,pariPassuBasis');
    expect(lines).toContain('S-2026-001,ethereum,0x5041ed759Dd4aFc3a72b8192C143F72f4724081A,erc20:0xdAC17F958D2ee523a2206206994597C13D831ec7,30000000000,bob-1,18000000000,3442755450,fiat:USD');
  });

  it('stops on a bad seizures record with exit code 2, naming file, line and field', { timeout: 60_000 }, () => {
    const bad = join(dir, 'bad-seizures.jsonl');
    writeFileSync(bad, `${readFileSync(join(dir, 'seizures.jsonl'), 'utf8')}{"id":"S3","chain":"ethereum","address":"0x5041ed759Dd4aFc3a72b8192C143F72f4724081A","asset":"erc20:0xdAC17F958D2ee523a2206206994597C13D831ec7","amount":"12.5"}\n`);
    const res = runCli(['distribute', 'case.yaml', '--seized', bad, '--json'], { cwd: dir });
    expect(res.code).toBe(2);
    expect(JSON.parse(res.stderr).error).toMatchObject({ code: 'INVALID_INPUT', details: { file: bad, line: 3, field: 'amount' } });
  });
});

describe('ledgerhound victims and trace --prices', () => {
  it('prints per-victim statements as JSON with fiat figures', { timeout: 180_000 }, () => {
    const res = runCli(['victims', 'case.yaml', '--prices', 'prices.csv', '--json'], { cwd: dir });
    expect(res.code).toBe(0);
    const s = JSON.parse(res.stdout);
    const erik = s.victims.find((v: { id: string }) => v.id === 'erik').payments[0];
    expect(erik.id).toBe('erik-1');
    expect(erik.paid.fiat.amount).toBe('101418.51');
    expect(erik.fees).toEqual([{ chain: 'bitcoin', asset: 'BTC', amount: '50000' }]);
    expect(s.missingPrices.length).toBeGreaterThan(0);
  });

  it('adds fiat fields to trace --json', { timeout: 180_000 }, () => {
    const res = runCli(['trace', 'case.yaml', '--prices', 'prices.csv', '--json', '--quiet', '--no-import'], { cwd: dir });
    expect(res.code).toBe(0);
    const r = JSON.parse(res.stdout);
    expect(r.prices.currency).toBe('USD');
    expect(r.sources.find((x: { id: string }) => x.id === 'alice-1').fiat.amount).toBe('50000.00');
  });
});

describe('ledgerhound case new --intake', () => {
  it('writes nothing and exits 2 when a row does not match, naming the row and what differs', { timeout: 180_000 }, () => {
    // The folder's default store holds the sample (the commands above import it; alone, trace does).
    if (!existsSync(join(dir, '.ledgerhound', 'case.db'))) expect(runCli(['trace', 'case.yaml', '--quiet'], { cwd: dir }).code).toBe(0);
    const intake = join(dir, 'bad-intake.csv');
    const lines = readFileSync(join(dir, 'intake.csv'), 'utf8').trim().split('\n');
    writeFileSync(intake, `${lines[0]}\n${lines[1]}\n${lines[2].replace(',30000,USDT,', ',3000,USDT,')}\n`);
    const res = runCli(['case', 'new', '--intake', intake, '--out', join(dir, 'from-intake.yaml')], { cwd: dir });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('line 3 bob: amount mismatch');
    expect(existsSync(join(dir, 'from-intake.yaml'))).toBe(false);
    const ok = runCli(['case', 'new', '--intake', 'intake.csv', '--out', 'from-intake.yaml', '--source', 'transfers.jsonl', '--json'], { cwd: dir });
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ resolved: 6, mismatched: 0 });
  });
});
