// Imports a case's sources before a trace, skipping each file the store already holds with the same
// content: a file whose SHA-256 is recorded as a file source of the store under the name the import
// would record it under was imported whole (imports are atomic per file), so importing it again would
// change nothing (INSERT OR IGNORE of identical records). A changed file (another hash) is imported.
// Address lists and block-explorer exports are always imported: their records depend on the import's
// options (label, chain, token), not on the bytes alone.

import { importFiles, type ImportFileOptions, type ImportFileResult, sha256File, sourceName } from '../adapters/files/import-files.js';
import { requireTextFiles } from '../adapters/files/text-check.js';
import { EXPLORER_IMPORT_FORMATS } from '../adapters/files/explorer-transfers.js';
import type { GraphStore } from '../src/ports.js';

/** Formats whose records depend on import options as well as on the file's bytes. */
const OPTION_DEPENDENT: ReadonlySet<string> = new Set<string>(['address-list', ...EXPLORER_IMPORT_FORMATS]);

export interface ImportCaseSourcesResult {
  /** Files imported (new or changed). */
  imported: ImportFileResult[];
  /** Files skipped: held by the store with the same content. */
  unchanged: string[];
}

/** Imports the files the store does not hold yet with the same content (see the header); progress counts imported records. */
export async function importCaseSources(store: GraphStore, files: string[], options: Pick<ImportFileOptions, 'onProgress'> = {}): Promise<ImportCaseSourcesResult> {
  await requireTextFiles(files);
  const held = new Set<string>();
  for (const s of await store.listSources()) {
    if (s.kind === 'file' && !OPTION_DEPENDENT.has(s.format ?? '')) held.add(`${s.name}\n${s.sha256}`);
  }
  const changed: string[] = [];
  const unchanged: string[] = [];
  for (const file of files) {
    if (held.has(`${sourceName(file)}\n${await sha256File(file)}`)) unchanged.push(file);
    else changed.push(file);
  }
  const imported = changed.length > 0 ? await importFiles(store, changed, options) : [];
  return { imported, unchanged };
}
