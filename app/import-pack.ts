// Use case `import-pack DIR`: a partner's evidence pack into the current store (issue 15). The pack is
// verified first with the evidence checks (src/evidence/verify-pack.ts: every file's SHA-256, the
// manifest's digest, the Ed25519 signature) against a trusted key: the one given (`--trust`), else the
// keyring key whose fingerprint is the pack's signer. An unsigned pack, a pack signed by a key not
// trusted, a pack whose bytes differ from its manifest, or (with `retrace`) one whose figures do not
// follow from its own data is refused with the reason, before anything is written. The pack's data
// (its case sources and store snapshot) is then imported with its provenance as the ImportSource:
// name `pack:<id>` (the first 16 hex digits of the manifest digest), sha256 of manifest.json, format
// `evidence-pack;signer=<fingerprint>[;partner=<name>]`; tags, which have no source row, keep it as
// `receivedFrom`. Notes (notes.jsonl of a court pack) are added as they were written (author, time, text;
// their id is the digest of that content, so importing twice adds nothing); the pack's source row names
// the signer they came with. Prints nothing.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPackListing } from './export-pack.js';
import { readPackNotes } from './pack-notes.js';
import { packDataFiles, retraceEvidencePack, VICTIM_PACK_REASON } from './retrace-pack.js';
import { traceForPack } from './pack-trace.js';
import { type ImportFileResult, importFiles } from '../adapters/files/import-files.js';
import { readKeyring } from '../adapters/files/keyring.js';
import { openSqliteStore } from '../graph/sqlite/sqlite-store.js';
import { LedgerhoundError } from '../src/errors.js';
import { MANIFEST_FILE, type Manifest, PUBLIC_KEY_FILE, publicKeyFingerprint, SIGNATURE_FILE, sha256Hex } from '../src/evidence/manifest.js';
import { checkPack, type PackProblem } from '../src/evidence/verify-pack.js';
import type { GraphStore, ImportSource } from '../src/ports.js';

export interface ImportPackOptions {
  /** `--trust KEY.pub`: the pack must be signed by this key (PEM) read from `file`. */
  trust?: { pem: string; file: string };
  /** The keyring consulted when no key is given: the pack's signer must be one of its keys. */
  keyringDir?: string;
  /** Re-trace the pack from its own data in a temporary store before importing. */
  retrace?: boolean;
  onProgress?: (stage: 'retrace' | 'import', done: number) => void;
}

/** Why a pack is refused. */
export type PackRefusal = 'altered' | 'unsigned' | 'unknown-key' | 'other-key' | 'retrace' | 'victim-pack';

export interface PackSigner {
  fingerprint: string;
  /** The keyring name of the key, when it is in the keyring. */
  name?: string;
  trustedBy: 'trust-option' | 'keyring';
}

export interface ImportPackResult {
  pack: { dir: string; id: string; manifestSha256: string; case: string; createdAt: string; dataAsOf: string; files: number };
  signer: PackSigner;
  source: ImportSource;
  retraced: boolean;
  imported: ImportFileResult[];
  totals: { transfers: number; transactions: number; tags: number; conversions: number; notes: number; existing: number };
}

/** The id a pack is known by: the first 16 hex digits of its manifest's digest. */
export function packIdOf(manifest: Manifest): string {
  return manifest.digest.slice(0, 16);
}

function refuse(dir: string, reason: PackRefusal, message: string, details: Record<string, unknown> = {}): LedgerhoundError {
  return new LedgerhoundError('INTEGRITY', `partner pack ${dir} refused: ${message}`, { pack: dir, reason, ...details });
}

const BROKEN: ReadonlySet<PackProblem['kind']> = new Set(['changed', 'missing', 'added', 'manifest']);

