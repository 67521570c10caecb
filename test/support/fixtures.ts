// Typed loader for table-driven fixtures (bitcoinjs-lib style):
// `{ "valid": [{ description, input, expected }], "invalid": [{ description, input, code }] }`.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { LedgerhoundErrorCode } from '../../src/errors.js';

export interface FixtureTable<I, E> {
  valid: { description: string; input: I; expected: E }[];
  invalid: { description: string; input: I; code: LedgerhoundErrorCode; field?: string }[];
}

export function loadFixtures<I, E>(relative: string): FixtureTable<I, E> {
  return JSON.parse(readFileSync(fileURLToPath(new URL(`../fixtures/${relative}`, import.meta.url)), 'utf8')) as FixtureTable<I, E>;
}

/** Absolute path of a file under ../shared/data (the real public data set). */
export function sharedData(relative: string): string {
  return fileURLToPath(new URL(`../../../shared/data/${relative}`, import.meta.url));
}
