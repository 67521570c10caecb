// `ledgerhound verify DIR [--pubkey KEY] [--retrace]`: checks an evidence pack: every file's SHA-256
// against manifest.json, no file added or missing, the manifest's own digest, the Ed25519 signature
// (against --pubkey when given), and with --retrace re-runs the trace from the pack's own data into a
// temporary SQLite store and compares the figures with trace.json; the TLP marking is checked against the
// tags the pack carries (a less strict marking fails as MARKING). Any mismatch names the file and
// exits with INTEGRITY (4). Use case app/verify-pack.ts.

import type { Command } from 'commander';
import { type PackVerification, readPublicKey, verifyPack } from '../../app/verify-pack.js';
import { LedgerhoundError } from '../../src/errors.js';
import { withCommonOptions } from '../common.js';
import { action, printJson } from '../output.js';
import { createProgress } from '../progress.js';

interface VerifyOptions {
  pubkey?: string;
  retrace?: boolean;
  json?: boolean;
  quiet?: boolean;
}

export function register(program: Command): void {
  withCommonOptions(
    program
      .command('verify')
      .description('check an evidence pack: file hashes, manifest, signature; --retrace re-computes the figures from the pack alone')
      .argument('<dir>', 'evidence pack directory (written by export)')
      .option('--pubkey <file>', 'trusted Ed25519 public key (PEM): the pack must be signed with it')
      .option('--retrace', "re-run the trace from the pack's own case and data in a temporary store and compare with trace.json")
      .option('--quiet', 'no progress on stderr'),
  ).action(
    action(async (dir: string, opts: VerifyOptions) => {
      const trusted = opts.pubkey === undefined ? undefined : await readPublicKey(opts.pubkey);
      const progress = createProgress({ label: 'retrace: import', quiet: !opts.retrace || opts.quiet || opts.json });
      const report = await verifyPack(dir, { trustedPublicKeyPem: trusted, retrace: opts.retrace, onProgress: (n) => progress.set(n) }).finally(() => progress.done());
      const problems = report.problems;
      if (opts.json) printJson(report);
      else printReport(report);
      if (!report.ok) {
        const files = [...new Set(problems.map((p) => p.path))];
        throw new LedgerhoundError('INTEGRITY', `evidence pack ${dir} does not verify: ${problems.map((p) => `${p.kind} ${p.path}`).join('; ')}`, { files, problems });
      }
    }),
  );
}

function printReport(r: PackVerification): void {
  const sig =
    r.signature === 'unsigned'
      ? 'not signed'
      : r.signature === 'other-key'
        ? 'signed by a key other than the one given'
        : `signature ${r.signature}${r.signerTrusted ? ' (trusted key)' : " (pack's own key only: pass --pubkey to check the signer)"}`;
  console.log(`${r.audience} evidence pack ${r.pack}: ${r.ok ? 'OK' : 'FAILED'}`);
  console.log(`  files: ${r.checkedFiles}/${r.listedFiles} match the manifest; ${sig}`);
  if (r.retrace) console.log(`  retrace: ${r.retrace.sameResult ? 'same figures as trace.json' : 'figures DIFFER from trace.json'}`);
  if (r.retraceSkipped) console.log(`  retrace: not applicable (${r.retraceSkipped})`);
  for (const p of r.problems) console.log(`  ${p.kind.toUpperCase()} ${p.path}: ${p.detail}`);
}