/** Verifies a partner's pack against a trusted key and imports its data and tags with its provenance. */
export async function importPartnerPack(store: GraphStore, dir: string, options: ImportPackOptions = {}): Promise<ImportPackResult> {
  const listing = await readPackListing(dir);
  const keyring = options.keyringDir !== undefined ? await readKeyring(options.keyringDir) : [];
  let signerFingerprint: string | undefined;
  try {
    if (listing.publicKeyText !== undefined) signerFingerprint = publicKeyFingerprint(listing.publicKeyText);
  } catch {
    signerFingerprint = undefined;
  }
  const known = signerFingerprint !== undefined ? keyring.find((k) => k.fingerprint === signerFingerprint) : undefined;
  const trustedPem = options.trust !== undefined ? options.trust.pem : known?.publicKeyPem;
  const check = checkPack(listing, trustedPem !== undefined ? { trustedPublicKeyPem: trustedPem } : {});
  const problems = check.problems;
  const files = [...new Set(problems.map((p) => p.path))];

  const broken = problems.filter((p) => BROKEN.has(p.kind) && p.path !== SIGNATURE_FILE && p.path !== PUBLIC_KEY_FILE);
  if (broken.length > 0) {
    throw refuse(dir, 'altered', `its files do not match its manifest: ${broken.map((p) => `${p.kind} ${p.path}`).join('; ')}`, { files, problems });
  }
  if (listing.signatureText === undefined) {
    throw refuse(dir, 'unsigned', 'it is not signed: only signed packs are imported', { files: [SIGNATURE_FILE], problems });
  }
  if (check.signature === 'other-key') {
    throw refuse(dir, 'other-key', `it is signed by key ${signerFingerprint ?? 'unknown'}, not by the trusted key ${options.trust?.file ?? ''}`.trim(), {
      files,
      problems,
      signer: signerFingerprint,
    });
  }
  if (check.signature === 'invalid') {
    throw refuse(dir, 'altered', 'the signature does not match manifest.json', { files, problems, signer: signerFingerprint });
  }
  if (trustedPem === undefined) {
    const where = options.keyringDir !== undefined ? `the keyring ${options.keyringDir}` : 'no keyring';
    throw refuse(dir, 'unknown-key', `it is signed by key ${signerFingerprint ?? 'unknown'}, which is not in ${where}: add it with \`keyring add NAME KEY.pub\` or pass --trust KEY.pub`, {
      files: [PUBLIC_KEY_FILE],
      problems,
      signer: signerFingerprint,
    });
  }
  if (!check.ok || !check.manifest) throw refuse(dir, 'altered', problems.map((p) => `${p.kind} ${p.path}: ${p.detail}`).join('; '), { files, problems });
  const manifest = check.manifest;
  const fingerprint = publicKeyFingerprint(trustedPem);
  // A victim pack (export --audience victim) holds one statement and no trace data: nothing to import.
  if (manifest.audience === 'victim') throw refuse(dir, 'victim-pack', `it ${VICTIM_PACK_REASON}`, { files: [MANIFEST_FILE], audience: 'victim' });

  if (options.retrace) {
    const tmp = await mkdtemp(join(tmpdir(), 'ledgerhound-import-pack-'));
    try {
      const r = await retraceEvidencePack(dir, manifest, {
        createStore: async () => openSqliteStore(join(tmp, 'retrace.db')),
        trace: traceForPack,
        onProgress: (n) => options.onProgress?.('retrace', n),
      });
      if (!r.ok) throw refuse(dir, 'retrace', r.problems.map((p) => `${p.path}: ${p.detail}`).join('; '), { files: [...new Set(r.problems.map((p) => p.path))], problems: r.problems });
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  }

  const id = packIdOf(manifest);
  const manifestSha256 = sha256Hex(listing.manifestText ?? '');
  const signer: PackSigner = { fingerprint, ...(known ? { name: known.name } : {}), trustedBy: options.trust ? 'trust-option' : 'keyring' };
  const format = `evidence-pack;signer=${fingerprint}${signer.name ? `;partner=${signer.name}` : ''}`;
  const name = `pack:${id}`;
  const { dataFiles } = await packDataFiles(dir, manifest);
  const imported = await importFiles(store, dataFiles, {
    provenance: { name, sha256: manifestSha256, format, tagExtra: { receivedFrom: { pack: name, signer: fingerprint, ...(signer.name ? { partner: signer.name } : {}) } } },
    onProgress: (n) => options.onProgress?.('import', n),
  });
  // Analysts' notes (court packs' notes.jsonl): content-addressed, so a note already held is not added again.
  const notes = await readPackNotes(dir, manifest);
  const totals = { transfers: 0, transactions: 0, tags: 0, conversions: 0, notes: 0, existing: 0 };
  for (const n of notes) {
    if ((await store.notesOf(n.chain, n.address)).some((held) => held.id === n.id)) totals.existing++;
    else {
      await store.addNote(n);
      totals.notes++;
    }
  }
  for (const r of imported) {
    totals.transfers += r.summary.transfers.added;
    totals.transactions += r.summary.transactions.added;
    totals.tags += r.summary.tags.added;
    totals.conversions += r.summary.conversions.added;
    totals.existing += r.summary.transfers.existing + r.summary.transactions.existing + r.summary.tags.existing + r.summary.conversions.existing;
  }
  const source = (await store.listSources()).find((s) => s.name === name && s.sha256 === manifestSha256) ?? { name, sha256: manifestSha256, kind: 'file', format };
  return {
    pack: { dir, id, manifestSha256, case: manifest.case.name, createdAt: manifest.createdAt, dataAsOf: manifest.dataAsOf, files: manifest.files.length },
    signer,
    source,
    retraced: options.retrace === true,
    imported,
    totals,
  };
}
