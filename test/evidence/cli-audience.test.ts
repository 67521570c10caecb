// `ledgerhound export --audience` end to end on the sample case (issue 16): an exchange pack (--json says
// so) verifies and re-traces from the pack alone; a victim pack holds one statement and `verify --retrace`
// says the retrace does not apply; `--audience victim` without `--victim` and an unknown audience exit 2
// before any work, naming the option.

import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { tempDir } from '../support/stores.js';

const SAMPLE = fileURLToPath(new URL('../../samples/pig-butchering/', import.meta.url));
const CASE = join(SAMPLE, 'case.yaml');

describe('ledgerhound export --audience', () => {
  it('exchange: the pack says its audience, verifies and re-traces (exit 0)', () => {
    const work = tempDir('lh-cli-aud-');
    const pack = join(work, 'pack');
    const res = runCli(['export', CASE, '--out', pack, '--store', join(work, 'case.db'), '--audience', 'exchange', '--intake', join(SAMPLE, 'intake.csv'), '--json']);
    expect(res.code, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ audience: 'exchange' });
    expect(existsSync(join(pack, 'victims'))).toBe(false);
    const verify = runCli(['verify', pack, '--retrace', '--json']);
    expect(verify.code, verify.stderr).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true, audience: 'exchange', retrace: { sameResult: true, sameStoreContent: true } });
  }, 300_000);

  it("victim: one victim's statement; verify --retrace says the retrace does not apply (exit 0)", () => {
    const work = tempDir('lh-cli-aud-');
    const pack = join(work, 'pack');
    const res = runCli(['export', CASE, '--out', pack, '--store', join(work, 'case.db'), '--audience', 'victim', '--victim', 'erik', '--intake', join(SAMPLE, 'intake.csv'), '--prices', join(SAMPLE, 'prices.csv'), '--quiet']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('victim evidence pack written to');
    expect(readdirSync(pack).sort()).toEqual(['manifest.json', 'victims']);
    expect(readdirSync(join(pack, 'victims')).sort()).toEqual(['erik.html', 'erik.pdf']);
    const verify = runCli(['verify', pack, '--retrace']);
    expect(verify.code, verify.stderr).toBe(0);
    expect(verify.stdout).toContain('victim evidence pack');
    expect(verify.stdout).toMatch(/retrace: not applicable \(a victim pack/);
  }, 300_000);

  it('--audience victim without --victim, and an unknown audience, exit 2 naming the option, without a pack', () => {
    const work = tempDir('lh-cli-aud-');
    const noVictim = runCli(['export', CASE, '--out', join(work, 'a'), '--store', join(work, 'case.db'), '--audience', 'victim']);
    expect(noVictim.code, noVictim.stderr).toBe(2);
    expect(noVictim.stderr).toContain('--audience victim needs --victim <id>');
    const unknown = runCli(['export', CASE, '--out', join(work, 'b'), '--store', join(work, 'case.db'), '--audience', 'press']);
    expect(unknown.code, unknown.stderr).toBe(2);
    expect(unknown.stderr).toContain('--audience must be one of court, exchange, victim');
    expect(existsSync(join(work, 'a')) || existsSync(join(work, 'b')) || existsSync(join(work, 'case.db'))).toBe(false);
  }, 120_000);
});
