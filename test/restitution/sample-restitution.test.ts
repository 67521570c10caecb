// Victims and restitution on the pig-butchering sample (issue 16): fiat figures against values computed
// by hand from samples/pig-butchering/prices.csv, the distribution of the sample's seizures, and the
// seizures.jsonl reader's errors (file, line, field).

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSeizures } from '../../adapters/files/seizures.js';
import { distributeCase, loadPriceTable, victimStatementsOfCase } from '../../app/restitution.js';
import { withStore } from '../../app/store.js';
import { readCaseFile, traceLoadedCase } from '../../app/trace-case-file.js';
import { withFiatFigures } from '../../src/pricing/trace-fiat.js';
import { isLedgerhoundError } from '../../src/errors.js';
import { tempDir } from '../support/stores.js';

const SAMPLE = join(import.meta.dirname, '../../samples/pig-butchering');
const CASE = join(SAMPLE, 'case.yaml');

function storeIn(dir: string) {
  return { store: join(dir, 'case.db'), cwd: dir };
}

describe('per-victim statements on the sample, with prices', () => {
  it('values payments at the payment time and cash-outs at arrival, exactly, rounded once; missing prices listed', { timeout: 120_000 }, async () => {
    const s = await victimStatementsOfCase({ caseFile: CASE, store: storeIn(tempDir()), pricesFile: join(SAMPLE, 'prices.csv') });
    expect(s.currency).toBe('USD');
    const alice = s.victims.find((v) => v.id === 'alice-1');
    // 50,000 USDT at 1 USD by the stablecoin rule.
    expect(alice?.paid.fiat).toMatchObject({ amount: '50000.00', currency: 'USD', prices: [{ price: '1', rule: 'stablecoin-usd-par' }] });
    const erik = s.victims.find((v) => v.id === 'erik-1');
    if (!erik) throw new Error('no erik-1');
    // Erik paid 1.5 BTC at 15:29 on 17 Oct 2024: the 00:00 price (67,612.34), not the 16:00 one.
    // 1.5 x 67,612.34 = 101,418.51
    expect(erik.paid.fiat).toMatchObject({ amount: '101418.51', prices: [{ price: '67612.34', time: '2024-10-17T00:00:00Z' }] });
    const byAddress = new Map(erik.cashOuts.map((c) => [c.address, c]));
    // 0.25 BTC arriving at Bitfinex on 20 Oct: 0.25 x 68,388.09 = 17,097.0225 -> 17,097.02
    expect(byAddress.get('1Kr6QSydW9bFQG1mXiPNNu6WpJGmUa9i1g')).toMatchObject({ amount: '25000000', fiat: { amount: '17097.02' } });
    // 0.3 BTC at KuCoin on 22 Oct: 0.3 x 67,370.65 = 20,211.195 -> 20,211.20 (half up)
    expect(byAddress.get('bc1q080rkmk3kj86pxvf5nkxecdrw6nrx3zzy9xl7q')).toMatchObject({ amount: '30000000', fiat: { amount: '20211.20' } });
    // Crypto.com on 24 Oct: the table has no price that day -> no fiat, listed as missing.
    expect(byAddress.get('bc1q4c8n5t00jmj8temxdgcc3t32nkg2wjwz24lywv')?.fiat).toBeUndefined();
    expect(s.missingPrices).toContainEqual(expect.objectContaining({ chain: 'bitcoin', asset: 'BTC', time: '2024-10-24T12:49:27Z', reason: 'no price' }));
    expect(erik.fees).toEqual([{ chain: 'bitcoin', asset: 'BTC', amount: '50000' }]);
    expect(erik.holdings.map((h) => h.amount)).toEqual(['39950000']);
    expect(erik.transactions[0]).toMatchObject({ hop: 1, txHash: 'dbcbce23d597ce0e0f420049c116f721b24aaa8295ef36ffd10929413242956d' });
  });
});

describe('fiat fields of trace --json (--prices)', () => {
  it('adds fiat to sources and endpoints and lists what has no price, leaving token figures as they were', { timeout: 120_000 }, async () => {
    const dir = tempDir();
    const loaded = await readCaseFile(CASE);
    const { run } = await withStore(storeIn(dir), (store) => traceLoadedCase(store, loaded, { flows: false }));
    const priced = withFiatFigures(run.result, await loadPriceTable(join(SAMPLE, 'prices.csv')));
    expect(priced.prices).toMatchObject({ currency: 'USD', rules: ['latest-same-day', 'stablecoin-usd-par'] });
    expect(priced.sources.find((x) => x.id === 'erik-1')?.fiat?.amount).toBe('101418.51');
    expect(priced.sources.find((x) => x.id === 'chen-1')?.fiat?.amount).toBe('36000.00');
    const okx = priced.endpoints.find((e) => e.address === '0x5041ed759Dd4aFc3a72b8192C143F72f4724081A');
    expect(okx?.fiat?.amount).toBe('30000.00');
    // 0.2 BTC reaching the OTC broker on 18 Oct: 0.2 x 68,421.77 = 13,684.354 -> 13,684.35
    expect(priced.endpoints.find((e) => e.address === 'bc1pfyufdq78n7rczdfahx9q4cxdh7u36su6cacag652gt3pf0aqdm0setpxd8')?.fiat?.amount).toBe('13684.35');
    expect(priced.prices?.missing).toContainEqual(expect.objectContaining({ for: 'bitcoin:bc1q4c8n5t00jmj8temxdgcc3t32nkg2wjwz24lywv@a94eca820960e6937b5b8ca6689d251d3aaeeea5c639e307c555dd4e817bafc9:0', reason: 'no price' }));
    // Without the fiat fields the result is the trace result as before.
    const { prices: _p, ...rest } = priced;
    expect({ ...rest, sources: rest.sources.map(({ fiat: _f, ...x }) => x), endpoints: rest.endpoints.map(({ fiat: _f, ...x }) => x) }).toEqual(run.result);
  });
});

