// Tracing through conversions (TRACING.md v2, "Conversions"), worked by hand on small cases: a swap under
// every policy, an ambiguous conversion, a probable link with and without followProbable, an out-ref
// logged before the in-ref, a cross-chain bridge landing at its place in the destination chain, and a
// THORChain-like landing on a Bitcoin output. Every case also checks the v2 totals identity and that a
// chain scan gives the same JSON as ledgers.

import { describe, expect, it } from 'vitest';
import type { Policy } from '../../src/model/case.js';
import { buildConv, expectTotalsIdentity, rowsOf, swap, traceConv } from './conversion-support.js';

describe('a swap USDT -> ETH under every policy', () => {
  const cases: [Policy, Record<string, string>][] = [
    // fifo: the 10 clean ETH leave first, then 15 of the 30 that landed.
    ['fifo', { 'endpoint X ETH': '15', 'holding A ETH unspent': '15', 'holding A USDT unspent': '40' }],
    // lifo: the landed lot is the newest.
    ['lifo', { 'endpoint X ETH': '25', 'holding A ETH unspent': '5', 'holding A USDT unspent': '40' }],
    // haircut: 25 * 30 / 40.
    ['haircut', { 'endpoint X ETH': '18.75', 'holding A ETH unspent': '11.25', 'holding A USDT unspent': '40' }],
    // libr: max(0, 25 - (40 - 30)).
    ['libr', { 'endpoint X ETH': '15', 'holding A ETH unspent': '15', 'holding A USDT unspent': '40' }],
    // poison: A is exposed in ETH from the landing on: the 25 paid out and the 15 left.
    ['poison', { 'endpoint X ETH': '25', 'holding A ETH unspent': '15', 'holding A USDT unspent': '40' }],
  ];
  for (const [policy, rows] of cases) {
    it(`${policy}: the pool is neither credited nor a holding; the ETH lands at A one hop after the in-ref`, async () => {
      const built = buildConv(swap(), policy);
      const { result, flows } = await traceConv(built);
      expect(rowsOf(result, built)).toEqual(rows);
      expect(result.endpoints[0].hops).toBe(4);
      const [c] = result.conversions ?? [];
      expect(c).toMatchObject({ id: 'c1', kind: 'swap', venue: 'Pool P', rate: { in: '60', out: '30' }, confidence: 100, viaProbable: false });
      expect([c.in.amount, c.out?.amount, c.in.bySource, c.out?.bySource]).toEqual(['60', '30', { v1: '60' }, { v1: '30' }]);
      const usdt = result.totals['ethereum/erc20:0xdAC17F958D2ee523a2206206994597C13D831ec7'];
      const eth = result.totals['ethereum/ETH'];
      expect([usdt.sources, usdt.convertedOut, usdt.convertedIn, eth.sources, eth.convertedIn, eth.convertedOut]).toEqual(['100', '60', '0', '0', '30', '0']);
      if (policy !== 'poison') expectTotalsIdentity(result);
      // The flows: the in-ref is `converted` into c1, the landing comes out of it.
      expect(flows.find((f) => f.ref === 's:1')).toMatchObject({ outcome: 'converted', conversion: 'c1', hop: 2 });
      expect(flows.find((f) => f.ref === 's:2')).toMatchObject({ outcome: 'followed', fromConversion: 'c1', hop: 3 });
    });
  }

  it('out-refs do not debit the venue: a pool followed for other reasons keeps its own ledger', async () => {
    // P is also paid 5 tainted ETH by A directly (not a conversion ref): P holds those 5; the 30 P paid out
    // by the out-ref are not taken from P.
    const input = swap();
    input.transfers!.push({ id: 'y', block: 4, from: 'A', to: 'P', amount: '5' });
    const built = buildConv(input, 'fifo');
    const { result } = await traceConv(built);
    expect(rowsOf(result, built)).toEqual({ 'endpoint X ETH': '15', 'holding A ETH unspent': '10', 'holding P ETH unspent': '5', 'holding A USDT unspent': '40' });
    expect(result.openingShortfalls).toEqual([]);
    expectTotalsIdentity(result);
  });
});

