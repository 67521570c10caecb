// The README's main command on the sample case: import samples/pig-butchering into an embedded store,
// trace it, and compare with the figures computed by hand from TRACING.md
// (test/fixtures/sample/expected-{fifo,haircut,libr}.json, worked in samples/pig-butchering/README.md).
// Exact for fifo, haircut, libr and poison (exposure); conservation (sources = endpoints + holdings + fees + dropped, in
// total and per victim) for every policy but poison.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LoadedCase, loadCaseFile } from '../../adapters/files/case-file.js';
import { importFiles } from '../../adapters/files/import-files.js';
import { openSqliteStore } from '../../graph/sqlite/sqlite-store.js';
import type { Policy } from '../../src/model/case.js';
import type { BySource, TraceResult } from '../../src/model/trace-result.js';
import type { GraphStore } from '../../src/ports.js';
import { traceCase } from '../../src/tracing/trace-case.js';

const ROOT = join(import.meta.dirname, '../..');
const FIXTURES = join(ROOT, 'test/fixtures/sample');

interface ExpectedRow {
  chain: string;
  address?: string;
  asset: string;
  amount: string;
  bySource: BySource;
  label?: string;
  category?: string;
  hops?: number;
  reason?: string;
  outputs?: string[];
  transfers?: { ref: string; time?: string; amount: string }[];
}

interface Expected {
  policy: Policy;
  sources?: { id: string; chain: string; asset: string; amount: string; ref: string }[];
  endpoints: ExpectedRow[];
  holdings: ExpectedRow[];
  fees: ExpectedRow[];
  openingShortfalls?: { chain: string; address: string; asset: string; amount: string; ref: string }[];
  totals: Record<string, Record<string, string>>;
}

function loadExpected(policy: string): Expected {
  return JSON.parse(readFileSync(join(FIXTURES, `expected-${policy}.json`), 'utf8')) as Expected;
}

/** Exact value of a decimal string as a fraction over 10^9 (TRACING.md: at most 9 fractional digits). */
function scaled(value: string): bigint {
  const m = /^(\d+)(?:\.(\d{1,9}))?$/.exec(value);
  if (!m) throw new Error(`not a decimal amount: ${value}`);
  return BigInt(m[1]) * 1_000_000_000n + BigInt((m[2] ?? '').padEnd(9, '0'));
}

/** A bySource map without zero entries, as exact scaled values. */
function exactBySource(bySource: BySource): Record<string, bigint> {
  const out: Record<string, bigint> = {};
  for (const [k, v] of Object.entries(bySource)) if (scaled(v) !== 0n) out[k] = scaled(v);
  return out;
}

function keyOf(row: { chain: string; address?: string; asset: string }): string {
  return `${row.chain}/${row.address ?? '-'}/${row.asset}`;
}

/** Rows that carry traced value, keyed by chain/address/asset (rows of zero are not findings). */
function byKey<T extends { chain: string; address?: string; asset: string; amount: string }>(rows: T[]): Map<string, T> {
  const out = new Map<string, T>();
  for (const r of rows) {
    if (scaled(r.amount) === 0n) continue;
    expect(out.has(keyOf(r)), `one row per chain/address/asset: ${keyOf(r)}`).toBe(false);
    out.set(keyOf(r), r);
  }
  return out;
}

function expectRows(kind: string, actual: ExpectedRow[], expected: ExpectedRow[]): void {
  const got = byKey(actual);
  const want = byKey(expected);
  expect([...got.keys()].sort(), `${kind}: which rows`).toEqual([...want.keys()].sort());
  for (const [key, w] of want) {
    const g = got.get(key)!;
    expect(scaled(g.amount), `${kind} ${key}: amount ${g.amount}`).toBe(scaled(w.amount));
    expect(exactBySource(g.bySource), `${kind} ${key}: bySource`).toEqual(exactBySource(w.bySource));
    if (w.hops !== undefined) expect(g.hops, `${kind} ${key}: hops`).toBe(w.hops);
    if (w.label !== undefined) expect(g.label, `${kind} ${key}: label`).toBe(w.label);
    if (w.category !== undefined) expect(g.category, `${kind} ${key}: category`).toBe(w.category);
    if (w.reason !== undefined) expect(g.reason, `${kind} ${key}: reason`).toBe(w.reason);
    if (w.outputs !== undefined) expect(g.outputs, `${kind} ${key}: outputs`).toEqual(w.outputs);
    if (w.transfers !== undefined) {
      const gt = (g.transfers ?? []).map((t) => ({ ref: t.ref, time: t.time, amount: scaled(t.amount) }));
      expect(gt, `${kind} ${key}: transfers`).toEqual(w.transfers.map((t) => ({ ref: t.ref, time: t.time, amount: scaled(t.amount) })));
    }
  }
}

function expectTotals(result: TraceResult, expected: Expected): void {
  for (const [key, want] of Object.entries(expected.totals)) {
    const got = result.totals[key];
    expect(got, `totals ${key}`).toBeDefined();
    for (const field of ['sources', 'endpoints', 'holdings', 'fees', 'dropped'] as const) {
      expect(scaled(got[field]), `totals ${key}.${field}: ${got[field]}`).toBe(scaled(want[field]));
    }
  }
  // Assets no victim money was in (ETH for gas) may be listed, but carry nothing.
  for (const [key, got] of Object.entries(result.totals)) {
    if (key in expected.totals) continue;
    for (const v of Object.values(got)) expect(scaled(v), `totals ${key}`).toBe(0n);
  }
}

/** sources = endpoints + holdings + fees + dropped, per chain/asset and per victim, as exact decimals. */
function expectConservation(result: TraceResult): void {
  for (const [key, t] of Object.entries(result.totals)) {
    expect(scaled(t.endpoints) + scaled(t.holdings) + scaled(t.fees) + scaled(t.dropped), `conservation ${key}`).toBe(scaled(t.sources));
  }
  const reached = new Map<string, bigint>();
  for (const row of [...result.endpoints, ...result.holdings, ...result.fees, ...result.dropped]) {
    for (const [id, v] of Object.entries(row.bySource)) reached.set(id, (reached.get(id) ?? 0n) + scaled(v));
  }
  for (const s of result.sources) expect(reached.get(s.id), `conservation of ${s.id}`).toBe(scaled(s.amount));
}

describe('sample pig-butchering case: trace against the hand-computed figures', () => {
  let store: GraphStore;
  let loaded: LoadedCase;

  beforeAll(async () => {
    store = openSqliteStore(':memory:');
    loaded = await loadCaseFile(join(ROOT, 'samples/pig-butchering/case.yaml'));
    const imported = await importFiles(store, loaded.sourcePaths);
    expect(imported.map((r) => r.kind)).toEqual(['transfers', 'transactions', 'tags', 'tags']);
  });

  afterAll(async () => {
    await (store as unknown as { close?: () => Promise<void> | void }).close?.();
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

  it('the same store and settings give byte-identical results', async () => {
    const a = await traceCase(store, loaded.kase);
    const b = await traceCase(store, loaded.kase);
    expect(JSON.stringify(b.result)).toBe(JSON.stringify(a.result));
  });
});
