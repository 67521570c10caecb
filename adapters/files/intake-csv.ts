// Reader of victims' complaints (`intake.csv`, docs/victims.md): one payment a row, as a victim reported it:
// `victim,name,contact,date,chain,txHash,recipient,amount,asset,reportedLoss,currency` (header required;
// `name`, `contact`, `date`, `asset`, `reportedLoss`, `currency` may be empty). Rows are checked for form
// only (INVALID_INPUT naming file, line and field); whether they match the chain is decided later, per row.

import { existsSync } from 'node:fs';
import { invalidInput, LedgerhoundError } from '../../src/errors.js';
import { at, optionalString, requireObject, requireString } from '../../src/model/fields.js';
import type { IntakeRow } from '../../src/restitution/intake-match.js';
import { readCsv } from './read-records.js';

const VICTIM_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const AMOUNT = /^\d+(\.\d+)?$/;
const DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?Z)?$/;

/** Reads and checks the form of every complaint row. */
export async function readIntakeCsv(file: string): Promise<IntakeRow[]> {
  if (!existsSync(file)) throw new LedgerhoundError('NOT_FOUND', `intake file not found: ${file}`, { file });
  const rows: IntakeRow[] = [];
  for await (const { line, value } of readCsv(file)) {
    const where = { file, line };
    const rec = requireObject(value, where);
    const victim = requireString(rec, 'victim', where);
    if (!VICTIM_ID.test(victim)) throw invalidInput('must be a short id of letters, digits, _ . -', at(where, 'victim'), { value: victim });
    const chain = requireString(rec, 'chain', where);
    const txHash = requireString(rec, 'txHash', where);
    const recipient = requireString(rec, 'recipient', where);
    const amount = requireString(rec, 'amount', where).replaceAll('_', '');
    if (!AMOUNT.test(amount)) throw invalidInput('must be a decimal in the asset\'s units, without thousands separators (50000 or 1.5)', at(where, 'amount'), { value: amount });
    const date = optionalString(rec, 'date', where);
    if (date !== undefined && !DATE.test(date)) throw invalidInput('must be a date (2024-09-07) or an ISO-8601 UTC time', at(where, 'date'), { value: date });
    const reportedLoss = optionalString(rec, 'reportedLoss', where);
    if (reportedLoss !== undefined && !AMOUNT.test(reportedLoss)) throw invalidInput('must be a decimal such as 50000.00', at(where, 'reportedLoss'), { value: reportedLoss });
    const row: IntakeRow = { line, victim, chain, txHash, recipient, amount };
    for (const f of ['name', 'contact', 'asset', 'currency'] as const) {
      const v = optionalString(rec, f, where);
      if (v !== undefined) row[f] = v;
    }
    if (date !== undefined) row.date = date;
    if (reportedLoss !== undefined) row.reportedLoss = reportedLoss;
    rows.push(row);
  }
  return rows;
}
