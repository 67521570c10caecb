// `ledgerhound expand <case file> --hops N`: fetch the chain around a case's victim payments into the
// store, hop by hop, from the sources given (--rpc, --esplora, and those other chain families register
// in adapters/expand/sources.ts), stopping at addresses tagged with a stop category and skipping very
// busy addresses (reported). The store is asked first, so a rerun after Ctrl-C resumes without refetching.

import type { Command } from 'commander';
import { type ExpandReport, expandCase } from '../../adapters/expand/engine.js';
import { expansionSourceFactories, openExpansionSources } from '../../adapters/expand/sources.js';
import { loadCaseFile } from '../../adapters/files/case-file.js';
import { openStore } from '../../graph/open-store.js';
import { invalidInput } from '../../src/errors.js';
import { isTagCategory, type TagCategory } from '../../src/model/tag.js';
import { type CommonOptions, withCommonOptions, withStore } from '../common.js';
import { action, printJson } from '../output.js';
import { abortOnSigint } from '../fetch-options.js';
import { parseCount, transportFor } from './ingest-bitcoin.js';

interface ExpandOptions extends CommonOptions {
  hops?: string;
  backward?: boolean;
  busyThreshold: string;
  stopAt?: string;
  rps?: string;
  rawCache?: string;
  offline?: boolean;
  quiet?: boolean;
  [key: string]: unknown;
}

function printReport(r: ExpandReport, sources: string[]): void {
  console.log(`expanded "${r.case}" ${r.directions.join(' and ')} to hop ${r.hops} from ${sources.join(', ')}`);
  console.log(`fetched: ${r.added.transactions} transactions, ${r.added.transfers} transfers added (${r.existing.transactions + r.existing.transfers} already stored)`);
  for (const s of r.stops) console.log(`stop: ${s.chain} ${s.address} ${s.category} "${s.label}" (hop ${s.hop}, ${s.direction})`);
  for (const b of r.busy) console.log(`skipped busy address: ${b.chain} ${b.address} (${b.activity} transactions, hop ${b.hop}, ${b.direction})`);
  console.log(`unspent / no outflow: ${r.unspent}; left at the hop limit: ${r.atHopLimit}`);
  for (const m of r.missing) console.log(`missing: ${m.ref}: ${m.reason}`);
  if (r.interrupted) console.log('interrupted: run the same command again to resume');
}

export function register(program: Command): void {
  const cmd = program
    .command('expand')
    .description("fetch the transactions around a case's victim payments, hop by hop, until tagged stop categories or N hops")
    .argument('<case>', 'case file (case.yaml or case.json)')
    .option('--hops <n>', "highest hop to fetch (the victim payment is hop 1; default: the case's maxHops)")
    .option('--backward', 'also follow the funding of each payment backward')
    .option('--busy-threshold <n>', 'do not expand addresses with more transactions than this (when the source can tell)', '1000')
    .option('--stop-at <categories>', "comma-separated stop categories (default: the case's stopAt)");
  for (const f of expansionSourceFactories()) for (const o of f.options) cmd.option(o.flags, o.description);
  withCommonOptions(
    cmd
      .option('--rps <n>', 'requests per second (default unlimited)')
      .option('--raw-cache <dir>', 'raw response cache (default: LEDGERHOUND_RAW_CACHE, else raw/ beside the store)')
      .option('--offline', 'answer only from the raw cache (reproduce an earlier expansion without network)')
      .option('--quiet', 'no progress on stderr'),
  ).action(
    action(async (caseFile: string, opts: ExpandOptions) => {
      const loaded = await loadCaseFile(caseFile);
      const hops = opts.hops === undefined ? loaded.kase.maxHops : parseCount(opts.hops, '--hops');
      if (hops < 1) throw invalidInput('must be at least 1', { field: '--hops' });
      let stopAt: TagCategory[] | undefined;
      if (opts.stopAt !== undefined) {
        const cats = opts.stopAt.split(',').map((s) => s.trim()).filter(Boolean);
        const bad = cats.find((c) => !isTagCategory(c));
        if (bad) throw invalidInput(`unknown category "${bad}"`, { field: '--stop-at' });
        stopAt = cats as TagCategory[];
      }
      const factories = expansionSourceFactories();
      if (!factories.some((f) => opts[f.key] !== undefined)) {
        throw invalidInput(`give a source: ${factories.map((f) => f.options[0].flags).join(', ')}`, { field: '--rpc' });
      }
      const quiet = Boolean(opts.quiet || opts.json);
      const sigint = abortOnSigint();
      try {
        await withStore({ ...opts, caseFile }, async (store) => {
          const cleanups: (() => Promise<void>)[] = [];
          try {
            const sources = await openExpansionSources(opts, { store, transport: transportFor(opts, store.location, Boolean(opts.quiet)), openStore, defer: (fn) => cleanups.push(fn) });
            const report = await expandCase({
              store,
              kase: loaded.kase,
              sources,
              hops,
              backward: opts.backward,
              stopAt,
              busyThreshold: parseCount(opts.busyThreshold, '--busy-threshold'),
              signal: sigint.signal,
              onHop: quiet ? undefined : (h) => process.stderr.write(`expand ${h.chain} ${h.direction} hop ${h.hop}: ${h.frontier} to follow\n`),
            });
            if (opts.json) printJson({ store: store.location, sources: sources.map((s) => s.description), ...report });
            else printReport(report, sources.map((s) => s.description));
          } finally {
            for (const fn of cleanups) await fn();
          }
        });
      } finally {
        sigint.dispose();
      }
    }),
  );
}
