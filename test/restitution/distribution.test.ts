// Restitution (issue 16): largest-remainder allocation and the two bases of a distribution (FORMATS.md v2,
// Distribution). The invariant: under each basis the shares are whole base units that add up to the
// seized amount exactly, for any trace result, seizure and losses.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TraceResult } from '../../src/model/trace-result.js';
import { distributeSeizures, type Seizure } from '../../src/restitution/distribution.js';
import { allocateLargestRemainder } from '../../src/restitution/largest-remainder.js';

const USDT = 'erc20:0xdAC17F958D2ee523a2206206994597C13D831ec7';
const ADDR = '0x5041ed759Dd4aFc3a72b8192C143F72f4724081A';

function sum(values: Iterable<string | bigint>): bigint {
  let t = 0n;
  for (const v of values) t += BigInt(v);
  return t;
}

describe('largest-remainder allocation', () => {
  it('gives floors first, then the left-over units to the largest remainders (ties to the earlier entry)', () => {
    // 10 in thirds: 3.33 each, one unit left, to the first.
    expect(allocateLargestRemainder(10n, [{ id: 'a', weight: 1n }, { id: 'b', weight: 1n }, { id: 'c', weight: 1n }])).toEqual(
      new Map([['a', 4n], ['b', 3n], ['c', 3n]]),
    );
    // 9999999999 at 60/40: 5999999999.4 and 3999999999.6 -> the .6 gets the unit.
    expect(allocateLargestRemainder(9_999_999_999n, [{ id: 'chen', weight: 6n }, { id: 'dana', weight: 4n }])).toEqual(
      new Map([['chen', 5_999_999_999n], ['dana', 4_000_000_000n]]),
    );
    expect(allocateLargestRemainder(5n, [{ id: 'a', weight: 0n }])).toBeUndefined();
  });

  it('adds up to the total exactly for any weights (fast-check)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 30n }), fc.array(fc.bigInt({ min: 0n, max: 10n ** 40n }), { minLength: 1, maxLength: 12 }), (total, ws) => {
        const shares = allocateLargestRemainder(total, ws.map((weight, i) => ({ id: `v${i}`, weight })));
        if (ws.every((w) => w === 0n)) return shares === undefined;
        if (!shares) return false;
        // Each share is within one unit of its exact quota.
        const W = sum(ws);
        ws.forEach((w, i) => {
          const share = shares.get(`v${i}`) ?? -1n;
          expect(share * W <= total * w + W && share * W >= total * w - W).toBe(true);
        });
        return sum(shares.values()) === total;
      }),
    );
  });
});

/** A random trace result: victims of USDT on ethereum (some elsewhere), value at ADDR as endpoint and/or holding. */
const traceCase = fc
  .record({
    victims: fc.array(fc.record({ amount: fc.bigInt({ min: 1n, max: 10n ** 15n }), here: fc.bigInt({ min: 0n, max: 10n ** 15n }), frac: fc.integer({ min: 0, max: 999_999_999 }), otherChain: fc.boolean(), price: fc.option(fc.tuple(fc.bigInt({ min: 1n, max: 10n ** 8n }), fc.integer({ min: 0, max: 6 }))) }), { minLength: 1, maxLength: 8 }),
    seized: fc.bigInt({ min: 1n, max: 10n ** 18n }),
    asHolding: fc.boolean(),
  })
  .map(({ victims, seized, asHolding }) => {
    const bySource: Record<string, string> = {};
    victims.forEach((v, i) => {
      if (v.here > 0n) bySource[`v${i}`] = `${v.here}.${String(v.frac).padStart(9, '0')}`;
    });
    const result: TraceResult = {
      version: 1,
      case: 'random',
      policy: 'haircut',
      sources: victims.map((v, i) => ({ id: `v${i}`, chain: v.otherChain ? 'tron' : 'ethereum', asset: v.otherChain ? 'trc20:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t' : USDT, amount: v.amount.toString(), ref: `r${i}` })),
      endpoints: asHolding ? [] : [{ chain: 'ethereum', address: ADDR, asset: USDT, amount: '0', bySource, hops: 2, transfers: [] }],
      holdings: asHolding ? [{ chain: 'ethereum', address: ADDR.toLowerCase(), asset: USDT, amount: '0', bySource, reason: 'unspent' }] : [],
      fees: [],
      dropped: [],
      totals: {},
    };
    const seizure: Seizure = { id: 'S', chain: 'ethereum', address: ADDR, asset: USDT, amount: seized.toString() };
    const losses = new Map(victims.flatMap((v, i) => (v.price ? [[`v${i}`, { num: v.amount * v.price[0], den: 10n ** BigInt(6 + v.price[1]) }] as const] : [])));
    return { result, seizure, losses };
  });

