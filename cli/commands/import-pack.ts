// `ledgerhound import-pack DIR [--trust KEY.pub | --keyring DIR] [--retrace]`: verifies a partner's
// evidence pack (file hashes, manifest, Ed25519 signature by a trusted key; with --retrace its figures
// from its own data) and imports its data and tags into the store with the pack's provenance
// (app/import-pack.ts). A refused pack exits with INTEGRITY (4) and the reason; nothing is imported.

import type { Command } from 'commander';
import { type ImportPackResult, importPartnerPack } from '../../app/import-pack.js';
import { keyringDirOf, readKeyFile } from '../../app/keyring.js';
import { type CommonOptions, withCommonOptions, withStore } from '../common.js';
import { action, printJson } from '../output.js';
import { createProgress } from '../progress.js';

interface ImportPackCommandOptions extends CommonOptions {
  trust?: string;
  keyring?: string;
  retrace?: boolean;
  quiet?: boolean;
}

export function register(program: Command): void {
  withCommonOptions(
    program
      .command('import-pack')
      .description("verify a partner's signed evidence pack and import its data and tags, with the pack as their source")
      .argument('<dir>', 'evidence pack directory (written by export --sign)')
      .option('--trust <key>', "the partner's public key (PEM): the pack must be signed by it (else: the keyring)")
      .option('--keyring <dir>', 'trusted partner keys (default: LEDGERHOUND_KEYRING, else ~/.config/ledgerhound/keyring)')
      .option('--retrace', "re-run the pack's trace from its own data first; refuse it when the figures differ")
      .option('--quiet', 'no progress on stderr'),
  ).action(
    action(async (dir: string, opts: ImportPackCommandOptions) => {
      const trust = opts.trust !== undefined ? { pem: await readKeyFile(opts.trust, '--trust'), file: opts.trust } : undefined;
      const keyringDir = keyringDirOf(opts.keyring);
      const quiet = opts.quiet === true || opts.json === true;
      const result = await withStore(opts, async (store) => {
        // Bars start with their stage: a refused pack prints no progress.
        const bars = new Map<string, ReturnType<typeof createProgress>>();
        const bar = (stage: string) => bars.get(stage) ?? bars.set(stage, createProgress({ label: stage, quiet })).get(stage)!;
        try {
          return await importPartnerPack(store, dir, { ...(trust ? { trust } : {}), keyringDir, retrace: opts.retrace === true, onProgress: (stage, n) => bar(stage).set(n) });
        } finally {
          for (const b of bars.values()) b.done();
        }
      });
      if (opts.json) printJson(summary(result));
      else printSummary(result);
    }),
  );
}

function summary(r: ImportPackResult) {
  return {
    pack: r.pack,
    signer: r.signer,
    source: r.source,
    retraced: r.retraced,
    imported: r.totals,
    files: r.imported.map((f) => ({ file: f.file, kind: f.kind, records: f.records, added: f.summary.transfers.added + f.summary.transactions.added + f.summary.tags.added + f.summary.conversions.added })),
  };
}

function printSummary(r: ImportPackResult): void {
  const who = r.signer.name ? `${r.signer.name} (${r.signer.fingerprint})` : r.signer.fingerprint;
  console.log(`partner pack ${r.pack.dir}: verified${r.retraced ? ' and re-traced' : ''}, signed by ${who}`);
  console.log(`  case: ${r.pack.case}; data as of ${r.pack.dataAsOf}; ${r.pack.files} files`);
  console.log(`  imported as source ${r.source.name} (manifest SHA-256 ${r.pack.manifestSha256})`);
  const t = r.totals;
  console.log(`  added: ${t.transfers} transfers, ${t.transactions} transactions, ${t.tags} tags, ${t.conversions} conversions, ${t.notes} notes; ${t.existing} already stored`);
}
