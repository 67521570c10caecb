// Readers for the ethereum-etl oracle files in the shared public test data (SOURCES.md): recorded
// mainnet JSON-RPC answers and the CSV / JSON Lines rows ethereum-etl exports from them. JSON Lines
// values such as `"value": 7056176614974947328` exceed a double, so long integers are read as strings.

import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');

/** The shared public data folder: LEDGERHOUND_SHARED_DATA, else `shared/data` beside the checkout. */
export const SHARED_DATA = process.env.LEDGERHOUND_SHARED_DATA ?? resolve(repoRoot, '../shared/data');

/** ethereum-etl's tests/resources folder. */
export const ETL = join(SHARED_DATA, 'ethereum-etl/tests/resources');

export function etlPath(rel: string): string {
  const p = join(ETL, rel);
  if (!existsSync(p)) throw new Error(`oracle file missing: ${p} (set LEDGERHOUND_SHARED_DATA)`);
  return p;
}

/** A recorded JSON-RPC answer's `result`. */
export function readRpcResult<T = unknown>(rel: string): T {
  return (JSON.parse(readFileSync(etlPath(rel), 'utf8')) as { result: T }).result;
}

/** CSV rows as string records (never cast: hashes like 0x1 must stay strings). */
export function readCsv(rel: string): Record<string, string>[] {
  return parse(readFileSync(etlPath(rel), 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
}

/** JSON Lines with integers of 16 digits or more kept exact as strings. */
export function readJsonLines(rel: string): Record<string, unknown>[] {
  return readFileSync(etlPath(rel), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l.replace(/(:\s*)(\d{16,})(?=\s*[,}])/g, '$1"$2"')) as Record<string, unknown>);
}
