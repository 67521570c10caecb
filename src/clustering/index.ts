// Wallet clustering in one import: CoinJoin detectors, common-input ownership, change heuristics,
// deposit-address inference, union-find with the collapse guard, explanations, scoring and Louvain
// communities. See docs/clustering.md.

export * from './build-clusters.js';
export * from './change-context.js';
export * from './change-optimal.js';
export * from './change-reuse.js';
export * from './change-round-payment.js';
export * from './change-script-type.js';
export * from './cluster-store.js';
export * from './cluster-summary.js';
export * from './cluster-utxo.js';
export * from './coinjoin.js';
export { computeOutputStats, COIN, type OutputStats } from './coinjoin-verdict.js';
export * from './coinjoin-equal-outputs.js';
export * from './coinjoin-joinmarket.js';
export * from './coinjoin-wasabi.js';
export * from './coinjoin-whirlpool.js';
export * from './common-input.js';
export * from './communities.js';
export * from './deposit-address.js';
export * from './evaluate-clusters.js';
export * from './explain-link.js';
export * from './heuristics.js';
export * from './union-find.js';
