// ExpansionSource (src/ports.ts) for EVM chains through an Etherscan-compatible API: an address's
// transfers (txlist, txlistinternal, tokentx, completed as in etherscan-history.ts) filtered by
// direction, and its activity count from the nonce (`proxy eth_getTransactionCount`: transactions it
// sent), which is enough to recognise very busy addresses (exchange hot wallets) and stop there.

import { invalidInput } from '../../src/errors.js';
import { normalizeAddress } from '../../src/model/address.js';
import { chainInfo } from '../../src/model/chain.js';
import type { AccountTransfer } from '../../src/model/transfer.js';
import type { ExpansionSource, ExpansionSourceFactory } from '../../src/ports.js';
import type { TransportSettings } from '../http/http-client.js';
import type { RecordingExpansionSource } from '../expand/engine.js';
import { recordRawRefs } from '../http/record-raw-refs.js';
import { EtherscanClient } from './etherscan-client.js';
import { fetchAddressTransfers, type PageOptions } from './etherscan-history.js';
import { CHAIN_IDS } from './fetch-block.js';
import { readInt } from './hex.js';

export class EtherscanExpansionSource implements ExpansionSource {
  readonly chain: string;
  readonly description: string;
  private readonly cache = new Map<string, AccountTransfer[]>();

  constructor(
    private readonly client: EtherscanClient,
    chain: string,
    private readonly pages: PageOptions = {},
  ) {
    this.chain = chain;
    this.description = `etherscan:${client.displayUrl} (${chain})`;
  }

  async getTransfersOf(address: string, direction: 'in' | 'out' | 'both'): Promise<AccountTransfer[]> {
    const a = normalizeAddress(this.chain, address);
    let all = this.cache.get(a);
    if (!all) {
      all = await fetchAddressTransfers(this.client, this.chain, a, this.pages);
      this.cache.set(a, all);
    }
    return all.filter((t) => direction === 'both' || (direction === 'out' ? t.from === a : t.to === a));
  }

  async getActivityCount(address: string): Promise<number | undefined> {
    const a = normalizeAddress(this.chain, address);
    const nonce = await this.client.call<string>({ module: 'proxy', action: 'eth_getTransactionCount', address: a, tag: 'latest' });
    return typeof nonce === 'string' ? readInt(nonce, { call: 'etherscan proxy eth_getTransactionCount', field: 'result' }) : undefined;
  }
}

/** `expand --etherscan URL [--chain C]`: the registry entry (the evm adapter, adapters/evm/index.ts). */
export const etherscanSourceFactory: ExpansionSourceFactory<TransportSettings, RecordingExpansionSource> = {
  key: 'etherscan',
  family: 'evm',
  options: [
    { key: 'etherscan', flags: '--etherscan <url>', description: 'Etherscan-compatible API URL for EVM chains (key: ETHERSCAN_API_KEY)' },
    { key: 'chain', flags: '--chain <chain>', description: 'with --etherscan: the EVM chain (default ethereum)' },
  ],
  async create(values, ctx) {
    const chain = (values.chain as string | undefined) ?? 'ethereum';
    if (chainInfo(chain)?.family !== 'evm') throw invalidInput(`not an EVM chain: ${chain}`, { field: '--chain' });
    const client = new EtherscanClient({ url: values.etherscan as string, chainId: CHAIN_IDS[chain], ...ctx.transport });
    return recordRawRefs(new EtherscanExpansionSource(client, chain), client.http);
  },
};
