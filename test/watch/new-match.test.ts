// `new-match` (issues 17 and 15): the watch compares the case with `--match-against` sources at every
// poll. A match already there when the watch first compared with a source is its baseline (no alert); a
// tag the other side adds later on a case address, and a case address the trace reaches later that the
// other side already tagged, each raise one `new-match` with a stable id, what matched and where, and
// the trace's transactions as evidence; later polls and a restart deliver nothing again. The other side
// here is a bare SQLite store (tags only) and a STIX bundle; a feed missing at the first poll is an error.
// A tag list imported into the case's own store that names a watched address raises `new-match` too.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LoadedCase } from '../../adapters/files/case-file.js';
import { type Alert, type AlertSink, type PollStatus, watchCase } from '../../app/watch-case.js';
import { openSqliteStore } from '../../graph/sqlite/sqlite-store.js';
import type { GraphStore } from '../../src/ports.js';
import { tempDir } from '../support/stores.js';
import { buildFixture } from '../tracing/support.js';

const fixture = buildFixture({
  transfers: [
    { id: 't1', block: 1, from: 'V1', to: 'A', amount: '100' },
    { id: 't2', block: 2, from: 'A', to: 'B', amount: '60' },
    { id: 't3', block: 3, from: 'B', to: 'C', amount: '30' },
  ],
  tags: { A: 'scam', B: 'scam', C: 'scam' },
  case: { victimPayments: [{ id: 'v1', transfer: 't1' }] },
});
const addr = (alias: string) => fixture.aliases.address(alias);
const tagOf = (alias: string) => ({ ...fixture.tags.find((t) => t.address === addr(alias))!, label: `partner: ${alias} collection wallet`, source: 'partner agency', tlp: 'amber' as const });

function loadedOf(): LoadedCase {
  return { path: '/cases/ours/case.yaml', dir: '/cases/ours', kase: { ...fixture.kase, name: 'ours' }, sourcePaths: [], bytes: Buffer.from('') };
}

async function poll(store: GraphStore, against: string[], got: Alert[]): Promise<PollStatus> {
  const sink: AlertSink = { name: 'memory', deliver: async (a) => void got.push(a) };
  let status: PollStatus | undefined;
  await watchCase(store, loadedOf(), { sources: [], sinks: [sink], transport: {}, confirmations: 1, everyMs: 100, once: true, matchAgainst: against, onPoll: (s) => (status = s), now: () => new Date('2026-02-01T09:00:00Z') });
  return status!;
}

