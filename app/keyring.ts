// Use cases `keyring add NAME KEY.pub` and `keyring list`: the trusted partner keys that `import-pack`
// accepts (adapters/files/keyring.ts). The keyring lives beside the keys of `keygen`
// ($XDG_CONFIG_HOME/ledgerhound/keyring, else ~/.config/ledgerhound/keyring); `--keyring DIR` or
// LEDGERHOUND_KEYRING choose another. Prints nothing.

import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { addKeyringKey, type KeyringEntry, readKeyring } from '../adapters/files/keyring.js';
import { LedgerhoundError } from '../src/errors.js';

export type { KeyringEntry };

/** The user's ledgerhound configuration folder: $XDG_CONFIG_HOME/ledgerhound (absolute only), else ~/.config/ledgerhound. */
export function ledgerhoundConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  const config = env.XDG_CONFIG_HOME?.startsWith('/') ? env.XDG_CONFIG_HOME : join(homedir(), '.config');
  return join(config, 'ledgerhound');
}

/** The keyring a command uses: the option, else LEDGERHOUND_KEYRING, else `keyring` beside keygen's `keys`. */
export function keyringDirOf(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return option ?? (env.LEDGERHOUND_KEYRING || join(ledgerhoundConfigDir(env), 'keyring'));
}

/** Reads a public key file (NOT_FOUND naming it). */
export async function readKeyFile(file: string, field: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    throw new LedgerhoundError('NOT_FOUND', `${file}: no such public key file`, { field, path: file });
  }
}

/** Adds a partner's public key to the keyring under a name. */
export async function addPartnerKey(dir: string, name: string, keyFile: string): Promise<KeyringEntry> {
  return addKeyringKey(dir, name, await readKeyFile(keyFile, 'KEY'), keyFile);
}

/** The keyring's keys, by name. */
export function listPartnerKeys(dir: string): Promise<KeyringEntry[]> {
  return readKeyring(dir);
}
