// `ledgerhound export <case> --out DIR`: imports the case's sources (idempotent), traces the case and
// writes a seizure evidence pack: report.html/.pdf, freeze requests per exchange, flows.csv,
// transactions.csv, trace.json, GraphML/GEXF, the case with its data, and a manifest with SHA-256 of
// every file (optionally Ed25519-signed with --sign KEYFILE). Progress on stderr; --json prints the
// manifest summary on stdout (use case app/export-case.ts). Court packs carry a statement per victim
// (victims/<id>.html and .pdf; --intake, --seized, --prices feed them); --audience exchange leaves out all
// personal data, --audience victim --victim ID writes that victim's statement only. Ctrl-C removes the partial pack, says so and exits 130 (128 + SIGINT).

import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { exportCase, partialPackDir, readSigningKey } from '../../app/export-case.js';
import { readCaseFile } from '../../app/trace-case-file.js';
import { parseTraceOverrides, type TraceOverrideInput } from '../../app/trace-settings.js';
import { LedgerhoundError } from '../../src/errors.js';
import { MANIFEST_FILE } from '../../src/evidence/manifest.js';
import { AUDIENCES, parseAudience } from '../../src/evidence/pack-audience.js';
import { POLICIES } from '../../src/model/case.js';
import { TLP_LEVELS } from '../../src/model/tag.js';
import { parseTlpName } from '../../src/sharing/tlp.js';
import { type CommonOptions, withCommonOptions, withStore } from '../common.js';
import { action, printJson } from '../output.js';
import { createProgress, type Progress } from '../progress.js';
import { toolInfo } from '../tool-info.js';

interface ExportOptions extends CommonOptions, TraceOverrideInput {
  out: string;
  sign?: string;
  tlp?: string;
  audience?: string;
  victim?: string;
  intake?: string;
  seized?: string;
  returns?: string;
  prices?: string;
  currency: string;
  stablecoinRule: boolean;
  quiet?: boolean;
}

/** Exit code of a command stopped by Ctrl-C (128 + SIGINT, as shells report it). */
export const INTERRUPTED_EXIT = 130;

/**
 * Until disposed, Ctrl-C removes the partial pack of `outDir`, says so and exits 130. Ctrl-C in the moment
 * after the pack was moved into place (before the command returns) says that the pack is complete.
 */
function removePartialOnSigint(outDir: string): () => void {
  const partial = partialPackDir(outDir);
  const manifest = join(outDir, MANIFEST_FILE);
  const manifestBefore = existsSync(manifest);
  const handler = () => {
    const existed = existsSync(partial);
    rmSync(partial, { recursive: true, force: true });
    const complete = !existed && !manifestBefore && existsSync(manifest);
    process.stderr.write(
      `\ninterrupted: ${existed ? `removed the partial evidence pack ${partial}; no pack at ${outDir}` : complete ? `the evidence pack at ${outDir} had already been written in full` : `no pack file had been written yet; no pack at ${outDir}`}\n`,
    );
    process.exit(INTERRUPTED_EXIT);
  };
  process.once('SIGINT', handler);
  return () => process.off('SIGINT', handler);
}

