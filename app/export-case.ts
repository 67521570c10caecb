// Use case `export <case> --out DIR`: import the case's sources (those not held with the same content), trace the case as the
// overrides set it, and write the seizure evidence pack (app/export-pack.ts) recording that case, so that
// `verify --retrace` re-runs exactly this trace. A signing key is checked before any long work; so are the
// complaints, seizures and prices the victims' statements draw on (read before the import).

import { readFile } from 'node:fs/promises';
import type { LoadedCase } from '../adapters/files/case-file.js';
import { LedgerhoundError } from '../src/errors.js';
import { signManifest } from '../src/evidence/manifest.js';
import type { GraphStore } from '../src/ports.js';
import type { TraceOptions } from '../src/tracing/trace-case.js';
import { readExchangeReturns } from '../adapters/files/exchange-returns.js';
import { readIntakeCsv } from '../adapters/files/intake-csv.js';
import { readSeizures } from '../adapters/files/seizures.js';
import { importCaseSources } from './import-case-sources.js';
import { type PackStatementInputs, packContentHash, partialPackDir, type WriteEvidencePackOptions, type WrittenPack, writeEvidencePack } from './export-pack.js';
import { PackThread, storeFileOf } from './pack-thread.js';
import { traceForPack } from './pack-trace.js';
import { loadPriceTable } from './restitution.js';
import { applyTraceOverrides } from './trace-settings.js';

export { partialPackDir };

/** Reads a PEM signing key and checks it can sign (NOT_FOUND naming the option when missing). */
export async function readSigningKey(file: string): Promise<string> {
  let pem: string;
  try {
    pem = await readFile(file, 'utf8');
  } catch {
    throw new LedgerhoundError('NOT_FOUND', `${file}: no such key file`, { field: '--sign', path: file });
  }
  signManifest('check', pem);
  return pem;
}

export interface ExportCaseOptions extends Pick<WriteEvidencePackOptions, 'outDir' | 'tool' | 'argv' | 'signingKeyPem' | 'now' | 'tlp' | 'audience'> {
  /** intake.csv (docs/victims.md): statements per victim person, with names in court packs. */
  intakeFile?: string;
  /** seizures.jsonl: each victim's share in the statements. */
  seizuresFile?: string;
  /** An exchange's returns (docs/victims.md): shared out like seizures; account holders in court packs only. */
  returnsFile?: string;
  /** prices.csv: fiat beside token amounts in the statements. */
  pricesFile?: string;
  currency?: string;
  stablecoinRule?: boolean;
  overrides?: TraceOptions;
  onProgress?(stage: string, done: number, total?: number): void;
  /** Called once the trace is done, with its flow count. */
  onTraced?(flows: number): void;
}

/** Imports, traces and writes the pack of `loaded` into `options.outDir`. */
export async function exportCase(store: GraphStore, loaded: LoadedCase, options: ExportCaseOptions): Promise<WrittenPack> {
  const kase = applyTraceOverrides(loaded.kase, options.overrides ?? {});
  const statements: PackStatementInputs = {
    intake: options.intakeFile === undefined ? undefined : await readIntakeCsv(options.intakeFile),
    seizures: options.seizuresFile === undefined ? undefined : await readSeizures(options.seizuresFile),
    prices: options.pricesFile === undefined ? undefined : await loadPriceTable(options.pricesFile, { stablecoinRule: options.stablecoinRule }),
    currency: options.currency,
    returns: options.returnsFile === undefined ? undefined : await readExchangeReturns(options.returnsFile),
  };
  // Sources the store holds with the same content are not read again (app/import-case-sources.ts).
  await importCaseSources(store, loaded.sourcePaths, { onProgress: (n) => options.onProgress?.('import', n) });
  // The pack thread hashes the store (from its file) while this thread traces.
  const thread = new PackThread();
  try {
    const contentHash = storeFileOf(store) !== undefined ? packContentHash(store, options.audience?.audience ?? 'court', thread) : undefined;
    const run = await traceForPack(store, kase, { onProgress: (n) => options.onProgress?.('trace', n) });
    options.onTraced?.(run.flows.length);
    return await writeEvidencePack({
      store,
      loaded,
      kase,
      run,
      outDir: options.outDir,
      tool: options.tool,
      argv: options.argv,
      signingKeyPem: options.signingKeyPem,
      now: options.now,
      tlp: options.tlp,
      audience: options.audience,
      statements,
      onProgress: options.onProgress,
      thread,
      contentHash,
    });
  } finally {
    await thread.close();
  }
}
