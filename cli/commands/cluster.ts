// `ledgerhound cluster build|show|explain`: wallet clustering (common-input ownership with CoinJoin
// exclusion, change heuristics on request, exchange deposit addresses) with its evidence. The logic
// lives in src/clustering; this file parses options and prints.

import type { Command } from 'commander';
import { buildClusters, explainClusterLink, showCluster } from '../../app/cluster.js';
import { DEFAULT_HEURISTICS, HEURISTICS, parseHeuristics } from '../../src/clustering/heuristics.js';
import { parseWholeNumber } from '../../src/input-values.js';
import { formatAmount } from '../../src/model/amount-text.js';
import { chainInfo } from '../../src/model/chain.js';
import { type CommonOptions, withCommonOptions, withStore } from '../common.js';
import { action, printJson } from '../output.js';
import { createProgress } from '../progress.js';

interface BuildOptions extends CommonOptions {
  heuristics?: string;
  maxMerge?: string;
  reportMerge: string;
  minConfidence?: string;
  coinjoinThreshold?: string;
  chain?: string[];
  depositDelay?: string;
  depositShare?: string;
  quiet?: boolean;
}

function registerBuild(cluster: Command): void {
  withCommonOptions(
    cluster
      .command('build')
      .description('cluster addresses by the enabled heuristics and store links, cluster ids and inferred deposit-address tags')
      .option('--heuristics <list>', `comma-separated: ${HEURISTICS.join(', ')}, or all`, DEFAULT_HEURISTICS.join(','))
      .option('--max-merge <n>', 'refuse a merge of two clusters that both have at least n addresses (collapse guard)')
      .option('--report-merge <n>', 'report merges of two clusters that both have at least n addresses', '100')
      .option('--min-confidence <n>', 'ignore links below this confidence (0-100)')
      .option('--coinjoin-threshold <n>', 'confidence from which a detected CoinJoin is not linked', '50')
      .option('--chain <chain...>', 'only these chains')
      .option('--deposit-delay <blocks>', 'deposit addresses: longest delay before the sweep (default about 12 h of blocks)')
      .option('--deposit-share <percent>', 'deposit addresses: share of the inflow that must be swept', '90')
      .option('--quiet', 'no progress on stderr'),
  ).action(
    action(async (opts: BuildOptions) => {
      // Settings are checked before the store is opened (a bad option writes nothing).
      parseHeuristics(opts.heuristics ?? DEFAULT_HEURISTICS.join(','));
      await withStore(opts, async (store) => {
        const progress = createProgress({ label: 'cluster', unit: 'records', quiet: opts.quiet || opts.json });
        const res = await buildClusters(store, { ...opts, chains: opts.chain }, (n) => progress.tick(n));
        progress.done();
        if (opts.json) {
          printJson(res);
          return;
        }
        const byHeuristic = Object.entries(res.linksByHeuristic)
          .map(([h, n]) => `${h} ${n}`)
          .join(', ');
        console.log(`heuristics: ${res.heuristics.join(', ')}`);
        console.log(`links: ${res.links} (${byHeuristic})${res.ignoredLinks ? `, ${res.ignoredLinks} below --min-confidence ignored` : ''}`);
        console.log(`clusters: ${res.clusters} (${res.clusteredAddresses} addresses, largest ${res.largestCluster})`);
        const kinds = new Map<string, number>();
        for (const c of res.coinJoins) kinds.set(c.verdict.kind, (kinds.get(c.verdict.kind) ?? 0) + 1);
        const excluded = res.coinJoins.filter((c) => c.excluded).length;
        const detected = [...kinds]
          .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))
          .map(([k, n]) => `${k} ${n}`)
          .join(', ');
        console.log(`coinjoins: ${res.coinJoins.length} detected${detected ? ` (${detected})` : ''}, ${excluded} excluded from common-input links`);
        console.log(`deposit addresses: ${res.deposits.length}`);
        for (const d of res.deposits) console.log(`  ${d.chain} ${d.address}: ${d.label} (confidence ${d.confidence}), swept to ${d.via} by ${d.sweeps.join(', ')}`);
        const refused = res.collapses.filter((c) => c.refused);
        console.log(`collapse guard: ${refused.length} merge(s) refused, ${res.collapses.length - refused.length} large merge(s) reported`);
        for (const c of res.collapses) {
          console.log(
            `  ${c.refused ? 'refused' : 'merged'}: ${c.link.chain} ${c.link.a} (${c.sizeA}) + ${c.link.b} (${c.sizeB}) by ${c.link.heuristic} ${c.link.evidence}`,
          );
        }
      });
    }),
  );
}

