// Hosted chain sources for `watch` (issue 17): an Esplora API (Bitcoin), an Etherscan-compatible API
// (EVM) and TronGrid (TRON) serve address histories, not whole blocks, so each poll asks them for the
// newest history of the addresses the watch follows on their chain (holdings, cash-out deposit addresses,
// the case's `watch:` list), through the adapters' own actions and checkpoints:
// - Esplora: an address not yet fully ingested gets its whole history (ingestEsplora, resumable); after
//   that its pages are read newest first until a page adds nothing and skips nothing, so a poll costs a
//   request or two per address. Transactions with fewer than K confirmations wait for a later poll.
// - Etherscan: ingestEtherscanAddress from each list's checkpoint up to the head less K-1 blocks.
// - TronGrid: ingestTronAddress from each list's checkpoint; TronGrid lists only confirmed (solidified)
//   transactions, so --confirmations is not applied on top. It has no tip call the watch uses: the
//   baseline is the newest block the first poll sees (the caller's rule).
// One client per source lives as long as the watch, so its rate limit (`--rps`, else the API's default:
// Etherscan 4/s, TronGrid 10/s, Esplora none) holds across addresses and polls, and its retries (429 with
// Retry-After, 5xx, damaged bodies) are the shared transport's. API keys come from the environment as for
// `ingest` (ETHERSCAN_API_KEY, TRONGRID_API_KEY).

import { openEsplora } from '../adapters/bitcoin/clients.js';
import { getEsploraTipHeight, pageEsploraAddressTxs } from '../adapters/bitcoin/esplora.js';
import { ingestEsplora, toModelTx } from '../adapters/bitcoin/ingest-esplora.js';
import { EtherscanClient } from '../adapters/evm/etherscan-client.js';
import { ingestEtherscanAddress } from '../adapters/evm/etherscan-history.js';
import { CHAIN_IDS } from '../adapters/evm/fetch-block.js';
import { readInt } from '../adapters/evm/hex.js';
import { combinedSha256, type HttpClient, type RawRef, type TransportSettings } from '../adapters/http/http-client.js';
import { ingestTronAddress } from '../adapters/tron/history.js';
import { TronGridClient } from '../adapters/tron/trongrid-client.js';
import { invalidInput } from '../src/errors.js';
import { chainInfo } from '../src/model/chain.js';
import type { UtxoTransaction } from '../src/model/utxo.js';
import type { GraphStore } from '../src/ports.js';

export const HOSTED_FAMILIES = ['esplora', 'etherscan', 'trongrid'] as const;
export type HostedFamily = (typeof HOSTED_FAMILIES)[number];

export interface HostedPollResult {
  /** Transactions or transfers added. */
  added: number;
  /** Addresses polled. */
  addresses: number;
}

export interface HostedSource {
  family: HostedFamily;
  chain: string;
  description: string;
  /** The last block with K confirmations, or undefined when the API gives no tip (TronGrid). */
  safeTip(): Promise<number | undefined>;
  /** Fetches the newest history of `addresses` (on this source's chain) into `store`. */
  poll(store: GraphStore, addresses: readonly string[], signal?: AbortSignal): Promise<HostedPollResult>;
}

export interface HostedChoice {
  family: HostedFamily;
  url: string;
  /** Chain name (Esplora: detected from the API's genesis block; Etherscan default ethereum). */
  chain?: string;
}

/** Esplora: an address history newest first, until a page adds and skips nothing (see header). */
async function pollEsploraAddress(client: HttpClient, store: GraphStore, chain: string, address: string, confirmations: number, tip: number): Promise<number> {
  const key = `esplora:${chain}:address:${address}`;
  if ((await store.getCheckpoint(key)) !== 'complete') {
    const summary = await ingestEsplora(client, store, { chain, addresses: [address], confirmations });
    return summary.transactions.added;
  }
  let added = 0;
  for await (const page of pageEsploraAddressTxs(client, address)) {
    const refs: RawRef[] = [];
    const stop = client.onResponse((r) => refs.push(r));
    const txs: UtxoTransaction[] = [];
    let skipped = 0;
    try {
      for (const tx of page) {
        const height = tx.status?.confirmed ? tx.status.block_height : undefined;
        if (height === undefined || tip - height + 1 < confirmations) skipped++;
        else txs.push(await toModelTx(client, tx, chain));
      }
    } finally {
      stop();
    }
    const result = await store.importBatch({
      source: { name: `esplora:${client.displayUrl} address ${address} watch`, sha256: combinedSha256(refs), kind: 'adapter', format: 'esplora', retrievedAt: new Date().toISOString() },
      transactions: txs,
    });
    added += result.transactions.added;
    if (result.transactions.added === 0 && skipped === 0) break;
  }
  return added;
}

/** Opens a hosted source (INVALID_INPUT naming the option for a bad chain). */
export async function openHostedSource(choice: HostedChoice, transport: TransportSettings, confirmations: number): Promise<HostedSource> {
  const k = Math.max(1, confirmations);
  if (choice.family === 'esplora') {
    const { client, chain } = await openEsplora(choice.url, { ...transport, ...(choice.chain ? { chain: choice.chain } : {}) });
    return {
      family: 'esplora',
      chain,
      description: client.displayUrl,
      safeTip: async () => (await getEsploraTipHeight(client)) - k + 1,
      async poll(store, addresses) {
        const tip = await getEsploraTipHeight(client);
        let added = 0;
        for (const a of addresses) added += await pollEsploraAddress(client, store, chain, a, k, tip);
        return { added, addresses: addresses.length };
      },
    };
  }
  if (choice.family === 'etherscan') {
    const chain = (choice.chain ?? 'ethereum').toLowerCase();
    if (chainInfo(chain)?.family !== 'evm') throw invalidInput(`not an EVM chain: ${choice.chain}`, { field: '--evm-chain' });
    const client = new EtherscanClient({ url: choice.url, chainId: CHAIN_IDS[chain], ...transport });
    const safeTip = async () => readInt(await client.call<string>({ module: 'proxy', action: 'eth_blockNumber', tag: 'latest' }), { call: 'etherscan proxy eth_blockNumber', field: 'result' }) - (k - 1);
    return {
      family: 'etherscan',
      chain,
      description: client.displayUrl,
      safeTip,
      async poll(store, addresses, signal) {
        const endBlock = await safeTip();
        let added = 0;
        for (const address of addresses) {
          const r = await ingestEtherscanAddress(store, client, { chain, address, endBlock, signal });
          added += r.transfers.added;
        }
        return { added, addresses: addresses.length };
      },
    };
  }
  const client = new TronGridClient({ url: choice.url, ...transport });
  return {
    family: 'trongrid',
    chain: 'tron',
    description: client.displayUrl,
    safeTip: async () => undefined,
    async poll(store, addresses, signal) {
      let added = 0;
      for (const address of addresses) added += (await ingestTronAddress(store, client, { address, signal })).transfers.added;
      return { added, addresses: addresses.length };
    },
  };
}
