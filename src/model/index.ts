// The domain model in one import.
export * from './address.js';
export * from './amount.js';
export * from './asset.js';
export * from './case.js';
export * from './chain.js';
export * from './conversion.js';
export * from './tag.js';
export * from './trace-result.js';
export * from './transfer.js';
export * from './utxo.js';
