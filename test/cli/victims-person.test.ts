// `ledgerhound victims <case> --intake F --seized F` from the command line (issue 16): one block per victim
// person in the text (alice's two payments under one heading), and the same grouping under --json.

import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../support/cli.js';
import { tempDir } from '../support/stores.js';

let dir = '';

beforeAll(() => {
  dir = tempDir();
  cpSync(join(REPO_ROOT, 'samples/pig-butchering'), dir, { recursive: true, filter: (src) => !src.includes('.ledgerhound') });
});

describe('ledgerhound victims per person', () => {
  it('prints one block per person, alice-1 and alice-2 under alice, with totals and seizure shares', { timeout: 240_000 }, () => {
    const res = runCli(['victims', 'case.yaml', '--intake', 'intake.csv', '--seized', 'seizures.jsonl', '--prices', 'prices.csv'], { cwd: dir });
    expect(res.code).toBe(0);
    const blocks = res.stdout.split('\n\n');
    const alice = blocks.find((b) => b.startsWith('victim alice '))!;
    expect(alice.split('\n')[0]).toBe('victim alice (Alice Example (fictional)): 2 payments');
    expect(alice).toContain('  payment alice-1: 50,000 USDT');
    expect(alice).toContain('  payment alice-2: 20,000 USDT');
    expect(alice).toContain('  paid in all: 70,000 USDT on ethereum = 70000.00 USD');
    expect(alice).toContain('  cash-out: 12,000 USDT at okx ERC20 reserves (exchange, ethereum 0x5041ed759Dd4aFc3a72b8192C143F72f4724081A) = 12000.00 USD');
    expect(alice).toMatch(/ {2}seizure S-2026-001 \(30,000 USDT at ethereum 0x5041ed759Dd4aFc3a72b8192C143F72f4724081A\): traced share 12,000 USDT;/);
    expect(blocks.filter((b) => b.startsWith('victim ')).length).toBe(5);
  });

  it('--json: persons with their payments inside', { timeout: 240_000 }, () => {
    const res = runCli(['victims', 'case.yaml', '--json', '--no-import'], { cwd: dir });
    expect(res.code).toBe(0);
    const s = JSON.parse(res.stdout);
    expect(s.version).toBe(2);
    const alice = s.victims.find((v: { id: string }) => v.id === 'alice');
    expect(alice.payments.map((p: { id: string }) => p.id)).toEqual(['alice-1', 'alice-2']);
    expect(alice.totals.paid[0].amount).toBe('70000000000');
    expect(alice.personal).toBeUndefined();
  });
});
