// Crash safety of imports: an import process killed with SIGKILL in the middle of a file leaves the
// store with none of that file (one transaction per file), and a re-run completes it.

import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../graph/sqlite/sqlite-store.js';
import { evmAddress, txid } from '../support/addresses.js';
import { runCli, startCli } from '../support/cli.js';
import { tempDir } from '../support/stores.js';

const TOTAL = 200_000;

async function writeBigFile(file: string): Promise<void> {
  const out = createWriteStream(file);
  const from = evmAddress('from');
  for (let i = 0; i < TOTAL; i++) {
    const hash = i % 1000 === 0 ? txid(`big${i}`) : `0x${i.toString(16).padStart(64, '0')}`;
    const line = `{"id":"${hash}:${i}","chain":"ethereum","asset":"ETH","txHash":"${hash}","block":${1000 + i},"txIndex":0,"index":-1,"from":"${from}","to":"${evmAddress(`to${i % 500}`)}","amount":"${1_000_000 + i}"}\n`;
    if (!out.write(line)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve) => out.end(resolve));
}

async function transfersIn(dbPath: string): Promise<number> {
  const store = openSqliteStore(dbPath);
  const n = (await store.stats()).transfers;
  await store.close();
  return n;
}

describe('crash during import', () => {
  it('SIGKILL mid-file leaves none of the file; a re-run imports all of it exactly once', async () => {
    const dir = tempDir();
    const file = join(dir, 'big.jsonl');
    const db = join(dir, 'case.db');
    await writeBigFile(file);

    const child = startCli(['import', file, '--store', db], { env: { LEDGERHOUND_PROGRESS_MS: '50' } });
    let seen = 0;
    const killed = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      const counts = [...chunk.matchAll(/: ([\d,]+) records/g)].map((m) => Number(m[1].replace(/,/g, '')));
      seen = Math.max(seen, ...counts);
      if (seen >= 20_000 && seen < TOTAL) child.kill('SIGKILL');
    });
    const signal = await killed;
    expect(signal).toBe('SIGKILL');
    expect(seen).toBeGreaterThanOrEqual(20_000);
    expect(seen).toBeLessThan(TOTAL);
    expect(await transfersIn(db)).toBe(0);

    const rerun = runCli(['import', file, '--store', db, '--quiet']);
    expect(rerun.code).toBe(0);
    expect(await transfersIn(db)).toBe(TOTAL);
    const again = runCli(['import', file, '--store', db, '--quiet', '--json']);
    expect(JSON.parse(again.stdout).files[0].summary.transfers).toEqual({ added: 0, existing: TOTAL });
  }, 120_000);
});
