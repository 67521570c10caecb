// Use cases `cluster build | show | explain`: wallet clustering by the enabled heuristics with the
// collapse guard (src/clustering), an address's cluster with its members and value, and the chain of
// links (heuristic and transaction each) that joins two addresses. Settings and addresses come as typed.

import { clusterStore } from '../src/clustering/cluster-store.js';
import { summarizeCluster } from '../src/clustering/cluster-summary.js';
import { explainLink } from '../src/clustering/explain-link.js';
import { DEFAULT_HEURISTICS, parseHeuristics } from '../src/clustering/heuristics.js';
import { invalidInput } from '../src/errors.js';
import { parseOptionalWholeNumber } from '../src/input-values.js';
import { isValidAddress, normalizeAddress } from '../src/model/address.js';
import type { GraphStore } from '../src/ports.js';
import { chainInStore } from './address-summary.js';

/** `cluster build` settings as typed. */
export interface ClusterBuildInput {
  heuristics?: string;
  maxMerge?: string;
  reportMerge?: string;
  minConfidence?: string;
  coinjoinThreshold?: string;
  chains?: string[];
  depositDelay?: string;
  depositShare?: string;
}

/** Builds and stores the clustering of `store`. */
export function buildClusters(store: GraphStore, input: ClusterBuildInput, onProgress?: (records: number) => void): ReturnType<typeof clusterStore> {
  return clusterStore(store, {
    heuristics: parseHeuristics(input.heuristics ?? DEFAULT_HEURISTICS.join(',')),
    maxMerge: parseOptionalWholeNumber(input.maxMerge, 'max-merge', 1),
    reportMerge: parseOptionalWholeNumber(input.reportMerge, 'report-merge', 1),
    minConfidence: parseOptionalWholeNumber(input.minConfidence, 'min-confidence'),
    coinJoinThreshold: parseOptionalWholeNumber(input.coinjoinThreshold, 'coinjoin-threshold'),
    chains: input.chains,
    deposit: { maxDelayBlocks: parseOptionalWholeNumber(input.depositDelay, 'deposit-delay', 1), minSweptPercent: parseOptionalWholeNumber(input.depositShare, 'deposit-share') },
    onProgress: onProgress ? (e) => onProgress(e.records) : undefined,
  });
}

/**
 * Reads `<chain> <address>...` or, when the first argument is not a chain name, addresses alone: the
 * chain is then the only chain of the store on which every address is valid.
 */
export async function chainAndAddresses(store: GraphStore, args: (string | undefined)[], wanted: number): Promise<{ chain: string; addresses: string[] }> {
  let chain: string;
  let rest = args.filter((a): a is string => a !== undefined);
  if (rest.length === wanted + 1) {
    chain = await chainInStore(store, rest[0]);
    rest = rest.slice(1);
  } else if (rest.length === wanted) {
    const chains = Object.keys((await store.stats()).chains).filter((c) => rest.every((a) => isValidAddress(c, a)));
    if (chains.length !== 1) {
      throw invalidInput(
        chains.length === 0 ? 'address is not valid on any chain in the store' : `address is valid on ${chains.join(', ')}: give the chain first`,
        { field: 'address' },
        { chains },
      );
    }
    chain = chains[0];
  } else {
    throw invalidInput(`expected [chain] and ${wanted} address(es)`, { field: 'address' });
  }
  return { chain, addresses: rest.map((a, i) => normalizeAddress(chain, a, { field: `address ${i + 1}` })) };
}

/** An address's cluster: members, tags, value in and out. */
export async function showCluster(store: GraphStore, args: (string | undefined)[]) {
  const { chain, addresses } = await chainAndAddresses(store, args, 1);
  return { chain, summary: await summarizeCluster(store, chain, addresses[0]) };
}

/** The links that join two addresses, or `linked: false`. */
export async function explainClusterLink(store: GraphStore, args: (string | undefined)[]) {
  const { chain, addresses } = await chainAndAddresses(store, args, 2);
  const [a, b] = addresses;
  const ca = await store.clusterOf(chain, a);
  const cb = await store.clusterOf(chain, b);
  const sameCluster = a === b || (ca !== undefined && cb !== undefined && ca.clusterId === cb.clusterId);
  return sameCluster ? explainLink(chain, a, b, (x) => store.linksOf(chain, x)) : { chain, a, b, linked: false, steps: [], confidence: 0 };
}
