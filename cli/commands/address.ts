// `ledgerhound address <chain> <address>`: what the store knows about one address.

import type { Command } from 'commander';
import { summarizeAddress } from '../../src/attribution/address-summary.js';
import { formatAmount } from '../../src/model/amount-text.js';
import { assetInfo } from '../../src/model/asset.js';
import { normalizeAddress } from '../../src/model/address.js';
import { knownChainNames, resolveChainName } from '../../src/model/chain.js';
import { invalidInput } from '../../src/errors.js';
import type { GraphStore } from '../../src/ports.js';
import { type CommonOptions, withCommonOptions, withStore } from '../common.js';
import { action, printJson } from '../output.js';

/**
 * The chain a person typed, case-insensitively (`Ethereum` is `ethereum`); a name that is neither a known
 * chain nor one in the store is INVALID_INPUT listing the known ones (a typo is not a new EVM chain).
 */
async function chainArgument(store: GraphStore, typed: string): Promise<string> {
  const inStore = Object.keys((await store.stats()).chains);
  const chain = resolveChainName(typed, inStore);
  if (chain !== undefined) return chain;
  const known = [...new Set([...knownChainNames(), ...inStore])];
  throw invalidInput(`unknown chain "${typed}"; known chains: ${known.join(', ')}`, { field: 'chain' }, { chain: typed, known });
}

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
      const knownChain = resolveChainName(chainArg);
      if (knownChain !== undefined) normalizeAddress(knownChain, raw, { field: 'address' });
      await withStore({ ...opts, readOnly: true }, async (store) => {
        const chain = knownChain ?? (await chainArgument(store, chainArg));
        const address = normalizeAddress(chain, raw, { field: 'address' });
        const s = await summarizeAddress(store, chain, address, { maxCounterparties: Number(opts.counterparties) || 20 });
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
