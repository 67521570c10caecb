// `ledgerhound communities`: Louvain communities of the value-flow graph (seeded, weighted by value),
// with modularity, sizes, tagged members and flows; stores the membership (use case app/communities.ts).

import type { Command } from 'commander';
import { findCommunities } from '../../app/communities.js';
import { parseWholeNumber } from '../../src/input-values.js';
import { formatAmount } from '../../src/model/amount-text.js';
import { type CommonOptions, withCommonOptions, withStore } from '../common.js';
import { action, printJson } from '../output.js';

interface CommunitiesOptions extends CommonOptions {
  resolution: string;
  seed: string;
  asset?: string;
  chain?: string[];
  top: string;
  members: string;
}

function flows(map: Record<string, bigint>): string {
  const parts = Object.entries(map).map(([key, v]) => {
    const slash = key.indexOf('/');
    const chain = key.slice(0, slash);
    return `${formatAmount(chain, key.slice(slash + 1), v)} (${chain})`;
  });
  return parts.length ? parts.join(', ') : '0';
}

export function register(program: Command): void {
  withCommonOptions(
    program
      .command('communities')
      .description('Louvain communities of the value-flow graph: modularity, sizes, tagged members, flows')
      .option('--resolution <r>', 'Louvain resolution (higher: smaller communities)', '1')
      .option('--seed <s>', 'random seed (same data and seed: same communities)', '42')
      .option('--asset <asset>', 'only this asset (e.g. BTC, erc20:0xdAC1...)')
      .option('--chain <chain...>', 'only these chains')
      .option('--top <n>', 'communities to print', '10')
      .option('--members <n>', 'members to print per community', '5'),
  ).action(
    action(async (opts: CommunitiesOptions) => {
      const top = parseWholeNumber(opts.top, 'top');
      const members = parseWholeNumber(opts.members, 'members');
      await withStore({ ...opts, mustExist: true }, async (store) => {
        const res = await findCommunities(store, { resolution: opts.resolution, seed: opts.seed, asset: opts.asset, chains: opts.chain, members: opts.members });
        if (opts.json) {
          const { assignments: _rows, ...report } = res;
          printJson(report);
          return;
        }
        console.log(`communities: ${res.count} over ${res.nodes} addresses and ${res.edges} edges (modularity ${res.modularity.toFixed(4)}, resolution ${res.resolution}, seed ${res.seed})`);
        for (const c of res.communities.slice(0, top)) {
          console.log(`#${c.community}: ${c.size} addresses; internal ${flows(c.internal)}; in ${flows(c.inflow)}; out ${flows(c.outflow)}`);
          for (const t of c.taggedMembers.slice(0, members)) console.log(`  tagged: ${t.chain} ${t.address} ${t.label} (${t.category})`);
          if (c.taggedMembers.length > members) console.log(`  ... ${c.taggedMembers.length - members} more tagged`);
          console.log(`  top: ${c.topMembers.join(', ')}`);
        }
        if (res.communities.length > top) console.log(`... ${res.communities.length - top} more (--top)`);
      });
    }),
  );
}
