// The account walk's switch to one chain scan by cost on Neo4j (issue 18, src/tracing/account-walk.ts):
// the store counts a chain's visible transfers up to a bound (graph/neo4j/count-transfers.ts), and the
// walk prices its ledger reads in round trips, so it scans as soon as the scan costs less than the ledger
// reads so far and expected, long before the 200-address rule. The JSON stays byte-identical to SQLite's.

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchCase, generateTraceCase } from '../../bench/trace-generate.js';
import { toJson } from '../../cli/output.js';
import { openSqliteStore, type SqliteStore } from '../../graph/sqlite/sqlite-store.js';
import type { Tag } from '../../src/model/tag.js';
import type { AccountTransfer } from '../../src/model/transfer.js';
import type { GraphStore } from '../../src/ports.js';
import { traceCase } from '../../src/tracing/trace-case.js';
import { neo4jFactory, tempDir } from '../support/stores.js';
import { watchScan } from '../support/watch-scan.js';
import { countStatements } from './support/count-statements.js';
import { neo4jWanted } from './support/dump-store.js';

describe.runIf(neo4jWanted())('Neo4j: ledgers give way to a chain scan by cost', () => {
  const n = 12_000;
  let sqlite: SqliteStore;
  let neo: GraphStore;
  beforeAll(async () => {
    const path = join(tempDir(), 'switch.db');
    await generateTraceCase(n, path, 'layered');
    sqlite = openSqliteStore(path, { readonly: true });
    const transfers: AccountTransfer[] = [];
    for await (const t of sqlite.transfers()) transfers.push(t);
    const tags: Tag[] = [];
    for await (const t of sqlite.tags()) tags.push(t);
    neo = await neo4jFactory.create();
    await neo.importBatch({ source: { name: 'switch', sha256: 'f'.repeat(64), kind: 'file' }, transfers, tags });
  }, 300_000);
  afterAll(async () => {
    await sqlite?.close();
    await neo?.close();
  });

  it('countTransfers is bounded and counts what SQLite counts', async () => {
    for (const [chain, atMost] of [
      ['ethereum', 10],
      ['ethereum', n],
      ['ethereum', 10 ** 9],
      ['bitcoin', 10],
    ] as const) {
      expect(await neo.countTransfers!(chain, atMost), `${chain} ${atMost}`).toBe(await sqlite.countTransfers(chain, atMost));
    }
    expect(await neo.countTransfers!('ethereum', 0)).toBe(0);
  }, 60_000);

  it('switches by cost (no address limit), in few statements, with the JSON of SQLite in ledger mode', async () => {
    const kase = benchCase('fifo', 'layered', n);
    const expected = toJson((await traceCase(sqlite, kase, { flows: false, scanAfter: Number.POSITIVE_INFINITY })).result);
    const probe = countStatements();
    const byCost = watchScan(neo);
    let actual: string;
    try {
      // An address limit no walk reaches: only the cost can make the walk scan.
      actual = toJson((await traceCase(byCost.store, kase, { flows: false, scanAfter: 1_000_000 })).result);
    } finally {
      probe.restore();
    }
    expect(byCost.scanned(), 'the walk switched to a scan by cost').toBe(true);
    expect(probe.counts.get('counting transfers'), JSON.stringify([...probe.counts])).toBe(1);
    expect(probe.counts.get('reading ledgers') ?? 0, JSON.stringify([...probe.counts])).toBeLessThan(10);
    expect(actual).toBe(expected);

    const ledgers = watchScan(neo);
    expect(toJson((await traceCase(ledgers.store, kase, { flows: false, scanAfter: Number.POSITIVE_INFINITY })).result)).toBe(expected);
    expect(ledgers.scanned(), 'scanAfter Infinity: ledgers only').toBe(false);
  }, 300_000);
});
