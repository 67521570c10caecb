// Tags through clusters (TRACING.md, resolve-tags.ts): with inheritTags an inferred deposit address of an
// exchange stops the trace (the address a freeze request names), and cluster members pass their tags on,
// each marked inferredFrom; without it only direct tags count. A tag given directly decides over any
// inherited one (TRACING.md v2), the disagreement listed in `tagConflicts`; among tags of one kind the
// highest confidence decides the stop. An embedded store's chain tags are read at once after
// CHAIN_TAGS_AFTER addresses, with the same answers.

import { describe, expect, it } from 'vitest';
import { CHAIN_TAGS_AFTER, createTagResolver } from '../../src/attribution/resolve-tags.js';
import type { CaseFile } from '../../src/model/case.js';
import { parseTag, type Tag } from '../../src/model/tag.js';
import { parseTransfer } from '../../src/model/transfer.js';
import type { GraphStore } from '../../src/ports.js';
import { traceCase } from '../../src/tracing/trace-case.js';
import { evmAddress } from '../support/addresses.js';
import { sqliteFactory, storeFactories } from '../support/stores.js';

const [V, A, D, H, A2, H2] = ['victim', 'layer', 'deposit', 'hot-wallet', 'member', 'exchange-member'].map(evmAddress);
const [Y, Z, W] = ['kraken-deposit', 'scam-wallet', 'scam-member'].map(evmAddress);
const transfer = (id: string, block: number, from: string, to: string, amount: string) =>
  parseTransfer({ id, chain: 'ethereum', asset: 'ETH', txHash: `tx-${id}`, block, txIndex: 0, index: 0, from, to, amount });
const tag = (address: string, label: string, category: string, extra: Partial<Tag> = {}) =>
  ({ ...parseTag({ chain: 'ethereum', address, label, category, source: 'test', confidence: 80 }), ...extra }) as Tag;

const kase = (victimTransfer: string, inheritTags: boolean): CaseFile => ({
  name: 'tags',
  sources: [],
  victimPayments: [{ id: 'v1', chain: 'ethereum', transfer: victimTransfer }],
  policy: 'fifo',
  maxHops: 20,
  stopAt: ['exchange'],
  inheritTags,
});

async function seed(store: GraphStore): Promise<void> {
  await store.importBatch({
    source: { name: 'data', sha256: 'd'.repeat(64), kind: 'file' },
    transfers: [transfer('p1', 1, V, A, '100'), transfer('ad', 2, A, D, '100'), transfer('dh', 3, D, H, '100'), transfer('p2', 4, V, A2, '40')],
    tags: [tag(H, 'Binance hot wallet', 'exchange'), tag(H2, 'Kraken', 'exchange', { confidence: 90 }), tag(A, 'scam layer', 'scam', { confidence: 95 })],
  });
  await store.replaceClustering({
    links: [{ chain: 'ethereum', a: A2, b: H2, heuristic: 'common-input', confidence: 90, evidence: 'tx-link' }],
    assignments: [
      { chain: 'ethereum', address: A2, clusterId: 'c1' },
      { chain: 'ethereum', address: H2, clusterId: 'c1' },
    ],
    inferredTags: [tag(D, 'Binance', 'exchange', { confidence: 70, inferredFrom: { heuristic: 'deposit-address', evidence: ['tx-dh'], via: H } })],
  });
}

