// `ledgerhound trace` as a user runs it (a child process): imports the case's sources (idempotently),
// prints the trace result of FORMATS.md under --json (the same as traceCase), a readable summary
// otherwise, the paths with --explain, and fails with the documented exit codes.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../graph/sqlite/sqlite-store.js';
import { tagToJson } from '../../src/model/tag.js';
import { transferToJson } from '../../src/model/transfer.js';
import { traceCase } from '../../src/tracing/trace-case.js';
import { runCli } from '../support/cli.js';
import { tempDir } from '../support/stores.js';
import { type BuiltFixture, buildFixture, importFixture } from './support.js';

const USDT = 'erc20:0xdAC17F958D2ee523a2206206994597C13D831ec7';

describe('ledgerhound trace', () => {
  let dir: string;
  let built: BuiltFixture;
  const caseFile = () => join(dir, 'case.yaml');
  const store = () => join(dir, 'store', 'case.db');

  beforeAll(() => {
    dir = tempDir('lh-trace-cli-');
    built = buildFixture(
      {
        asset: USDT,
        transfers: [
          { id: 'c1', block: 1, from: 'C', to: 'A', amount: '100000000' },
          { id: 'p1', block: 2, from: 'V', to: 'A', amount: '50000000' },
          { id: 'x1', block: 3, from: 'A', to: 'X', amount: '120000000' },
          { id: 'y1', block: 4, from: 'A', to: 'Y', amount: '30000000' },
        ],
        tags: { X: 'exchange' },
        case: { victimPayments: [{ id: 'v1', transfer: 'p1' }] },
      },
      'fifo',
    );
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'transfers.jsonl'), `${built.transfers.map((t) => JSON.stringify(transferToJson(t))).join('\n')}\n`);
    writeFileSync(join(dir, 'tags.jsonl'), `${built.tags.map((t) => JSON.stringify(tagToJson(t))).join('\n')}\n`);
    writeFileSync(
      caseFile(),
      ['name: CLI case', 'sources: [transfers.jsonl, tags.jsonl]', 'victimPayments:', '  - id: v1', '    chain: ethereum', '    transfer: p1', 'policy: fifo', ''].join('\n'),
    );
  });

  it('--json prints exactly the trace result of traceCase, and a re-run (re-import) prints the same bytes', async () => {
    const first = runCli(['trace', caseFile(), '--store', store(), '--json', '--quiet']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const again = runCli(['trace', caseFile(), '--store', store(), '--json', '--quiet']);
    expect(again.stdout).toBe(first.stdout);
    const mem = openSqliteStore(':memory:');
    await importFixture(mem, built);
    const { result } = await traceCase(mem, { ...built.kase, name: 'CLI case' });
    await mem.close();
    expect(JSON.parse(first.stdout)).toEqual(result);
    expect(result.endpoints.map((e) => [e.amount, e.bySource])).toEqual([['20000000', { v1: '20000000' }]]);
  });

  it('prints a readable summary in USDT with the totals', () => {
    const res = runCli(['trace', caseFile(), '--store', store(), '--quiet', '--policy', 'haircut']);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('Policy: haircut');
    expect(res.stdout).toContain(`X [exchange]  ethereum ${built.aliases.address('X')}`);
    expect(res.stdout).toContain('    40 USDT in 1 transfer(s), fewest hops 2');
    expect(res.stdout).toContain('ethereum USDT: sources 50 USDT = endpoints 40 USDT + holdings 10 USDT + fees 0 USDT + dropped 0 USDT');
  });

  it('--top caps the holdings listed and sums the rest; an --until before every victim payment is a warning', () => {
    const capped = runCli(['trace', caseFile(), '--store', store(), '--quiet', '--no-import', '--top', '0']);
    expect(capped.code).toBe(0);
    expect(capped.stdout).toContain('Holdings (1):\n  ... 1 more ethereum USDT holding(s): 30 USDT (--top)\n');
    // The fixture's victim payment is at block 2: 2024-01-01T00:02:00Z.
    const early = runCli(['trace', caseFile(), '--store', store(), '--quiet', '--no-import', '--until', '2023-12-31T00:00:00Z']);
    expect(early.code).toBe(0);
    expect(early.stdout).toContain('Warning: --until 2023-12-31T00:00:00Z is earlier than every victim payment (the first is at 2024-01-01T00:02:00Z)');
    expect(early.stdout).toContain('[until]');
    const json = runCli(['trace', caseFile(), '--store', store(), '--quiet', '--no-import', '--json', '--until', '2023-12-31T00:00:00Z']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).holdings.map((h: { reason: string }) => h.reason)).toEqual(['until']);
    expect(json.stderr).toContain('ledgerhound: warning: --until 2023-12-31T00:00:00Z is earlier than every victim payment');
  });

  it('--explain prints the path into an endpoint; with --json a machine-readable explanation', () => {
    const x = built.aliases.address('X');
    const text = runCli(['trace', caseFile(), '--store', store(), '--quiet', '--no-import', '--explain', x]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('path 1 from v1:');
    expect(text.stdout).toMatch(/hop 2 {2}x1 .* -> 0x[0-9a-fA-F]{40} {2}20 USDT/);
    const json = runCli(['trace', caseFile(), '--store', store(), '--quiet', '--no-import', '--json', '--explain', x.toLowerCase()]);
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout);
    expect(parsed.paths.map((p: { source: string; hops: { ref: string; amount: string }[] }) => [p.source, p.hops.map((h) => `${h.ref}=${h.amount}`)])).toEqual([
      ['v1', ['p1=50000000', 'x1=20000000']],
    ]);
  });

  it('fails with the documented exit codes and a JSON error on stderr under --json', () => {
    const bad = runCli(['trace', caseFile(), '--store', store(), '--json', '--policy', 'fofo']);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(JSON.parse(bad.stderr).error).toMatchObject({ code: 'INVALID_INPUT', details: { field: '--policy' } });
    expect(runCli(['trace', caseFile(), '--store', store(), '--max-hops', '0']).code).toBe(2);
    expect(runCli(['trace', caseFile(), '--store', store(), '--stop-at', 'exchange,casino']).code).toBe(2);
    const empty = runCli(['trace', caseFile(), '--store', join(dir, 'empty', 'case.db'), '--no-import', '--quiet']);
    expect(empty.code).toBe(3);
    expect(empty.stderr).toContain('NOT_FOUND');
    const nowhere = runCli(['trace', caseFile(), '--store', store(), '--quiet', '--explain', built.aliases.address('D')]);
    expect(nowhere.code).toBe(2);
  });
});
