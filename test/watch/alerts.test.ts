// Watch alerts from a trace run (src/watch/alerts.ts): only events after the baseline, moved amounts and
// per-victim split, arrivals at cash-out points with a freeze-request draft, and stable ids (the same
// run in any flow order gives the same alerts).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TraceFlow, TraceRun } from '../../src/model/trace-result.js';
import { alertsFromRun } from '../../src/watch/alerts.js';

const flow = (f: Partial<TraceFlow> & Pick<TraceFlow, 'ref' | 'txHash' | 'block' | 'from' | 'to' | 'amount' | 'bySource'>): TraceFlow => ({
  chain: 'ethereum',
  asset: 'native',
  hop: 2,
  outcome: 'followed',
  ...f,
});

const run: TraceRun = {
  result: {
    version: 1,
    case: 'c',
    policy: 'fifo',
    sources: [],
    endpoints: [
      { chain: 'ethereum', address: '0xexch', asset: 'native', amount: '70', bySource: { v1: '40', v2: '30' }, label: 'Binance', category: 'exchange', hops: 3, transfers: [] },
      { chain: 'ethereum', address: '0xdefi', asset: 'native', amount: '5', bySource: { v1: '5' }, category: 'defi', hops: 3, transfers: [] },
    ],
    holdings: [],
    fees: [],
    dropped: [],
    totals: {},
  },
  flows: [
    flow({ ref: 'a:0', txHash: 'a', block: 5, from: '0xvictim', to: '0xhold', amount: '100', bySource: { v1: '60', v2: '40' }, hop: 1, source: 'v1' }),
    flow({ ref: 'b:0', txHash: 'b', block: 9, from: '0xhold', to: '0xnext', amount: '80', bySource: { v1: '50', v2: '30' }, time: '2026-01-01T00:00:00Z' }),
    flow({ ref: 'b:1', txHash: 'b', block: 9, from: '0xhold', to: '0xother', amount: '20', bySource: { v1: '10', v2: '10' }, time: '2026-01-01T00:00:00Z' }),
    flow({ ref: 'c:0', txHash: 'c', block: 11, from: '0xnext', to: '0xexch', amount: '70', bySource: { v1: '40', v2: '30' }, outcome: 'endpoint', time: '2026-01-01T00:01:00Z' }),
    flow({ ref: 'c:1', txHash: 'c', block: 11, from: '0xnext', to: '0xdefi', amount: '5', bySource: { v1: '5' }, outcome: 'endpoint', time: '2026-01-01T00:01:00Z' }),
    flow({ ref: 'old:0', txHash: 'old', block: 7, from: '0xhold', to: '0xelse', amount: '1', bySource: { v1: '1' } }),
  ],
};

const ctx = { caseName: 'c', stopAt: ['exchange'], baselines: { ethereum: 8 }, now: '2026-02-01T00:00:00Z' };

describe('watch alerts from a trace run', () => {
  it('raises moved (amount, per victim, destinations) and arrived (entity, freeze draft) for new blocks only', () => {
    const alerts = alertsFromRun(run, ctx);
    expect(alerts.map((a) => a.id)).toEqual(['moved:ethereum:b:0xhold:native', 'arrived:ethereum:c:0xexch:native', 'moved:ethereum:c:0xnext:native']);
    const moved = alerts[0];
    expect(moved).toMatchObject({ kind: 'moved', address: '0xhold', amount: '100', bySource: { v1: '60', v2: '40' }, transactions: ['b'] });
    expect(moved.to).toEqual([
      { address: '0xnext', amount: '80' },
      { address: '0xother', amount: '20' },
    ]);
    const arrived = alerts[1];
    expect(arrived).toMatchObject({ kind: 'arrived', entity: 'Binance', address: '0xexch', amount: '70', bySource: { v1: '40', v2: '30' } });
    expect(arrived.freezeRequest?.entity).toBe('Binance');
    expect(arrived.freezeRequest?.rows.map((r) => [r.victimPayment, r.amount, r.txHash])).toEqual([
      ['v1', '40', 'c'],
      ['v2', '30', 'c'],
    ]);
  });

  it('raises nothing for a chain without a baseline or before it', () => {
    expect(alertsFromRun(run, { ...ctx, baselines: {} })).toEqual([]);
    expect(alertsFromRun(run, { ...ctx, baselines: { ethereum: 11 } })).toEqual([]);
  });

  it('gives the same alerts and ids whatever the order of the flows (stable ids)', () => {
    const expected = alertsFromRun(run, ctx);
    fc.assert(
      fc.property(fc.shuffledSubarray(run.flows, { minLength: run.flows.length, maxLength: run.flows.length }), (flows) => {
        expect(alertsFromRun({ ...run, flows }, ctx)).toEqual(expected);
      }),
    );
  });
});
