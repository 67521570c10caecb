// `victims <case>` per victim person (issue 16) on the pig-butchering sample: alice-1 and alice-2 grouped
// into one person (by the id stem, and by intake.csv's rows), totals computed by hand from the sample
// (payments, each cash-out point, seizure shares), the per-payment statements kept inside the person.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { victimPersonsOfCase } from '../../app/restitution.js';
import { personTotals } from '../../src/restitution/victim-person-totals.js';
import type { VictimStatement } from '../../src/restitution/victim-statements.js';
import { tempDir } from '../support/stores.js';

const SAMPLE = join(import.meta.dirname, '../../samples/pig-butchering');
const CASE = join(SAMPLE, 'case.yaml');
const OKX = '0x5041ed759Dd4aFc3a72b8192C143F72f4724081A';
const BITFINEX = '0x77134cbC06cB00b66F4c7e623D5fdBF6777635EC';
const OTC = '0xb77EA04F0B1FcFcdE36dAd5Fc27FD8F8C583c95b';

describe('victims per person on the sample', () => {
  it('groups alice-1 and alice-2 into alice with hand-computed totals; intake names and reported losses; seizure shares', { timeout: 180_000 }, async () => {
    const s = await victimPersonsOfCase({
      caseFile: CASE,
      store: { store: join(tempDir(), 'case.db'), cwd: SAMPLE },
      pricesFile: join(SAMPLE, 'prices.csv'),
      intakeFile: join(SAMPLE, 'intake.csv'),
      seizuresFile: join(SAMPLE, 'seizures.jsonl'),
    });
    expect(s.victims.map((v) => v.id)).toEqual(['alice', 'bob', 'chen', 'dana', 'erik']);
    const alice = s.victims.find((v) => v.id === 'alice')!;
    expect(alice.payments.map((p) => p.id)).toEqual(['alice-1', 'alice-2']);
    // The old per-payment fields are kept inside the person.
    expect(alice.payments[0].paid).toMatchObject({ amount: '50000000000', fiat: { amount: '50000.00', currency: 'USD' } });
    expect(alice.personal).toEqual({ name: 'Alice Example (fictional)', contact: 'complaint ref. LF-2024-0117' });
    expect(alice.reported).toEqual([
      { payment: 'alice-1', amount: '50000.00', currency: 'USD' },
      { payment: 'alice-2', amount: '20000.00', currency: 'USD' },
    ]);
    // 50,000 + 20,000 USDT (6 decimals) = 70,000,000,000 base units; 1 USD each by the stablecoin rule.
    expect(alice.totals.paid).toEqual([{ chain: 'ethereum', asset: 'erc20:0xdAC17F958D2ee523a2206206994597C13D831ec7', amount: '70000000000', fiat: { amount: '70000.00', currency: 'USD' } }]);
    const at = new Map(alice.totals.cashOuts.map((c) => [c.address, c]));
    // alice-1's 50,000 USDT went whole to Bitfinex; of alice-2's 20,000, 12,000 reached OKX and 4,000 the OTC desk.
    expect(at.get(BITFINEX)).toMatchObject({ amount: '50000000000', fiat: { amount: '50000.00' }, category: 'exchange' });
    expect(at.get(OKX)).toMatchObject({ amount: '12000000000', fiat: { amount: '12000.00' } });
    expect(at.get(OTC)).toMatchObject({ amount: '4000000000', category: 'otc' });
    // Each total is the sum of the per-payment figures at that point.
    for (const c of alice.totals.cashOuts) {
      const parts = alice.payments.flatMap((p) => p.cashOuts.filter((x) => x.address === c.address && x.asset === c.asset));
      expect(parts.reduce((a, x) => a + BigInt(x.amount.split('.')[0]), 0n)).toBe(BigInt(c.amount.split('.')[0]));
    }
    // The OKX freeze S-2026-001: alice-2's traced 12,000 USDT (as `distribute` gives it) is alice's.
    expect(alice.seizures.find((z) => z.id === 'S-2026-001')).toMatchObject({ traced: '12000000000' });
    expect(alice.totals.transactions).toContain('0xc026e6c516c2dc4e1faa27a6ad44ac8a40776dc2421aecd2f4382fc654821491');
    expect(alice.totals.transactions).toContain('0x4f903fe2ad02afc690960b8818151b2ce6e71df71e6c4d1f98573d5b78239ceb');
    const erik = s.victims.find((v) => v.id === 'erik')!;
    expect(erik.totals.fees).toEqual([{ chain: 'bitcoin', asset: 'BTC', amount: '50000' }]);
    expect(erik.totals.paid[0]).toMatchObject({ amount: '150000000', fiat: { amount: '101418.51' } });
    expect(s.missingPrices.length).toBeGreaterThan(0);
  });
});

describe('personTotals', () => {
  const base = (id: string, amount: string, fiat?: string): VictimStatement => ({
    id,
    paid: { ref: `${id}:0`, chain: 'bitcoin', asset: 'BTC', amount, ...(fiat ? { fiat: { amount: fiat, currency: 'USD', prices: [] } } : {}) },
    cashOuts: [{ chain: 'bitcoin', address: 'X', asset: 'BTC', amount: '10.5', arrivals: [], ...(fiat ? { fiat: { amount: '0.01', currency: 'USD', prices: [] } } : {}) }],
    holdings: [{ chain: 'bitcoin', address: 'H', asset: 'BTC', amount: '1', reason: 'unspent' }],
    fees: [{ chain: 'bitcoin', asset: 'BTC', amount: '7' }],
    dropped: [],
    transactions: [{ txHash: 't1', ref: 't1:0', hop: 1, from: 'a', to: 'b', chain: 'bitcoin', asset: 'BTC', amount: amount }],
  });

  it('sums exactly per asset and address; fiat only when every figure has one', () => {
    const t = personTotals([base('v-1', '100', '10.10'), base('v-2', '200', '0.95')]);
    expect(t.paid).toEqual([{ chain: 'bitcoin', asset: 'BTC', amount: '300', fiat: { amount: '11.05', currency: 'USD' } }]);
    expect(t.cashOuts).toEqual([{ chain: 'bitcoin', asset: 'BTC', address: 'X', amount: '21', fiat: { amount: '0.02', currency: 'USD' } }]);
    expect(t.holdings).toEqual([{ chain: 'bitcoin', asset: 'BTC', address: 'H', amount: '2' }]);
    expect(t.fees).toEqual([{ chain: 'bitcoin', asset: 'BTC', amount: '14' }]);
    expect(t.transactions).toEqual(['t1']);
    const mixed = personTotals([base('v-1', '100', '10.10'), base('v-2', '200')]);
    expect(mixed.paid[0].fiat).toBeUndefined();
    expect(mixed.cashOuts[0].fiat).toBeUndefined();
  });
});
