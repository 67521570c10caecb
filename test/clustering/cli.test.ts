// The clustering commands as a user runs them: `cluster build`, `cluster show`, `cluster explain`
// (linked and not linked, chain given or inferred) and `communities`, with --json on stdout alone,
// and usage errors with exit code 2.

import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../graph/sqlite/sqlite-store.js';
import { runCli } from '../support/cli.js';
import { tempDir } from '../support/stores.js';
import { BINANCE, CUSTOMERS, caseData, DEPOSIT, loadCase, STRANGER } from './support/case-data.js';

const data = caseData();
let storePath = '';

beforeAll(async () => {
  storePath = join(tempDir('lh-cluster-cli-'), 'case.db');
  const store = openSqliteStore(storePath);
  await loadCase(await store, data);
  await (await store).close();
  const built = runCli(['cluster', 'build', '--store', storePath, '--json']);
  expect(built.stderr).toBe('');
  expect(built.code).toBe(0);
});

describe('ledgerhound cluster / communities', () => {
  it('build --json reports links, clusters, CoinJoins and deposit addresses', () => {
    const res = runCli(['cluster', 'build', '--store', storePath, '--json', '--report-merge', '4']);
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout);
    expect(out.heuristics).toEqual(['multi-input', 'deposit-address']);
    expect(out.linksByHeuristic['deposit-address']).toBe(2);
    expect(out.deposits).toHaveLength(1);
    expect(out.deposits[0]).toMatchObject({ address: DEPOSIT, label: 'Binance', via: BINANCE });
    const generated = [...data.world.mixes.values()].filter((k) => k !== 'whirlpool-tx0').length;
    expect(out.coinJoins.filter((c: { excluded: boolean }) => c.excluded)).toHaveLength(generated);
  });

  it('build prints a human summary, and refuses merges with --max-merge', () => {
    const res = runCli(['cluster', 'build', '--store', storePath, '--report-merge', '2', '--max-merge', '2', '--quiet']);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^heuristics: multi-input, deposit-address$/m);
    expect(res.stdout).toMatch(/^collapse guard: [1-9]\d* merge\(s\) refused/m);
    expect(res.stdout).toMatch(/^ {2}refused: bitcoin \S+ \(\d+\) \+ \S+ \(\d+\) by multi-input [0-9a-f]{64}$/m);
    // The Ethereum customer cluster (merges of 1+1 and 2+1 addresses) is untouched by --max-merge 2.
  });

  it('show lists members, tags and totals; the chain may be left out', () => {
    const json = JSON.parse(runCli(['cluster', 'show', 'ethereum', CUSTOMERS[0].toLowerCase(), '--store', storePath, '--json']).stdout);
    expect(json.members).toEqual([...CUSTOMERS].sort());
    expect(json.sent).toEqual({ [data.transfers[0].asset]: '1800000000' });
    const human = runCli(['cluster', 'show', DEPOSIT, '--store', storePath]);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('in no cluster');
    expect(human.stdout).toContain(`${DEPOSIT}  Binance (exchange, 70, inferred by deposit-address)`);
    expect(human.stdout).toContain('received from outside: 1,800 USDT');
  });

  it('explain prints every step with its heuristic and transaction, or "not linked"', () => {
    const linked = runCli(['cluster', 'explain', 'ethereum', CUSTOMERS[1], CUSTOMERS[2], '--store', storePath]);
    expect(linked.code).toBe(0);
    expect(linked.stdout).toContain('linked in 2 step(s), weakest confidence 70');
    expect(linked.stdout).toContain(`deposit-address (70) ${data.transfers[1].id}`);
    expect(linked.stdout).toContain(`deposit-address (70) ${data.transfers[2].id}`);
    const json = JSON.parse(runCli(['cluster', 'explain', CUSTOMERS[1], CUSTOMERS[2], '--store', storePath, '--json']).stdout);
    expect(json.steps.map((s: { from: string; to: string }) => [s.from, s.to])).toEqual([
      [CUSTOMERS[1], CUSTOMERS[0]],
      [CUSTOMERS[0], CUSTOMERS[2]],
    ]);
    const not = runCli(['cluster', 'explain', 'ethereum', CUSTOMERS[0], STRANGER, '--store', storePath]);
    expect(not.code).toBe(0);
    expect(not.stdout.trim()).toBe(`ethereum ${CUSTOMERS[0]} and ${STRANGER}: not linked`);
  });

  it('rejects unknown heuristics, bad chains or addresses and bad numbers with exit code 2', () => {
    const bad = runCli(['cluster', 'build', '--store', storePath, '--heuristics', 'multi-input,magic', '--json']);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(JSON.parse(bad.stderr).error).toMatchObject({ code: 'INVALID_INPUT', details: { field: 'heuristics', value: 'magic' } });
    expect(runCli(['cluster', 'show', 'bitcoin', DEPOSIT, '--store', storePath]).code).toBe(2);
    expect(runCli(['cluster', 'show', 'Not-A-Chain', DEPOSIT, '--store', storePath]).code).toBe(2);
    expect(runCli(['cluster', 'build', '--store', storePath, '--max-merge', '-1']).code).toBe(2);
    expect(runCli(['communities', '--store', storePath, '--seed', 'x']).code).toBe(2);
  });

  it('communities: same seed, same answer; stored per address', () => {
    const a = runCli(['communities', '--store', storePath, '--seed', '3', '--json']);
    const b = runCli(['communities', '--store', storePath, '--seed', '3', '--json']);
    expect(a.code).toBe(0);
    expect(b.stdout).toBe(a.stdout);
    const out = JSON.parse(a.stdout);
    expect(out.count).toBeGreaterThan(1);
    expect(out.communities.flatMap((c: { taggedMembers: { label: string }[] }) => c.taggedMembers.map((t) => t.label))).toContain('Binance');
    const human = runCli(['communities', '--store', storePath, '--top', '2']);
    expect(human.stdout).toMatch(/^communities: \d+ over \d+ addresses and \d+ edges \(modularity 0\.\d{4}, resolution 1, seed 42\)$/m);
    expect(human.stdout).toMatch(/^#0: \d+ addresses; internal /m);
  });
});
