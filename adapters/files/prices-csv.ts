// Reader of price tables (`prices.csv`, FORMATS.md v2): `asset,currency,time,price,source`, a header row
// required. Every bad row stops the read with an INVALID_INPUT error naming file, line and field.

import { existsSync } from 'node:fs';
import { invalidInput, LedgerhoundError } from '../../src/errors.js';
import { at, optionalTime, requireObject, requireString } from '../../src/model/fields.js';
import type { PriceRow } from '../../src/pricing/price-table.js';
import { readCsv } from './read-records.js';

const ASSET = /^([A-Za-z0-9]{2,12}|(erc20|trc20):[0-9A-Za-z]{20,64})$/;
const CURRENCY = /^[A-Z]{3}$/;
const PRICE = /^\d+(\.\d+)?$/;

/** Reads and checks every row of a prices.csv file. */
export async function readPricesCsv(file: string): Promise<PriceRow[]> {
  if (!existsSync(file)) throw new LedgerhoundError('NOT_FOUND', `price table not found: ${file}`, { file });
  const rows: PriceRow[] = [];
  for await (const { line, value } of readCsv(file)) {
    const where = { file, line };
    const rec = requireObject(value, where);
    const asset = requireString(rec, 'asset', where);
    if (!ASSET.test(asset)) throw invalidInput('must be an asset as in transfers (BTC, ETH, TRX, erc20:<contract>, trc20:<contract>)', at(where, 'asset'), { value: asset });
    const currency = requireString(rec, 'currency', where);
    if (!CURRENCY.test(currency)) throw invalidInput('must be an ISO 4217 currency code such as USD', at(where, 'currency'), { value: currency });
    const time = optionalTime(rec, 'time', where);
    if (time === undefined) throw invalidInput('required time is missing', at(where, 'time'));
    const price = requireString(rec, 'price', where);
    if (!PRICE.test(price)) throw invalidInput('must be a non-negative decimal such as 61234.5', at(where, 'price'), { value: price });
    const source = requireString(rec, 'source', where);
    rows.push({ asset, currency, time, price, source });
  }
  return rows;
}
