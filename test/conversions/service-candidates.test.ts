// Candidate links for swap services without a link key (src/conversions/service-candidates.ts): amount
// within the fee range, time within the delay window, confidence from the fit (90 - 20 x delay/max,
// divided by the number of rival fits), one payout used at most once; and a tracer run showing that the
// candidate is followed only with followProbable. Transfers are built here (hand-made, small numbers).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bps, proposeServiceCandidates, SERVICE_METHOD, type ServiceProfile, type ServiceTransfer } from '../../src/conversions/service-candidates.js';
import { isLedgerhoundError } from '../../src/errors.js';
import { parseConversion, conversionToJson } from '../../src/model/conversion.js';
import { buildConv, rowsOf, traceConv } from '../tracing/conversion-support.js';

const T0 = Date.parse('2024-03-01T00:00:00Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();
const USDT = 'erc20:0xdAC17F958D2ee523a2206206994597C13D831ec7';
const TRX_USDT = 'trc20:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t';
const A = '0x1111111111111111111111111111111111111111';
const S = '0x5555555555555555555555555555555555555555';
const B = '0x2222222222222222222222222222222222222222';
const C = '0x3333333333333333333333333333333333333333';

const t = (id: string, from: string, to: string, amount: bigint, seconds: number, over: Partial<ServiceTransfer> = {}): ServiceTransfer => ({
  id,
  chain: 'ethereum',
  asset: USDT,
  txHash: `tx-${id}`,
  from,
  to,
  amount,
  time: at(seconds),
  ...over,
});

// Fee 0.5 % to 2 %, fixed fee up to 1 USDT (1_000_000 base units), payout within 30 minutes.
const PROFILE: ServiceProfile = { name: 'Exchanger X', fee: { min: bps(50), max: bps(200) }, fixedFee: 1_000_000n, maxDelaySeconds: 1800 };

describe('proposeServiceCandidates', () => {
  it('one deposit, one payout in range: a service conversion with confidence 90 - 20 x delay/max', () => {
    // 1000 USDT in; range [980 - 1, 995] USDT; 985 USDT out 600 s later: 90 - round(20 x 600/1800) = 83.
    const res = proposeServiceCandidates([t('d1', A, S, 1_000_000_000n, 0)], [t('p1', S, B, 985_000_000n, 600)], PROFILE);
    expect(res.unmatched).toEqual([]);
    expect(res.ambiguities).toEqual([]);
    expect(res.conversions).toEqual([
      {
        id: 'ethereum:d1:service:0',
        kind: 'service',
        venue: 'Exchanger X',
        in: { chain: 'ethereum', address: A, asset: USDT, amount: 1_000_000_000n, refs: ['d1'] },
        out: { chain: 'ethereum', address: B, asset: USDT, amount: 985_000_000n, refs: ['p1'] },
        confidence: 83,
        method: SERVICE_METHOD,
        evidence: ['tx-d1', 'tx-p1'],
        note: 'delay 600s of at most 1800s',
      },
    ]);
    expect(parseConversion(conversionToJson(res.conversions[0]))).toEqual(res.conversions[0]);
  });

  it('bounds: the range ends are included, one unit outside and a late or early payout are not', () => {
    const d = [t('d1', A, S, 1_000_000_000n, 0)];
    const matches = (amount: bigint, seconds: number) => proposeServiceCandidates(d, [t('p', S, B, amount, seconds)], PROFILE).conversions.length;
    expect([matches(979_000_000n, 10), matches(995_000_000n, 10), matches(978_999_999n, 10), matches(995_000_001n, 10)]).toEqual([1, 1, 0, 0]);
    expect([matches(985_000_000n, 1800), matches(985_000_000n, 1801), matches(985_000_000n, -1)]).toEqual([1, 0, 0]);
  });

  it('two payouts fit one deposit: confidence halved, both listed, the quicker one taken', () => {
    const res = proposeServiceCandidates([t('d1', A, S, 1_000_000_000n, 0)], [t('p1', S, B, 985_000_000n, 900), t('p2', S, C, 990_000_000n, 300)], PROFILE);
    expect(res.conversions.map((c) => [c.out?.refs[0], c.confidence])).toEqual([['p2', Math.floor((90 - 3) / 2)]]);
    expect(res.conversions[0].note).toContain('other payouts that fit: ethereum:p1');
    expect(res.ambiguities).toEqual([{ deposit: 'ethereum:d1', payouts: ['ethereum:p1', 'ethereum:p2'], depositsOfPayout: [] }]);
  });

  it('one payout fitting two deposits is used once; the other deposit is unmatched', () => {
    const res = proposeServiceCandidates([t('d1', A, S, 1_000_000_000n, 0), t('d2', C, S, 1_000_000_000n, 60)], [t('p1', S, B, 985_000_000n, 600)], PROFILE);
    expect(res.conversions.map((c) => c.in.refs[0])).toEqual(['d2']);
    expect(res.unmatched).toEqual(['ethereum:d1']);
    expect(res.conversions[0].note).toContain('other deposits this payout fits: ethereum:d1');
  });

  it('cross-asset only with a caller-given rate (TRON USDT in, Ethereum USDT out at 1:1)', () => {
    const d = [t('d1', 'TAyBsxzYQHzUfeAcT5JkNf3Lm7KZTZnUyL', 'TS', 1_000_000_000n, 0, { chain: 'tron', asset: TRX_USDT })];
    const p = [t('p1', S, B, 985_000_000n, 600)];
    expect(proposeServiceCandidates(d, p, PROFILE).conversions).toEqual([]);
    const rates = [{ from: `tron/${TRX_USDT}`, to: `ethereum/${USDT}`, rate: { num: 1n, den: 1n } }];
    const res = proposeServiceCandidates(d, p, { ...PROFILE, rates });
    expect(res.conversions.map((c) => [c.in.chain, c.out?.chain, c.confidence])).toEqual([['tron', 'ethereum', 83]]);
  });

  it('a bad profile is INVALID_INPUT naming the field', () => {
    const bad = (p: Partial<ServiceProfile>, field: string) => {
      try {
        proposeServiceCandidates([], [], { ...PROFILE, ...p });
        throw new Error('no error');
      } catch (e) {
        expect(isLedgerhoundError(e, 'INVALID_INPUT')).toBe(true);
        expect((e as { details: { field: string } }).details.field).toBe(field);
      }
    };
    bad({ fee: { min: bps(300), max: bps(200) } }, 'fee');
    bad({ fee: { min: bps(0), max: { num: 3n, den: 2n } } }, 'fee.max');
    bad({ maxDelaySeconds: 0 }, 'maxDelaySeconds');
    bad({ fixedFee: -1n }, 'fixedFee');
  });

  it('property: every payout and deposit is used at most once, confidence in 1..90, every pair in range', () => {
    const arb = fc.record({
      deposits: fc.array(fc.record({ amount: fc.bigInt({ min: 1n, max: 10_000n }), s: fc.integer({ min: 0, max: 3600 }) }), { maxLength: 6 }),
      payouts: fc.array(fc.record({ amount: fc.bigInt({ min: 1n, max: 10_000n }), s: fc.integer({ min: 0, max: 3600 }) }), { maxLength: 6 }),
    });
    fc.assert(
      fc.property(arb, ({ deposits, payouts }) => {
        const ds = deposits.map((d, i) => t(`d${i}`, A, S, d.amount, d.s));
        const ps = payouts.map((p, i) => t(`p${i}`, S, B, p.amount, p.s));
        const res = proposeServiceCandidates(ds, ps, { ...PROFILE, fixedFee: 5n });
        const outs = res.conversions.map((c) => c.out?.refs[0]);
        expect(new Set(outs).size).toBe(outs.length);
        expect(res.conversions.length + res.unmatched.length).toBe(ds.length);
        for (const c of res.conversions) {
          expect(c.confidence).toBeGreaterThanOrEqual(1);
          expect(c.confidence).toBeLessThanOrEqual(90);
          const out = c.out!.amount;
          expect(out * 10_000n).toBeLessThanOrEqual(c.in.amount * 9_950n + 9_999n);
          expect((out + 5n) * 10_000n).toBeGreaterThanOrEqual(c.in.amount * 9_800n - 9_999n);
        }
      }),
    );
  });
});

describe('tracing a service candidate', () => {
  // V pays A 100 USDT; A deposits 100 at the exchanger S; S pays B 98 USDT 10 minutes later (delay in
  // blocks of 60 s); B pays 98 to the exchange X.
  const fixture = (followProbable?: boolean) =>
    buildConv({
      transfers: [
        { id: 'p1', asset: 'USDT', block: 1, from: 'V', to: 'A', amount: '100000000' },
        { id: 'd1', asset: 'USDT', block: 2, from: 'A', to: 'S', amount: '100000000' },
        { id: 'o1', asset: 'USDT', block: 12, from: 'S', to: 'B', amount: '98000000' },
        { id: 'x1', asset: 'USDT', block: 13, from: 'B', to: 'X', amount: '98000000' },
      ],
      conversions: [],
      tags: { X: 'exchange', S: 'wallet_service' },
      victims: [{ id: 'v1', transfer: 'p1' }],
      ...(followProbable !== undefined ? { followProbable } : {}),
    });

  async function run(followProbable?: boolean) {
    const built = fixture(followProbable);
    const byId = (id: string) => built.transfers.find((x) => x.id === id)!;
    const { conversions } = proposeServiceCandidates([byId('d1')], [byId('o1')], { name: 'Exchanger S', fee: { min: bps(50), max: bps(300) }, maxDelaySeconds: 3600 });
    expect(conversions.map((c) => [c.kind, c.confidence, c.method])).toEqual([['service', 87, SERVICE_METHOD]]);
    built.conversions = conversions;
    const { result } = await traceConv(built, { stopAt: ['exchange'] });
    return { result, built };
  }

  it('without followProbable the taint stops at the service as an endpoint naming the conversion', async () => {
    const { result, built } = await run();
    expect(rowsOf(result, built)).toEqual({ 'endpoint S USDT': '100000000' });
    expect(result.endpoints[0]).toMatchObject({ note: 'conversion: ethereum:d1:service:0' });
  });

  it('with followProbable the payout carries the taint on to the exchange, marked viaProbable', async () => {
    const { result, built } = await run(true);
    expect(rowsOf(result, built)).toEqual({ 'endpoint X USDT': '98000000' });
    expect(result.endpoints[0].viaProbable).toBe(true);
    expect(result.conversions?.[0]).toMatchObject({ id: 'ethereum:d1:service:0', confidence: 87, viaProbable: true });
  });
});
