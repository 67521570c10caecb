// Shared by the sample's trace tests: loads the hand-computed expected figures
// (test/fixtures/sample/expected-<policy>.json) and compares a trace result with them, exactly (as
// decimals scaled by 10^9, TRACING.md Rounding), plus conservation per chain and asset, in total and per
// victim, with the conversions' converted in and out (TRACING.md v2).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Policy } from '../../src/model/case.js';
import type { BySource, TraceResult } from '../../src/model/trace-result.js';

export const ROOT = join(import.meta.dirname, '../..');
export const SAMPLE_CASE = join(ROOT, 'samples/pig-butchering/case.yaml');

export const FIXTURES = join(ROOT, 'test/fixtures/sample');

export interface ExpectedRow {
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

export interface Expected {
  policy: Policy;
  sources?: { id: string; chain: string; asset: string; amount: string; ref: string }[];
  endpoints: ExpectedRow[];
  holdings: ExpectedRow[];
  fees: ExpectedRow[];
  openingShortfalls?: { chain: string; address: string; asset: string; amount: string; ref: string }[];
  totals: Record<string, Record<string, string>>;
}

export function loadExpected(policy: string): Expected {
  return JSON.parse(readFileSync(join(FIXTURES, `expected-${policy}.json`), 'utf8')) as Expected;
}

/** Exact value of a decimal string as a fraction over 10^9 (TRACING.md: at most 9 fractional digits). */
export function scaled(value: string): bigint {
  const m = /^(\d+)(?:\.(\d{1,9}))?$/.exec(value);
  if (!m) throw new Error(`not a decimal amount: ${value}`);
  return BigInt(m[1]) * 1_000_000_000n + BigInt((m[2] ?? '').padEnd(9, '0'));
}

/** A bySource map without zero entries, as exact scaled values. */
export function exactBySource(bySource: BySource): Record<string, bigint> {
  const out: Record<string, bigint> = {};
  for (const [k, v] of Object.entries(bySource)) if (scaled(v) !== 0n) out[k] = scaled(v);
  return out;
}

export function keyOf(row: { chain: string; address?: string; asset: string }): string {
  return `${row.chain}/${row.address ?? '-'}/${row.asset}`;
}

/** Rows that carry traced value, keyed by chain/address/asset (rows of zero are not findings). */
export function byKey<T extends { chain: string; address?: string; asset: string; amount: string }>(rows: T[]): Map<string, T> {
  const out = new Map<string, T>();
  for (const r of rows) {
    if (scaled(r.amount) === 0n) continue;
    expect(out.has(keyOf(r)), `one row per chain/address/asset: ${keyOf(r)}`).toBe(false);
    out.set(keyOf(r), r);
  }
  return out;
}

export function expectRows(kind: string, actual: ExpectedRow[], expected: ExpectedRow[]): void {
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

export function expectTotals(result: TraceResult, expected: Expected): void {
  for (const [key, want] of Object.entries(expected.totals)) {
    const got = result.totals[key];
    expect(got, `totals ${key}`).toBeDefined();
    for (const field of ['sources', 'endpoints', 'holdings', 'fees', 'dropped', 'convertedIn', 'convertedOut'] as const) {
      if (want[field] === undefined) continue;
      expect(got[field], `totals ${key}.${field}`).toBeDefined();
      expect(scaled(got[field]!), `totals ${key}.${field}: ${got[field]}`).toBe(scaled(want[field]));
    }
  }
  // Assets no victim money was in (ETH for gas) may be listed, but carry nothing.
  for (const [key, got] of Object.entries(result.totals)) {
    if (key in expected.totals) continue;
    for (const v of Object.values(got)) expect(scaled(v), `totals ${key}`).toBe(0n);
  }
}

/**
 * sources + convertedIn = endpoints + holdings + fees + dropped + convertedOut (TRACING.md v2), per
 * chain/asset in the totals and per victim and chain/asset with the conversions' bySource, exactly.
 */
export function expectConservation(result: TraceResult): void {
  for (const [key, t] of Object.entries(result.totals)) {
    const left = scaled(t.sources) + scaled(t.convertedIn ?? '0');
    const right = scaled(t.endpoints) + scaled(t.holdings) + scaled(t.fees) + scaled(t.dropped) + scaled(t.convertedOut ?? '0');
    expect(right, `conservation ${key}`).toBe(left);
  }
  // Per victim and chain/asset: what arrived (payment, conversion out) minus what left by conversion.
  const balance = new Map<string, bigint>();
  const add = (id: string, chain: string, asset: string, v: bigint) => {
    const k = `${id} ${chain}/${asset}`;
    balance.set(k, (balance.get(k) ?? 0n) + v);
  };
  for (const row of [...result.endpoints, ...result.holdings, ...result.fees, ...result.dropped]) {
    for (const [id, v] of Object.entries(row.bySource)) add(id, row.chain, row.asset, scaled(v));
  }
  for (const c of result.conversions ?? []) {
    for (const [id, v] of Object.entries(c.in.bySource)) add(id, c.in.chain, c.in.asset, scaled(v));
    for (const [id, v] of Object.entries(c.out?.bySource ?? {})) add(id, c.out!.chain, c.out!.asset, -scaled(v));
  }
  for (const s of result.sources) add(s.id, s.chain, s.asset, -scaled(s.amount));
  for (const [k, v] of balance) expect(v, `conservation of ${k}`).toBe(0n);
}
