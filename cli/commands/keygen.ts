// `ledgerhound keygen [--out PREFIX]`: a new Ed25519 key pair for signing evidence packs
// (PREFIX.key.pem, private, mode 0600, never overwritten; PREFIX.pub.pem, to give to whoever verifies).
// Without --out the pair goes to the user's key directory, outside any work tree so that a private key
// is never committed by accident: $XDG_CONFIG_HOME/ledgerhound/keys, else ~/.config/ledgerhound/keys
// (mode 0700), named after the public key's fingerprint.

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { ledgerhoundConfigDir } from '../../app/keyring.js';
import { LedgerhoundError } from '../../src/errors.js';
import { generateSigningKeyPair, publicKeyFingerprint } from '../../src/evidence/manifest.js';
import { withCommonOptions } from '../common.js';
import { action, printJson } from '../output.js';

interface KeygenOptions {
  out?: string;
  json?: boolean;
}

/** Where keygen writes without --out. */
export function defaultKeyDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(ledgerhoundConfigDir(env), 'keys');
}

export function register(program: Command): void {
  withCommonOptions(
    program
      .command('keygen')
      .description('create an Ed25519 key pair for signing evidence packs (export --sign)')
      .option('--out <prefix>', 'writes <prefix>.key.pem (private) and <prefix>.pub.pem (public); default: the user key directory (~/.config/ledgerhound/keys)'),
  ).action(
    action(async (opts: KeygenOptions) => {
      const { privateKeyPem, publicKeyPem } = generateSigningKeyPair();
      const fingerprint = publicKeyFingerprint(publicKeyPem);
      let prefix = opts.out;
      if (prefix === undefined) {
        const dir = defaultKeyDir();
        try {
          await mkdir(dir, { recursive: true, mode: 0o700 });
        } catch (e) {
          throw new LedgerhoundError('NOT_FOUND', `cannot create the key directory ${dir}: ${(e as Error).message}`, { field: '--out', path: dir });
        }
        prefix = join(dir, `ledgerhound-${fingerprint.slice(0, 16)}`);
      }
      const keyFile = `${prefix}.key.pem`;
      const pubFile = `${prefix}.pub.pem`;
      try {
        await writeFile(keyFile, privateKeyPem, { mode: 0o600, flag: 'wx' });
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        throw new LedgerhoundError(code === 'EEXIST' ? 'INVALID_INPUT' : 'NOT_FOUND', `cannot write ${keyFile}: ${code === 'EEXIST' ? 'file exists (never overwritten)' : (e as Error).message}`, {
          field: '--out',
          path: keyFile,
        });
      }
      await writeFile(pubFile, publicKeyPem);
      if (opts.json) printJson({ privateKey: keyFile, publicKey: pubFile, fingerprint });
      else console.log(`private key: ${keyFile} (keep it secret)\npublic key:  ${pubFile}\nSHA-256 of the public key: ${fingerprint}`);
    }),
  );
}
