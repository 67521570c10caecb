// Checks an evidence pack against its manifest (pure: the caller lists and hashes the files): every
// listed file present with the recorded SHA-256, no file added, the manifest intact (digest, canonical
// form) and, when present or demanded, the Ed25519 signature valid under the expected public key.
// A pack signed, validly, by a key other than the one given is told apart from a broken signature.
// Every problem names the file.

import {
  MANIFEST_FILE,
  type Manifest,
  PACK_META_FILES,
  PUBLIC_KEY_FILE,
  parseManifest,
  publicKeyFingerprint,
  SIGNATURE_FILE,
  verifyManifestSignature,
} from './manifest.js';

/** `marking`: the pack's TLP marking is less strict than a tag its trace used (app/pack-marking-check.ts). */
export type PackProblemKind = 'changed' | 'missing' | 'added' | 'manifest' | 'signature' | 'marking';

export interface PackProblem {
  path: string;
  kind: PackProblemKind;
  detail: string;
}

export interface PackListing {
  /** Every regular file of the pack (relative `/` paths) with its SHA-256 and size. */
  files: Map<string, { sha256: string; bytes: number }>;
  /** Text of manifest.json, manifest.sig, manifest.pub.pem when present. */
  manifestText?: string;
  signatureText?: string;
  publicKeyText?: string;
}

export interface PackCheckOptions {
  /** Trusted public key (PEM); when given, the pack must be signed by it. */
  trustedPublicKeyPem?: string;
}

/** `other-key`: valid under the pack's own key, but that is not the trusted key given. */
export type SignatureStatus = 'valid' | 'invalid' | 'other-key' | 'unsigned';

export interface PackCheck {
  ok: boolean;
  manifest?: Manifest;
  checkedFiles: number;
  signature: SignatureStatus;
  /** Whether the signature was checked against a key given by the user (not only the pack's own). */
  signerTrusted: boolean;
  problems: PackProblem[];
}

/** Verifies the listing against the manifest. */
export function checkPack(listing: PackListing, options: PackCheckOptions = {}): PackCheck {
  const problems: PackProblem[] = [];
  const result: PackCheck = { ok: false, checkedFiles: 0, signature: 'unsigned', signerTrusted: false, problems };
  if (listing.manifestText === undefined) {
    problems.push({ path: MANIFEST_FILE, kind: 'missing', detail: 'the pack has no manifest' });
    return result;
  }
  const parsed = parseManifest(listing.manifestText);
  if (parsed.problem) problems.push({ path: MANIFEST_FILE, kind: 'manifest', detail: `${parsed.problem}: ${parsed.detail}` });
  const manifest = parsed.manifest;
  if (!manifest) return result;
  result.manifest = manifest;

  const listed = new Set<string>();
  for (const f of manifest.files) {
    listed.add(f.path);
    const actual = listing.files.get(f.path);
    if (!actual) problems.push({ path: f.path, kind: 'missing', detail: 'listed in the manifest but not in the pack' });
    else if (actual.sha256 !== f.sha256) problems.push({ path: f.path, kind: 'changed', detail: `SHA-256 ${actual.sha256}, manifest says ${f.sha256}` });
    else result.checkedFiles++;
  }
  for (const path of [...listing.files.keys()].sort()) {
    if (!listed.has(path) && !PACK_META_FILES.includes(path)) problems.push({ path, kind: 'added', detail: 'in the pack but not in the manifest' });
  }

  const signed = listing.signatureText !== undefined;
  if (signed) {
    const packKey = listing.publicKeyText;
    const key = options.trustedPublicKeyPem ?? packKey;
    if (key === undefined) {
      problems.push({ path: PUBLIC_KEY_FILE, kind: 'missing', detail: 'the pack is signed but has no public key and none was given' });
    } else if (!verifyManifestSignature(listing.manifestText, listing.signatureText!, key)) {
      const byPackKey =
        options.trustedPublicKeyPem !== undefined && packKey !== undefined && !sameKey(packKey, options.trustedPublicKeyPem) && verifyManifestSignature(listing.manifestText, listing.signatureText!, packKey);
      if (byPackKey) {
        result.signature = 'other-key';
        problems.push({
          path: SIGNATURE_FILE,
          kind: 'signature',
          detail: `signed by a key other than the one given (signer's public key SHA-256 ${fingerprintOf(packKey)}, given key SHA-256 ${fingerprintOf(options.trustedPublicKeyPem!)})`,
        });
        result.ok = false;
        return result;
      }
      result.signature = 'invalid';
      problems.push({ path: SIGNATURE_FILE, kind: 'signature', detail: 'the Ed25519 signature does not match manifest.json under the public key' });
    } else {
      result.signature = 'valid';
      result.signerTrusted = options.trustedPublicKeyPem !== undefined;
    }
    if (options.trustedPublicKeyPem !== undefined && packKey !== undefined && !sameKey(packKey, options.trustedPublicKeyPem)) {
      problems.push({ path: PUBLIC_KEY_FILE, kind: 'signature', detail: 'the public key in the pack is not the trusted key given with --pubkey' });
    }
  } else if (options.trustedPublicKeyPem !== undefined) {
    problems.push({ path: SIGNATURE_FILE, kind: 'missing', detail: 'a public key was given but the pack is not signed' });
  } else if (listing.publicKeyText !== undefined) {
    problems.push({ path: SIGNATURE_FILE, kind: 'missing', detail: 'the pack has a public key but no signature' });
  }
  result.ok = problems.length === 0;
  return result;
}

function fingerprintOf(pem: string): string {
  try {
    return publicKeyFingerprint(pem);
  } catch {
    return 'unreadable';
  }
}

function sameKey(a: string, b: string): boolean {
  try {
    return publicKeyFingerprint(a) === publicKeyFingerprint(b);
  } catch {
    return false;
  }
}
