// Tracing on Neo4j reads per batch of addresses (issue 18, src/tracing/prefetch.ts): tags (with
// inheritTags also clusters, links and members' tags) and ledgers come from UNWIND reads per frontier or
// scan window, never one round trip per address reached, and the results stay byte-identical to the
// SQLite store's per-address path, with and without inheritTags, in merge and in scan mode.

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toJson } from '../../cli/output.js';
import { isLedgerhoundError } from '../../src/errors.js';
import { POLICIES } from '../../src/model/case.js';
import type { Tag } from '../../src/model/tag.js';
import type { AccountTransfer } from '../../src/model/transfer.js';
import type { Clustering, GraphStore } from '../../src/ports.js';
import { traceCase } from '../../src/tracing/trace-case.js';
import { evmAddress, txid } from '../support/addresses.js';
import { neo4jFactory, sqliteFactory } from '../support/stores.js';
import { accountCase, utxoCase } from '../tracing/generators.js';
import { type BuiltFixture, buildFixture, importFixture } from '../tracing/support.js';
import { countStatements } from './support/count-statements.js';
import { neo4jWanted } from './support/dump-store.js';

/** A clustering over the fixture's addresses: B, C and D one owner, D tagged scam (so C and B inherit it). */
function clusteringOf(built: BuiltFixture): Clustering {
  const [b, c, d] = ['B', 'C', 'D'].map((a) => built.aliases.address(a));
  const inferred: Tag = {
    chain: 'ethereum',
    address: c,
    label: 'Deposit of X',
    category: 'exchange',
    source: 'ledgerhound:deposit-address',
    confidence: 60,
    inferredFrom: { heuristic: 'deposit-address', evidence: ['t0'], via: built.aliases.address('X') },
  };
  return {
    links: [
      { chain: 'ethereum', a: b, b: c, heuristic: 'common-funder', confidence: 70, evidence: 't1' },
      { chain: 'ethereum', a: c, b: d, heuristic: 'deposit-address', confidence: 60, evidence: 't2' },
    ],
    assignments: [b, c, d].map((address) => ({ chain: 'ethereum', address, clusterId: 'k1' })),
    inferredTags: [inferred],
  };
}

async function traced(store: GraphStore, built: BuiltFixture, options: Parameters<typeof traceCase>[2]): Promise<string> {
  try {
    return toJson(await traceCase(store, built.kase, options));
  } catch (e) {
    if (!isLedgerhoundError(e)) throw e;
    return toJson({ code: e.code, message: e.message });
  }
}

describe.runIf(neo4jWanted())('tracing on Neo4j reads per batch, with results identical to SQLite', () => {
  it('random cases with a clustering: byte-identical under every policy, inheritTags on and off, merge and scan mode', async () => {
    await fc.assert(
      fc.asyncProperty(accountCase, fc.constantFrom(...POLICIES), fc.boolean(), async (input, policy, inheritTags) => {
        const built = buildFixture({ ...input, tags: { X: 'exchange', D: 'scam' } }, policy);
        const sqlite = await sqliteFactory.create();
        const neo = await neo4jFactory.create();
        try {
          for (const store of [sqlite, neo]) {
            await importFixture(store, built);
            await store.replaceClustering(clusteringOf(built));
          }
          // The per-address path (SQLite reads one address at a time) is the reference.
          const expected = await traced(sqlite, built, { policy, inheritTags, scanAfter: Number.POSITIVE_INFINITY });
          for (const scanAfter of [0, 1, Number.POSITIVE_INFINITY]) {
            expect(await traced(neo, built, { policy, inheritTags, scanAfter }), `scanAfter ${scanAfter}`).toBe(expected);
          }
        } finally {
          await sqlite.close();
          await neo.close();
        }
      }),
      { seed: 1818, numRuns: 12, endOnFailure: true },
    );
  }, 600_000);

  it('random UTXO cases: the tags of outputs read per transaction, results byte-identical under every policy', async () => {
    await fc.assert(
      fc.asyncProperty(utxoCase, fc.constantFrom(...POLICIES), async (input, policy) => {
        const built = buildFixture(input, policy);
        const sqlite = await sqliteFactory.create();
        const neo = await neo4jFactory.create();
        try {
          for (const store of [sqlite, neo]) await importFixture(store, built);
          expect(await traced(neo, built, { policy })).toBe(await traced(sqlite, built, { policy }));
        } finally {
          await sqlite.close();
          await neo.close();
        }
      }),
      { seed: 1819, numRuns: 10, endOnFailure: true },
    );
  }, 600_000);

  describe('a layered case of 1,500 transfers reaching 600 addresses', () => {
    const victim = evmAddress('victim');
    const layer = (k: number, n: number) => Array.from({ length: n }, (_, i) => evmAddress(`l${k}-${i}`));
    const layers = [layer(0, 10), layer(1, 90), layer(2, 500)];
    const transfers: AccountTransfer[] = [];
    const add = (from: string, to: string, block: number, amount: bigint) => {
      const n = transfers.length;
      transfers.push({ id: `${txid(`b${n}`)}:0`, chain: 'ethereum', asset: 'ETH', txHash: txid(`b${n}`), block, txIndex: n % 100, index: 0, from, to, amount });
    };
    for (const [i, to] of layers[0].entries()) add(victim, to, 1, 1000n + BigInt(i));
    for (let i = 0; i < 400; i++) add(layers[0][i % 10], layers[1][i % 90], 2 + Math.floor(i / 100), 20n);
    for (let i = 0; i < 1090; i++) add(layers[1][i % 90], layers[2][(i * 7) % 500], 10 + Math.floor(i / 100), 3n);
    const tags: Tag[] = layers[2]
      .filter((_, i) => i % 50 === 0)
      .map((address) => ({ chain: 'ethereum', address, label: 'Exchange', category: 'exchange', source: 'test', confidence: 90 }));
    const kase = {
      name: 'layers',
      sources: [],
      victimPayments: transfers.slice(0, 10).map((t, i) => ({ id: `v${i}`, chain: 'ethereum', transfer: t.id })),
      policy: 'haircut' as const,
      maxHops: 10,
      stopAt: ['exchange' as const],
      inheritTags: false,
    };
    let sqlite: GraphStore;
    let neo: GraphStore;
    beforeAll(async () => {
      sqlite = await sqliteFactory.create();
      neo = await neo4jFactory.create();
      for (const store of [sqlite, neo]) await store.importBatch({ source: { name: 'layers', sha256: txid('layers'), kind: 'file' }, transfers, tags });
    }, 300_000);
    afterAll(async () => {
      await sqlite?.close();
      await neo?.close();
    });

    for (const scanAfter of [undefined, 0, Number.POSITIVE_INFINITY]) {
      it(`scanAfter ${scanAfter ?? 'default'}: a few dozen statements, not one per address; same result as SQLite`, async () => {
        const expected = toJson(await traceCase(sqlite, kase, { scanAfter: Number.POSITIVE_INFINITY }));
        const probe = countStatements();
        let actual: string;
        try {
          actual = toJson(await traceCase(neo, kase, scanAfter === undefined ? {} : { scanAfter }));
        } finally {
          probe.restore();
        }
        expect(actual).toBe(expected);
        expect(JSON.parse(actual).result.holdings.length).toBeGreaterThan(400);
        const total = [...probe.counts.values()].reduce((a, b) => a + b, 0);
        // One read per victim, then a few per frontier or scan window: far below one per address (600).
        expect(total, JSON.stringify([...probe.counts])).toBeLessThan(60);
      }, 300_000);
    }
  });
});
