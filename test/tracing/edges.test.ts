// Edge cases of the walk, worked by hand: a victim paying from an address that already held traced
// money (a scam's "profit" paid back to the victim), the same on coins, burns (OP_RETURN with value),
// per-asset dust, overrides, and the errors a bad case gives (NOT_FOUND / INVALID_INPUT with details).

import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../graph/sqlite/sqlite-store.js';
import { isLedgerhoundError } from '../../src/errors.js';
import type { Policy } from '../../src/model/case.js';
import { dustFor, type TraceOptions, traceCase } from '../../src/tracing/trace-case.js';
import { buildFixture, type FixtureInput, importFixture, projectResult } from './support.js';

async function run(input: FixtureInput, policy: Policy = 'fifo', options: TraceOptions = {}) {
  const built = buildFixture(input, policy);
  const store = openSqliteStore(':memory:');
  try {
    await importFixture(store, built);
    const { result } = await traceCase(store, built.kase, options);
    return { result, got: projectResult(result, built.aliases) };
  } finally {
    await store.close();
  }
}

async function failure(input: FixtureInput, options: TraceOptions = {}) {
  try {
    await run(input, 'fifo', options);
  } catch (e) {
    if (isLedgerhoundError(e)) return { code: e.code, details: e.details };
    throw e;
  }
  throw new Error('expected an error');
}

describe('victims paying from addresses that hold traced money', () => {
  it('account: the payment is wholly the new victim\'s; what it would have carried stays at the victim\'s address', async () => {
    const { got } = await run({
      transfers: [
        { id: 'p1', block: 1, from: 'V1', to: 'A', amount: '100' },
        { id: 'profit', block: 2, from: 'A', to: 'V2', amount: '10' },
        { id: 'p2', block: 3, from: 'V2', to: 'A', amount: '50' },
        { id: 'ax', block: 4, from: 'A', to: 'X', amount: '140' },
      ],
      tags: { X: 'exchange' },
      case: { victimPayments: [{ id: 'v1', transfer: 'p1' }, { id: 'v2', transfer: 'p2' }] },
    });
    expect(got.endpoints).toEqual([{ address: 'X', amount: '140', bySource: { v1: '90', v2: '50' }, hops: 2 }]);
    expect(got.holdings).toEqual([{ address: 'V2', amount: '10', bySource: { v1: '10' }, reason: 'unspent' }]);
    expect(got.openingShortfalls).toEqual([{ address: 'V2', amount: '40', ref: 'p2' }]);
    expect(got.totals).toEqual({ sources: '150', endpoints: '140', holdings: '10', fees: '0', dropped: '0' });
  });

  it('UTXO: the victim output is wholly the new victim\'s; the taint the line gave it stays with the tainted input\'s address', async () => {
    const { got } = await run({
      transactions: [
        { txid: 'P', block: 1, inputs: [{ prev: 'F:0', address: 'VV', value: '100' }], outputs: [{ address: 'A', value: '60' }, { address: 'B', value: '39' }] },
        { txid: 'R', block: 2, inputs: [{ prev: 'P:0', address: 'A', value: '60' }], outputs: [{ address: 'V2', value: '20' }, { address: 'A2', value: '39' }] },
        { txid: 'W', block: 3, inputs: [{ prev: 'R:0', address: 'V2', value: '20' }, { prev: 'G:0', address: 'V2', value: '30' }], outputs: [{ address: 'C', value: '45' }, { address: 'V2', value: '4' }] },
        { txid: 'Y', block: 4, inputs: [{ prev: 'W:0', address: 'C', value: '45' }], outputs: [{ address: 'X', value: '44' }] },
      ],
      tags: { X: 'exchange' },
      case: { victimPayments: [{ id: 'v1', output: 'P:0' }, { id: 'v2', output: 'W:0' }] },
    });
    expect(got.endpoints).toEqual([{ address: 'X', amount: '44', bySource: { v2: '44' }, hops: 2 }]);
    expect(got.holdings.sort((a, b) => a.address.localeCompare(b.address))).toEqual([
      { address: 'A2', amount: '39', bySource: { v1: '39' }, reason: 'unspent', outputs: ['R:1'] },
      { address: 'V2', amount: '20', bySource: { v1: '20' }, reason: 'unspent' },
    ]);
    expect(got.fees).toEqual([{ amount: '2', bySource: { v1: '1', v2: '1' } }]);
    expect(got.totals).toEqual({ sources: '105', endpoints: '44', holdings: '59', fees: '2', dropped: '0' });
  });
});

