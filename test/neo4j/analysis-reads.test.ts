// The Neo4j reads of `cluster build` and `communities` (issue 18) answer as what they replace, on random
// cases (fast-check, fixed seed) written to SQLite and to the real Neo4j server: `chainNames` (a loose
// index scan) lists the chains of `stats()`, and not a chain whose only records a staged import has not
// made visible; `streamAccountFlows` gives the flow entries SQLite's `accountFlows` gives (every asset,
// the asset and chain filters, amounts past 27 digits, self-transfers, zeros and burns left out);
// `sendersTo` / `transfersOfMany` give the senders and the transfers (chain order) read from the whole chain.

import fc from 'fast-check';
import neo4j from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import { toJson } from '../../cli/output.js';
import type { Neo4jStore } from '../../graph/neo4j/neo4j-store.js';
import { type FlowGraphOptions, readStoreFlowEdges } from '../../graph/views/flow-graph.js';
import { isLedgerhoundError } from '../../src/errors.js';
import type { AccountTransfer } from '../../src/model/transfer.js';
import type { GraphStore } from '../../src/ports.js';
import { evmAddress } from '../support/addresses.js';
import { neo4jFactory, sqliteFactory } from '../support/stores.js';
import { neo4jWanted } from './support/dump-store.js';
import { type Operation, operationsArb } from './support/random-records.js';

async function apply(store: GraphStore, ops: Operation[]): Promise<void> {
  for (const op of ops) {
    try {
      if (op.batch) await store.importBatch(op.batch);
    } catch (e) {
      if (!isLedgerhoundError(e)) throw e;
    }
  }
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of items) out.push(x);
  return out;
}

/** The flow entries as JSON (amounts as text): what Louvain is given. */
async function flows(store: GraphStore, options: FlowGraphOptions): Promise<string> {
  const f = await readStoreFlowEdges(store, options);
  return toJson({ ...f, amount: f.amount.map(String), weight: [...f.weight], source: [...f.source], target: [...f.target], assetOf: [...f.assetOf], transfers: [...f.transfers] }, 0) as string;
}

describe.runIf(neo4jWanted())('Neo4j reads of cluster build and communities', () => {
  it('chainNames, streamAccountFlows, sendersTo and transfersOfMany answer as the reads they replace', { timeout: 300_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(operationsArb, fc.boolean(), async (ops, big) => {
        const sqlite = await sqliteFactory.create();
        const neo = (await neo4jFactory.create()) as Neo4jStore;
        try {
          if (big) {
            // Amounts past 27 digits, a self-transfer and a zero on one pair of addresses.
            const first = ops.find((o) => o.batch?.transfers?.length)?.batch?.transfers as AccountTransfer[] | undefined;
            if (first) {
              first[0].amount = 10n ** 40n + 7n;
              if (first.length > 1) first[1].to = first[1].from;
              if (first.length > 2) first[2].amount = 0n;
            }
          }
          await apply(sqlite, ops);
          await apply(neo, ops);
          const stats = await sqlite.stats();
          expect(await neo.chainNames()).toEqual(Object.keys(stats.chains));
          for (const options of [{}, { chains: ['tron'] }, { asset: 'ETH', chains: ['ethereum', 'bitcoin'] }]) {
            expect(await flows(neo, options), JSON.stringify(options)).toBe(await flows(sqlite, options));
          }
          for (const chain of ['ethereum', 'tron']) {
            const all = await collect(sqlite.transfers({ chain }));
            const to = [...new Set(all.filter((t) => t.to !== null).map((t) => t.to as string))].slice(0, 2);
            const senders = [...new Set(all.filter((t) => t.to !== null && to.includes(t.to)).map((t) => t.from))].sort();
            expect(await neo.sendersTo(chain, to)).toEqual(senders);
            const some = [...new Set(all.map((t) => t.from))].slice(0, 2);
            const touching = all.filter((t) => some.includes(t.from) || (t.to !== null && some.includes(t.to)));
            expect(toJson(await collect(neo.transfersOfMany(chain, some)), 0)).toBe(toJson(touching, 0));
          }
        } finally {
          await sqlite.close();
          await neo.close();
        }
      }),
      { numRuns: 4, seed: 18 },
    );
  });

  it('chainNames leaves out a chain whose records a staged import has not made visible yet', { timeout: 60_000 }, async () => {
    const neo = (await neo4jFactory.create()) as Neo4jStore;
    const url = new URL(process.env.NEO4J_URL as string);
    const driver = neo4j.driver(`${url.protocol}//${url.host}`, neo4j.auth.basic(process.env.NEO4J_USER ?? 'neo4j', process.env.NEO4J_PASSWORD ?? ''));
    try {
      await neo.importBatch({
        source: { name: 'a.jsonl', sha256: 'a'.repeat(64), kind: 'file' },
        transfers: [{ id: 'x:1', chain: 'ethereum', asset: 'ETH', txHash: 'x', block: 1, txIndex: 0, index: 0, from: evmAddress('a'), to: evmAddress('b'), amount: 5n }],
      });
      expect(await neo.chainNames()).toEqual(['ethereum']);
      // A record of an unfinished staged import: `imp` at or past the namespace's watermark.
      await driver.executeQuery(
        `MERGE (a:Address {ns: $ns, chain: 'tron', address: 'T1'}) MERGE (b:Address {ns: $ns, chain: 'tron', address: 'T2'})
         CREATE (a)-[:TRANSFER {ns: $ns, chain: 'tron', id: 'y:1', asset: 'TRX', txHash: 'y', block: 1, txIndex: 0, index: 0, amount: '9', source: 0, imp: 1000}]->(b)`,
        { ns: neo.namespace },
      );
      expect(await neo.chainNames()).toEqual(['ethereum']);
      expect(Object.keys((await neo.stats()).chains)).toEqual(['ethereum']);
    } finally {
      await driver.close();
      await neo.close();
    }
  });
});