describe('distribution of the sample seizures', () => {
  it('shares the OKX freeze by traced share and pari passu (fiat), each adding up to the seized amount', { timeout: 120_000 }, async () => {
    const { distribution, missingPrices } = await distributeCase({
      caseFile: CASE,
      seizuresFile: join(SAMPLE, 'seizures.jsonl'),
      pricesFile: join(SAMPLE, 'prices.csv'),
      store: storeIn(tempDir()),
    });
    expect(missingPrices).toEqual([]);
    const okx = distribution.seizures.find((x) => x.id === 'S-2026-001');
    if (!okx) throw new Error('no S-2026-001');
    // Traced: bob-1 18,000 and alice-2 12,000 of the 30,000 USDT at OKX under fifo.
    expect(okx.traced).toEqual({ 'bob-1': '18000000000', 'alice-2': '12000000000' });
    // Pari passu by loss in USD: 50,000 + 30,000 + 20,000 + 36,000 + 24,000 USDT at 1 USD and Erik's
    // 101,418.51 USD = 261,418.51 USD. Quotas of 30,000 USDT (base units): alice-1 5,737,925,749.79,
    // bob-1 3,442,755,449.87, alice-2 2,295,170,299.91, chen-1 4,131,306,539.85, dana-1 2,754,204,359.90,
    // erik-1 11,638,637,600.68; the floors leave 5 units, to the 5 largest remainders (all but erik-1).
    expect(okx.pariPassuBasis).toBe('fiat:USD');
    expect(okx.pariPassu).toEqual({
      'alice-1': '5737925750',
      'bob-1': '3442755450',
      'alice-2': '2295170300',
      'chen-1': '4131306540',
      'dana-1': '2754204360',
      'erik-1': '11638637600',
    });
    // The TRON freeze at Binance: traced 60/40 between Chen and Dana; 5,999,999,999.4 and 3,999,999,999.6
    // base units, the one left-over unit to the larger remainder (Dana).
    const tron = distribution.seizures.find((x) => x.id === 'S-2026-002');
    expect(tron?.traced).toEqual({ 'chen-1': '5999999999', 'dana-1': '4000000000' });
  });
});

describe('seizures.jsonl reader', () => {
  const good = { id: 'S1', chain: 'ethereum', address: '0x5041ed759Dd4aFc3a72b8192C143F72f4724081A', asset: 'erc20:0xdAC17F958D2ee523a2206206994597C13D831ec7', amount: '30000000000' };
  const bad: [string, Record<string, unknown>, string][] = [
    ['an amount as a JSON number', { ...good, id: 'S2', amount: 30000000000.5 }, 'amount'],
    ['a zero amount', { ...good, id: 'S2', amount: '0' }, 'amount'],
    ['a bad address', { ...good, id: 'S2', address: '0x1234' }, 'address'],
    ['an asset of another chain', { ...good, id: 'S2', asset: 'BTC' }, 'asset'],
    ['an unknown chain', { ...good, id: 'S2', chain: 'dogechain' }, 'chain'],
    ['a duplicate id', { ...good }, 'id'],
    ['a local time', { ...good, id: 'S2', time: '2026-02-01 09:00' }, 'time'],
  ];
  for (const [what, rec, field] of bad) {
    it(`refuses ${what}, naming file, line and field`, async () => {
      const file = join(tempDir(), 'seizures.jsonl');
      writeFileSync(file, `${JSON.stringify(good)}\n\n${JSON.stringify(rec)}\n`);
      const e = await readSeizures(file).catch((err: unknown) => err);
      expect(isLedgerhoundError(e, 'INVALID_INPUT')).toBe(true);
      expect((e as { details: Record<string, unknown> }).details).toMatchObject({ file, line: 3, field });
    });
  }

  it('reads the sample seizures', async () => {
    const rows = await readSeizures(join(SAMPLE, 'seizures.jsonl'));
    expect(rows.map((r) => r.id)).toEqual(['S-2026-001', 'S-2026-002']);
  });
});
