// The GraphStore contract (src/ports.ts), one suite run against every implementation:
// `graphStoreSpec(factory)` for SQLite and Neo4j alike (graphology's spec-factory style).

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isLedgerhoundError } from '../../src/errors.js';
import type { Conversion } from '../../src/model/conversion.js';
import { compareNotes, createNote } from '../../src/model/note.js';
import type { Tag } from '../../src/model/tag.js';
import type { AccountTransfer } from '../../src/model/transfer.js';
import type { UtxoTransaction } from '../../src/model/utxo.js';
import type { GraphStore, ImportSource } from '../../src/ports.js';
import { btcAddress, evmAddress, tronAddress, txid } from '../support/addresses.js';
import type { StoreFactory } from '../support/stores.js';

const USDT = 'erc20:0xdAC17F958D2ee523a2206206994597C13D831ec7';
const A = evmAddress('a');
const B = evmAddress('b');
const C = evmAddress('c');

function source(name: string): ImportSource {
  return { name, sha256: txid(name), kind: 'file' };
}

function transfer(n: number, over: Partial<AccountTransfer> = {}): AccountTransfer {
  return {
    id: `${txid(`t${n}`)}:${n}`,
    chain: 'ethereum',
    asset: USDT,
    txHash: txid(`t${n}`),
    block: 100 + n,
    txIndex: 0,
    index: n,
    from: A,
    to: B,
    amount: 1000n + BigInt(n),
    ...over,
  };
}

function coinbase(label: string, to: string, value: bigint, block: number): UtxoTransaction {
  return { chain: 'bitcoin', txid: txid(label), block, txIndex: 0, inputs: [{ address: null, value: 0n, coinbase: true }], outputs: [{ n: 0, address: to, value }] };
}

function spend(label: string, prev: string, vout: number, from: string, value: bigint, outs: [string | null, bigint][], block: number): UtxoTransaction {
  return {
    chain: 'bitcoin',
    txid: txid(label),
    block,
    txIndex: 1,
    inputs: [{ prevTxid: txid(prev), prevVout: vout, address: from, value }],
    outputs: outs.map(([address, v], n) => ({ n, address, value: v })),
  };
}

const WETH = 'erc20:0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2';
const TRON_USDT = 'trc20:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t';

/** A swap of transfer(n) (USDT in) for transfer(n + 1) (WETH out), with fields to round-trip. */
function swap(n: number, over: Partial<Conversion> = {}): Conversion {
  return {
    id: `ethereum:${txid(`t${n}`)}:swap:0`,
    kind: 'swap',
    venue: 'Uniswap V2 USDT/WETH',
    in: { chain: 'ethereum', address: A, asset: USDT, amount: 1000n + BigInt(n), refs: [transfer(n).id] },
    out: { chain: 'ethereum', address: A, asset: WETH, amount: 10n ** 30n, refs: [transfer(n + 1).id], extra: { legNote: 'kept' } },
    confidence: 100,
    method: 'logs: Transfer, Swap (V2)',
    evidence: [txid(`t${n}`)],
    ...over,
  };
}

