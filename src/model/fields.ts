// Small field readers shared by the record parsers: each names the field in its INVALID_INPUT error.

import { invalidInput, type InputLocation } from '../errors.js';

export type RawRecord = Record<string, unknown>;

export function at(where: InputLocation, field: string): InputLocation {
  return { ...where, field };
}

export function requireObject(value: unknown, where: InputLocation): RawRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidInput('record must be an object', where);
  }
  return value as RawRecord;
}

export function requireString(rec: RawRecord, field: string, where: InputLocation): string {
  const v = rec[field];
  if (typeof v === 'string' && v.length > 0) return v;
  throw invalidInput('required string is missing or empty', at(where, field), { value: v });
}

export function optionalString(rec: RawRecord, field: string, where: InputLocation): string | undefined {
  const v = rec[field];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') throw invalidInput('must be a string', at(where, field), { value: v });
  return v;
}

/** A non-negative safe integer; numeric strings (CSV cells) are accepted. */
export function requireInteger(rec: RawRecord, field: string, where: InputLocation, min = 0): number {
  const v = rec[field];
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= min) return v;
  const n = typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < min) {
    throw invalidInput(`must be an integer >= ${min}`, at(where, field), { value: v });
  }
  return n;
}

/** The last valid time seen: consecutive records often share one (same block). */
let lastTime: string | undefined;

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

/** ISO-8601 UTC time (`2025-03-01T12:00:00Z`), optional. */
export function optionalTime(rec: RawRecord, field: string, where: InputLocation): string | undefined {
  const v = optionalString(rec, field, where);
  if (v === undefined) return undefined;
  if (v === lastTime) return v;
  if (!ISO_UTC.test(v) || Number.isNaN(Date.parse(v))) {
    throw invalidInput('must be an ISO-8601 UTC time such as 2025-03-01T12:00:00Z', at(where, field), { value: v });
  }
  lastTime = v;
  return v;
}

/** Fields of `rec` not in `known`, kept as properties (FORMATS.md: unknown fields are kept). */
export function extraFields(rec: RawRecord, known: readonly string[]): RawRecord | undefined {
  let extra: RawRecord | undefined;
  for (const key of Object.keys(rec)) {
    if (known.includes(key) || rec[key] === undefined) continue;
    extra ??= {};
    extra[key] = rec[key];
  }
  return extra;
}
