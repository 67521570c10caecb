// The README's main command, run as a user runs it: `ledgerhound trace samples/pig-butchering/case.yaml`
// in a child process. With --json the trace result alone is on stdout and matches the hand-computed
// figures; running it again on the same store (sources re-imported) gives the same bytes; --policy
// overrides the case file's rule.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TraceResult } from '../../src/model/trace-result.js';
import { runCli } from '../support/cli.js';
import { tempDir } from '../support/stores.js';
import { expectConservation, expectRows, expectTotals, loadExpected, SAMPLE_CASE } from './expected-trace.js';

describe('ledgerhound trace samples/pig-butchering/case.yaml', () => {
  it('prints the fifo trace result as JSON on stdout, the same on a second run', () => {
    const store = join(tempDir(), 'case.db');
    const first = runCli(['trace', SAMPLE_CASE, '--store', store, '--json', '--quiet']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const result = JSON.parse(first.stdout) as TraceResult;
    const expected = loadExpected('fifo');
    expect(result.policy).toBe('fifo');
    expectRows('endpoint', result.endpoints, expected.endpoints);
    expectRows('holding', result.holdings, expected.holdings);
    expectRows('fee', result.fees, expected.fees);
    expectTotals(result, expected);
    expectConservation(result);

    const again = runCli(['trace', SAMPLE_CASE, '--store', store, '--json', '--quiet']);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(first.stdout);
  }, 180_000);

  it('--policy libr overrides the case file and notes the fifo fallback on Bitcoin', () => {
    const store = join(tempDir(), 'case.db');
    const res = runCli(['trace', SAMPLE_CASE, '--store', store, '--json', '--quiet', '--policy', 'libr']);
    expect(res.code).toBe(0);
    const result = JSON.parse(res.stdout) as TraceResult;
    const expected = loadExpected('libr');
    expect(result.policy).toBe('libr');
    expectRows('endpoint', result.endpoints, expected.endpoints);
    expectRows('holding', result.holdings, expected.holdings);
    expectTotals(result, expected);
    expect((result.notes ?? []).some((n) => n.includes('fifo') && n.includes('bitcoin'))).toBe(true);
  }, 120_000);
});