/** Conversions of every shape: a bridge from TRON, a UTXO swap service, an ambiguous one (no out). */
function conversionsOfEveryShape(): Conversion[] {
  const bridge: Conversion = {
    id: 'bridge:tron->ethereum:1',
    kind: 'bridge',
    venue: 'Example bridge',
    in: { chain: 'tron', address: tronAddress('a'), asset: TRON_USDT, amount: 5n, refs: [`${txid('tr1')}:0`, `${txid('tr2')}:0`] },
    out: { chain: 'ethereum', address: B, asset: USDT, amount: 4n, refs: [transfer(9).id] },
    confidence: 100,
    method: 'link key',
    evidence: [txid('tr1'), txid('tr2'), txid('t9')],
    note: "O'Brien\"; MATCH (n) DETACH DELETE n //",
    extra: { detector: { name: 'x', version: 2 } },
  };
  const service: Conversion = {
    id: 'service:btc->eth:7',
    kind: 'service',
    venue: 'Instant exchange',
    in: { chain: 'bitcoin', address: btcAddress('alice'), asset: 'BTC', amount: 70_000n, refs: [`${txid('pay')}:1`] },
    out: { chain: 'ethereum', address: C, asset: 'ETH', amount: 123n, refs: [transfer(8).id] },
    confidence: 80,
    method: 'amount and time',
    evidence: [],
  };
  const ambiguous: Conversion = {
    id: 'ambiguous:3',
    kind: 'ambiguous',
    venue: 'Router',
    in: { chain: 'ethereum', address: A, asset: USDT, amount: 1003n, refs: [transfer(3).id] },
    confidence: 100,
    method: 'logs',
    evidence: [txid('t3')],
  };
  return [bridge, service, ambiguous];
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

export function graphStoreSpec(factory: StoreFactory): void {
  describe(`GraphStore contract: ${factory.name}`, () => {
    let store: GraphStore;
    beforeEach(async () => {
      store = await factory.create();
    });
    afterEach(async () => {
      await store.close();
    });

    it('round-trips a transfer exactly, with huge amounts, null `to`, missing time and unknown fields', async () => {
      const huge = transfer(1, { amount: 123456789012345678901234567890n, time: '2024-01-13T10:10:11Z', extra: { note: 'kept', nested: { a: 1 } } });
      const fee = transfer(2, { to: null, asset: 'ETH', id: `${txid('t2')}:fee`, index: -1 });
      await store.importBatch({ source: source('f1'), transfers: [huge, fee] });
      expect(await store.getTransfer('ethereum', huge.id)).toEqual(huge);
      expect(await store.getTransfer('ethereum', fee.id)).toEqual(fee);
      expect(await store.getTransfer('ethereum', 'missing')).toBeUndefined();
    });

    it('re-importing the same records changes nothing', async () => {
      const batch = { source: source('f1'), transfers: [transfer(1), transfer(2)] };
      const first = await store.importBatch(batch);
      const before = await store.stats();
      const second = await store.importBatch(batch);
      expect(first.transfers).toEqual({ added: 2, existing: 0 });
      expect(second.transfers).toEqual({ added: 0, existing: 2 });
      expect(await store.stats()).toEqual(before);
      expect((await store.listSources()).map((s) => s.name)).toEqual(['f1']);
    });

    it('a conflicting record is an INTEGRITY error naming both sources, and nothing of the batch is written', async () => {
      await store.importBatch({ source: source('first.jsonl'), transfers: [transfer(1)] });
      const err = await store
        .importBatch({ source: source('second.jsonl'), transfers: [transfer(3), transfer(1, { amount: 1n })] })
        .catch((e: unknown) => e);
      expect(isLedgerhoundError(err, 'INTEGRITY')).toBe(true);
      expect((err as { details: Record<string, unknown> }).details).toMatchObject({ incomingSource: 'second.jsonl', storedSource: 'first.jsonl' });
      expect(await store.getTransfer('ethereum', transfer(3).id)).toBeUndefined();
      expect((await store.getTransfer('ethereum', transfer(1).id))?.amount).toBe(1001n);
      expect((await store.stats()).transfers).toBe(1);
    });

    it('detects conflicts and re-imports in large batches, inside a batch and across batches', async () => {
      const many = Array.from({ length: 70 }, (_, i) => transfer(i));
      expect((await store.importBatch({ source: source('big'), transfers: many })).transfers).toEqual({ added: 70, existing: 0 });
      expect((await store.importBatch({ source: source('big'), transfers: many })).transfers).toEqual({ added: 0, existing: 70 });
      const changed = many.map((t, i) => (i === 5 ? { ...t, amount: t.amount + 1n } : t));
      const err = await store.importBatch({ source: source('changed'), transfers: changed }).catch((e: unknown) => e);
      expect(isLedgerhoundError(err, 'INTEGRITY')).toBe(true);
      expect((err as { details: Record<string, unknown> }).details.key).toBe(`ethereum/${many[5].id}`);
      const fresh = Array.from({ length: 40 }, (_, i) => transfer(100 + i));
      const twice = [...fresh.slice(0, 10), { ...fresh[3], amount: 1n }, ...fresh.slice(10)];
      const dup = await store.importBatch({ source: source('dup'), transfers: twice }).catch((e: unknown) => e);
      expect(isLedgerhoundError(dup, 'INTEGRITY')).toBe(true);
      expect(await store.getTransfer('ethereum', fresh[0].id)).toBeUndefined();
      expect((await store.stats()).transfers).toBe(70);
    });

    it('gives an address ledger in chain order, both directions, self-transfers once, per asset', async () => {
      const rows = [
        transfer(5, { block: 10, txIndex: 2, index: 1 }),
        transfer(4, { block: 10, txIndex: 2, index: 0, from: B, to: A }),
        transfer(3, { block: 9, txIndex: 7, index: 3 }),
        transfer(6, { block: 10, txIndex: 1, index: 9, from: A, to: A }),
        transfer(7, { block: 11, asset: 'ETH', index: -1 }),
        transfer(8, { block: 8, from: B, to: C }),
      ];
      await store.importBatch({ source: source('f'), transfers: rows });
      const ledger = await collect(store.ledger('ethereum', A));
      expect(ledger.map((t) => t.id)).toEqual([3, 6, 4, 5, 7].map((n) => transfer(n).id));
      const usdt = await collect(store.ledger('ethereum', A, { asset: USDT }));
      expect(usdt.map((t) => t.id)).toEqual([3, 6, 4, 5].map((n) => transfer(n).id));
      expect((await collect(store.ledger('ethereum', C))).map((t) => t.id)).toEqual([transfer(8).id]);
      expect(await collect(store.ledger('tron', tronAddress('x')))).toEqual([]);
    });

    it('pages through long ledgers and whole chains without losing or repeating a record', async () => {
      const many = Array.from({ length: 12_345 }, (_, i) => transfer(i, { block: 1000 + Math.floor(i / 3), txIndex: i % 3, index: 0 }));
      await store.importBatch({ source: source('many'), transfers: many });
      const ledger = await collect(store.ledger('ethereum', A));
      expect(ledger.length).toBe(many.length);
      expect(new Set(ledger.map((t) => t.id)).size).toBe(many.length);
      const all = await collect(store.transfers({ chain: 'ethereum' }));
      expect(all.map((t) => t.id)).toEqual(many.map((t) => t.id));
    });

    it('lists all transfers ordered by chain, then chain order', async () => {
      const tron = {
        ...transfer(1),
        chain: 'tron',
        asset: 'TRX',
        from: tronAddress('a'),
        to: tronAddress('b'),
        block: 1,
      };
      await store.importBatch({ source: source('f'), transfers: [transfer(2, { block: 5 }), tron, transfer(1, { block: 7 })] });
      const all = await collect(store.transfers());
      expect(all.map((t) => `${t.chain}:${t.block}`)).toEqual(['ethereum:5', 'ethereum:7', 'tron:1']);
      expect((await collect(store.transfers({ chain: 'tron' }))).length).toBe(1);
    });

    it('round-trips UTXO transactions and answers spender and address queries', async () => {
      const alice = btcAddress('alice');
      const bob = btcAddress('bob');
      const cb = coinbase('cb', alice, 5_000_000_000n, 1);
      const pay: UtxoTransaction = {
        ...spend('pay', 'cb', 0, alice, 5_000_000_000n, [[bob, 1_000_000_000n], [alice, 3_999_990_000n], [null, 0n]], 2),
        time: '2024-04-20T00:09:27Z',
      };
      pay.outputs[2].script = '6a0548656c6c6f';
      const later = spend('later', 'pay', 0, bob, 1_000_000_000n, [[alice, 999_000_000n]], 3);
      await store.importBatch({ source: source('btc'), transactions: [later, pay, cb] });
      expect(await store.getTransaction('bitcoin', pay.txid)).toEqual(pay);
      expect(await store.getTransaction('bitcoin', cb.txid)).toEqual(cb);
      expect((await store.spenderOf('bitcoin', cb.txid, 0))?.txid).toBe(pay.txid);
      expect((await store.spenderOf('bitcoin', pay.txid, 0))?.txid).toBe(later.txid);
      expect(await store.spenderOf('bitcoin', pay.txid, 1)).toBeUndefined();
      expect((await collect(store.transactionsOf('bitcoin', bob))).map((t) => t.txid)).toEqual([pay.txid, later.txid]);
      expect((await collect(store.transactions())).map((t) => t.txid)).toEqual([cb.txid, pay.txid, later.txid]);
      const again = await store.importBatch({ source: source('btc'), transactions: [pay] });
      expect(again.transactions).toEqual({ added: 0, existing: 1 });
      const conflict = await store.importBatch({ source: source('other'), transactions: [{ ...pay, block: 99 }] }).catch((e: unknown) => e);
      expect(isLedgerhoundError(conflict, 'INTEGRITY')).toBe(true);
    });

    it('batched reads (tagsOfMany, clustersOfMany, linksOfMany, ledgersOf) answer as the per-address reads', async () => {
      const rows = [
        transfer(5, { block: 10, txIndex: 2, index: 1 }),
        transfer(4, { block: 10, txIndex: 2, index: 0, from: B, to: A }),
        transfer(3, { block: 9, txIndex: 7, index: 3 }),
        transfer(6, { block: 10, txIndex: 1, index: 9, from: A, to: A }),
        transfer(7, { block: 11, asset: 'ETH', index: -1, to: null }),
        transfer(8, { block: 8, from: B, to: C }),
        transfer(9, { block: 8, from: C, to: B, id: `${txid('t8')}:\u{1F600}` }),
        transfer(10, { block: 8, from: C, to: B, id: `${txid('t8')}:\uFFFD` }),
      ].map((t) => (t.id.endsWith(':\u{1F600}') || t.id.endsWith(':\uFFFD') ? { ...t, txIndex: 0, index: 0 } : t));
      const tags: Tag[] = [
        { chain: 'ethereum', address: B, label: 'Binance 14', category: 'exchange', source: 'pack', confidence: 90 },
        { chain: 'ethereum', address: B, label: 'Binance', category: 'exchange', source: 'other', confidence: 50 },
      ];
      await store.importBatch({ source: source('f'), transfers: rows, tags });
      await store.replaceClustering({
        links: [{ chain: 'ethereum', a: A, b: B, heuristic: 'deposit-address', confidence: 60, evidence: transfer(1).id }],
        assignments: [A, B].map((address) => ({ chain: 'ethereum', address, clusterId: 'c1' })),
        inferredTags: [],
      });
      const asked = [A, B, C, evmAddress('nobody'), B];
      const tagsMany = await store.tagsOfMany('ethereum', asked);
      const clusters = await store.clustersOfMany('ethereum', asked);
      const links = await store.linksOfMany('ethereum', asked);
      for (const a of asked) {
        expect(tagsMany.get(a)).toEqual(await store.tagsOf('ethereum', a));
        expect(clusters.get(a)).toEqual(await store.clusterOf('ethereum', a));
        expect(links.get(a)).toEqual(await store.linksOf('ethereum', a));
      }
      expect([...tagsMany.keys()].sort()).toEqual([A, B, C, evmAddress('nobody')].sort());
      for (const query of [{ limit: 100 }, { limit: 100, asset: USDT }]) {
        const ledgers = await store.ledgersOf('ethereum', asked, query);
        for (const a of asked) expect(ledgers.get(a)).toEqual(await collect(store.ledger('ethereum', a, query.asset ? { asset: query.asset } : {})));
      }
      // A busy address (more transfers than the limit) is left out: the caller streams its ledger.
      const limited = await store.ledgersOf('ethereum', [A, C], { limit: 4 });
      expect(limited.has(A)).toBe(false);
      expect(limited.get(C)?.map((t) => t.id)).toEqual((await collect(store.ledger('ethereum', C))).map((t) => t.id));
    });

    it('keeps every tag, ignores exact duplicates, and lists them in order', async () => {
      const t1: Tag = { chain: 'ethereum', address: B, label: 'Binance 14', category: 'exchange', source: 'pack', confidence: 90, note: 'hot wallet' };
      const t2: Tag = { chain: 'ethereum', address: B, label: 'Binance', category: 'exchange', source: 'other', confidence: 50 };
      const t3: Tag = { chain: 'bitcoin', address: btcAddress('x'), label: "O'Brien\"; MATCH (n) DETACH DELETE n //", category: 'scam', source: 's', confidence: 5 };
      const res = await store.importBatch({ source: source('tags'), tags: [t1, t2, t1, t3] });
      expect(res.tags).toEqual({ added: 3, existing: 1 });
      expect(await store.tagsOf('ethereum', B)).toEqual([t2, t1]);
      expect((await collect(store.tags())).map((t) => t.label)).toEqual([t3.label, 'Binance', 'Binance 14']);
      expect(await store.tagsOf('ethereum', A)).toEqual([]);
    });

    it('replaces clusterings atomically, with links, members and inferred tags', async () => {
      await store.importBatch({ source: source('tags'), tags: [{ chain: 'ethereum', address: C, label: 'Kraken', category: 'exchange', source: 'pack', confidence: 80 }] });
      const inferred: Tag = {
        chain: 'ethereum',
        address: B,
        label: 'Kraken',
        category: 'exchange',
        source: 'ledgerhound:deposit-address',
        confidence: 60,
        inferredFrom: { heuristic: 'deposit-address', evidence: [transfer(1).id], via: C },
      };
      await store.replaceClustering({
        links: [
          { chain: 'ethereum', a: A, b: B, heuristic: 'deposit-address', confidence: 60, evidence: transfer(1).id },
          { chain: 'ethereum', a: B, b: C, heuristic: 'deposit-address', confidence: 60, evidence: transfer(2).id, note: 'sweep' },
        ],
        assignments: [A, B, C].map((address) => ({ chain: 'ethereum', address, clusterId: 'c1' })),
        inferredTags: [inferred],
      });
      expect(await store.clusterOf('ethereum', B)).toEqual({ clusterId: 'c1', members: [A, B, C].sort() });
      expect((await store.linksOf('ethereum', B)).length).toBe(2);
      expect((await store.tagsOf('ethereum', B))[0].inferredFrom).toEqual(inferred.inferredFrom);
      expect((await collect(store.clusterLinks())).length).toBe(2);
      expect((await store.stats()).clusterLinks).toBe(2);
      await store.replaceClustering({ links: [], assignments: [], inferredTags: [] });
      expect(await store.clusterOf('ethereum', B)).toBeUndefined();
      expect(await store.tagsOf('ethereum', B)).toEqual([]);
      expect((await store.tagsOf('ethereum', C)).length).toBe(1);
    });

    it('replaces a clustering given as iterables read part by part (more than one write part); a later assignment of an address wins', { timeout: 300_000 }, async () => {
      const n = 10_001;
      const addr = (i: number) => btcAddress(`s${i}`);
      const links = {
        *[Symbol.iterator]() {
          for (let i = 1; i < n; i++) yield { chain: 'bitcoin', a: addr(i - 1), b: addr(i), heuristic: 'multi-input', confidence: 100, evidence: txid(`s${i}`) };
        },
      };
      const assignments = {
        *[Symbol.iterator]() {
          for (let i = 0; i < n; i++) yield { chain: 'bitcoin', address: addr(i), clusterId: i === 0 ? 'first' : 'c' };
          yield { chain: 'bitcoin', address: addr(0), clusterId: 'c' };
        },
      };
      await store.replaceClustering({ links, assignments, inferredTags: [] });
      expect((await store.stats()).clusterLinks).toBe(n - 1);
      expect((await store.clusterOf('bitcoin', addr(0)))?.clusterId).toBe('c');
      expect((await store.clusterOf('bitcoin', addr(n - 1)))?.members.length).toBe(n);
      expect((await store.linksOf('bitcoin', addr(5000))).map((l) => l.evidence).sort()).toEqual([txid('s5000'), txid('s5001')].sort());
    });

    it('replaces community assignments', async () => {
      await store.replaceCommunities([
        { chain: 'ethereum', address: A, community: 0 },
        { chain: 'ethereum', address: B, community: 1 },
      ]);
      expect(await store.communityOf('ethereum', B)).toBe(1);
      await store.replaceCommunities([{ chain: 'ethereum', address: A, community: 3 }]);
      expect(await store.communityOf('ethereum', B)).toBeUndefined();
      expect(await store.communityOf('ethereum', A)).toBe(3);
    });

    it('keeps analyst notes append-only: same note once, listed per address by time and in store order, text exact', async () => {
      const hostile = '<img src=x onerror=alert(1)> "quoted" \u00e9\u4e2d\ud83d\ude00\nsecond line';
      const later = createNote({ chain: 'ethereum', address: A, text: 'cash-out to a hot wallet', author: 'ana', time: '2024-02-02T10:00:00Z' });
      const earlier = createNote({ chain: 'ethereum', address: A, text: hostile, author: 'bo', time: '2024-02-01T09:00:00Z' });
      const onB = createNote({ chain: 'ethereum', address: B, text: 'victim', author: 'ana', time: '2024-01-01T00:00:00Z' });
      const onBtc = createNote({ chain: 'bitcoin', address: btcAddress('n'), text: 'mixer input', author: 'ana', time: '2024-03-01T00:00:00Z' });
      expect(await store.notesOf('ethereum', A)).toEqual([]);
      for (const n of [later, onB, earlier, onBtc, later]) await store.addNote(n);
      expect(await store.notesOf('ethereum', A)).toEqual([earlier, later]);
      expect((await store.notesOf('ethereum', A))[0].text).toBe(hostile);
      expect(await store.notesOf('ethereum', C)).toEqual([]);
      const all = await collect(store.notes());
      expect(all).toEqual([onBtc, ...[earlier, later, onB].sort(compareNotes)]);
      expect(await collect(store.notes({ chain: 'bitcoin' }))).toEqual([onBtc]);
      // Notes are not records: they change neither the counts nor the transfers.
      expect((await store.stats()).addresses).toBe(0);
    });

    it('writes a checkpoint in the same atomic batch as its records', async () => {
      await store.importBatch({ source: source('ingest'), transfers: [transfer(1)], checkpoint: { key: 'ingest:x', value: '101' } });
      expect(await store.getCheckpoint('ingest:x')).toBe('101');
      const failed = await store
        .importBatch({ source: source('ingest'), transfers: [transfer(1, { amount: 5n })], checkpoint: { key: 'ingest:x', value: '102' } })
        .catch((e: unknown) => e);
      expect(isLedgerhoundError(failed, 'INTEGRITY')).toBe(true);
      expect(await store.getCheckpoint('ingest:x')).toBe('101');
      expect(await store.getCheckpoint('nothing')).toBeUndefined();
    });

    it('keeps state in checkpoint-only batches (watch baselines and deliveries): last value wins, one source row', async () => {
      const state = { name: 'watch:case', sha256: 'a'.repeat(64), kind: 'adapter' as const, format: 'watch-state' };
      await store.importBatch({ source: state, checkpoint: { key: 'watch:case:baseline:bitcoin', value: '100' } });
      await store.importBatch({ source: state, checkpoint: { key: 'watch:case:delivered:s:moved:x', value: '2026-01-01T00:00:00Z' } });
      await store.importBatch({ source: state, checkpoint: { key: 'watch:case:baseline:bitcoin', value: '101' } });
      expect(await store.getCheckpoint('watch:case:baseline:bitcoin')).toBe('101');
      expect(await store.getCheckpoint('watch:case:delivered:s:moved:x')).toBe('2026-01-01T00:00:00Z');
      expect((await store.listSources()).filter((s) => s.name === 'watch:case')).toHaveLength(1);
      expect((await store.stats()).transfers).toBe(0);
    });

    it('counts records, addresses and blocks per chain', async () => {
      await store.importBatch({
        source: source('s'),
        transfers: [transfer(1, { block: 5 }), transfer(2, { block: 9, to: C })],
        transactions: [coinbase('cb', btcAddress('m'), 50n, 3)],
        tags: [{ chain: 'ethereum', address: evmAddress('tagged'), label: 'x', category: 'other', source: 's', confidence: 1 }],
      });
      const stats = await store.stats();
      expect(stats).toMatchObject({ transfers: 2, transactions: 1, tags: 1, addresses: 5, sources: 1, clusterLinks: 0 });
      expect(stats.chains.ethereum).toEqual({ transfers: 2, transactions: 0, minBlock: 5, maxBlock: 9 });
      expect(stats.chains.bitcoin).toEqual({ transfers: 0, transactions: 1, minBlock: 3, maxBlock: 3 });
    });

    it('round-trips conversions of every shape exactly, and finds them by id, chain and ref', async () => {
      const all = [swap(1), ...conversionsOfEveryShape()];
      const res = await store.importBatch({ source: source('conversions.jsonl'), conversions: all });
      expect(res.conversions).toEqual({ added: 4, existing: 0 });
      for (const c of all) expect(await store.getConversion(c.id)).toEqual(c);
      expect(await store.getConversion('missing')).toBeUndefined();
      const ids = (list: Conversion[]) => list.map((c) => c.id);
      expect(ids(await collect(store.conversions()))).toEqual(ids(all).sort());
      expect(await collect(store.conversions())).toEqual([...all].sort((a, b) => (a.id < b.id ? -1 : 1)));
      expect(ids(await collect(store.conversions({ chain: 'tron' })))).toEqual(['bridge:tron->ethereum:1']);
      expect(ids(await collect(store.conversions({ chain: 'bitcoin' })))).toEqual(['service:btc->eth:7']);
      expect(ids(await collect(store.conversions({ chain: 'ethereum' })))).toEqual(['ambiguous:3', 'bridge:tron->ethereum:1', swap(1).id, 'service:btc->eth:7']);
      expect(await store.conversionsByRef('ethereum', transfer(1).id)).toEqual([swap(1)]);
      expect(await store.conversionsByRef('ethereum', transfer(2).id)).toEqual([swap(1)]);
      expect(ids(await store.conversionsByRef('tron', `${txid('tr2')}:0`))).toEqual(['bridge:tron->ethereum:1']);
      expect(ids(await store.conversionsByRef('bitcoin', `${txid('pay').toUpperCase()}:1`))).toEqual(['service:btc->eth:7']);
      expect(await store.conversionsByRef('tron', transfer(1).id)).toEqual([]);
      expect(await store.conversionsByRef('bitcoin', `${txid('pay')}:0`)).toEqual([]);
      const stats = await store.stats();
      expect(stats).toMatchObject({ conversions: 4, transfers: 0, transactions: 0, addresses: 0 });
    });

    it('re-importing conversions changes nothing; a repeat inside a batch counts as existing', async () => {
      const batch = { source: source('conversions.jsonl'), conversions: [swap(1), ...conversionsOfEveryShape(), swap(1)] };
      expect((await store.importBatch(batch)).conversions).toEqual({ added: 4, existing: 1 });
      const before = await store.stats();
      expect((await store.importBatch(batch)).conversions).toEqual({ added: 0, existing: 5 });
      expect(await store.stats()).toEqual(before);
      expect(await store.conversionsByRef('ethereum', transfer(1).id)).toEqual([swap(1)]);
    });

    it('a conflicting conversion is an INTEGRITY error naming both sources, and nothing of the batch is written', async () => {
      await store.importBatch({ source: source('first.jsonl'), conversions: [swap(1)] });
      const changed = swap(1, { confidence: 99 });
      const err = await store
        .importBatch({ source: source('second.jsonl'), transfers: [transfer(1)], conversions: [swap(5), changed] })
        .catch((e: unknown) => e);
      expect(isLedgerhoundError(err, 'INTEGRITY')).toBe(true);
      expect((err as { details: Record<string, unknown> }).details).toMatchObject({ key: swap(1).id, incomingSource: 'second.jsonl', storedSource: 'first.jsonl' });
      expect((err as { details: Record<string, unknown> }).details.stored).toMatchObject({ confidence: 100 });
      expect(await store.getConversion(swap(1).id)).toEqual(swap(1));
      expect(await store.getConversion(swap(5).id)).toBeUndefined();
      expect(await store.conversionsByRef('ethereum', transfer(5).id)).toEqual([]);
      expect(await store.getTransfer('ethereum', transfer(1).id)).toBeUndefined();
      const inBatch = await store.importBatch({ source: source('third.jsonl'), conversions: [swap(7), swap(7, { venue: 'other' })] }).catch((e: unknown) => e);
      expect(isLedgerhoundError(inBatch, 'INTEGRITY')).toBe(true);
      expect(await store.getConversion(swap(7).id)).toBeUndefined();
      expect((await store.stats()).conversions).toBe(1);
    });

    it('writes conversions all-or-nothing with the rest of the batch and of a streamed import', async () => {
      await store.importBatch({ source: source('t.jsonl'), transfers: [transfer(1)] });
      const failed = await store
        .importBatch({ source: source('mixed'), conversions: [swap(3)], transfers: [transfer(1, { amount: 2n })] })
        .catch((e: unknown) => e);
      expect(isLedgerhoundError(failed, 'INTEGRITY')).toBe(true);
      expect(await store.getConversion(swap(3).id)).toBeUndefined();
      if (!store.importStream) return;
      async function* parts(fail: boolean) {
        yield { conversions: [swap(3)] };
        if (fail) throw new Error('reader failed mid-file');
        yield { conversions: conversionsOfEveryShape() };
      }
      await expect(store.importStream(source('broken'), parts(true))).rejects.toThrow(/mid-file/);
      expect((await store.stats()).conversions).toBe(0);
      expect(await store.conversionsByRef('ethereum', transfer(3).id)).toEqual([]);
      expect((await store.importStream(source('good'), parts(false))).conversions).toEqual({ added: 4, existing: 0 });
    });

    it('streams a large import atomically when the store supports it', async () => {
      if (!store.importStream) {
        expect(store.kind).not.toBe('sqlite');
        return;
      }
      async function* parts(fail: boolean) {
        yield { transfers: [transfer(1), transfer(2)] };
        if (fail) throw new Error('reader failed mid-file');
        yield { transfers: [transfer(3)] };
      }
      await expect(store.importStream(source('broken'), parts(true))).rejects.toThrow(/mid-file/);
      expect((await store.stats()).transfers).toBe(0);
      const ok = await store.importStream(source('good'), parts(false));
      expect(ok.transfers).toEqual({ added: 3, existing: 0 });
    });
  });
}
