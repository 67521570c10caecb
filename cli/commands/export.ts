// `ledgerhound export <case> --out DIR`: imports the case's sources (idempotent), traces the case and
// writes a seizure evidence pack: report.html/.pdf, freeze requests per exchange, flows.csv,
// transactions.csv, trace.json, GraphML/GEXF, the case with its data, and a manifest with SHA-256 of
// every file (optionally Ed25519-signed with --sign KEYFILE). Progress on stderr; --json prints the
// manifest summary on stdout. Ctrl-C removes the partial pack, says so and exits 130 (128 + SIGINT).

import { existsSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { loadCaseFile } from '../../adapters/files/case-file.js';
import { partialPackDir, writeEvidencePack } from '../../adapters/files/evidence-pack.js';
import { traceForPack } from '../../adapters/files/evidence-pack-trace.js';
import { importFiles } from '../../adapters/files/import-files.js';
import { invalidInput, LedgerhoundError } from '../../src/errors.js';
import { signManifest } from '../../src/evidence/manifest.js';
import { type CaseFile, POLICIES, type Policy } from '../../src/model/case.js';
import { isTagCategory, type TagCategory } from '../../src/model/tag.js';
import { type CommonOptions, withCommonOptions, withStore } from '../common.js';
import { action, printJson } from '../output.js';
import { createProgress, type Progress } from '../progress.js';
import { toolInfo } from '../tool-info.js';

interface ExportOptions extends CommonOptions {
  out: string;
  policy?: string;
  maxHops?: string;
  until?: string;
  stopAt?: string;
  inheritTags?: boolean;
  followProbable?: boolean;
  sign?: string;
  quiet?: boolean;
}

/** Applies the command-line overrides (FORMATS.md: policy, maxHops, until, stopAt, inheritTags) to the case. */
function applyOverrides(kase: CaseFile, opts: ExportOptions): CaseFile {
  const out: CaseFile = { ...kase };
  if (opts.policy !== undefined) {
    if (!(POLICIES as readonly string[]).includes(opts.policy)) throw invalidInput(`policy must be one of ${POLICIES.join(', ')}`, { field: '--policy' }, { value: opts.policy });
    out.policy = opts.policy as Policy;
  }
  if (opts.maxHops !== undefined) {
    const n = Number(opts.maxHops);
    if (!Number.isInteger(n) || n < 1) throw invalidInput('max hops must be a positive integer', { field: '--max-hops' }, { value: opts.maxHops });
    out.maxHops = n;
  }
  if (opts.until !== undefined) {
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/.test(opts.until)) throw invalidInput('until must be an ISO-8601 UTC time', { field: '--until' }, { value: opts.until });
    out.until = opts.until;
  }
  if (opts.stopAt !== undefined) {
    const list = opts.stopAt.split(',').map((s) => s.trim()).filter(Boolean);
    const bad = list.find((c) => !isTagCategory(c));
    if (bad !== undefined) throw invalidInput(`unknown category "${bad}"`, { field: '--stop-at' });
    out.stopAt = list as TagCategory[];
  }
  if (opts.inheritTags !== undefined) out.inheritTags = opts.inheritTags;
  if (opts.followProbable !== undefined) out.followProbable = opts.followProbable;
  return out;
}

/** Exit code of a command stopped by Ctrl-C (128 + SIGINT, as shells report it). */
export const INTERRUPTED_EXIT = 130;

/** Until disposed, Ctrl-C removes the partial pack of `outDir`, says so and exits 130. */
function removePartialOnSigint(outDir: string): () => void {
  const partial = partialPackDir(outDir);
  const handler = () => {
    const existed = existsSync(partial);
    rmSync(partial, { recursive: true, force: true });
    process.stderr.write(`\ninterrupted: ${existed ? `removed the partial evidence pack ${partial}` : 'no pack file had been written yet'}; no pack at ${outDir}\n`);
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
      .option('--inherit-tags', 'let tags reach addresses through clusters')
      .option('--no-inherit-tags', 'use only tags given directly')
      .option('--follow-probable', 'follow conversions with confidence below 100 (TRACING.md v2)')
      .option('--no-follow-probable', 'stop at the venue of a probable conversion')
      .option('--sign <keyfile>', 'sign manifest.json with this Ed25519 private key (PEM; see keygen)')
      .option('--quiet', 'no progress on stderr'),
  ).action(
    action(async (caseArg: string, opts: ExportOptions) => {
      const loaded = await loadCaseFile(caseArg);
      const kase = applyOverrides(loaded.kase, opts);
      let signingKeyPem: string | undefined;
      if (opts.sign !== undefined) {
        try {
          signingKeyPem = await readFile(opts.sign, 'utf8');
        } catch {
          throw new LedgerhoundError('NOT_FOUND', `${opts.sign}: no such key file`, { field: '--sign', path: opts.sign });
        }
        signManifest('check', signingKeyPem); // fail before the long work if the key is unusable
      }
      const quiet = opts.quiet === true || opts.json === true;
      const disposeSigint = removePartialOnSigint(opts.out);
      const written = await withStore({ ...opts, caseFile: loaded.path }, async (store) => {
        const importing = createProgress({ label: 'import case sources', quiet });
        await importFiles(store, loaded.sourcePaths, { onProgress: (n) => importing.set(n) });
        importing.done();
        const tracing = createProgress({ label: 'trace', quiet, unit: 'events' });
        const run = await traceForPack(store, kase, { onProgress: (n) => tracing.set(n) });
        tracing.done(`traced ${run.flows.length.toLocaleString('en-US')} flows`);
        const bars = new Map<string, Progress>();
        const pack = await writeEvidencePack({
          store,
          loaded,
          kase,
          run,
          outDir: opts.out,
          tool: toolInfo(),
          argv: ['ledgerhound', ...process.argv.slice(2)],
          signingKeyPem,
          onProgress: (stage, done, total) => {
            let bar = bars.get(stage);
            if (!bar) {
              bar = createProgress({ label: `export ${stage}`, total, quiet, unit: stage === 'files' ? 'files' : 'flows' });
              bars.set(stage, bar);
            }
            bar.set(done);
          },
        });
        for (const bar of bars.values()) bar.done();
        return pack;
      }).finally(disposeSigint);
      const m = written.manifest;
      if (opts.json) {
        printJson({ pack: written.dir, signed: written.signed, files: m.files.length, digest: m.digest, storeContentHash: m.store.contentHash, dataAsOf: m.dataAsOf });
      } else {
        console.log(`evidence pack written to ${written.dir}: ${m.files.length} files${written.signed ? ', signed' : ''}`);
        console.log(`manifest digest ${m.digest}; verify with: ledgerhound verify ${opts.out}${written.signed ? ' --pubkey <public key>' : ''} --retrace`);
      }
    }),
  );
}