describe('conversions the walk does not follow', () => {
  it('ambiguous (no out): the taint stops at the venue, category defi, note "ambiguous conversion"', async () => {
    const input = swap({ conversions: [{ id: 'c1', venue: 'Pool P', in: { address: 'A', asset: 'USDT', refs: ['s:1'] }, confidence: 50 }] });
    const built = buildConv(input, 'fifo');
    const { result } = await traceConv(built);
    expect(rowsOf(result, built)).toEqual({ 'endpoint P USDT': '60', 'holding A USDT unspent': '40' });
    expect(result.endpoints[0]).toMatchObject({ category: 'defi', label: 'Pool P', note: 'ambiguous conversion', hops: 2 });
    expect(result.conversions).toEqual([
      expect.objectContaining({ id: 'c1', kind: 'ambiguous', stopped: 'ambiguous conversion', in: expect.objectContaining({ amount: '60' }) }),
    ]);
    expectTotalsIdentity(result);
  });

  it('probable (confidence 80) without followProbable: an endpoint at the venue with its tag category, naming the conversion', async () => {
    const input = swap({ conversions: [{ id: 'c1', kind: 'service', venue: 'SwapService', in: { address: 'A', asset: 'USDT', refs: ['s:1'] }, out: { address: 'A', asset: 'ETH', refs: ['s:2'] }, confidence: 80 }] });
    input.tags = { X: 'exchange', P: 'wallet_service' };
    const built = buildConv(input, 'fifo');
    const { result } = await traceConv(built, { stopAt: ['exchange'] });
    // wallet_service is not in stopAt here: the conversion stops the taint anyway.
    expect(rowsOf(result, built)).toEqual({ 'endpoint P USDT': '60', 'holding A USDT unspent': '40' });
    expect(result.endpoints[0]).toMatchObject({ category: 'wallet_service', note: 'conversion: c1' });
    expect(result.endpoints[0].viaProbable).toBeUndefined();
  });

  it('probable with followProbable: followed, and every row its taint reaches says viaProbable', async () => {
    const input = swap({
      conversions: [{ id: 'c1', kind: 'service', venue: 'SwapService', in: { address: 'A', asset: 'USDT', refs: ['s:1'] }, out: { address: 'A', asset: 'ETH', refs: ['s:2'] }, confidence: 80 }],
      followProbable: true,
    });
    const built = buildConv(input, 'haircut');
    const { result } = await traceConv(built);
    expect(rowsOf(result, built)).toEqual({ 'endpoint X ETH': '18.75', 'holding A ETH unspent': '11.25', 'holding A USDT unspent': '40' });
    expect(result.endpoints[0].viaProbable).toBe(true);
    expect(result.holdings.map((h) => [built.alias(h.address), h.asset, h.viaProbable])).toEqual([
      ['A', 'ETH', true],
      ['A', 'erc20:0xdAC17F958D2ee523a2206206994597C13D831ec7', undefined],
    ]);
    expect(result.conversions?.[0]).toMatchObject({ confidence: 80, viaProbable: true });
    expectTotalsIdentity(result);
    // The case file's setting can be overridden.
    const off = await traceConv(built, { followProbable: false });
    expect(rowsOf(off.result, built)).toEqual({ 'endpoint P USDT': '60', 'holding A USDT unspent': '40' });
  });
});

