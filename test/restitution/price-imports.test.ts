// Price exports as prices.csv (issue 16): CoinGecko's historical data CSV and Kraken's OHLCVT CSV, written
// here in the column layout those sites export (figures illustrative), converted, read back by the
// prices.csv reader and used by the price rule; bad rows named by line and field.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPricesCsv } from '../../adapters/files/prices-csv.js';
import { convertPriceExport } from '../../app/restitution.js';
import { isLedgerhoundError } from '../../src/errors.js';
import { parseCoinGeckoCsv, parseCoinMarketCapCsv, parseKrakenOhlcvt, plainDecimal } from '../../src/pricing/price-imports.js';
import { buildPriceTable, priceAt } from '../../src/pricing/price-table.js';
import { tempDir } from '../support/stores.js';

// CoinGecko "Export data" (coin page, Historical Data): snapped_at,price,market_cap,total_volume.
const COINGECKO = `snapped_at,price,market_cap,total_volume
2024-10-16 00:00:00 UTC,67041.1134782,1325066128371.2,38209876543.21
2024-10-17 00:00:00 UTC,67612.3412345,1336507744123.45,31234567890.12
2024-10-18 00:00:00 UTC,6.842177e+04,1352200000000.0,30011122233.4
`;
// Kraken OHLCVT (XBTUSD_1440.csv): timestamp,open,high,low,close,volume,trades; no header.
const KRAKEN = `1729036800,67041.1,67900.0,66500.2,67612.3,1823.51234,51234
1729123200,67612.3,68400.0,67100.5,68421.7,1523.44000,45123
`;
// CoinMarketCap "Historical Data" Download CSV: semicolon-separated, quoted times, name = quote currency id
// (2781 = USD), newest day first; newer files carry circulatingSupply before timestamp.
const COINMARKETCAP = `timeOpen;timeClose;timeHigh;timeLow;name;open;high;low;close;volume;marketCap;timestamp
"2024-10-18T00:00:00.000Z";"2024-10-18T23:59:59.999Z";"2024-10-18T13:58:00.000Z";"2024-10-18T00:02:00.000Z";"2781";68421.77001234;68969.75;67200.31;68411.3;38005245621.2;1352200000000.5;"2024-10-18T23:59:59.999Z"
"2024-10-17T00:00:00.000Z";"2024-10-17T23:59:59.999Z";"2024-10-17T08:05:00.000Z";"2024-10-17T20:41:00.000Z";"2781";67612.34123456;68375.29;66758.72;67399.84;34131238900.66;1336507744123.45;"2024-10-17T23:59:59.999Z"
"2024-10-16T00:00:00.000Z";"2024-10-16T23:59:59.999Z";"2024-10-16T17:10:00.000Z";"2024-10-16T00:11:00.000Z";"2781";6.704111e+04;68375.29;66758.72;67612.34;40137522800.1;1325066128371.2;"2024-10-16T23:59:59.999Z"
`;

const ERIK_PAID = '2024-10-17T15:29:27Z';

