// Reader of recorded seizures (`seizures.jsonl`, FORMATS.md v2): one seized or frozen sum a line, at an
// address, in one asset. Every bad record stops the read with an INVALID_INPUT error naming file, line and
// field; ids must be unique.

import { existsSync } from 'node:fs';
import { invalidInput, LedgerhoundError } from '../../src/errors.js';
import { parseChainAmount } from '../../src/model/amount.js';
import { at, optionalString, optionalTime, requireObject, requireString } from '../../src/model/fields.js';
import type { Seizure } from '../../src/restitution/distribution.js';
import { readJsonLines } from './read-records.js';
import { requirePlace } from './record-place.js';

/** Reads and checks every seizure of a seizures.jsonl file. */
export async function readSeizures(file: string): Promise<Seizure[]> {
  if (!existsSync(file)) throw new LedgerhoundError('NOT_FOUND', `seizures file not found: ${file}`, { file });
  const out: Seizure[] = [];
  const seen = new Set<string>();
  for await (const { line, value } of readJsonLines(file)) {
    const where = { file, line };
    const rec = requireObject(value, where);
    const id = requireString(rec, 'id', where);
    if (seen.has(id)) throw invalidInput(`duplicate seizure id "${id}"`, at(where, 'id'), { value: id });
    seen.add(id);
    const { chain, address, asset } = requirePlace(rec, where);
    const amount = parseChainAmount(chain, rec.amount, where, 'amount');
    if (amount <= 0n) throw invalidInput('must be a positive integer of base units', at(where, 'amount'), { value: rec.amount });
    const seizure: Seizure = { id, chain, address, asset, amount: amount.toString() };
    const time = optionalTime(rec, 'time', where);
    if (time !== undefined) seizure.time = time;
    const authority = optionalString(rec, 'authority', where);
    if (authority !== undefined) seizure.authority = authority;
    const reference = optionalString(rec, 'reference', where);
    if (reference !== undefined) seizure.reference = reference;
    out.push(seizure);
  }
  return out;
}
