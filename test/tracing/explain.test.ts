// --explain (explain.ts): the hop-by-hop paths of value into an address, with the taint each hop carried.
// fifo follows the exact lots an outflow drew from; UTXO follows the coins; the mixing rules follow the
// earlier tainted inflows of the sender that share a victim.

import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../graph/sqlite/sqlite-store.js';
import type { Policy } from '../../src/model/case.js';
import { explainEndpoint } from '../../src/tracing/explain.js';
import { traceCase } from '../../src/tracing/trace-case.js';
import { buildFixture, type FixtureInput, importFixture } from './support.js';

async function explain(input: FixtureInput, policy: Policy, target: string) {
  const built = buildFixture(input, policy);
  const store = openSqliteStore(':memory:');
  try {
    await importFixture(store, built);
    const run = await traceCase(store, built.kase);
    const x = explainEndpoint(run, { address: built.aliases.address(target) });
    const a = (v: string | null) => (v === null ? 'fee' : built.aliases.alias(v));
    return { x, paths: x.paths.map((p) => `${p.source}: ${p.hops.map((h) => `${a(h.from)}>${a(h.to)} ${a(h.ref)} ${h.amount}`).join(' | ')}`) };
  } finally {
    await store.close();
  }
}

const twoVictims: FixtureInput = {
  transfers: [
    { id: 'p1', block: 1, from: 'V1', to: 'A', amount: '60' },
    { id: 'p2', block: 2, from: 'V2', to: 'B', amount: '40' },
    { id: 'ac', block: 3, from: 'A', to: 'C', amount: '60' },
    { id: 'bc', block: 4, from: 'B', to: 'C', amount: '40' },
    { id: 'cx', block: 5, from: 'C', to: 'X', amount: '50' },
    { id: 'cy', block: 6, from: 'C', to: 'Y', amount: '50' },
  ],
  tags: { X: 'exchange' },
  case: { victimPayments: [{ id: 'v1', transfer: 'p1' }, { id: 'v2', transfer: 'p2' }] },
};

describe('explainEndpoint', () => {
  it('fifo: only the lots the payment drew from (v1 60 then 10 of v2 are not both needed: 50 of v1)', async () => {
    const { x, paths } = await explain(twoVictims, 'fifo', 'X');
    expect(paths).toEqual(['v1: V1>A p1 60 | A>C ac 60 | C>X cx 50']);
    expect(x.endpoints.map((e) => e.amount)).toEqual(['50']);
    expect(x.inflows.map((f) => [f.ref, f.hop, f.amount])).toEqual([['cx', 3, '50']]);
    expect(x.truncated).toBe(false);
  });

  it('fifo: a payment that spans two lots has two paths', async () => {
    const { paths } = await explain(twoVictims, 'fifo', 'Y');
    expect(paths).toEqual(['v1: V1>A p1 60 | A>C ac 60 | C>Y cy 50', 'v2: V2>B p2 40 | B>C bc 40 | C>Y cy 50']);
  });

  it('haircut: every tainted inflow of the sender sharing a victim, with the pro-rata amounts', async () => {
    const { x, paths } = await explain(twoVictims, 'haircut', 'X');
    expect(paths).toEqual(['v1: V1>A p1 60 | A>C ac 60 | C>X cx 50', 'v2: V2>B p2 40 | B>C bc 40 | C>X cx 50']);
    expect(x.inflows[0].bySource).toEqual({ v1: '30', v2: '20' });
  });

  it('UTXO: follows the coins; maxPaths truncates and says so', async () => {
    const input: FixtureInput = {
      transactions: [
        { txid: 'P', block: 1, inputs: [{ prev: 'F:0', address: 'VV', value: '100' }], outputs: [{ address: 'A', value: '50' }, { address: 'B', value: '49' }] },
        { txid: 'S', block: 2, inputs: [{ prev: 'P:0', address: 'A', value: '50' }, { prev: 'P:1', address: 'B', value: '49' }], outputs: [{ address: 'X', value: '98' }] },
      ],
      tags: { X: 'exchange' },
      case: { victimPayments: [{ id: 'v1', output: 'P:0' }, { id: 'v2', output: 'P:1' }] },
    };
    const { x, paths } = await explain(input, 'fifo', 'X');
    expect(paths).toEqual(['v1: VV>A P:0 50 | A>X S:0 98', 'v2: VV>B P:1 49 | A>X S:0 98']);
    expect(x.inflows[0].bySource).toEqual({ v1: '50', v2: '48' });
    const built = buildFixture(input, 'fifo');
    const store = openSqliteStore(':memory:');
    await importFixture(store, built);
    const run = await traceCase(store, built.kase);
    await store.close();
    const one = explainEndpoint(run, { address: built.aliases.address('X') }, { maxPaths: 1 });
    expect([one.paths.length, one.truncated]).toEqual([1, true]);
    expect(explainEndpoint(run, { address: built.aliases.address('X'), chain: 'ethereum' }).paths).toEqual([]);
  });
});
