// Whole-chain reads of the Neo4j store that a large trace makes once (issue 18): the tags of a chain in
// one read (tagsOfChain, used by the tag resolver instead of one UNWIND per scan window) and the
// chain-order scan with the watermark passed in (graph/neo4j/chain-scan.ts). Each gives exactly what the
// per-address reads and the SQLite store give, with and without inheritTags.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toJson } from '../../cli/output.js';
import type { Tag } from '../../src/model/tag.js';
import type { AccountTransfer } from '../../src/model/transfer.js';
import type { GraphStore } from '../../src/ports.js';
import { traceCase } from '../../src/tracing/trace-case.js';
import { evmAddress, txid } from '../support/addresses.js';
import { neo4jFactory, sqliteFactory } from '../support/stores.js';
import { countStatements } from './support/count-statements.js';
import { neo4jWanted } from './support/dump-store.js';

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of items) out.push(x);
  return out;
}

describe.runIf(neo4jWanted())('whole-chain reads on Neo4j, as a large trace makes them', () => {
  // A victim pays 8 mules; each pays 30 addresses of 240, a fifth of them paying on; one in 20 tagged.
  const victim = evmAddress('victim');
  const mules = Array.from({ length: 8 }, (_, i) => evmAddress(`mule-${i}`));
  const outer = Array.from({ length: 240 }, (_, i) => evmAddress(`outer-${i}`));
  const transfers: AccountTransfer[] = [];
  const add = (from: string, to: string | null, block: number, amount: bigint, extra?: Record<string, unknown>) => {
    const n = transfers.length;
    const t: AccountTransfer = { id: `${txid(`c${n}`)}:0`, chain: 'ethereum', asset: 'ETH', txHash: txid(`c${n}`), block, txIndex: n % 7, index: 0, from, to, amount };
    if (n % 3 === 0) t.time = new Date(Date.UTC(2026, 0, 1) + block * 12_000).toISOString();
    if (extra) t.extra = extra;
    transfers.push(t);
  };
  for (const [i, m] of mules.entries()) add(victim, m, 1, 10n ** 18n + BigInt(i));
  for (let i = 0; i < 240; i++) add(mules[i % 8], outer[i], 2 + (i % 5), 3n * 10n ** 16n, i % 11 === 0 ? { note: 'x' } : undefined);
  for (let i = 0; i < 240; i += 5) add(outer[i], outer[(i + 7) % 240], 9, 10n ** 15n);
  add(mules[0], null, 9, 21_000n);
  const tags: Tag[] = outer
    .filter((_, i) => i % 20 === 3)
    .map((address) => ({ chain: 'ethereum', address, label: 'Exchange', category: 'exchange', source: 'test', confidence: 90 }));
  // With inheritTags: mule-1 and an outer address share a cluster with a tagged one.
  const clustering = {
    links: [{ chain: 'ethereum', a: mules[1], b: outer[3], heuristic: 'common-funder', confidence: 70, evidence: transfers[9].id }],
    assignments: [mules[1], outer[3]].map((address) => ({ chain: 'ethereum', address, clusterId: 'k1' })),
    inferredTags: [],
  };
  const kase = {
    name: 'chain-reads',
    sources: [],
    victimPayments: transfers.slice(0, 8).map((t, i) => ({ id: `v${i}`, chain: 'ethereum', transfer: t.id })),
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
    for (const store of [sqlite, neo]) {
      await store.importBatch({ source: { name: 'chain-reads', sha256: txid('chain-reads'), kind: 'file' }, transfers, tags });
      await store.replaceClustering(clustering);
    }
  }, 300_000);
  afterAll(async () => {
    await sqlite?.close();
    await neo?.close();
  });

  it('tagsOfChain: every address as tagsOf gives it; undefined beyond the limit', async () => {
    const all = await neo.tagsOfChain?.('ethereum', 1_000);
    expect(all).toBeDefined();
    for (const address of [...outer, ...mules]) expect(all?.get(address) ?? [], address).toEqual(await neo.tagsOf('ethereum', address));
    expect(await neo.tagsOfChain?.('ethereum', tags.length - 1)).toBeUndefined();
    expect((await neo.tagsOfChain?.('bitcoin', 10))?.size).toBe(0);
  }, 120_000);

  it('the chain scan: the same transfers in the same order as SQLite', async () => {
    expect(toJson(await collect(neo.transfers({ chain: 'ethereum' })))).toBe(toJson(await collect(sqlite.transfers({ chain: 'ethereum' }))));
    expect(await collect(neo.transfers({ chain: 'bitcoin' }))).toEqual([]);
  }, 120_000);

  for (const inheritTags of [false, true]) {
    for (const policy of ['fifo', 'haircut'] as const) {
      it(`${policy}, inheritTags ${inheritTags}, scanning from the start: byte-identical to SQLite, the chain's tags read once`, async () => {
        const expected = toJson(await traceCase(sqlite, kase, { policy, inheritTags, scanAfter: Number.POSITIVE_INFINITY }));
        const probe = countStatements();
        let actual: string;
        try {
          actual = toJson(await traceCase(neo, kase, { policy, inheritTags, scanAfter: 0 }));
        } finally {
          probe.restore();
        }
        expect(actual).toBe(expected);
        const counts = Object.fromEntries(probe.counts);
        expect(counts['reading tags'], JSON.stringify(counts)).toBe(1);
        expect(counts['reading transfers'], JSON.stringify(counts)).toBe(1);
        expect(counts['reading ledgers'] ?? 0, JSON.stringify(counts)).toBe(0);
      }, 300_000);
    }
  }
});
