// The README's main command on the sample case: import samples/pig-butchering into a store (the
// embedded SQLite store in memory, and Neo4j when the test setup started it), trace it, and compare
// with the figures computed by hand from TRACING.md (test/fixtures/sample/expected-<policy>.json,
// worked in samples/pig-butchering/README.md). Exact for fifo, haircut, libr and poison (exposure);
// conservation (sources = endpoints + holdings + fees + dropped, in total and per victim) for every
// policy but poison.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LoadedCase, loadCaseFile } from '../../adapters/files/case-file.js';
import { importFiles } from '../../adapters/files/import-files.js';
import { openSqliteStore } from '../../graph/sqlite/sqlite-store.js';
import type { GraphStore } from '../../src/ports.js';
import { traceCase } from '../../src/tracing/trace-case.js';
import { type StoreFactory, storeFactories } from '../support/stores.js';
import { expectConservation, expectRows, expectTotals, keyOf, loadExpected, SAMPLE_CASE, scaled } from './expected-trace.js';

const memory: StoreFactory = { name: 'sqlite :memory:', create: async () => openSqliteStore(':memory:') };
const stores = [memory, ...storeFactories().filter((f) => f.name !== 'sqlite')];

describe.each(stores)('sample pig-butchering case on $name: trace against the hand-computed figures', (factory) => {
  let store: GraphStore;
  let loaded: LoadedCase;

  beforeAll(async () => {
    store = await factory.create();
    loaded = await loadCaseFile(SAMPLE_CASE);
    const imported = await importFiles(store, loaded.sourcePaths);
    expect(imported.map((r) => r.kind)).toEqual(['transfers', 'transactions', 'conversions', 'tags', 'tags']);
  });

  afterAll(async () => {
    await store?.close();
  });

  it('fifo (the case default): endpoints, holdings, fees, totals, sources', async () => {
    const expected = loadExpected('fifo');
    const { result } = await traceCase(store, loaded.kase);
    expect(result.policy).toBe('fifo');
    expect(result.case).toBe('Lotusfield Markets (sample pig-butchering case)');
    expect(result.sources.map((s) => ({ id: s.id, chain: s.chain, asset: s.asset, amount: s.amount, ref: s.ref }))).toEqual(expected.sources);
    expectRows('endpoint', result.endpoints, expected.endpoints);
    expectRows('holding', result.holdings, expected.holdings);
    expectRows('fee', result.fees, expected.fees);
    expect(result.dropped).toEqual([]);
    expectTotals(result, expected);
    expectConservation(result);
    // The swap (L4: 10,000 USDT -> 3.988 ETH) and the bridge (L8 on TRON -> L9 on Ethereum, 9,997 USDT), fully tainted.
    const conversions = (result.conversions ?? []).map((c) => [c.kind, c.in.chain, scaled(c.in.amount), c.out!.chain, scaled(c.out!.amount)]);
    expect(conversions).toEqual([
      ['swap', 'ethereum', scaled('10000000000'), 'ethereum', scaled('3988000000000000000')],
      ['bridge', 'tron', scaled('10000000000'), 'ethereum', scaled('9997000000')],
    ]);
  });

  it('fifo: no address that traced money passes through overdraws; any shortfall listed is an exchange withdrawal', async () => {
    const expected = loadExpected('fifo');
    const { result } = await traceCase(store, loaded.kase);
    const known = new Map(expected.openingShortfalls!.map((s) => [keyOf(s), s]));
    for (const s of result.openingShortfalls ?? []) {
      const k = known.get(keyOf(s));
      expect(k, `unexpected opening shortfall ${keyOf(s)}`).toBeDefined();
      expect({ amount: scaled(s.amount), ref: s.ref }).toEqual({ amount: scaled(k!.amount), ref: k!.ref });
    }
  });

  it.each(['haircut', 'libr'] as const)('%s: the hand-computed figures, and conservation', async (policy) => {
    const expected = loadExpected(policy);
    const { result } = await traceCase(store, loaded.kase, { policy });
    expect(result.policy).toBe(policy);
    expectRows('endpoint', result.endpoints, expected.endpoints);
    expectRows('holding', result.holdings, expected.holdings);
    expectRows('fee', result.fees, expected.fees);
    expectTotals(result, expected);
    expectConservation(result);
    if (policy === 'libr') expect((result.notes ?? []).some((n) => n.includes('fifo') && n.includes('bitcoin'))).toBe(true);
  });

  it('poison: exposure figures, larger than what the victims paid', async () => {
    const expected = loadExpected('poison');
    const { result } = await traceCase(store, loaded.kase, { policy: 'poison' });
    expect(result.policy).toBe('poison');
    expectRows('endpoint', result.endpoints, expected.endpoints);
    expectRows('holding', result.holdings, expected.holdings);
    expectRows('fee', result.fees, expected.fees);
    expectTotals(result, expected);
  });

  it('the same settings give byte-identical results, on this store and on a fresh embedded one', async () => {
    const a = await traceCase(store, loaded.kase);
    const b = await traceCase(store, loaded.kase);
    expect(JSON.stringify(b.result)).toBe(JSON.stringify(a.result));
    const other = openSqliteStore(':memory:');
    try {
      await importFiles(other, [...loaded.sourcePaths].reverse());
      const c = await traceCase(other, loaded.kase);
      expect(JSON.stringify(c.result)).toBe(JSON.stringify(a.result));
    } finally {
      await other.close();
    }
  });
});
