// Price exports of common sources turned into prices.csv rows (FORMATS.md v2, Prices):
// - CoinGecko's historical data CSV (a coin page's "Export data"): `snapped_at,price,market_cap,total_volume`,
//   one row a day, `snapped_at` as `2024-10-17 00:00:00 UTC`, prices in the currency chosen on the page;
// - Kraken's OHLCVT CSV (the downloadable trade history, e.g. `XBTUSD_1440.csv`): no header,
//   `timestamp,open,high,low,close,volume,trades` with `timestamp` the candle's start in Unix seconds.
//   The row kept is the candle's open at its start: the price at that instant (a close is only known at
//   the candle's end, which for a daily candle is the next day).
// - CoinMarketCap's historical data CSV (a coin page's "Historical Data", Download CSV): semicolon-separated,
//   `timeOpen;timeClose;timeHigh;timeLow;name;open;high;low;close;volume;marketCap;timestamp` (newer files
//   add `circulatingSupply` before `timestamp`), times quoted ISO-8601 (`"2024-10-17T00:00:00.000Z"`), `name`
//   the quote currency's CoinMarketCap id (`"2781"` is USD), newest day first. As for Kraken, the row kept is
//   the day's open at `timeOpen`.
// Prices in scientific notation (`1.2e-05`) are written out as exact decimals.

import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { invalidInput } from '../errors.js';
import type { PriceRow } from './price-table.js';

export type PriceExportFormat = 'coingecko' | 'kraken' | 'coinmarketcap';

/** The formats `prices import` reads. */
export const PRICE_EXPORT_FORMATS: readonly PriceExportFormat[] = ['coingecko', 'kraken', 'coinmarketcap'];

export interface PriceImportOptions {
  /** The asset as in transfers (BTC, ETH, erc20:...). */
  asset: string;
  /** ISO 4217 code of the export's prices. */
  currency: string;
  /** The `source` written on each row. */
  source: string;
  /** For error messages. */
  file?: string;
}

const NUMBER = /^(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/** A non-negative decimal, scientific notation written out exactly; undefined when not a number. */
export function plainDecimal(text: string): string | undefined {
  const m = NUMBER.exec(text.trim());
  if (!m) return undefined;
  const digits = m[1] + (m[2] ?? '');
  const point = m[1].length + Number(m[3] ?? 0);
  let whole: string;
  let frac: string;
  if (point <= 0) {
    whole = '0';
    frac = '0'.repeat(-point) + digits;
  } else if (point >= digits.length) {
    whole = digits + '0'.repeat(point - digits.length);
    frac = '';
  } else {
    whole = digits.slice(0, point);
    frac = digits.slice(point);
  }
  whole = whole.replace(/^0+(?=\d)/, '');
  frac = frac.replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : whole;
}

/** The non-empty records of a CSV export (csv-parse) with the line each ends on; broken quoting is INVALID_INPUT naming the line. */
function csvRows(text: string, delimiter: string, file: string | undefined): { cells: string[]; line: number }[] {
  try {
    const records = parse(text, { bom: true, delimiter, relax_column_count: true, trim: true, skip_empty_lines: true, info: true }) as unknown as {
      record: string[];
      info: { lines: number };
    }[];
    return records.map((r) => ({ cells: r.record, line: r.info.lines }));
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    throw invalidInput(`not a readable CSV: ${(e as Error).message}`, { file, line });
  }
}

/** Rows of a CoinGecko historical data CSV. */
export function parseCoinGeckoCsv(text: string, options: PriceImportOptions): PriceRow[] {
  const [head, ...body] = csvRows(text, ',', options.file);
  const header = head?.cells ?? [];
  const at = header.indexOf('snapped_at');
  const col = header.indexOf('price');
  if (at < 0 || col < 0) throw invalidInput('not a CoinGecko historical data CSV (expected a header snapped_at,price,...)', { file: options.file, line: 1 }, { header: header.join(',') });
  const rows: PriceRow[] = [];
  for (const { cells, line } of body) {
    const where = { file: options.file, line };
    const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?: UTC|Z)?$/.exec(cells[at] ?? '');
    if (!m) throw invalidInput('snapped_at must be a UTC time such as 2024-10-17 00:00:00 UTC', { ...where, field: 'snapped_at' }, { value: cells[at] });
    const price = plainDecimal(cells[col] ?? '');
    if (price === undefined) throw invalidInput('price must be a number', { ...where, field: 'price' }, { value: cells[col] });
    rows.push({ asset: options.asset, currency: options.currency, time: `${m[1]}T${m[2]}Z`, price, source: options.source });
  }
  return rows;
}