describe('other edges', () => {
  it('an OP_RETURN output with value is burnt: it counts as fees', async () => {
    const { got } = await run({
      transactions: [
        { txid: 'P', block: 1, inputs: [{ prev: 'F:0', address: 'VV', value: '100' }], outputs: [{ address: 'A', value: '60' }, { address: 'B', value: '39' }] },
        { txid: 'T', block: 2, inputs: [{ prev: 'P:0', address: 'A', value: '60' }], outputs: [{ address: 'X', value: '50' }, { address: null, value: '9', script: '6a0401020304' }] },
      ],
      tags: { X: 'exchange' },
      case: { victimPayments: [{ id: 'v1', output: 'P:0' }] },
    });
    expect(got.endpoints).toEqual([{ address: 'X', amount: '50', bySource: { v1: '50' }, hops: 2 }]);
    expect(got.fees).toEqual([{ amount: '10', bySource: { v1: '10' } }]);
  });

  const dusty: FixtureInput = {
    transfers: [
      { id: 'p1', block: 1, from: 'V', to: 'A', amount: '100' },
      { id: 'c1', block: 2, from: 'C', to: 'A', amount: '900' },
      { id: 'ad', block: 3, from: 'A', to: 'D', amount: '5' },
    ],
    case: { victimPayments: [{ id: 'v1', transfer: 'p1' }] },
  };

  it('dust: per asset, per chain/asset, one figure, or a command-line override', async () => {
    expect(dustFor({ ETH: '3', 'ethereum/ETH': '2' }, 'ethereum', 'ETH')).toBe(2_000_000_000n);
    expect(dustFor({ ETH: '3' }, 'ethereum', 'ETH')).toBe(3_000_000_000n);
    expect(dustFor({ BTC: '3' }, 'ethereum', 'ETH')).toBe(0n);
    expect(dustFor('4', 'bitcoin', 'BTC')).toBe(4_000_000_000n);
    const none = await run(dusty, 'haircut');
    expect(none.got.dropped).toEqual([]);
    const map = await run({ ...dusty, case: { ...dusty.case, dust: { ETH: '1' } } }, 'haircut');
    expect(map.got.dropped).toEqual([{ address: 'D', amount: '0.5', bySource: { v1: '0.5' } }]);
    const override = await run(dusty, 'haircut', { dust: '1' });
    expect(override.got.dropped).toEqual(map.got.dropped);
    expect(override.got.totals).toEqual({ sources: '100', endpoints: '0', holdings: '99.5', fees: '0', dropped: '0.5' });
  });

  it('overrides: until and maxHops from the options win over the case', async () => {
    const { got } = await run(dusty, 'fifo', { until: '2024-01-01T00:02:30Z' });
    expect(got.holdings).toEqual([{ address: 'A', amount: '100', bySource: { v1: '100' }, reason: 'until' }]);
    const hops = await run(dusty, 'fifo', { maxHops: 1 });
    // fifo: the 5 paid to D would be hop 2, so it stays at A (hop-limit); the other 95 never moved.
    expect(hops.got.holdings).toEqual([
      { address: 'A', amount: '5', bySource: { v1: '5' }, reason: 'hop-limit' },
      { address: 'A', amount: '95', bySource: { v1: '95' }, reason: 'unspent' },
    ]);
  });
});

describe('errors', () => {
  const base: FixtureInput = { transfers: [{ id: 'p1', block: 1, from: 'V', to: 'A', amount: '100' }], case: { victimPayments: [{ id: 'v1', transfer: 'p1' }] } };

  it('a victim payment that is not in the store is NOT_FOUND, naming the payment', async () => {
    expect(await failure({ ...base, case: { victimPayments: [{ id: 'v9', transfer: 'nope' }] } })).toEqual({
      code: 'NOT_FOUND',
      details: { victim: 'v9', chain: 'ethereum', transfer: 'nope' },
    });
  });

  it('two payments naming one transfer are INVALID_INPUT', async () => {
    const e = await failure({ ...base, case: { victimPayments: [{ id: 'v1', transfer: 'p1' }, { id: 'v2', transfer: 'p1' }] } });
    expect([e.code, e.details.field]).toEqual(['INVALID_INPUT', 'victimPayments.1.transfer']);
  });

  it.each([
    [{ maxHops: 0 }, 'maxHops'],
    [{ until: '2024-13-01' }, 'until'],
    [{ dust: '1.5' }, 'dust'],
    [{ policy: 'fofo' as Policy }, 'policy'],
    [{ stopAt: ['casino' as never] }, 'stopAt'],
  ])('bad settings %j are INVALID_INPUT on %s', async (options, field) => {
    const e = await failure(base, options);
    expect([e.code, e.details.field]).toEqual(['INVALID_INPUT', field]);
  });
});
