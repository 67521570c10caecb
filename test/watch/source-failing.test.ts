// `source-failing` (issue 17): a chain source that fails N polls in a row raises one alert (same id at
// every later poll while it keeps failing, so delivered once), and the polls go on with the trace of
// what the store holds. The node here is a closed port on loopback; the case is the sample case.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCaseFile } from '../../app/trace-case-file.js';
import { type Alert, type AlertSink, baselineKey, type PollStatus, watchCase } from '../../app/watch-case.js';
import { openSqliteStore } from '../../graph/sqlite/sqlite-store.js';
import { REPO_ROOT } from '../support/cli.js';
import { tempDir } from '../support/stores.js';

describe('watch: a failing source', () => {
  it('raises source-failing after 2 failed polls, delivered once, and keeps polling', async () => {
    const loaded = await readCaseFile(join(REPO_ROOT, 'samples', 'pig-butchering', 'case.yaml'));
    const store = await openSqliteStore(join(tempDir(), 'case.db'));
    const got: Alert[] = [];
    const sink: AlertSink = { name: 'memory', deliver: async (a) => void got.push(a) };
    const polls: PollStatus[] = [];
    const controller = new AbortController();
    try {
      // A baseline from an earlier start: the source is down from the first poll on.
      await store.importBatch({ source: { name: 'watch:test', sha256: 'b'.repeat(64), kind: 'adapter' }, checkpoint: { key: baselineKey(loaded.kase.name, 'ethereum'), value: '99999999' } });
      await watchCase(store, loaded, {
        sources: [{ family: 'evm', rpc: 'http://127.0.0.1:9/', chain: 'ethereum' }],
        sinks: [sink],
        transport: { maxAttempts: 1 },
        confirmations: 12,
        everyMs: 100,
        failingAfter: 2,
        signal: controller.signal,
        now: () => new Date('2026-02-01T09:00:00Z'),
        onPoll: (s) => {
          polls.push(s);
          if (polls.length === 4) controller.abort();
        },
      });
    } finally {
      await store.close();
    }
    expect(polls).toHaveLength(4);
    expect(polls.every((p) => p.sources[0].error !== undefined)).toBe(true);
    expect(polls.map((p) => p.delivered)).toEqual([0, 1, 0, 0]);
    expect(polls[0].watched).toBeGreaterThan(0);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ kind: 'source-failing', chain: 'ethereum', id: expect.stringMatching(/^source-failing:ethereum:/) });
    expect(got[0].note).toMatch(/^failed 2 polls in a row: /);
  }, 120_000);
});