describe('where a landing happens', () => {
  it('an out-ref logged before the last in-ref (Uniswap V3) is taken just after it, for the recipient too', async () => {
    // In tx s: the ETH payout to A is log 1, A pays B 10 ETH at log 2, A pays the pool 60 USDT at log 3.
    // A had no ETH before: the payment to B comes before the payout, so it is clean (an opening
    // shortfall), and all 30 ETH stay at A.
    const built = buildConv(
      {
        transfers: [
          { id: 'p1', asset: 'USDT', block: 1, from: 'V', to: 'A', amount: '100' },
          { id: 's:1', block: 2, index: 1, from: 'P', to: 'A', amount: '30' },
          { id: 's:2', block: 2, index: 2, from: 'A', to: 'B', amount: '10' },
          { id: 's:3', asset: 'USDT', block: 2, index: 3, from: 'A', to: 'P', amount: '60' },
        ],
        conversions: [{ id: 'c1', in: { address: 'A', asset: 'USDT', refs: ['s:3'] }, out: { address: 'A', asset: 'ETH', refs: ['s:1'] } }],
        victims: [{ id: 'v1', transfer: 'p1' }],
      },
      'fifo',
    );
    const { result } = await traceConv(built);
    expect(rowsOf(result, built)).toEqual({ 'holding A ETH unspent': '30', 'holding A USDT unspent': '40' });
    expect(result.openingShortfalls?.map((s) => [built.alias(s.address), s.asset, s.amount])).toEqual([['A', 'ETH', '10']]);
    expectTotalsIdentity(result);
  });

  it('cross-chain (TRON USDT -> bridge -> Ethereum USDT): destination events before the landing do not see the taint', async () => {
    const built = buildConv(
      {
        transfers: [
          { id: 'p1', chain: 'tron', asset: 'TRC-USDT', block: 1, from: 'V', to: 'A', amount: '100' },
          { id: 'b:0', chain: 'tron', asset: 'TRC-USDT', block: 5, from: 'A', to: 'BR', amount: '100' },
          { id: 'g', asset: 'USDT', block: 30, from: 'F', to: 'A2', amount: '20' },
          { id: 'h', asset: 'USDT', block: 40, from: 'A2', to: 'C', amount: '20' },
          { id: 'o:0', asset: 'USDT', block: 50, from: 'BE', to: 'A2', amount: '99' },
          { id: 'k', asset: 'USDT', block: 60, from: 'A2', to: 'X', amount: '50' },
        ],
        conversions: [
          { id: 'br1', kind: 'bridge', venue: 'Bridge', in: { chain: 'tron', address: 'A', asset: 'TRC-USDT', refs: ['b:0'] }, out: { address: 'A2', asset: 'USDT', refs: ['o:0'] } },
        ],
        tags: { X: 'exchange' },
        victims: [{ id: 'v1', chain: 'tron', transfer: 'p1' }],
      },
      'fifo',
    );
    const { result } = await traceConv(built);
    expect(rowsOf(result, built)).toEqual({ 'endpoint X USDT': '50', 'holding A2 USDT unspent': '49' });
    expect(result.totals).toEqual({
      'ethereum/erc20:0xdAC17F958D2ee523a2206206994597C13D831ec7': { sources: '0', endpoints: '50', holdings: '49', fees: '0', dropped: '0', convertedIn: '99', convertedOut: '0' },
      'tron/trc20:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t': { sources: '100', endpoints: '0', holdings: '0', fees: '0', dropped: '0', convertedIn: '0', convertedOut: '100' },
    });
    expect(result.endpoints[0].hops).toBe(4);
    expectTotalsIdentity(result);
  });

  it('UTXO: a THORChain-like ETH -> BTC swap lands on the outbound output; an inbound output is an in-ref', async () => {
    // ETH: V pays A 10; A pays the router R 10 (in-ref). BTC: the vault's coin pays AB 50000 (T:0, the
    // out-ref: rate 5000) and change back to the vault; AB spends T:0: 30000 to X, 19000 back into the
    // vault (U:1, the in-ref of a second, ambiguous swap), fee 1000. Haircut on coins.
    const built = buildConv(
      {
        transfers: [
          { id: 'p1', block: 1, from: 'V', to: 'A', amount: '10' },
          { id: 'r', block: 2, from: 'A', to: 'R', amount: '10' },
        ],
        transactions: [
          { txid: 'T', block: 100, inputs: [{ prev: 'VAULT0:0', address: 'VAULT', value: '900000' }], outputs: [{ address: 'AB', value: '50000' }, { address: 'VAULT', value: '849000' }] },
          { txid: 'U', block: 101, inputs: [{ prev: 'T:0', address: 'AB', value: '50000' }], outputs: [{ address: 'X', value: '30000' }, { address: 'VAULT', value: '19000' }] },
        ],
        conversions: [
          { id: 'thor1', kind: 'bridge', venue: 'THORChain', in: { address: 'A', asset: 'ETH', refs: ['r'] }, out: { chain: 'bitcoin', address: 'AB', asset: 'BTC', refs: ['T:0'] } },
          // A second swap: the 19000 BTC coin U:1 paid into the vault is its in-ref (ambiguous: no out).
          { id: 'thor2', kind: 'ambiguous', venue: 'THORChain', in: { chain: 'bitcoin', address: 'AB', asset: 'BTC', refs: ['U:1'] } },
        ],
        tags: { 'bitcoin/X': 'exchange' },
        victims: [{ id: 'v1', transfer: 'p1' }],
      },
      'haircut',
    );
    const { result } = await traceConv(built);
    expect(rowsOf(result, built)).toEqual({ 'endpoint X BTC': '30000', 'endpoint VAULT BTC': '19000', 'fee bitcoin BTC': '1000' });
    expect(result.endpoints.find((e) => e.chain === 'bitcoin' && built.alias(e.address) === 'VAULT')).toMatchObject({ note: 'ambiguous conversion', category: 'defi' });
    expect(result.totals['bitcoin/BTC']).toMatchObject({ sources: '0', convertedIn: '50000' });
    expect(result.totals['ethereum/ETH']).toMatchObject({ sources: '10', convertedOut: '10' });
    expectTotalsIdentity(result);
  });
});
