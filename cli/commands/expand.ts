// `ledgerhound expand <case file> --hops N`: fetch the chain around a case's victim payments into the
// store, hop by hop, from the sources given (--rpc, --esplora, --etherscan, --trongrid, --from-store: the
// chain adapters' expansion sources, app/chain-adapters.ts; use case app/expand-case.ts), stopping at addresses tagged with a stop category and skipping very
// busy addresses (reported). The store is asked first, so a rerun after Ctrl-C resumes without refetching.

import type { Command } from 'commander';
import { type ExpandCaseResult, expandCase, planExpansion } from '../../app/expand-case.js';
import { type CommonOptions, withCommonOptions, withStore } from '../common.js';
import { abortOnSigint, type FetchOptions, transportFor, withExpansionSourceOptions, withFetchOptions } from '../fetch-options.js';
import { action, printJson } from '../output.js';

type ExpandOptions = CommonOptions & FetchOptions & Record<string, unknown>;

function printReport(r: ExpandCaseResult): void {
  console.log(`expanded "${r.case}" ${r.directions.join(' and ')} to hop ${r.hops} from ${r.sources.join(', ')}`);
  console.log(`fetched: ${r.added.transactions} transactions, ${r.added.transfers} transfers added (${r.existing.transactions + r.existing.transfers} already stored)`);
  for (const s of r.stops) console.log(`stop: ${s.chain} ${s.address} ${s.category} "${s.label}" (hop ${s.hop}, ${s.direction})`);
  for (const b of r.busy) console.log(`skipped busy address: ${b.chain} ${b.address} (${b.activity} transactions, hop ${b.hop}, ${b.direction})`);
  for (const c of r.conversions) {
    const what = `conversion: ${c.id} ${c.kind} ${c.venue} (hop ${c.hop})`;
    console.log(c.followed ? `${what} followed to ${c.to?.chain} ${c.to?.address} (${c.to?.asset})` : `${what} not followed: ${c.reason}`);
  }
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
  withCommonOptions(withFetchOptions(withExpansionSourceOptions(cmd))).action(
    action(async (caseFile: string, opts: ExpandOptions) => {
      const quiet = Boolean(opts.quiet || opts.json);
      const sigint = abortOnSigint();
      try {
        const plan = await planExpansion(caseFile, opts);
        await withStore({ ...opts, caseFile }, async (store) => {
          const report = await expandCase(store, plan, {
            transport: transportFor(opts, store.location),
            signal: sigint.signal,
            onHop: quiet ? undefined : (h) => process.stderr.write(`expand ${h.chain} ${h.direction} hop ${h.hop}: ${h.frontier} to follow\n`),
          });
          if (opts.json) printJson(report);
          else printReport(report);
        });
      } finally {
        sigint.dispose();
      }
    }),
  );
}