describe('watch: new-match', () => {
  it('alerts once for a tag added later elsewhere and for an address reached later that is tagged elsewhere', async () => {
    const dir = tempDir('lh-watch-match-');
    const ours = openSqliteStore(join(dir, 'ours.db'));
    const otherPath = join(dir, 'partner.db');
    const other = openSqliteStore(otherPath);
    const got: Alert[] = [];
    try {
      await ours.importBatch({ source: { name: 'transfers', sha256: 'a'.repeat(64), kind: 'file' }, transfers: fixture.transfers.slice(0, 2) });
      await other.importBatch({ source: { name: 'partner A', sha256: '1'.repeat(64), kind: 'file' }, tags: [tagOf('A')] });

      // Poll 1: A is already tagged by the partner: the baseline, no alert.
      const first = await poll(ours, [otherPath], got);
      expect(first.matches).toEqual({ against: 1, hits: 1 });
      expect(got).toEqual([]);

      // The partner tags B (a holding of ours) and C (not in our case yet).
      await other.importBatch({ source: { name: 'partner B C', sha256: '2'.repeat(64), kind: 'file' }, tags: [tagOf('B'), tagOf('C')] });
      await poll(ours, [otherPath], got);
      expect(got.map((a) => a.id)).toEqual([`new-match:ethereum:${addr('B')}:store:${otherPath}`]);
      expect(got[0]).toMatchObject({
        kind: 'new-match',
        case: 'ours',
        chain: 'ethereum',
        address: addr('B'),
        amount: '60',
        entity: 'partner: B collection wallet',
        transactions: ['tx-t2'],
        match: { against: otherPath, kind: 'store', roles: ['tagged'], labels: ['partner: B collection wallet'], tlp: 'amber', ours: ['holding'] },
      });
      expect(got[0].note).toContain('TLP:AMBER');

      // Our trace reaches C (new data), which the partner tagged before.
      await ours.importBatch({ source: { name: 'more transfers', sha256: 'b'.repeat(64), kind: 'file' }, transfers: fixture.transfers.slice(2) });
      await poll(ours, [otherPath], got);
      expect(got.map((a) => a.address)).toEqual([addr('B'), addr('C')]);
      expect(got[1]).toMatchObject({ kind: 'new-match', amount: '30', transactions: ['tx-t3'] });

      // Nothing new: nothing again, after a restart too (each poll here is a new start).
      const last = await poll(ours, [otherPath], got);
      expect(got).toHaveLength(2);
      expect(last.matches).toEqual({ against: 1, hits: 3 });
    } finally {
      await ours.close();
      await other.close();
    }
  }, 60_000);

  it("a tag list imported into the case's own store while watching: new-match for the watched address it names, once", async () => {
    const dir = tempDir('lh-watch-match-own-');
    const ours = openSqliteStore(join(dir, 'ours.db'));
    const got: Alert[] = [];
    try {
      await ours.importBatch({ source: { name: 'transfers', sha256: 'a'.repeat(64), kind: 'file' }, transfers: fixture.transfers.slice(0, 2) });
      await ours.importBatch({ source: { name: 'old tags', sha256: '3'.repeat(64), kind: 'file' }, tags: [{ ...tagOf('A'), source: 'case notes', tlp: undefined }] });
      await poll(ours, [], got);
      expect(got).toEqual([]);
      // A sanctions list naming B (a holding) is imported beside the running watch.
      const listed = { ...tagOf('B'), label: 'SDN: test entity', category: 'sanctioned' as const, source: 'OFAC SDN list', tlp: 'clear' as const };
      await ours.importBatch({ source: { name: 'sdn.csv', sha256: '4'.repeat(64), kind: 'file' }, tags: [listed] });
      await poll(ours, [], got);
      expect(got.map((a) => a.id)).toEqual([`new-match:ethereum:${addr('B')}:tag:OFAC SDN list`]);
      expect(got[0]).toMatchObject({ kind: 'new-match', entity: 'SDN: test entity', transactions: ['tx-t2'], match: { kind: 'tag', against: 'OFAC SDN list', labels: ['SDN: test entity'], roles: ['sanctioned'], tlp: 'clear' } });
      await poll(ours, [], got);
      expect(got).toHaveLength(1);
    } finally {
      await ours.close();
    }
  }, 60_000);

  it('a feed file compared from the first poll: its existing matches are the baseline; a missing feed at the first poll is an error', async () => {
    const dir = tempDir('lh-watch-match-feed-');
    const ours = openSqliteStore(join(dir, 'ours.db'));
    const got: Alert[] = [];
    try {
      await ours.importBatch({ source: { name: 'transfers', sha256: 'a'.repeat(64), kind: 'file' }, transfers: fixture.transfers });
      await expect(poll(ours, [join(dir, 'missing.json')], got)).rejects.toMatchObject({ code: expect.stringMatching(/NOT_FOUND|INVALID_INPUT/) });
      const bundle = join(dir, 'empty-bundle.json');
      writeFileSync(bundle, JSON.stringify({ type: 'bundle', id: 'bundle--6b8f5d38-9a4e-4b6e-9a55-0a1f1c1d1e1f', objects: [] }));
      const status = await poll(ours, [bundle], got);
      expect(status.matches).toEqual({ against: 1, hits: 0 });
      expect(got).toEqual([]);
    } finally {
      await ours.close();
    }
  }, 60_000);
});
