// Price tables (FORMATS.md v2, Prices): the latest price at or before an event's time on the same UTC
// day, else the stablecoin rule where it applies, else missing; exact values rounded once.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPricesCsv } from '../../adapters/files/prices-csv.js';
import { isLedgerhoundError } from '../../src/errors.js';
import { addRational, parseRational, roundRational } from '../../src/pricing/exact-rational.js';
import { buildPriceTable, fiatValue, priceAt } from '../../src/pricing/price-table.js';
import { STABLECOIN_RULE } from '../../src/pricing/stablecoins.js';
import { tempDir } from '../support/stores.js';

const USDT = 'erc20:0xdAC17F958D2ee523a2206206994597C13D831ec7';
const row = (time: string, price: string) => ({ asset: 'BTC', currency: 'USD', time, price, source: 'test' });

describe('price rule: latest at or before, same day', () => {
  const table = buildPriceTable([row('2024-10-17T16:00:00Z', '68000'), row('2024-10-17T00:00:00Z', '67612.34'), row('2024-10-16T00:00:00Z', '67041.11')]);
  const cases: [string, string | undefined][] = [
    ['2024-10-17T15:29:27Z', '67612.34'], // the 16:00 price is later: not used
    ['2024-10-17T16:00:00Z', '68000'], // at the time: used
    ['2024-10-17T23:59:59Z', '68000'],
    ['2024-10-16T00:00:00Z', '67041.11'],
    ['2024-10-18T08:00:00Z', undefined], // no price that day: missing, never the day before
    ['2024-10-15T23:00:00Z', undefined],
  ];
  for (const [time, price] of cases) {
    it(`${time} -> ${price ?? 'missing'}`, () => {
      expect(priceAt(table, 'bitcoin', 'BTC', 'USD', time)?.price).toBe(price);
    });
  }

  it('values USDT at 1 USD by the named stablecoin rule unless the table has a price that day, or the rule is off', () => {
    const empty = buildPriceTable([]);
    expect(priceAt(empty, 'ethereum', USDT, 'USD', '2024-09-07T04:50:59Z')).toMatchObject({ price: '1', rule: STABLECOIN_RULE, source: STABLECOIN_RULE });
    expect(priceAt(empty, 'ethereum', USDT, 'EUR', '2024-09-07T04:50:59Z')).toBeUndefined();
    expect(priceAt(empty, 'ethereum', 'erc20:0x6B175474E89094C44Da98b954EedeAC495271d0F', 'USD', '2024-09-07T04:50:59Z')).toBeUndefined();
    const depeg = buildPriceTable([{ asset: USDT.toLowerCase(), currency: 'USD', time: '2024-09-07T00:00:00Z', price: '0.998', source: 'feed' }]);
    expect(priceAt(depeg, 'ethereum', USDT, 'USD', '2024-09-07T04:50:59Z')).toMatchObject({ price: '0.998', source: 'feed', rule: 'latest-same-day' });
    expect(priceAt(buildPriceTable([], { stablecoinRule: false }), 'ethereum', USDT, 'USD', '2024-09-07T04:50:59Z')).toBeUndefined();
  });

  it('computes exactly and rounds once, half up', () => {
    const q = priceAt(buildPriceTable([row('2024-10-20T00:00:00Z', '68388.09')]), 'bitcoin', 'BTC', 'USD', '2024-10-20T17:19:27Z');
    if (!q) throw new Error('no quote');
    // 0.25 BTC x 68,388.09 = 17,097.0225 -> 17,097.02
    expect(roundRational(fiatValue('bitcoin', 'BTC', '25000000', q) as never, 2)).toBe('17097.02');
    // Three thirds of a cent add up to one cent when summed before rounding (rounded once, not per part).
    const third = { num: 1n, den: 300n };
    expect(roundRational(addRational(addRational(third, third), third), 2)).toBe('0.01');
    expect(roundRational(parseRational('0.125') as never, 2)).toBe('0.13');
    // An unknown token cannot be valued.
    expect(fiatValue('ethereum', 'erc20:0x0000000000000000000000000000000000000001', '1', q)).toBeUndefined();
  });
});

describe('prices.csv reader', () => {
  const bad: [string, string, string, number][] = [
    ['a bad currency', 'BTC,usd,2024-10-17T00:00:00Z,1,x', 'currency', 3],
    ['a local time', 'BTC,USD,2024-10-17 00:00,1,x', 'time', 3],
    ['a negative price', 'BTC,USD,2024-10-17T00:00:00Z,-1,x', 'price', 3],
    ['a price with a comma', 'BTC,USD,2024-10-17T00:00:00Z,"67,000",x', 'price', 3],
    ['no source', 'BTC,USD,2024-10-17T00:00:00Z,1,', 'source', 3],
    ['a bad asset', 'bit coin,USD,2024-10-17T00:00:00Z,1,x', 'asset', 3],
  ];
  for (const [what, line, field, lineNo] of bad) {
    it(`refuses ${what}, naming file, line and field`, async () => {
      const file = join(tempDir(), 'prices.csv');
      writeFileSync(file, `asset,currency,time,price,source\nBTC,USD,2024-10-16T00:00:00Z,67041.11,ok\n${line}\n`);
      const e = await readPricesCsv(file).catch((err: unknown) => err);
      expect(isLedgerhoundError(e, 'INVALID_INPUT')).toBe(true);
      expect((e as { details: Record<string, unknown> }).details).toMatchObject({ file, line: lineNo, field });
    });
  }

  it('reads the sample table', async () => {
    const rows = await readPricesCsv(join(import.meta.dirname, '../../samples/pig-butchering/prices.csv'));
    expect(rows.length).toBeGreaterThan(5);
    expect(rows[0]).toMatchObject({ asset: 'BTC', currency: 'USD' });
  });
});