describe('distribution of a seizure', () => {
  it('adds up to the seized amount to the base unit under both bases, with or without fiat losses (fast-check)', () => {
    fc.assert(
      fc.property(traceCase, fc.boolean(), ({ result, seizure, losses }, withFiat) => {
        const d = distributeSeizures(result, [seizure], withFiat ? { fiat: { currency: 'USD', losses } } : {});
        const s = d.seizures[0];
        const hasTraced = Object.keys(result.endpoints[0]?.bySource ?? result.holdings[0]?.bySource ?? {}).length > 0;
        if (hasTraced) expect(sum(Object.values(s.traced))).toBe(BigInt(seizure.amount));
        else expect(s.traced).toEqual({});
        const fiatBasis = withFiat && losses.size === result.sources.length;
        expect(s.pariPassuBasis).toBe(fiatBasis ? 'fiat:USD' : 'asset');
        const anySameAsset = result.sources.some((x) => x.asset === USDT);
        if (fiatBasis || anySameAsset) expect(sum(Object.values(s.pariPassu))).toBe(BigInt(seizure.amount));
        for (const v of [...Object.values(s.traced), ...Object.values(s.pariPassu)]) expect(v).toMatch(/^\d+$/);
        // Victims whose money is not at the address get no traced share.
        for (const id of Object.keys(s.traced)) expect(result.endpoints[0]?.bySource[id] ?? result.holdings[0]?.bySource[id]).toBeDefined();
      }),
      { numRuns: 300 },
    );
  });

  it('weighs pari passu by fiat loss when every payment has a price, else by traced amounts of the seized asset', () => {
    const result: TraceResult = {
      version: 1,
      case: 'c',
      policy: 'fifo',
      sources: [
        { id: 'a', chain: 'ethereum', asset: USDT, amount: '3000000', ref: 'r1' },
        { id: 'b', chain: 'ethereum', asset: USDT, amount: '1000000', ref: 'r2' },
        { id: 'e', chain: 'bitcoin', asset: 'BTC', amount: '100000000', ref: 'r3:0' },
      ],
      endpoints: [{ chain: 'ethereum', address: ADDR, asset: USDT, amount: '4000000', bySource: { a: '1000000', b: '3000000' }, hops: 1, transfers: [] }],
      holdings: [],
      fees: [],
      dropped: [],
      totals: {},
    };
    const seizure: Seizure = { id: 'S', chain: 'ethereum', address: ADDR.toLowerCase(), asset: USDT, amount: '100' };
    const byAsset = distributeSeizures(result, [seizure]).seizures[0];
    expect(byAsset.traced).toEqual({ a: '25', b: '75' });
    expect(byAsset.pariPassu).toEqual({ a: '75', b: '25', e: '0' });
    // Fiat: a lost 3 USD, b 1 USD, e 6 USD -> 30 / 10 / 60.
    const fiat = { currency: 'USD', losses: new Map([['a', { num: 3n, den: 1n }], ['b', { num: 10n, den: 10n }], ['e', { num: 600n, den: 100n }]]) };
    const byFiat = distributeSeizures(result, [seizure], { fiat }).seizures[0];
    expect(byFiat.pariPassuBasis).toBe('fiat:USD');
    expect(byFiat.pariPassu).toEqual({ a: '30', b: '10', e: '60' });
    // One payment without a price: back to the asset basis, and a note says why.
    fiat.losses.delete('e');
    const partial = distributeSeizures(result, [seizure], { fiat }).seizures[0];
    expect(partial.pariPassuBasis).toBe('asset');
    expect(partial.notes?.join(' ')).toContain('no USD price for e');
    // Nothing traced there: no traced share, a note.
    const elsewhere = distributeSeizures(result, [{ ...seizure, address: '0x0000000000000000000000000000000000000001' }]).seizures[0];
    expect(elsewhere.traced).toEqual({});
    expect(elsewhere.tracedAtAddress).toBe('0');
    expect(elsewhere.notes?.[0]).toContain('no traced value');
  });
});
