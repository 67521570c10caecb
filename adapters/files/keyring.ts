// A keyring of trusted partner keys (issue 15, partner packs): a directory with one Ed25519 public key
// per partner, `<name>.pub.pem` (SPKI PEM, as `keygen` writes it). A key is known by its name and by its
// fingerprint (SHA-256 of the DER SPKI, as `verify` and the manifest report it). Only public keys are
// accepted: a private key given by mistake is refused rather than copied. A name is never overwritten
// and one key is never kept under two names.

import { createPublicKey } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { invalidInput, LedgerhoundError } from '../../src/errors.js';
import { publicKeyFingerprint } from '../../src/evidence/manifest.js';

export interface KeyringEntry {
  name: string;
  file: string;
  /** SHA-256 (hex) of the public key's DER SPKI. */
  fingerprint: string;
  publicKeyPem: string;
}

const SUFFIX = '.pub.pem';
/** Partner names: a letter or digit, then letters, digits, `.`, `_`, `-` (they become file names). */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** The canonical SPKI PEM of an Ed25519 public key, or INVALID_INPUT naming the file. */
export function parsePartnerKey(pem: string, file: string): string {
  if (!/-----BEGIN PUBLIC KEY-----/.test(pem)) {
    const isPrivate = /PRIVATE KEY-----/.test(pem);
    throw invalidInput(isPrivate ? 'this is a private key: a keyring holds public keys only (the .pub.pem file)' : 'not a PEM public key', { file }, { reason: isPrivate ? 'private-key' : 'not-a-key' });
  }
  let key: ReturnType<typeof createPublicKey>;
  try {
    key = createPublicKey(pem);
  } catch (e) {
    throw invalidInput(`not a readable public key: ${(e as Error).message}`, { file }, { reason: 'not-a-key' });
  }
  if (key.asymmetricKeyType !== 'ed25519') throw invalidInput(`the key must be Ed25519, not ${key.asymmetricKeyType}`, { file }, { reason: 'not-ed25519' });
  return key.export({ type: 'spki', format: 'pem' }).toString();
}

/** Every key of the keyring, by name; an absent directory is an empty keyring. */
export async function readKeyring(dir: string): Promise<KeyringEntry[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith(SUFFIX)).sort();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new LedgerhoundError('NOT_FOUND', `cannot read the keyring ${dir}: ${(e as Error).message}`, { field: '--keyring', path: dir });
  }
  const out: KeyringEntry[] = [];
  for (const n of names) {
    const file = join(dir, n);
    const publicKeyPem = parsePartnerKey(await readFile(file, 'utf8'), file);
    out.push({ name: n.slice(0, -SUFFIX.length), file, fingerprint: publicKeyFingerprint(publicKeyPem), publicKeyPem });
  }
  return out;
}

/** Adds a partner's public key under `name`; INVALID_INPUT for a bad name, a taken name or a key already kept. */
export async function addKeyringKey(dir: string, name: string, publicKeyPem: string, keyFile: string): Promise<KeyringEntry> {
  if (!NAME.test(name)) throw invalidInput('a partner name is letters, digits, ".", "_" or "-" (at most 64)', { field: 'NAME' }, { value: name });
  const pem = parsePartnerKey(publicKeyPem, keyFile);
  const fingerprint = publicKeyFingerprint(pem);
  const existing = await readKeyring(dir);
  const sameName = existing.find((e) => e.name === name);
  if (sameName) throw invalidInput(`the keyring already has a key named ${name} (${sameName.file}): names are never overwritten`, { field: 'NAME' }, { value: name, reason: 'name-taken' });
  const sameKey = existing.find((e) => e.fingerprint === fingerprint);
  if (sameKey) throw invalidInput(`this key is already in the keyring as ${sameKey.name}`, { file: keyFile }, { reason: 'key-kept', name: sameKey.name });
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, `${name}${SUFFIX}`);
  await writeFile(file, pem, { flag: 'wx' });
  return { name, file, fingerprint, publicKeyPem: pem };
}
