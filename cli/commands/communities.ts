// `ledgerhound communities`: Louvain communities of the value-flow graph (seeded, weighted by value),
// with modularity, sizes, tagged members and flows; stores the membership.

import type { Command } from 'commander';
import { detectStoreCommunities } from '../../graph/views/store-communities.js';
import { invalidInput } from '../../src/errors.js';
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

function number(value: string, field: string, opts: { integer?: boolean; min?: number } = {}): number {
  const n = Number(value);
  if (!Number.isFinite(n) || (opts.integer && !Number.isInteger(n)) || (opts.min !== undefined && n < opts.min)) {
    throw invalidInput(`must be a${opts.integer ? 'n integer' : ' number'}${opts.min !== undefined ? ` >= ${opts.min}` : ''}`, { field }, { value });
  }
  return n;
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
      const resolution = number(opts.resolution, 'resolution', { min: 0 });
      const seed = number(opts.seed, 'seed', { integer: true });
      const top = number(opts.top, 'top', { integer: true, min: 0 });
      const members = number(opts.members, 'members', { integer: true, min: 0 });
      await withStore({ ...opts, mustExist: true }, async (store) => {
        const res = await detectStoreCommunities(store, { resolution, seed, asset: opts.asset, chains: opts.chain, topMembers: members });
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
