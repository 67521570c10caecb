// Reader of a victim's block-explorer CSV export (Etherscan family, Tronscan; src/restitution/explorer-exports.ts):
// the header row picks the layout, the victim's outgoing payments become intake rows naming this file and
// their line. A missing file is NOT_FOUND; a malformed row INVALID_INPUT naming file, line and field.

import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { invalidInput, LedgerhoundError } from '../../src/errors.js';
import { type ExplorerExportOptions, type ExplorerExportResult, explorerExportToIntake } from '../../src/restitution/explorer-exports.js';
import { readCsv } from './read-records.js';

/** Reads an explorer export and returns the victim's payments in it as intake rows. */
export async function readExplorerExport(options: ExplorerExportOptions): Promise<ExplorerExportResult> {
  const { file } = options;
  if (!existsSync(file)) throw new LedgerhoundError('NOT_FOUND', `explorer export not found: ${file}`, { file });
  const first = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  let header: string[];
  try {
    header = ((parse(first, { trim: true }) as string[][])[0] ?? []).map((h) => h.trim());
  } catch (e) {
    throw invalidInput(`malformed CSV header: ${(e as Error).message}`, { file, line: 1 });
  }
  const records: { line: number; cells: Record<string, string> }[] = [];
  for await (const { line, value } of readCsv(file)) records.push({ line, cells: value as Record<string, string> });
  return explorerExportToIntake(header, records, options);
}