function registerShow(cluster: Command): void {
  withCommonOptions(
    cluster
      .command('show')
      .description("an address's cluster: members, tags and value in/out")
      .argument('<chain-or-address>', 'chain (bitcoin, ethereum, tron, ...), or the address when unambiguous')
      .argument('[address]', 'the address')
      .option('--limit <n>', 'members to list', '50'),
  ).action(
    action(async (first: string, second: string | undefined, opts: CommonOptions & { limit: string }) => {
      await withStore({ ...opts, readOnly: true }, async (store) => {
        const { chain, summary: s } = await showCluster(store, [first, second]);
        if (opts.json) {
          printJson(s);
          return;
        }
        const limit = parseWholeNumber(opts.limit, 'limit');
        console.log(`${chain} ${s.address}`);
        console.log(s.clusterId ? `cluster ${s.clusterId}: ${s.members.length} addresses` : 'in no cluster (a single address)');
        for (const m of s.members.slice(0, limit)) {
          const tags = s.tags.filter((t) => t.address === m).map((t) => `${t.label} (${t.category}, ${t.confidence}${t.inferredFrom ? `, inferred by ${t.inferredFrom.heuristic}` : ''})`);
          console.log(`  ${m}${tags.length ? `  ${tags.join('; ')}` : ''}`);
        }
        if (s.members.length > limit) console.log(`  ... ${s.members.length - limit} more (--limit)`);
        for (const [asset, v] of Object.entries(s.received)) console.log(`received from outside: ${formatAmount(chain, asset, v)}`);
        for (const [asset, v] of Object.entries(s.sent)) console.log(`sent outside: ${formatAmount(chain, asset, v)}${chainInfo(chain)?.model === 'utxo' ? ' (fees included)' : ''}`);
        console.log(`activity: ${s.activity} ${chainInfo(chain)?.model === 'utxo' ? 'transactions' : 'transfers'}`);
        if (s.scannedMembers < s.members.length) console.log(`(totals and activity of the first ${s.scannedMembers} members only)`);
      });
    }),
  );
}

function registerExplain(cluster: Command): void {
  withCommonOptions(
    cluster
      .command('explain')
      .description('the chain of links (each a heuristic and a transaction) that joins two addresses, or "not linked"')
      .argument('<chain-or-a>', 'chain, or address A when unambiguous')
      .argument('<a-or-b>', 'address A, or B')
      .argument('[b]', 'address B'),
  ).action(
    action(async (first: string, second: string, third: string | undefined, opts: CommonOptions) => {
      await withStore({ ...opts, readOnly: true }, async (store) => {
        const res = await explainClusterLink(store, [first, second, third]);
        const { chain, a, b } = res;
        if (opts.json) {
          printJson(res);
          return;
        }
        if (!res.linked) {
          console.log(`${chain} ${a} and ${b}: not linked`);
          return;
        }
        console.log(`${chain} ${a} and ${b}: linked in ${res.steps.length} step(s), weakest confidence ${res.confidence}`);
        res.steps.forEach((s, i) => {
          console.log(`  ${i + 1}. ${s.from} -> ${s.to}: ${s.heuristic} (${s.confidence}) ${s.evidence}${s.note ? ` [${s.note}]` : ''}`);
        });
      });
    }),
  );
}

export function register(program: Command): void {
  const cluster = program.command('cluster').description('wallet clustering: build, show a cluster, explain a link');
  registerBuild(cluster);
  registerShow(cluster);
  registerExplain(cluster);
}