describe.each(storeFactories())('tags through clusters on $name', (factory) => {
  it('inheritTags: false uses direct tags only: the trace runs on to the hot wallet', async () => {
    const store = await factory.create();
    try {
      await seed(store);
      const { result } = await traceCase(store, kase('p1', false));
      expect(result.endpoints.map((e) => [e.address, e.amount, e.hops, e.label, e.inferredFrom])).toEqual([[H, '100', 3, 'Binance hot wallet', undefined]]);
      expect((await createTagResolver(store, { inheritTags: false }).tagsOf('ethereum', D)).length).toBe(0);
    } finally {
      await store.close();
    }
  });

  it('inheritTags: true stops at the inferred deposit address, which says why', async () => {
    const store = await factory.create();
    try {
      await seed(store);
      const { result } = await traceCase(store, kase('p1', false), { inheritTags: true });
      expect(result.endpoints).toHaveLength(1);
      const e = result.endpoints[0];
      expect([e.address, e.amount, e.hops, e.label, e.category]).toEqual([D, '100', 2, 'Binance', 'exchange']);
      expect(e.inferredFrom).toEqual({ heuristic: 'deposit-address', evidence: ['tx-dh'], via: H });
    } finally {
      await store.close();
    }
  });

  it('a cluster member takes the tags of its cluster, marked inferredFrom with the link evidence', async () => {
    const store = await factory.create();
    try {
      await seed(store);
      const off = await traceCase(store, kase('p2', false));
      expect(off.result.endpoints).toEqual([]);
      expect(off.result.holdings.map((h) => [h.address, h.amount])).toEqual([[A2, '40']]);
      const on = await traceCase(store, kase('p2', true));
      expect(on.result.endpoints.map((e) => [e.address, e.amount, e.hops, e.label, e.inferredFrom])).toEqual([
        [A2, '40', 1, 'Kraken', { heuristic: 'cluster:common-input', evidence: ['tx-link'], via: H2 }],
      ]);
      const resolver = createTagResolver(store, { inheritTags: true });
      expect((await resolver.tagsOf('ethereum', A2)).map((t) => t.label)).toEqual(['Kraken']);
    } finally {
      await store.close();
    }
  });

  it('the highest-confidence tag decides: a scam tag at 95 beats nothing, so the layer is followed', async () => {
    const store = await factory.create();
    try {
      await seed(store);
      await store.importBatch({ source: { name: 'more', sha256: 'e'.repeat(64), kind: 'file' }, tags: [tag(A, 'some exchange?', 'exchange', { confidence: 30 })] });
      const { result } = await traceCase(store, kase('p1', false));
      expect(result.endpoints.map((e) => e.address)).toEqual([H]);
      const strong = await factory.create();
      try {
        await seed(strong);
        await strong.importBatch({ source: { name: 'more', sha256: 'e'.repeat(64), kind: 'file' }, tags: [tag(A, 'Exchange deposit', 'exchange', { confidence: 99 })] });
        const again = await traceCase(strong, kase('p1', false));
        expect(again.result.endpoints.map((e) => [e.address, e.hops, e.label])).toEqual([[A, 1, 'Exchange deposit']]);
      } finally {
        await strong.close();
      }
    } finally {
      await store.close();
    }
  });

  it('a direct tag wins over an inherited one of higher confidence; the conflict is listed with the evidence', async () => {
    const store = await factory.create();
    try {
      await store.importBatch({
        source: { name: 'data', sha256: 'f'.repeat(64), kind: 'file' },
        transfers: [transfer('p3', 1, V, Y, '70'), transfer('p4', 2, V, W, '30')],
        tags: [tag(Y, 'Kraken deposit', 'exchange', { confidence: 40 }), tag(Z, 'scam wallet', 'scam', { confidence: 95 })],
      });
      await store.replaceClustering({
        links: [
          { chain: 'ethereum', a: Y, b: Z, heuristic: 'common-input', confidence: 90, evidence: 'tx-yz' },
          { chain: 'ethereum', a: W, b: Z, heuristic: 'common-input', confidence: 90, evidence: 'tx-wz' },
        ],
        assignments: [Y, Z, W].map((address) => ({ chain: 'ethereum', address, clusterId: 'c2' })),
        inferredTags: [],
      });
      const twoVictims: CaseFile = { ...kase('p3', true), victimPayments: [{ id: 'v1', chain: 'ethereum', transfer: 'p3' }, { id: 'v2', chain: 'ethereum', transfer: 'p4' }] };
      const { result } = await traceCase(store, twoVictims);
      expect(result.endpoints.map((e) => [e.address, e.amount, e.label, e.category, e.inferredFrom])).toEqual([[Y, '70', 'Kraken deposit', 'exchange', undefined]]);
      expect(result.tagConflicts).toEqual([
        {
          chain: 'ethereum',
          address: Y,
          direct: { label: 'Kraken deposit', category: 'exchange', source: 'test', confidence: 40 },
          inherited: [{ label: 'scam wallet', category: 'scam', source: 'test', confidence: 95, inferredFrom: { heuristic: 'cluster:common-input', evidence: ['tx-yz'], via: Z } }],
          cashOut: true,
        },
      ]);
      // W has no tag of its own: the best inherited tag (scam, 95) labels its holding, with its evidence.
      expect(result.holdings.map((h) => [h.address, h.amount, h.label, h.inferredFrom])).toEqual([[W, '30', 'scam wallet', { heuristic: 'cluster:common-input', evidence: ['tx-wz'], via: Z }]]);
      const off = await traceCase(store, { ...twoVictims, inheritTags: false });
      expect(off.result.tagConflicts).toBeUndefined();
      expect(off.result.endpoints.map((e) => e.address)).toEqual([Y]);
    } finally {
      await store.close();
    }
  });
});

describe('an embedded store reads a chain tags at once after CHAIN_TAGS_AFTER addresses', () => {
  it('answers as one by one, reads no tagsOf after the switch; no chain tags past the limit', async () => {
    const store = await sqliteFactory.create();
    try {
      const n = CHAIN_TAGS_AFTER + 500;
      const addresses = Array.from({ length: n }, (_, i) => evmAddress(`tagged-${i}`));
      // Every third address untagged, every fifth with two tags given in reverse order of their label.
      const tags = addresses.flatMap((a, i) =>
        i % 3 === 0 ? [] : i % 5 === 0 ? [tag(a, `z-label-${i}`, 'scam'), tag(a, `a-label-${i}`, 'exchange', { confidence: 60 })] : [tag(a, `label-${i}`, 'mixer')],
      );
      await store.importBatch({ source: { name: 'tags', sha256: 't'.repeat(64), kind: 'file' }, tags });
      const calls = { tagsOf: 0, tagsOfChain: 0 };
      const counted = new Proxy(store, {
        get(target, key) {
          const value = Reflect.get(target, key, target);
          if (typeof value !== 'function') return value;
          return (...args: unknown[]) => {
            if (key === 'tagsOf' || key === 'tagsOfChain') calls[key]++;
            return value.apply(target, args);
          };
        },
      }) as GraphStore;
      const resolver = createTagResolver(counted, { inheritTags: false });
      for (const a of addresses) expect(await resolver.tagsOf('ethereum', a)).toEqual(await store.tagsOf('ethereum', a));
      expect(calls).toEqual({ tagsOf: CHAIN_TAGS_AFTER, tagsOfChain: 1 });
      // Past the limit the store gives no chain tags (the resolver then goes on one by one).
      expect(await store.tagsOfChain!('ethereum', tags.length - 1)).toBeUndefined();
      expect((await store.tagsOfChain!('ethereum', tags.length))?.size).toBe(addresses.filter((_, i) => i % 3 !== 0).length);
    } finally {
      await store.close();
    }
  });
});
