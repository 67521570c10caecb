// Use case `verify <pack>`: every file's SHA-256 against manifest.json, no file added or missing, the
// manifest's own digest, the Ed25519 signature (against a trusted key when given), the TLP marking against
// the tags the pack carries (pack-marking-check.ts), and on request a re-trace from the pack's own case and
// data in a scratch SQLite store, compared with trace.json. A victim pack (one statement, no data) has
// nothing to re-trace: the retrace is reported as not applicable.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../graph/sqlite/sqlite-store.js';
import { LedgerhoundError } from '../src/errors.js';
import { checkPack, type PackProblem } from '../src/evidence/verify-pack.js';
import { readPackListing } from './export-pack.js';
import { checkPackMarking } from './pack-marking-check.js';
import { traceForPack } from './pack-trace.js';
import { type RetraceResult, retraceEvidencePack } from './retrace-pack.js';

export interface VerifyPackOptions {
  /** PEM Ed25519 public key the pack must be signed with. */
  trustedPublicKeyPem?: string;
  /** Re-run the trace from the pack alone and compare. */
  retrace?: boolean;
  onProgress?(records: number): void;
}

export interface PackVerification {
  pack: string;
  ok: boolean;
  checkedFiles: number;
  listedFiles: number;
  signature: string;
  signerTrusted: boolean;
  retrace?: { sameResult: boolean; sameStoreContent: boolean; differences: RetraceResult['differences'] };
  /** Why --retrace did not run (a victim pack carries no trace data). */
  retraceSkipped?: string;
  /** Who the pack is for (manifest `audience`; court when absent). */
  audience: string;
  problems: PackProblem[];
}

/** Reads a trusted public key file (NOT_FOUND naming the option when missing). */
export async function readPublicKey(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    throw new LedgerhoundError('NOT_FOUND', `${file}: no such public key file`, { field: '--pubkey', path: file });
  }
}

/** Checks the pack in `dir`; a failed check is a report with `ok: false`, not an exception. */
export async function verifyPack(dir: string, options: VerifyPackOptions = {}): Promise<PackVerification> {
  const check = checkPack(await readPackListing(dir), { trustedPublicKeyPem: options.trustedPublicKeyPem });
  const problems: PackProblem[] = [...check.problems];
  if (check.manifest && problems.length === 0) problems.push(...(await checkPackMarking(dir, check.manifest)));
  let retrace: RetraceResult | undefined;
  const retraceSkipped = options.retrace && check.manifest?.audience === 'victim' ? "a victim pack carries that victim's statement only, no trace data" : undefined;
  if (options.retrace && check.manifest && problems.length === 0 && retraceSkipped === undefined) {
    const scratch = await mkdtemp(join(tmpdir(), 'ledgerhound-retrace-'));
    try {
      retrace = await retraceEvidencePack(dir, check.manifest, {
        createStore: async () => openSqliteStore(join(scratch, 'retrace.db')),
        trace: traceForPack,
        onProgress: options.onProgress,
      });
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
    problems.push(...retrace.problems);
  }
  return {
    pack: dir,
    ok: problems.length === 0,
    checkedFiles: check.checkedFiles,
    listedFiles: check.manifest?.files.length ?? 0,
    signature: check.signature,
    signerTrusted: check.signerTrusted,
    retrace: retrace ? { sameResult: retrace.sameResult, sameStoreContent: retrace.sameStoreContent, differences: retrace.differences } : undefined,
    ...(retraceSkipped !== undefined ? { retraceSkipped } : {}),
    audience: check.manifest?.audience ?? 'court',
    problems,
  };
}
