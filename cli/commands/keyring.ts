// `ledgerhound keyring add NAME KEY.pub` and `keyring list`: the named public keys of partners whose
// evidence packs `import-pack` trusts (app/keyring.ts). The keyring is a directory beside keygen's keys
// (~/.config/ledgerhound/keyring); `--keyring DIR` or LEDGERHOUND_KEYRING choose another.

import type { Command } from 'commander';
import { addPartnerKey, keyringDirOf, listPartnerKeys } from '../../app/keyring.js';
import { action, printJson } from '../output.js';

interface KeyringOptions {
  keyring?: string;
  json?: boolean;
}

const KEYRING_OPTION = ['--keyring <dir>', 'keyring directory (default: LEDGERHOUND_KEYRING, else ~/.config/ledgerhound/keyring)'] as const;

export function register(program: Command): void {
  const keyring = program.command('keyring').description("trusted partner keys for import-pack: add a partner's public key under a name, list them");
  keyring
    .command('add')
    .description("add a partner's Ed25519 public key (the .pub.pem of their keygen) under a name")
    .argument('<name>', 'partner name (letters, digits, ".", "_", "-")')
    .argument('<key>', "the partner's public key file (PEM)")
    .option(...KEYRING_OPTION)
    .option('--json', 'machine-readable output on stdout')
    .action(
      action(async (name: string, key: string, opts: KeyringOptions) => {
        const dir = keyringDirOf(opts.keyring);
        const entry = await addPartnerKey(dir, name, key);
        if (opts.json) printJson({ keyring: dir, name: entry.name, file: entry.file, fingerprint: entry.fingerprint });
        else console.log(`added ${entry.name} to the keyring ${dir}\nSHA-256 of the public key: ${entry.fingerprint}`);
      }),
    );
  keyring
    .command('list')
    .description('list the trusted partner keys with their fingerprints')
    .option(...KEYRING_OPTION)
    .option('--json', 'machine-readable output on stdout')
    .action(
      action(async (opts: KeyringOptions) => {
        const dir = keyringDirOf(opts.keyring);
        const keys = await listPartnerKeys(dir);
        if (opts.json) printJson({ keyring: dir, keys: keys.map((k) => ({ name: k.name, fingerprint: k.fingerprint, file: k.file })) });
        else if (keys.length === 0) console.log(`keyring ${dir}: no keys (add one with: ledgerhound keyring add NAME KEY.pub)`);
        else {
          console.log(`keyring ${dir}:`);
          const width = Math.max(...keys.map((k) => k.name.length));
          for (const k of keys) console.log(`  ${k.name.padEnd(width)}  ${k.fingerprint}`);
        }
      }),
    );
}
