// Neo4j answers exactly as the embedded store (issue 5): the same writes applied to SQLite and to the
// real Neo4j server give the same summaries, the same INTEGRITY errors and byte-identical JSON from every
// read (random cases with fast-check, fixed seed), and the sample pig-butchering case traces to
// byte-identical JSON under every policy.

import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importFiles } from '../../adapters/files/import-files.js';
import { loadCaseFile } from '../../adapters/files/case-file.js';
import { toJson } from '../../cli/output.js';
import { isLedgerhoundError } from '../../src/errors.js';
import { POLICIES } from '../../src/model/case.js';
import type { GraphStore } from '../../src/ports.js';
import { traceCase } from '../../src/tracing/trace-case.js';
import { neo4jFactory, sqliteFactory } from '../support/stores.js';
import { accountCase, utxoCase } from '../tracing/generators.js';
import { buildFixture, importFixture } from '../tracing/support.js';
import { dumpStore, neo4jWanted } from './support/dump-store.js';
import { type Operation, operationsArb } from './support/random-records.js';

const SAMPLE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'samples', 'pig-butchering', 'case.yaml');

/** Applies `ops` in order; returns each outcome (summary or error code/message/details) as JSON. */
async function apply(store: GraphStore, ops: Operation[]): Promise<string[]> {
  const outcomes: string[] = [];
  for (const op of ops) {
    try {
      if (op.batch) outcomes.push(toJson(await store.importBatch(op.batch), 0));
      if (op.clustering) outcomes.push(toJson(await store.replaceClustering(op.clustering), 0) ?? 'ok');
      if (op.communities) outcomes.push(toJson(await store.replaceCommunities(op.communities), 0) ?? 'ok');
    } catch (e) {
      if (!isLedgerhoundError(e)) throw e;
      outcomes.push(toJson({ code: e.code, message: e.message, details: e.details }, 0));
    }
  }
  return outcomes;
}

describe.runIf(neo4jWanted())('Neo4j store gives the same answers as the SQLite store', () => {
  it('has a Neo4j server to test against', () => {
    expect(process.env.NEO4J_URL, 'NEO4J_URL: the neo4j test service did not start').toMatch(/^(neo4j|bolt)/);
  });

  it('random writes: same summaries, same errors, byte-identical reads', { timeout: 180_000 }, async () => {
    let conflicts = 0;
    await fc.assert(
      fc.asyncProperty(operationsArb, async (ops) => {
        const sqlite = await sqliteFactory.create();
        const neo = await neo4jFactory.create();
        try {
          const expected = await apply(sqlite, ops);
          const actual = await apply(neo, ops);
          expect(actual).toEqual(expected);
          conflicts += expected.filter((o) => o.includes('"INTEGRITY"')).length;
          expect(await dumpStore(neo)).toBe(await dumpStore(sqlite));
        } finally {
          await sqlite.close();
          await neo.close();
        }
      }),
      { seed: 20240913, numRuns: 12, endOnFailure: true },
    );
    // The generator must really exercise the conflict path.
    expect(conflicts).toBeGreaterThan(0);
  });

  it('random account and UTXO cases trace to byte-identical JSON (trace and flows) under every policy', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(accountCase, utxoCase), fc.constantFrom(...POLICIES), async (input, policy) => {
        const built = buildFixture(input, policy);
        const sqlite = await sqliteFactory.create();
        const neo = await neo4jFactory.create();
        try {
          await importFixture(sqlite, built);
          await importFixture(neo, built);
          const run = async (store: GraphStore) => {
            try {
              return toJson(await traceCase(store, built.kase, { policy }));
            } catch (e) {
              if (!isLedgerhoundError(e)) throw e;
              return toJson({ code: e.code, message: e.message });
            }
          };
          expect(await run(neo)).toBe(await run(sqlite));
        } finally {
          await sqlite.close();
          await neo.close();
        }
      }),
      { seed: 4242, numRuns: 25, endOnFailure: true },
    );
  });

  it('the sample pig-butchering case: same store contents and byte-identical traces for every policy', async () => {
    const { kase, sourcePaths } = await loadCaseFile(SAMPLE);
    const sqlite = await sqliteFactory.create();
    const neo = await neo4jFactory.create();
    try {
      const a = await importFiles(sqlite, sourcePaths);
      const b = await importFiles(neo, sourcePaths);
      expect(toJson(b.map((r) => r.summary))).toBe(toJson(a.map((r) => r.summary)));
      expect(a.reduce((n, r) => n + r.summary.transfers.added, 0)).toBeGreaterThan(40);
      expect(await dumpStore(neo, { withImportTimes: false })).toBe(await dumpStore(sqlite, { withImportTimes: false }));
      for (const policy of POLICIES) {
        const expected = toJson(await traceCase(sqlite, kase, { policy }));
        const actual = toJson(await traceCase(neo, kase, { policy }));
        expect(actual, policy).toBe(expected);
      }
      // Re-importing every file changes nothing on Neo4j either.
      const again = await importFiles(neo, sourcePaths);
      expect(again.every((r) => r.summary.transfers.added + r.summary.transactions.added + r.summary.tags.added === 0)).toBe(true);
      expect(await dumpStore(neo, { withImportTimes: false })).toBe(await dumpStore(sqlite, { withImportTimes: false }));
    } finally {
      await sqlite.close();
      await neo.close();
    }
  });
});
