// The evidence pack manifest (manifest.json): SHA-256 of every file, tool name and version, the exact
// command and trace parameters (credentials stripped), the store's content hash, the data sources the
// store names, the fixed "data as of" time and the creation time. It is written as canonical JSON and
// carries `digest`, the SHA-256 of its own canonical form without that field, so any edit is detected
// even without a signature; an optional Ed25519 signature (node:crypto, RFC 8032) covers its exact bytes.

import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import {LedgerhoundError } from '../errors.js';
import type { Tlp } from '../model/tag.js';
import type { Audience } from './pack-audience.js';
import type { ImportSource } from '../ports.js';
import { canonicalJson } from './canonical-json.js';
import { redactUrl } from '../redact.js';

export const MANIFEST_FILE = 'manifest.json';
export const SIGNATURE_FILE = 'manifest.sig';
export const PUBLIC_KEY_FILE = 'manifest.pub.pem';
/** Files that describe the pack and are not listed in it. */
export const PACK_META_FILES: readonly string[] = [MANIFEST_FILE, SIGNATURE_FILE, PUBLIC_KEY_FILE];
export const PACK_FORMAT = 'ledgerhound-evidence-pack';

export interface ManifestFile {
  /** Relative path inside the pack, `/`-separated. */
  path: string;
  sha256: string;
  bytes: number;
}

/** The trace parameters actually used (case file values after command-line overrides). */
export interface TraceParameters {
  policy: string;
  maxHops: number;
  until?: string;
  stopAt: string[];
  inheritTags: boolean;
  dust?: string | Record<string, string>;
}

export interface Manifest {
  format: typeof PACK_FORMAT;
  version: 1;
  tool: { name: string; version: string };
  command: { argv: string[]; parameters: TraceParameters };
  case: { name: string; file: string; sources: string[]; originalPath: string };
  store: {
    kind: string;
    location: string;
    contentHash: string;
    transfers: number;
    transactions: number;
    tags: number;
    /** Records and block range per chain. */
    chains?: Record<string, { transfers: number; transactions: number; minBlock: number | null; maxBlock: number | null }>;
  };
  /** What the store says its data came from (files and adapters' raw cache entries), in import order. */
  sources: ImportSource[];
  /** Font packages (name, version) whose fonts report.pdf embeds. */
  fonts?: { name: string; version: string }[];
  /** The pack's TLP 2.0 marking (pack-marking.ts): the strictest tag's, or `export --tlp`; absent when none. */
  tlp?: Tlp;
  /** Who the pack is for (pack-audience.ts, `export --audience`); absent in packs written before audiences: court. */
  audience?: Audience;
  /** The victim of a `victim` pack. */
  victim?: string;
  /** What an `exchange` pack left out as personal data (personal-data.ts): the personal tags withheld. */
  personalDataWithheld?: { tags: number };
  dataAsOf: string;
  createdAt: string;
  files: ManifestFile[];
  /** SHA-256 of the canonical JSON of this manifest without `digest`. */
  digest: string;
}

export type ManifestBody = Omit<Manifest, 'digest'>;

/** SHA-256 (hex) of bytes or text. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Strips credentials from every argument (URLs, `--opt=URL`) of a command line. */
export function redactArgv(argv: readonly string[]): string[] {
  return argv.map((arg) => {
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq > 0) return `${arg.slice(0, eq + 1)}${redactUrl(arg.slice(eq + 1))}`;
    return redactUrl(arg);
  });
}

/** Adds the digest and returns the manifest. */
export function sealManifest(body: ManifestBody): Manifest {
  const files = [...body.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const sorted = { ...body, files };
  return { ...sorted, digest: sha256Hex(canonicalJson(sorted)) };
}

/** The manifest's bytes as written (canonical JSON). */
export function serializeManifest(manifest: Manifest): string {
  return canonicalJson(manifest);
}

export type ManifestProblem = 'malformed' | 'not-canonical' | 'digest-mismatch';

/** Parses manifest.json and checks its form and digest; returns the manifest and any problem found. */
export function parseManifest(text: string): { manifest?: Manifest; problem?: ManifestProblem; detail?: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { problem: 'malformed', detail: (e as Error).message };
  }
  const m = value as Manifest;
  if (typeof m !== 'object' || m === null || m.format !== PACK_FORMAT || !Array.isArray(m.files) || typeof m.digest !== 'string') {
    return { problem: 'malformed', detail: `not a ${PACK_FORMAT} manifest` };
  }
  for (const f of m.files) {
    if (typeof f?.path !== 'string' || typeof f.sha256 !== 'string' || !isSafePackPath(f.path)) return { problem: 'malformed', detail: `bad file entry ${JSON.stringify(f)}` };
  }
  const { digest, ...body } = m;
  if (sha256Hex(canonicalJson(body)) !== digest) return { manifest: m, problem: 'digest-mismatch', detail: 'the manifest content does not match its digest' };
  if (canonicalJson(m) !== text) return { manifest: m, problem: 'not-canonical', detail: 'the manifest bytes differ from its canonical form' };
  return { manifest: m };
}

/** A relative, `/`-separated path that stays inside the pack. */
export function isSafePackPath(path: string): boolean {
  if (path.length === 0 || path.startsWith('/') || path.includes('\\') || path.includes('\0')) return false;
  return path.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

/** Ed25519 signature (base64) of the manifest bytes with a PEM private key. */
export function signManifest(manifestBytes: string | Uint8Array, privateKeyPem: string): { signature: string; publicKeyPem: string } {
  let key: ReturnType<typeof createPrivateKey>;
  try {
    key = createPrivateKey(privateKeyPem);
  } catch (e) {
    throw new LedgerhoundError('INVALID_INPUT', `signing key is not a PEM private key: ${(e as Error).message}`, { field: '--sign' });
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new LedgerhoundError('INVALID_INPUT', `signing key must be Ed25519, not ${key.asymmetricKeyType}`, { field: '--sign' });
  }
  const signature = sign(null, Buffer.from(manifestBytes), key).toString('base64');
  const publicKeyPem = createPublicKey(key).export({ type: 'spki', format: 'pem' }).toString();
  return { signature, publicKeyPem };
}

/** True when `signatureB64` is a valid Ed25519 signature of the bytes under the PEM public key. */
export function verifyManifestSignature(manifestBytes: string | Uint8Array, signatureB64: string, publicKeyPem: string): boolean {
  try {
    const key = createPublicKey(publicKeyPem);
    if (key.asymmetricKeyType !== 'ed25519') return false;
    return verify(null, Buffer.from(manifestBytes), key, Buffer.from(signatureB64.trim(), 'base64'));
  } catch {
    return false;
  }
}

/** Canonical SPKI PEM of a public key given as PEM (public or private), for comparing keys. */
export function publicKeyFingerprint(pem: string): string {
  const der = createPublicKey(pem).export({ type: 'spki', format: 'der' });
  return sha256Hex(der);
}

/** A new Ed25519 key pair as PEM (PKCS#8 private, SPKI public). */
export function generateSigningKeyPair(): { privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}
