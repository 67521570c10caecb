// `ledgerhound trace <case file>`: imports the case's sources into the store (idempotent), traces the
// victim payments by the rules of TRACING.md, and prints a readable summary (cash-out points, holdings,
// totals) or, with --json, the trace result of FORMATS.md. `--explain <address>` prints the hop-by-hop
// paths of value into that address instead. Use case app/trace-case-file.ts; text cli/format-trace.ts.

import type { Command } from 'commander';
import { loadPriceTable } from '../../app/restitution.js';
import { readCaseFile, traceLoadedCase } from '../../app/trace-case-file.js';
import { parseTraceOverrides, type TraceOverrideInput } from '../../app/trace-settings.js';
import { invalidInput } from '../../src/errors.js';
import { parseWholeNumber } from '../../src/input-values.js';
import { POLICIES } from '../../src/model/case.js';
import { withFiatFigures } from '../../src/pricing/trace-fiat.js';
import { explainEndpoint } from '../../src/tracing/explain.js';
import { type CommonOptions, withCommonOptions, withStore } from '../common.js';
import { formatExplanation, formatSummary, untilWarning } from '../format-trace.js';
import { writeJson } from '../json-stream.js';
import { action, printJson, warn } from '../output.js';
import { createProgress } from '../progress.js';

interface TraceCommandOptions extends CommonOptions, TraceOverrideInput {
  explain?: string;
  import: boolean;
  quiet?: boolean;
  prices?: string;
  currency: string;
  top: string;
}

export function register(program: Command): void {
  withCommonOptions(
    program
      .command('trace')
      .description('trace the victim payments of a case file to cash-out points (TRACING.md rules)')
      .argument('<case>', 'case file (case.yaml or case.json)')
      .option('--policy <policy>', `tracing rule: ${POLICIES.join(' | ')} (default: the case file's)`)
      .option('--max-hops <n>', "hop limit (the victim payment is hop 1; default: the case file's)")
      .option('--until <time>', 'ignore events after this ISO-8601 UTC time')
      .option('--stop-at <categories>', 'comma-separated tag categories where tracing stops (endpoints)')
      .option('--dust <base units>', 'drop traced value below this many base units (every asset)')
      .option('--inherit-tags', 'let addresses take tags through their cluster (TRACING.md)')
      .option('--no-inherit-tags', 'use only tags given directly')
      .option('--follow-probable', 'follow conversions with confidence below 100 (swap services linked by amount and time)')
      .option('--no-follow-probable', 'stop at the venue of a probable conversion')
      .option('--explain <address>', 'print the hop-by-hop paths of value into this address')
      .option('--top <n>', 'holdings listed per chain and asset, largest first; the rest on one line', '20')
      .option('--prices <file>', 'prices.csv (FORMATS.md v2): fiat beside token amounts in --json (sources, endpoints, prices)')
      .option('--currency <code>', 'fiat currency for --prices', 'USD')
      .option('--no-import', "do not import the case's sources first (use the store as it is)")
      .option('--quiet', 'no progress on stderr'),
  ).action(
    action(async (caseFile: string, opts: TraceCommandOptions) => {
      const overrides = parseTraceOverrides(opts);
      const top = parseWholeNumber(opts.top, '--top');
      const loaded = await readCaseFile(caseFile);
      const prices = opts.prices === undefined ? undefined : await loadPriceTable(opts.prices);
      // --no-import only reads: the store must exist and opens read-only.
      await withStore({ ...opts, caseFile: loaded.path, readOnly: !opts.import }, async (store) => {
        const bars = { import: createProgress({ label: 'import', quiet: opts.quiet }), trace: createProgress({ label: 'trace', unit: 'events', quiet: opts.quiet }) };
        const { run } = await traceLoadedCase(store, loaded, {
          overrides,
          importSources: opts.import,
          flows: opts.explain !== undefined,
          onProgress: (stage, n) => bars[stage].set(n),
        });
        bars.import.done();
        bars.trace.done();
        if (opts.explain !== undefined) {
          const explanation = explainEndpoint(run, { address: opts.explain });
          if (explanation.inflows.length === 0) {
            throw invalidInput(`no traced value reached ${opts.explain}`, { field: '--explain' }, { address: opts.explain });
          }
          if (opts.json) printJson({ version: 1, case: run.result.case, policy: run.result.policy, ...explanation });
          else process.stdout.write(formatExplanation(explanation));
          return;
        }
        const until = overrides.until ?? loaded.kase.until;
        const early = until === undefined ? undefined : untilWarning(run.result, until, overrides.until !== undefined ? '--until' : "the case's until");
        if (opts.json) {
          if (early) warn(early);
          // Written in pieces (cli/json-stream.ts): the result of a large trace is never one string.
          writeJson(prices ? withFiatFigures(run.result, prices, opts.currency) : run.result, (chunk) => process.stdout.write(chunk));
          process.stdout.write('\n');
        } else process.stdout.write(formatSummary(run.result, { top, warnings: early ? [early] : [] }));
      });
    }),
  );
}