describe('price exports', () => {
  it('writes scientific notation out exactly', () => {
    expect(plainDecimal('6.842177e+04')).toBe('68421.77');
    expect(plainDecimal('1.2e-05')).toBe('0.000012');
    expect(plainDecimal('67612.3412345')).toBe('67612.3412345');
    expect(plainDecimal('-1')).toBeUndefined();
  });

  it('converts a CoinGecko historical CSV into rows the price rule uses', () => {
    const rows = parseCoinGeckoCsv(COINGECKO, { asset: 'BTC', currency: 'USD', source: 'CoinGecko' });
    expect(rows[2]).toEqual({ asset: 'BTC', currency: 'USD', time: '2024-10-18T00:00:00Z', price: '68421.77', source: 'CoinGecko' });
    expect(priceAt(buildPriceTable(rows), 'bitcoin', 'BTC', 'USD', ERIK_PAID)?.price).toBe('67612.3412345');
  });

  it('converts a Kraken OHLCVT CSV: the candle open at its start', () => {
    const rows = parseKrakenOhlcvt(KRAKEN, { asset: 'BTC', currency: 'USD', source: 'Kraken' });
    expect(rows.map((r) => [r.time, r.price])).toEqual([
      ['2024-10-16T00:00:00Z', '67041.1'],
      ['2024-10-17T00:00:00Z', '67612.3'],
    ]);
  });

  it('converts a CoinMarketCap historical CSV: the day open at timeOpen, in time order, exact decimals', () => {
    const rows = parseCoinMarketCapCsv(COINMARKETCAP, { asset: 'BTC', currency: 'USD', source: 'CoinMarketCap' });
    expect(rows.map((r) => [r.time, r.price])).toEqual([
      ['2024-10-16T00:00:00Z', '67041.11'],
      ['2024-10-17T00:00:00Z', '67612.34123456'],
      ['2024-10-18T00:00:00Z', '68421.77001234'],
    ]);
    expect(priceAt(buildPriceTable(rows), 'bitcoin', 'BTC', 'USD', ERIK_PAID)?.price).toBe('67612.34123456');
    // The header order may vary (circulatingSupply added): columns are found by name.
    const newer = COINMARKETCAP.replace('marketCap;timestamp', 'marketCap;circulatingSupply;timestamp').replace(/;("[^"]*")$/gm, ';19769543;$1');
    expect(parseCoinMarketCapCsv(newer, { asset: 'BTC', currency: 'USD', source: 's' })[1].price).toBe('67612.34123456');
  });

  it('refuses a CoinMarketCap export quoted in USD when another currency is given, naming line and field', () => {
    const e = (() => {
      try {
        parseCoinMarketCapCsv(COINMARKETCAP, { asset: 'BTC', currency: 'EUR', source: 's', file: 'cmc.csv' });
      } catch (err) {
        return err;
      }
    })();
    expect(isLedgerhoundError(e, 'INVALID_INPUT') && e.details).toMatchObject({ file: 'cmc.csv', line: 2, field: 'name' });
    const bad = (() => {
      try {
        parseCoinMarketCapCsv(COINMARKETCAP.replace('67612.34123456', '67.612,34'), { asset: 'BTC', currency: 'USD', source: 's', file: 'cmc.csv' });
      } catch (err) {
        return err;
      }
    })();
    expect(isLedgerhoundError(bad, 'INVALID_INPUT') && bad.details).toMatchObject({ file: 'cmc.csv', line: 3, field: 'open' });
  });

  it('round-trips through prices.csv (app use case and reader)', async () => {
    const dir = tempDir();
    for (const [format, text] of [['coingecko', COINGECKO], ['kraken', KRAKEN], ['coinmarketcap', COINMARKETCAP]] as const) {
      const file = join(dir, `${format}.csv`);
      writeFileSync(file, text);
      const out = await convertPriceExport({ file, format, asset: 'BTC', currency: 'usd' });
      const back = join(dir, `${format}-prices.csv`);
      writeFileSync(back, out.text);
      const rows = await readPricesCsv(back);
      expect(rows.length).toBe(out.rows);
      expect(rows[0].currency).toBe('USD');
      expect(rows[0].source).toContain(`${format}.csv`);
    }
  });

  it('names the line and field of a bad row', () => {
    const bad = `${COINGECKO}2024-10-19,68000,1,1\n`;
    const e1 = (() => {
      try {
        parseCoinGeckoCsv(bad, { asset: 'BTC', currency: 'USD', source: 's', file: 'cg.csv' });
      } catch (e) {
        return e;
      }
    })();
    expect(isLedgerhoundError(e1, 'INVALID_INPUT') && e1.details).toMatchObject({ file: 'cg.csv', line: 5, field: 'snapped_at' });
    const e2 = (() => {
      try {
        parseKrakenOhlcvt(`${KRAKEN}1729209600,n/a,1,1,1,1,1\n`, { asset: 'BTC', currency: 'USD', source: 's', file: 'k.csv' });
      } catch (e) {
        return e;
      }
    })();
    expect(isLedgerhoundError(e2, 'INVALID_INPUT') && e2.details).toMatchObject({ file: 'k.csv', line: 3, field: 'open' });
  });
});
