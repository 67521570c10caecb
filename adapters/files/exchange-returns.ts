// Reader of an exchange's answer to a freeze request or production order (`returns.csv` or `returns.jsonl`,
// docs/victims.md "Exchange returns"): one deposit address and asset a record, the amount in the asset's
// units, exactly. Every bad record stops the read with INVALID_INPUT naming file, line and field; the
// holder's name and account id go under the record's `personal` field and never into a message.

import { existsSync } from 'node:fs';
import { invalidInput, LedgerhoundError } from '../../src/errors.js';
import { parseUnits } from '../../src/model/amount.js';
import { assetInfo } from '../../src/model/asset.js';
import { at, optionalString, requireObject, requireString } from '../../src/model/fields.js';
import type { ExchangeReturn, ReturnPersonalData } from '../../src/restitution/exchange-returns.js';
import { readRecords, shapeOf } from './read-records.js';
import { requirePlace } from './record-place.js';

const AMOUNT = /^\d+(\.\d+)?$/;
const DATE = /^(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}:\d{2}(\.\d+)?Z)?$/;

/** A personal field: a string or absent; its value is never echoed in an error. */
function personalString(rec: Record<string, unknown>, field: string, where: { file: string; line: number }): string | undefined {
  const v = rec[field];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') throw invalidInput('must be a string', at(where, field));
  return v;
}

/** Reads and checks every record of an exchange's answer. */
export async function readExchangeReturns(file: string): Promise<ExchangeReturn[]> {
  if (!existsSync(file)) throw new LedgerhoundError('NOT_FOUND', `exchange returns file not found: ${file}`, { file });
  const shape = shapeOf(file);
  if (shape !== 'csv' && shape !== 'jsonl') throw invalidInput('exchange returns must be a .csv or .jsonl file', { file });
  const out: ExchangeReturn[] = [];
  const seen = new Set<string>();
  for await (const { line, value } of readRecords(file, shape)) {
    const where = { file, line };
    const rec = requireObject(value, where);
    const exchange = requireString(rec, 'exchange', where);
    const reference = requireString(rec, 'reference', where);
    if (seen.has(reference)) throw invalidInput(`duplicate reference "${reference}"`, at(where, 'reference'), { value: reference });
    seen.add(reference);
    const { chain, address, asset } = requirePlace(rec, where);
    const amountText = requireString(rec, 'amount', where).trim();
    if (!AMOUNT.test(amountText)) throw invalidInput("must be a decimal in the asset's units without thousands separators (30000 or 1.5)", at(where, 'amount'), { value: amountText });
    const decimals = assetInfo(chain, asset).decimals;
    if (decimals === undefined) throw invalidInput(`the decimals of ${asset} are not known: the amount cannot be converted exactly`, at(where, 'asset'), { value: asset });
    const amount = parseUnits(amountText, decimals, at(where, 'amount'));
    if (amount <= 0n) throw invalidInput('must be positive', at(where, 'amount'), { value: amountText });
    const status = optionalString(rec, 'status', where) ?? 'frozen';
    if (status !== 'frozen' && status !== 'returned') throw invalidInput('must be frozen or returned', at(where, 'status'), { value: status });
    const r: ExchangeReturn = { reference, exchange, chain, address, asset, amount: amount.toString(), status };
    const date = optionalString(rec, 'date', where);
    if (date !== undefined) {
      const m = DATE.exec(date);
      if (!m || Number.isNaN(Date.parse(m[2] ? date : `${date}T00:00:00Z`))) throw invalidInput('must be a date (2026-02-03) or an ISO-8601 UTC time', at(where, 'date'), { value: date });
      r.time = m[2] ? date : `${date}T00:00:00Z`;
    }
    const personal: ReturnPersonalData = {};
    const holder = personalString(rec, 'holder', where);
    if (holder !== undefined) personal.holder = holder;
    const account = personalString(rec, 'account', where);
    if (account !== undefined) personal.account = account;
    if (holder !== undefined || account !== undefined) r.personal = personal;
    out.push(r);
  }
  return out;
}
