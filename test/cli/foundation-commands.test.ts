// The foundation commands as a user runs them: import, stats, address; `--json` on stdout alone,
// errors on stderr with the documented exit codes, and the default store location.

import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evmAddress, txid } from '../support/addresses.js';
import { runCli } from '../support/cli.js';
import { sharedData } from '../support/fixtures.js';
import { tempDir } from '../support/stores.js';

const USDT = 'erc20:0xdAC17F958D2ee523a2206206994597C13D831ec7';
const BINANCE14 = '0x28C6c06298d514Db089934071355E5743bf21d60';

function writeTransfers(dir: string): string {
  const file = join(dir, 'transfers.jsonl');
  const collector = evmAddress('collector');
  const rows = [
    { id: `${txid('v1')}:3`, chain: 'ethereum', asset: USDT, txHash: txid('v1'), block: 19_000_000, txIndex: 1, index: 3, time: '2024-01-13T10:10:11Z', from: evmAddress('victim'), to: collector, amount: '2500000000' },
    { id: `${txid('c1')}:0`, chain: 'ethereum', asset: USDT, txHash: txid('c1'), block: 19_000_100, txIndex: 4, index: 0, time: '2024-01-13T10:30:11Z', from: collector, to: BINANCE14, amount: '2000000000' },
  ];
  writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n'));
  return file;
}

describe('ledgerhound import / stats / address', () => {
  it('imports files and prints machine-readable output on stdout only', () => {
    const dir = tempDir();
    const store = join(dir, 'case.db');
    const imported = runCli(['import', writeTransfers(dir), sharedData('graphsense-tagpacks/packs/exchange-wallets-binance.yaml'), '--store', store, '--json']);
    expect(imported.code).toBe(0);
    const out = JSON.parse(imported.stdout);
    expect(out.files.map((f: { kind: string; records: number }) => [f.kind, f.records])).toEqual([
      ['transfers', 2],
      ['tagpack', 61],
    ]);
    const stats = JSON.parse(runCli(['stats', '--store', store, '--json']).stdout);
    expect(stats).toMatchObject({ transfers: 2, tags: 61, sources: 2, chains: { ethereum: { transfers: 2, minBlock: 19_000_000, maxBlock: 19_000_100 } } });
  });

  it('summarises an address: tags, totals per asset in human units, counterparties', () => {
    const dir = tempDir();
    const store = join(dir, 'case.db');
    runCli(['import', writeTransfers(dir), sharedData('graphsense-tagpacks/packs/exchange-wallets-binance.yaml'), '--store', store, '--quiet']);
    const collector = evmAddress('collector');
    const json = JSON.parse(runCli(['address', 'ethereum', collector.toLowerCase(), '--store', store, '--json']).stdout);
    expect(json.address).toBe(collector);
    expect(json.assets).toEqual([{ asset: USDT, received: '2500000000', sent: '2000000000', balance: '500000000', transfersIn: 1, transfersOut: 1 }]);
    expect(json.counterparties.map((c: { address: string }) => c.address)).toEqual([evmAddress('victim'), BINANCE14]);
    const text = runCli(['address', 'ethereum', BINANCE14, '--store', store]);
    expect(text.stdout).toContain('binance reserve wallets');
    expect(text.stdout).toContain('received 2,000 USDT');
  });

  it('reports bad input on stderr with file:line:field and exit code 2, writing nothing', () => {
    const dir = tempDir();
    const store = join(dir, 'case.db');
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, '{"id":"x:1","chain":"ethereum","asset":"ETH","txHash":"x","block":1,"txIndex":0,"index":0,"from":"0xnothex","to":null,"amount":"1"}\n');
    const res = runCli(['import', bad, '--store', store]);
    expect(res.code).toBe(2);
    expect(res.stdout).toBe('');
    expect(res.stderr).toContain(`${bad}:1: from:`);
    const json = runCli(['import', bad, '--store', store, '--json']);
    expect(JSON.parse(json.stderr).error).toMatchObject({ code: 'INVALID_INPUT', details: { line: 1, field: 'from' } });
    expect(JSON.parse(runCli(['stats', '--store', store, '--json']).stdout).transfers).toBe(0);
  });

  it('exits 3 for a missing file and 2 for a usage error', () => {
    const dir = tempDir();
    expect(runCli(['import', join(dir, 'nope.jsonl'), '--store', join(dir, 'x.db')]).code).toBe(3);
    expect(runCli(['address', 'ethereum']).code).toBe(2);
    expect(runCli(['address', 'ethereum', '0x123', '--store', join(dir, 'x.db')]).code).toBe(2);
  });

  it('uses LEDGERHOUND_STORE, else ./.ledgerhound/case.db', () => {
    const dir = tempDir();
    const file = writeTransfers(dir);
    expect(runCli(['import', file, '--quiet'], { cwd: dir }).code).toBe(0);
    expect(existsSync(join(dir, '.ledgerhound', 'case.db'))).toBe(true);
    const envStore = join(dir, 'env.db');
    expect(runCli(['import', file, '--quiet'], { cwd: dir, env: { LEDGERHOUND_STORE: envStore } }).code).toBe(0);
    expect(existsSync(envStore)).toBe(true);
  });
});
