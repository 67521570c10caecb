// `ledgerhound import <export> [--format F] [--chain C] [--asset A] [--complete-from URL]` run as a user
// runs it: a Tronscan export of the sample's transactions is imported (text and --json), again with
// nothing added, and option and row errors exit 2 naming the option or file:line: field.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { tempDir } from '../support/stores.js';

const FIX = join(import.meta.dirname, '../fixtures/explorer-import');
const TRONSCAN = join(FIX, 'tronscan-trc20-TJQx.csv');
const TOKENS = join(FIX, 'etherscan-tokens-0x19a7.csv');

describe('ledgerhound import of explorer exports', () => {
  it('imports a Tronscan export, says positions are unknown, re-import adds nothing; errors exit 2', () => {
    const dir = tempDir();
    const db = join(dir, 'store.db');
    const first = runCli(['import', TRONSCAN, '--store', db, '--quiet']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('[explorer-export] 5 records; transfers: 5 added');
    expect(first.stdout).toContain('tronscan on tron: ids and positions 5 from the export alone; 5 of unknown position in their block');
    const again = runCli(['import', TRONSCAN, '--format', 'tronscan', '--store', db, '--quiet', '--json']);
    expect(again.code, again.stderr).toBe(0);
    const json = JSON.parse(again.stdout) as { files: { kind: string; summary: { transfers: { added: number; existing: number } }; explorer: { format: string } }[] };
    expect(json.files[0]).toMatchObject({ kind: 'explorer-export', summary: { transfers: { added: 0, existing: 5 } }, explorer: { format: 'tronscan' } });

    const badFormat = runCli(['import', TOKENS, '--format', 'bscscan', '--store', db, '--quiet']);
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toContain('--format');
    const wrong = runCli(['import', TOKENS, '--format', 'etherscan-txs', '--store', db, '--quiet']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain(`${TOKENS}:1: --format: the header is that of an export of layout etherscan-tokens`);
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, readFileSync(TRONSCAN, 'utf8').replace('"36,000"', '"36,000 USDT"'));
    const row = runCli(['import', bad, '--store', db, '--quiet']);
    expect(row.code).toBe(2);
    expect(row.stderr).toContain(`${bad}:2: Amount/TokenID:`);
  }, 300_000);
});
