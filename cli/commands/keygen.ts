// `ledgerhound keygen --out PREFIX`: a new Ed25519 key pair for signing evidence packs
// (PREFIX.key.pem, private, mode 0600; PREFIX.pub.pem, to give to whoever verifies).

import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { LedgerhoundError } from '../../src/errors.js';
import { generateSigningKeyPair, publicKeyFingerprint } from '../../src/evidence/manifest.js';
import { withCommonOptions } from '../common.js';
import { action, printJson } from '../output.js';

interface KeygenOptions {
  out: string;
  json?: boolean;
}

export function register(program: Command): void {
  withCommonOptions(
    program
      .command('keygen')
      .description('create an Ed25519 key pair for signing evidence packs (export --sign)')
      .requiredOption('--out <prefix>', 'writes <prefix>.key.pem (private) and <prefix>.pub.pem (public)'),
  ).action(
    action(async (opts: KeygenOptions) => {
      const { privateKeyPem, publicKeyPem } = generateSigningKeyPair();
      const keyFile = `${opts.out}.key.pem`;
      const pubFile = `${opts.out}.pub.pem`;
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
      const fingerprint = publicKeyFingerprint(publicKeyPem);
      if (opts.json) printJson({ privateKey: keyFile, publicKey: pubFile, fingerprint });
      else console.log(`private key: ${keyFile} (keep it secret)\npublic key:  ${pubFile}\nSHA-256 of the public key: ${fingerprint}`);
    }),
  );
}
