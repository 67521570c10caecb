// Shared helpers for the evidence tests: the hand-checked small case (test/fixtures/evidence/small-case)
// imported into a fresh SQLite store, its hand-made TraceRun, and a pack written from them.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCaseFile } from '../../adapters/files/case-file.js';
import { type WrittenPack, writeEvidencePack } from '../../app/export-pack.js';
import { importFiles } from '../../adapters/files/import-files.js';
import type { CaseFile } from '../../src/model/case.js';
import type { TraceRun } from '../../src/model/trace-result.js';
import type { GraphStore } from '../../src/ports.js';
import { sqliteFactory, tempDir } from '../support/stores.js';

export const SMALL_CASE = fileURLToPath(new URL('../fixtures/evidence/small-case/case.yaml', import.meta.url));

/** The hand-checked trace of the small case (flows and result worked out by hand, see the fixture). */
export function smallCaseRun(): TraceRun {
  return JSON.parse(readFileSync(join(SMALL_CASE, '..', 'trace-run.json'), 'utf8')) as TraceRun;
}

export async function smallCaseStore(): Promise<GraphStore> {
  const loaded = await loadCaseFile(SMALL_CASE);
  const store = await sqliteFactory.create();
  await importFiles(store, loaded.sourcePaths);
  return store;
}

export interface PackOptions {
  store?: GraphStore;
  /** The case as traced (default: the small case file as is). */
  kase?: CaseFile;
  run?: TraceRun;
  outDir?: string;
  signingKeyPem?: string;
  now?: Date;
}

/** Writes a pack of the small case (hand-made run) and returns it. */
export async function writeSmallPack(options: PackOptions = {}): Promise<WrittenPack> {
  const loaded = await loadCaseFile(SMALL_CASE);
  const store = options.store ?? (await smallCaseStore());
  try {
    return await writeEvidencePack({
      store,
      loaded,
      kase: options.kase ?? loaded.kase,
      run: options.run ?? smallCaseRun(),
      outDir: options.outDir ?? join(tempDir('lh-pack-'), 'pack'),
      tool: { name: 'ledgerhound', version: '0.1.0-test' },
      argv: ['export', SMALL_CASE, '--out', 'pack'],
      signingKeyPem: options.signingKeyPem,
      now: options.now,
    });
  } finally {
    if (!options.store) await store.close();
  }
}
