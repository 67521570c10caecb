// Values typed by a person (command-line options, form fields): whole numbers, block ranges, rates and
// tag-category lists, each checked once here and refused with INVALID_INPUT naming the option.

import { invalidInput } from './errors.js';
import { isTagCategory, type TagCategory } from './model/tag.js';

/** A whole number >= `min` (default 0), written in decimal digits. */
export function parseWholeNumber(value: string, field: string, min = 0): number {
  const text = value.trim();
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < min) throw invalidInput(`must be a whole number >= ${min}`, { field }, { value });
  return n;
}

/** Like parseWholeNumber, for an option that may be absent. */
export function parseOptionalWholeNumber(value: string | undefined, field: string, min = 0): number | undefined {
  return value === undefined ? undefined : parseWholeNumber(value, field, min);
}

/** `A..B` (inclusive, A <= B). */
export function parseBlockRange(text: string, field = '--blocks'): { from: number; to: number } {
  const m = /^(\d+)\.\.(\d+)$/.exec(text.trim());
  const from = m ? Number(m[1]) : Number.NaN;
  const to = m ? Number(m[2]) : Number.NaN;
  if (!m || !Number.isSafeInteger(from) || !Number.isSafeInteger(to) || to < from) throw invalidInput('expected a block range A..B with A <= B', { field }, { value: text });
  return { from, to };
}

/** A rate such as requests per second: a number >= 0. */
export function parseRate(value: string, field: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw invalidInput('must be a number >= 0', { field }, { value });
  return n;
}

/** A comma-separated list of tag categories (`exchange,otc`). */
export function parseCategoryList(value: string, field: string): TagCategory[] {
  const cats = value
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c.length > 0);
  for (const c of cats) if (!isTagCategory(c)) throw invalidInput(`unknown category "${c}"`, { field }, { value: c });
  return cats as TagCategory[];
}

/** An integer that may be negative (a random seed). */
export function parseInteger(value: string, field: string): number {
  const text = value.trim();
  const n = Number(text);
  if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(n)) throw invalidInput('must be an integer', { field }, { value });
  return n;
}

/** A finite decimal number >= `min` (a Louvain resolution). */
export function parseDecimalNumber(value: string, field: string, min = 0): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < min) throw invalidInput(`must be a number >= ${min}`, { field }, { value });
  return n;
}
