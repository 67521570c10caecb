// Clustering of a whole store through the GraphStore port: UTXO chains by the CoinJoin-aware
// common-input rule (and the change heuristics when asked for), account chains by the deposit-address
// rule; each link goes as found into the union-find with the collapse guard (ClusterBuilder: interned
// address ids, links kept as typed-array rows, not objects); then one atomic `replaceClustering` with
// the links, cluster ids and inferred deposit-address tags, streamed from the builder row by row.

import { isUtxoChain } from '../model/chain.js';
import type { Tag } from '../model/tag.js';
import type { AccountTransfer } from '../model/transfer.js';
import type { ClusterLink, GraphStore } from '../ports.js';
import type { BuildClustersOptions } from './build-clusters.js';
import { ClusterBuilder, type CollapseReport, storedClustering } from './cluster-builder.js';
import { type CoinJoinFinding, createUtxoClusterer } from './cluster-utxo.js';
import { DEPOSIT_ADDRESS, type DepositAddressFinding, type DepositAddressOptions, depositRuleInputs, inferDepositAddresses } from './deposit-address.js';
import { DEFAULT_HEURISTICS, type HeuristicName } from './heuristics.js';

export interface ClusterStoreOptions extends BuildClustersOptions {
  heuristics?: readonly HeuristicName[];
  /** Confidence from which a detected CoinJoin is excluded from common-input links. Default 50. */
  coinJoinThreshold?: number;
  deposit?: DepositAddressOptions;
  /** Only these chains (default: every chain in the store). */
  chains?: readonly string[];
  /** Called as records are read (`records`: how many since the last call), for progress output. */
  onProgress?: (event: { chain: string; records: number }) => void;
  /** Compute everything but do not write to the store. */
  dryRun?: boolean;
}

export interface ClusterStoreResult {
  heuristics: HeuristicName[];
  /** Links kept, per heuristic. */
  linksByHeuristic: Record<string, number>;
  links: number;
  clusters: number;
  largestCluster: number;
  clusteredAddresses: number;
  coinJoins: CoinJoinFinding[];
  deposits: DepositAddressFinding[];
  collapses: CollapseReport[];
  ignoredLinks: number;
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of items) out.push(x);
  return out;
}

/** Candidates up to which a store with `transfersOfMany` reads only theirs (beyond: the whole chain, streamed in order). */
const MAX_DEPOSIT_CANDIDATES = 20_000;

/**
 * The transfers the deposit-address rule reads on `chain`: on a store that can (Neo4j), only those of
 * its candidates (the senders to a service wallet that carry no direct tag: `depositRuleInputs`), which
 * gives the same result; else every transfer of the chain.
 */
async function depositRuleTransfers(store: GraphStore, chain: string, tags: Tag[], deposit: DepositAddressOptions | undefined): Promise<AccountTransfer[]> {
  if (store.sendersTo && store.transfersOfMany) {
    const { services, tagged } = depositRuleInputs(chain, tags, deposit);
    const candidates = services.length === 0 ? [] : (await store.sendersTo(chain, services)).filter((a) => !tagged.has(a));
    if (candidates.length === 0) return [];
    if (candidates.length <= MAX_DEPOSIT_CANDIDATES) return collect(store.transfersOfMany(chain, candidates));
  }
  return collect(store.transfers({ chain }));
}

/** Runs the enabled heuristics over the store and replaces its clustering. */
export async function clusterStore(store: GraphStore, options: ClusterStoreOptions = {}): Promise<ClusterStoreResult> {
  const heuristics = [...(options.heuristics ?? DEFAULT_HEURISTICS)];
  const chainNames = store.chainNames ? await store.chainNames() : Object.keys((await store.stats()).chains);
  const chains = chainNames
    .filter((c) => !options.chains || options.chains.includes(c))
    .sort();
  const builder = new ClusterBuilder(options);
  const add = (l: ClusterLink) => void builder.add(l);
  const coinJoins: CoinJoinFinding[] = [];
  const deposits: DepositAddressFinding[] = [];
  const inferredTags: Tag[] = [];
  for (const chain of chains) {
    if (isUtxoChain(chain)) {
      // Streamed: the transactions are not all held in memory.
      const clusterer = createUtxoClusterer({ heuristics, coinJoinThreshold: options.coinJoinThreshold, onLink: add });
      let pending = 0;
      for await (const tx of store.transactions({ chain })) {
        clusterer.add(tx);
        if (++pending === 10_000) {
          options.onProgress?.({ chain, records: pending });
          pending = 0;
        }
      }
      options.onProgress?.({ chain, records: pending });
      const res = clusterer.finish();
      coinJoins.push(...res.coinJoins);
    } else if (heuristics.includes(DEPOSIT_ADDRESS)) {
      const tags = await collect(store.tags({ chain }));
      const transfers = await depositRuleTransfers(store, chain, tags, options.deposit);
      const res = inferDepositAddresses(transfers, tags, options.deposit);
      for (const l of res.links) add(l);
      deposits.push(...res.deposits);
      inferredTags.push(...res.inferredTags);
      options.onProgress?.({ chain, records: transfers.length });
    }
  }
  const built = builder.finish();
  if (!options.dryRun) await store.replaceClustering(storedClustering(built, inferredTags));
  const linksByHeuristic: Record<string, number> = {};
  for (const h of heuristics) linksByHeuristic[h] = 0;
  for (const [h, n] of Object.entries(built.linksByHeuristic)) linksByHeuristic[h] = (linksByHeuristic[h] ?? 0) + n;
  return {
    heuristics,
    linksByHeuristic,
    links: built.linkCount,
    clusters: built.clusters,
    largestCluster: built.largest,
    clusteredAddresses: built.clusteredAddresses,
    coinJoins,
    deposits,
    collapses: built.collapses,
    ignoredLinks: built.ignored,
  };
}
