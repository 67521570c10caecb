// `ledgerhound address <chain> <address>`: what the store knows about one address (use case
// app/address-summary.ts).

import type { Command } from 'commander';
import { checkAddress, describeAddress, knownChainOf } from '../../app/address-summary.js';
import { formatAmount } from '../../src/model/amount-text.js';
import { assetInfo } from '../../src/model/asset.js';
import { type CommonOptions, withCommonOptions, withStore } from '../common.js';
import { action, printJson } from '../output.js';

export function register(program: Command): void {
  withCommonOptions(
    program
      .command('address')
      .description('tags, totals per asset, first/last seen and counterparties of an address')
      .argument('<chain>', 'chain: bitcoin, ethereum, tron, ...')
      .argument('<address>', 'the address')
      .option('--counterparties <n>', 'how many counterparties to list', '20'),
  ).action(
    action(async (chainArg: string, raw: string, opts: CommonOptions & { counterparties: string }) => {
      // A known chain's address is checked before the store is opened; another name needs the store's chains.
      const knownChain = knownChainOf(chainArg);
      if (knownChain !== undefined) checkAddress(knownChain, raw);
      await withStore({ ...opts, readOnly: true }, async (store) => {
        const s = await describeAddress(store, chainArg, raw, { counterparties: opts.counterparties });
        const { chain, address } = s;
        if (opts.json) {
          printJson(s);
          return;
        }
        console.log(`${chain} ${address}`);
        const tlp = (t: { tlp?: string }) => (t.tlp ? `, TLP:${t.tlp.toUpperCase()}` : '');
        if (s.best) console.log(`  ${s.best.label} (${s.best.category}, confidence ${s.best.confidence}, source ${s.best.source}${tlp(s.best)})`);
        for (const t of s.tags) if (t !== s.best) console.log(`  also: ${t.label} (${t.category}, ${t.confidence}, ${t.source}${tlp(t)})`);
        if (s.cluster) console.log(`  cluster ${s.cluster.clusterId} (${s.cluster.size} addresses)`);
        if (s.assets.length === 0) console.log('  no transfers or transactions in the store');
        for (const a of s.assets) {
          console.log(
            `  ${assetInfo(chain, a.asset).symbol}: received ${formatAmount(chain, a.asset, a.received)} in ${a.transfersIn}, sent ${formatAmount(chain, a.asset, a.sent)} in ${a.transfersOut}, balance ${formatAmount(chain, a.asset, a.balance)}`,
          );
        }
        if (s.firstSeen) console.log(`  first seen ${s.firstSeen.time ?? `block ${s.firstSeen.block}`} (${s.firstSeen.ref})`);
        if (s.lastSeen) console.log(`  last seen  ${s.lastSeen.time ?? `block ${s.lastSeen.block}`} (${s.lastSeen.ref})`);
        if (s.counterparties.length > 0) console.log('  counterparties:');
        for (const p of s.counterparties) {
          const dir = [p.received > 0n ? `sent us ${formatAmount(chain, p.asset, p.received)}` : '', p.sent > 0n ? `received ${formatAmount(chain, p.asset, p.sent)}` : '']
            .filter(Boolean)
            .join(', ');
          console.log(`    ${p.address ?? '(fees/burn)'}: ${dir} (${p.count} movements)`);
        }
      });
    }),
  );
}
