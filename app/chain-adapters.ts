// The registry of chain adapters (src/ports.ts ChainAdapter), one per chain family, and of the expansion
// sources they offer. A new chain family adds its adapters/<family>/index.ts and one line here
// (docs/architecture.md has the checklist).

import { bitcoinAdapter } from '../adapters/bitcoin/index.js';
import type { RecordingExpansionSource } from '../adapters/expand/engine.js';
import { referenceStoreSourceFactory } from '../adapters/expand/store-source.js';
import { evmAdapter } from '../adapters/evm/index.js';
import type { TransportSettings } from '../adapters/http/http-client.js';
import { tronAdapter } from '../adapters/tron/index.js';
import { LedgerhoundError } from '../src/errors.js';
import { CHAIN_FAMILIES, type ChainFamily } from '../src/model/chain.js';
import type { ChainAdapter, ExpansionSourceFactory } from '../src/ports.js';

export type RegisteredAdapter = ChainAdapter<TransportSettings, RecordingExpansionSource>;

/** Every chain adapter, by family. Keep this list in the order of CHAIN_FAMILIES. */
export const CHAIN_ADAPTERS: readonly RegisteredAdapter[] = [bitcoinAdapter, evmAdapter, tronAdapter];

/** The adapter of a family (`utxo`, `evm`, `tron`), or INVALID_INPUT listing the families. */
export function adapterFor(family: string): RegisteredAdapter {
  const found = CHAIN_ADAPTERS.find((a) => a.family === family);
  if (!found) throw new LedgerhoundError('INVALID_INPUT', `unknown chain family "${family}"; families: ${CHAIN_FAMILIES.join(', ')}`, { family, known: [...CHAIN_FAMILIES] });
  return found;
}

/** The name a person uses for a family's ingest (`ledgerhound ingest bitcoin|evm|tron`). */
export function ingestName(family: ChainFamily): string {
  return family === 'utxo' ? 'bitcoin' : family;
}

/** Every expansion source: the adapters' own, then a reference store (`--from-store`). */
export function expansionSourceFactories(): ExpansionSourceFactory<TransportSettings, RecordingExpansionSource>[] {
  return [...CHAIN_ADAPTERS.flatMap((a) => a.expansionSources), referenceStoreSourceFactory as ExpansionSourceFactory<TransportSettings, RecordingExpansionSource>];
}

