// `ledgerhound stats`: what the store holds, per chain, and where it came from.

import type { Command } from 'commander';
import { type CommonOptions, withCommonOptions, withStore } from '../common.js';
import { action, printJson } from '../output.js';

export function register(program: Command): void {
  withCommonOptions(program.command('stats').description('counts of transfers, transactions, tags, addresses and sources in the store')).action(
    action(async (opts: CommonOptions) => {
      await withStore({ ...opts, readOnly: true }, async (store) => {
        const stats = await store.stats();
        const sources = await store.listSources();
        if (opts.json) {
          printJson({ store: store.location, ...stats, sourceFiles: sources });
          return;
        }
        console.log(`store: ${store.location} (${store.kind})`);
        console.log(`transfers:    ${stats.transfers.toLocaleString('en-US')}`);
        console.log(`transactions: ${stats.transactions.toLocaleString('en-US')}`);
        console.log(`tags:         ${stats.tags.toLocaleString('en-US')}`);
        console.log(`conversions:  ${stats.conversions.toLocaleString('en-US')}`);
        console.log(`addresses:    ${stats.addresses.toLocaleString('en-US')}`);
        console.log(`links:        ${stats.clusterLinks.toLocaleString('en-US')} (clustering)`);
        for (const [chain, c] of Object.entries(stats.chains)) {
          console.log(`  ${chain}: ${c.transfers} transfers, ${c.transactions} transactions, blocks ${c.minBlock ?? '-'}..${c.maxBlock ?? '-'}`);
        }
        console.log(`sources: ${sources.length}`);
        for (const s of sources) console.log(`  ${s.name} sha256:${s.sha256.slice(0, 16)}... ${s.kind}${s.retrievedAt ? ` ${s.retrievedAt}` : ''}`);
      });
    }),
  );
}
