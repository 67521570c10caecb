// `ledgerhound ingest bitcoin|evm|tron`: fetch chain data into the store. One subcommand per chain
// adapter of the registry (app/chain-adapters.ts), its options built from what the adapter declares;
// the use case is app/ingest.ts, the human summary of each family is written here.

import type { Command } from 'commander';
import { CHAIN_ADAPTERS, ingestName } from '../../app/chain-adapters.js';
import { ingestFromSource } from '../../app/ingest.js';
import type { IngestReport } from '../../src/ports.js';
import { type CommonOptions, withCommonOptions, withStore } from '../common.js';
import { abortOnSigint, type FetchOptions, transportFor, withFetchOptions } from '../fetch-options.js';
import { action, printJson } from '../output.js';
import { createProgress } from '../progress.js';

type IngestCommandOptions = CommonOptions & FetchOptions & Record<string, unknown>;

export function register(program: Command): void {
  const ingest = program.command('ingest').description('fetch chain data (blocks, transactions, address histories) into the store');
  for (const adapter of CHAIN_ADAPTERS) {
    const name = ingestName(adapter.family);
    const cmd = ingest.command(name).description(adapter.ingest.description);
    for (const o of adapter.ingest.options) {
      if (o.default === undefined) cmd.option(o.flags, o.description);
      else cmd.option(o.flags, o.description, o.default);
    }
    withCommonOptions(withFetchOptions(cmd)).action(
      action(async (opts: IngestCommandOptions) => {
        const sigint = abortOnSigint();
        try {
          await withStore(opts, async (store) => {
            const progress = createProgress({ label: `ingest ${name}`, unit: 'batches', quiet: Boolean(opts.quiet || opts.json) });
            const report = await ingestFromSource(store, adapter.family, opts, {
              transport: transportFor(opts, store.location),
              signal: sigint.signal,
              onProgress: (done) => progress.set(done),
            });
            progress.done();
            if (opts.json) printJson(report);
            else process.stdout.write(ingestSummaryText(report));
          });
        } finally {
          sigint.dispose();
        }
      }),
    );
  }
}

interface Counts {
  added: number;
  existing: number;
}

/** The human summary of an ingest report, for every family's modes. */
export function ingestSummaryText(r: IngestReport): string {
  const lines: string[] = [];
  const transactions = r.transactions as Counts | undefined;
  const transfers = r.transfers as Counts | undefined;
  if (['rpc', 'esplora', 'blk-files'].includes(r.mode) && transactions) {
    const head = `${r.mode} ${r.source}: ${r.batches} batches, ${transactions.added} transactions added, ${transactions.existing} already stored`;
    lines.push(r.lastBlock === undefined ? head : `${head}; last block ${r.lastBlock}`);
    if (r.resumedAfter) lines.push(`resumed after ${r.resumedAfter}`);
    for (const k of (r.skipped as { what: string; reason: string }[] | undefined) ?? []) lines.push(`skipped ${k.what}: ${k.reason}`);
    if (r.interrupted) lines.push('interrupted: run the same command again to resume');
  } else if (r.mode === 'trongrid' && transfers) {
    lines.push(`ingest tron from ${r.source}: ${transfers.added} transfers added, ${transfers.existing} already stored (${r.pages} pages)${r.interrupted ? '; interrupted: run again to resume' : ''}`);
  } else if (transfers) {
    const extra: string[] = [];
    if (r.mode === 'blocks') extra.push(`${r.blocks} blocks, internal transfers: ${r.traces === 'none' ? 'not available from this node' : r.traces}`);
    if (r.skippedUnconfirmed) extra.push(`left for later (not enough confirmations): ${JSON.stringify(r.skippedUnconfirmed)}`);
    if (r.interrupted) extra.push('interrupted: run again to resume');
    lines.push(`ingest ${r.mode} from ${r.source}: ${transfers.added} transfers added, ${transfers.existing} already stored${extra.length ? `; ${extra.join('; ')}` : ''}`);
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