export function register(program: Command): void {
  withCommonOptions(
    program
      .command('export')
      .description('trace a case and write a seizure evidence pack (reports, freeze requests, CSV/GraphML/GEXF, signed manifest)')
      .argument('<case>', 'case file (case.yaml or case.json)')
      .requiredOption('--out <dir>', 'new or empty directory for the pack')
      .option('--policy <policy>', `tracing rule: ${POLICIES.join(' | ')} (default: the case file's)`)
      .option('--max-hops <n>', "hop limit (default: the case file's)")
      .option('--until <time>', 'ignore events after this ISO-8601 UTC time')
      .option('--stop-at <categories>', 'comma-separated stop categories')
      .option('--dust <base units>', 'drop traced value below this many base units (every asset)')
      .option('--inherit-tags', 'let tags reach addresses through clusters')
      .option('--no-inherit-tags', 'use only tags given directly')
      .option('--follow-probable', 'follow conversions with confidence below 100 (TRACING.md v2)')
      .option('--no-follow-probable', 'stop at the venue of a probable conversion')
      .option('--sign <keyfile>', 'sign manifest.json with this Ed25519 private key (PEM; see keygen)')
      .option('--tlp <marking>', `${TLP_LEVELS.join(' | ')}: mark the pack (default: the strictest tlp of the tags the trace used); refused when less strict`)
      .option('--audience <audience>', `${AUDIENCES.join(' | ')}: court = everything; exchange = no personal data; victim = one victim's statement (default court)`)
      .option('--victim <id>', 'with --audience victim: the victim (intake victim id, or payment-id stem) whose statement the pack carries')
      .option('--intake <file>', "intake.csv: group the victims' statements by victim, with names (court and victim packs)")
      .option('--seized <file>', "seizures.jsonl: each victim's traced and pari passu share in the statements")
      .option('--returns <file>', "an exchange's returns (returns.csv|jsonl): shared like seizures; account holders in court packs only")
      .option('--prices <file>', 'prices.csv: fiat beside token amounts in the statements')
      .option('--currency <code>', 'fiat currency of the statements', 'USD')
      .option('--no-stablecoin-rule', 'do not value USDT/USDC at 1 USD where no price row applies')
      .option('--quiet', 'no progress on stderr'),
  ).action(
    action(async (caseArg: string, opts: ExportOptions) => {
      const overrides = parseTraceOverrides(opts);
      const tlp = opts.tlp === undefined ? undefined : parseTlpName(opts.tlp);
      if (opts.tlp !== undefined && tlp === undefined) {
        throw new LedgerhoundError('INVALID_INPUT', `--tlp must be one of ${TLP_LEVELS.join(', ')}`, { field: '--tlp', value: opts.tlp });
      }
      const audience = parseAudience(opts.audience, opts.victim);
      const loaded = await readCaseFile(caseArg);
      // The key is checked before the long work (an unusable key fails at once).
      const signingKeyPem = opts.sign === undefined ? undefined : await readSigningKey(opts.sign);
      const quiet = opts.quiet === true || opts.json === true;
      const disposeSigint = removePartialOnSigint(opts.out);
      const bars = new Map<string, Progress>();
      const bar = (stage: string, total?: number): Progress => {
        let b = bars.get(stage);
        if (!b) {
          const label = stage === 'import' ? 'import case sources' : stage === 'trace' ? 'trace' : `export ${stage}`;
          b = createProgress({ label, total, quiet, unit: stage === 'import' ? undefined : stage === 'trace' ? 'events' : stage === 'files' ? 'files' : 'flows' });
          bars.set(stage, b);
        }
        return b;
      };
      const finished = new Set<string>();
      const finish = (stage: string, message?: string) => {
        if (finished.has(stage)) return;
        finished.add(stage);
        bar(stage).done(message);
      };
      const written = await withStore({ ...opts, caseFile: loaded.path }, (store) =>
        exportCase(store, loaded, {
          overrides,
          outDir: opts.out,
          tool: toolInfo(),
          argv: ['ledgerhound', ...process.argv.slice(2)],
          signingKeyPem,
          tlp,
          audience,
          intakeFile: opts.intake,
          seizuresFile: opts.seized,
          returnsFile: opts.returns,
          pricesFile: opts.prices,
          currency: opts.currency,
          stablecoinRule: opts.stablecoinRule,
          onProgress: (stage, done, total) => bar(stage, total).set(done),
          onTraced: (flows) => finish('trace', `traced ${flows.toLocaleString('en-US')} flows`),
        }),
      ).finally(() => {
        disposeSigint();
        for (const stage of bars.keys()) finish(stage);
      });
      const m = written.manifest;
      if (opts.json) {
        printJson({ pack: written.dir, signed: written.signed, files: m.files.length, digest: m.digest, storeContentHash: m.store.contentHash, dataAsOf: m.dataAsOf, audience: m.audience, ...(m.tlp !== undefined ? { tlp: m.tlp } : {}) });
      } else {
        console.log(`${m.audience} evidence pack written to ${written.dir}: ${m.files.length} files${written.signed ? ', signed' : ''}${m.tlp !== undefined ? `, marked TLP:${m.tlp.toUpperCase()}` : ''}`);
        console.log(`manifest digest ${m.digest}; verify with: ledgerhound verify ${opts.out}${written.signed ? ' --pubkey <public key>' : ''} --retrace`);
      }
    }),
  );
}
