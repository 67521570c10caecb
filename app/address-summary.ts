// Use case `address <chain> <address>`: what the store knows about one address (tags, cluster, totals
// per asset, first and last seen, counterparties). The chain is read as a person types it: any case, a
// known chain or one the store holds; anything else is INVALID_INPUT listing the known chains.

import { type AddressSummary, summarizeAddress } from '../src/attribution/address-summary.js';
import { invalidInput } from '../src/errors.js';
import { parseWholeNumber } from '../src/input-values.js';
import { normalizeAddress } from '../src/model/address.js';
import { knownChainNames, resolveChainName } from '../src/model/chain.js';
import type { GraphStore } from '../src/ports.js';

/** The known chain a person typed (case-insensitive), or undefined when only the store can tell. */
export function knownChainOf(typed: string): string | undefined {
  return resolveChainName(typed);
}

/** Checks an address of a known chain before any store is opened (INVALID_INPUT naming the field). */
export function checkAddress(chain: string, typed: string): string {
  return normalizeAddress(chain, typed, { field: 'address' });
}

/** The chain a person typed, among the known chains and those the store holds. */
export async function chainInStore(store: GraphStore, typed: string): Promise<string> {
  const inStore = Object.keys((await store.stats()).chains);
  const chain = resolveChainName(typed, inStore);
  if (chain !== undefined) return chain;
  const known = [...new Set([...knownChainNames(), ...inStore])];
  throw invalidInput(`unknown chain "${typed}"; known chains: ${known.join(', ')}`, { field: 'chain' }, { chain: typed, known });
}

/** The summary of an address, chain and address as typed; `counterparties` as typed (default 20). */
export async function describeAddress(store: GraphStore, typedChain: string, typedAddress: string, options: { counterparties?: string } = {}): Promise<AddressSummary> {
  const chain = knownChainOf(typedChain) ?? (await chainInStore(store, typedChain));
  const address = checkAddress(chain, typedAddress);
  const maxCounterparties = parseWholeNumber(options.counterparties ?? '20', '--counterparties');
  return summarizeAddress(store, chain, address, { maxCounterparties });
}