/** Rows of a Kraken OHLCVT CSV (no header). */
export function parseKrakenOhlcvt(text: string, options: PriceImportOptions): PriceRow[] {
  const rows: PriceRow[] = [];
  for (const { cells, line } of csvRows(text, ',', options.file)) {
    const where = { file: options.file, line };
    if (cells.length < 5) throw invalidInput('expected timestamp,open,high,low,close,volume,trades', where, { value: cells.join(',') });
    if (!/^\d{1,12}$/.test(cells[0])) throw invalidInput('timestamp must be Unix seconds', { ...where, field: 'timestamp' }, { value: cells[0] });
    const open = plainDecimal(cells[1]);
    if (open === undefined) throw invalidInput('open must be a number', { ...where, field: 'open' }, { value: cells[1] });
    const time = new Date(Number(cells[0]) * 1000).toISOString().replace('.000Z', 'Z');
    rows.push({ asset: options.asset, currency: options.currency, time, price: open, source: options.source });
  }
  return rows;
}

/** CoinMarketCap's ids of quote currencies, as in the export's `name` column. */
const CMC_QUOTE_IDS: Readonly<Record<string, string>> = { '2781': 'USD' };

/** Rows of a CoinMarketCap historical data CSV (semicolon-separated), in time order. */
export function parseCoinMarketCapCsv(text: string, options: PriceImportOptions): PriceRow[] {
  const [head, ...body] = csvRows(text, ';', options.file);
  const header = head?.cells ?? [];
  const timeCol = header.indexOf('timeOpen');
  const openCol = header.indexOf('open');
  const nameCol = header.indexOf('name');
  if (timeCol < 0 || openCol < 0) throw invalidInput('not a CoinMarketCap historical data CSV (expected a header timeOpen;timeClose;...;open;...)', { file: options.file, line: 1 }, { header: header.join(';') });
  const rows: PriceRow[] = [];
  for (const { cells, line } of body) {
    const where = { file: options.file, line };
    const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.\d+)?Z$/.exec(cells[timeCol] ?? '');
    if (!m) throw invalidInput('timeOpen must be a UTC time such as 2024-10-17T00:00:00.000Z', { ...where, field: 'timeOpen' }, { value: cells[timeCol] });
    const quote = nameCol >= 0 ? CMC_QUOTE_IDS[cells[nameCol] ?? ''] : undefined;
    if (quote !== undefined && quote !== options.currency) throw invalidInput(`the export is quoted in ${quote} (name ${cells[nameCol]}), not ${options.currency}: give --currency ${quote}`, { ...where, field: 'name' }, { value: cells[nameCol] });
    const price = plainDecimal(cells[openCol] ?? '');
    if (price === undefined) throw invalidInput('open must be a number', { ...where, field: 'open' }, { value: cells[openCol] });
    rows.push({ asset: options.asset, currency: options.currency, time: `${m[1]}T${m[2]}Z`, price, source: options.source });
  }
  return rows.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
}

/** Rows of a price export in `format`. */
export function parsePriceExport(format: PriceExportFormat, text: string, options: PriceImportOptions): PriceRow[] {
  if (format === 'coingecko') return parseCoinGeckoCsv(text, options);
  if (format === 'coinmarketcap') return parseCoinMarketCapCsv(text, options);
  return parseKrakenOhlcvt(text, options);
}

/** prices.csv text for rows (header included). */
export function pricesCsvText(rows: readonly PriceRow[]): string {
  return stringify([['asset', 'currency', 'time', 'price', 'source'], ...rows.map((r) => [r.asset, r.currency, r.time, r.price, r.source])]);
}
