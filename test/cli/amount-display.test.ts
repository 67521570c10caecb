// Amounts in the readable output of `address`, `cluster show` and `communities` go through the one
// formatter: thousands separators and the asset's symbol, on the sample pig-butchering case (its
// collector wallet received and sent 100,000 USDT). `--json` keeps base units.

import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../support/cli.js';
import { tempDir } from '../support/stores.js';

const SAMPLE = join(REPO_ROOT, 'samples', 'pig-butchering');
const COLLECTOR = '0x19a7470F093eCD3eDd8e9B84c803BfeCa5B6D043';
// A figure of 1,000 or more printed without separators.
const UNGROUPED = /(?<![\d.,])\d{4,}(\.\d+)? (USDT|USDC|BTC|ETH|TRX)\b/;

describe('amounts in address, cluster show and communities', () => {
  let store: string;

  beforeAll(() => {
    store = join(tempDir(), 'case.db');
    const res = runCli(['import', join(SAMPLE, 'transfers.jsonl'), join(SAMPLE, 'transactions.jsonl'), join(SAMPLE, 'tags.jsonl'), '--store', store, '--quiet']);
    expect(res.code).toBe(0);
  });

  it('address prints 100,000 USDT (was "100000 USDT"); --json keeps base units', () => {
    const text = runCli(['address', 'ethereum', COLLECTOR, '--store', store]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('USDT: received 100,000 USDT in 3, sent 100,000 USDT in');
    expect(text.stdout).not.toMatch(UNGROUPED);
    const json = JSON.parse(runCli(['address', 'ethereum', COLLECTOR, '--store', store, '--json']).stdout);
    expect(json.assets.find((a: { asset: string }) => a.asset.startsWith('erc20:')).received).toBe('100000000000');
  });

  it('cluster show prints its totals with separators', () => {
    const text = runCli(['cluster', 'show', 'ethereum', COLLECTOR, '--store', store]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('received from outside: 100,000 USDT');
    expect(text.stdout).not.toMatch(UNGROUPED);
  });

  it('communities prints its flows with separators', () => {
    const text = runCli(['communities', '--store', store, '--top', '20']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/\d{1,3}(,\d{3})+(\.\d+)? USDT \((ethereum|tron)\)/);
    expect(text.stdout).not.toMatch(UNGROUPED);
  });
});
