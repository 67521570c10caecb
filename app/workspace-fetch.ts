// Use case of the analyst workspace (`serve --allow-fetch`, docs/web.md): one hop around an address
// fetched from a chain source into the store, from the address view. The sources are the expansion
// sources of `expand` (app/chain-adapters.ts, selected by the same options, keys from the environment).
// One hop, as TRACING.md counts them: UTXO: the transactions spending the address's stored outputs and
// the transactions that funded its stored inputs (a UTXO source follows coins, so the address needs one
// stored transaction to start from); account chains: the address's transfers in and out. An address
// busier than the threshold is not fetched (reported, as `expand` does). Store first: nothing is fetched
// that the store already holds. The batch is recorded as an adapter source, hashed over the raw responses.

import { fetchedContentHash, type RecordingExpansionSource } from '../adapters/expand/engine.js';
import type { TransportSettings } from '../adapters/http/http-client.js';
import { invalidInput } from '../src/errors.js';
import { normalizeAddress } from '../src/model/address.js';
import { chainInfo } from '../src/model/chain.js';
import type { AccountTransfer } from '../src/model/transfer.js';
import type { UtxoTransaction } from '../src/model/utxo.js';
import type { GraphStore } from '../src/ports.js';
import { expansionSourceFactories } from './chain-adapters.js';
import { openOtherStore } from './store.js';

export interface FetchHopResult {
  chain: string;
  address: string;
  /** The source asked (credentials stripped). */
  source: string;
  added: { transactions: number; transfers: number };
  existing: { transactions: number; transfers: number };
  /** Set when the address was not fetched because it is busier than the threshold. */
  busy?: number;
  /** Why nothing could be fetched, when that is so. */
  reason?: string;
}

export interface WorkspaceFetcher {
  /** The sources, one per chain. */
  sources: string[];
  fetchHop(chain: string, address: string): Promise<FetchHopResult>;
  close(): Promise<void>;
}

export interface OpenFetcherOptions {
  transport: TransportSettings;
  /** Addresses with more transactions than this are not fetched (default 1000). */
  busyThreshold?: number;
}

/** The selecting options of the expansion sources (`--rpc <url>`, `--esplora <url>`...). */
function sourceFlags(): string {
  return expansionSourceFactories()
    .map((f) => f.options[0].flags.split(' ')[0])
    .join(', ');
}

/** Opens the expansion sources the option values select (INVALID_INPUT when none is given). */
export async function openFetcher(store: GraphStore, values: Record<string, unknown>, options: OpenFetcherOptions): Promise<WorkspaceFetcher> {
  const factories = expansionSourceFactories().filter((f) => values[f.key] !== undefined);
  if (factories.length === 0) throw invalidInput(`--allow-fetch needs a source: ${sourceFlags()}`, { field: '--allow-fetch' });
  const cleanups: (() => Promise<void>)[] = [];
  const ctx = { store, transport: options.transport, openStore: (location: string) => openOtherStore(location), defer: (fn: () => Promise<void>) => cleanups.push(fn) };
  const sources: RecordingExpansionSource[] = [];
  try {
    for (const f of factories) sources.push(...[await f.create(values, ctx)].flat());
  } catch (e) {
    for (const fn of cleanups) await fn();
    throw e;
  }
  const busyThreshold = options.busyThreshold ?? 1000;
  // One fetch at a time: each batch's source hash covers the raw responses of that fetch only.
  let queue: Promise<unknown> = Promise.resolve();
  return {
    sources: sources.map((s) => s.description),
    fetchHop(chain, address) {
      const next = queue.then(() => fetchHop(store, sources, chain, address, busyThreshold));
      queue = next.catch(() => undefined);
      return next;
    },
    async close() {
      for (const fn of cleanups) await fn();
    },
  };
}

async function fetchHop(store: GraphStore, sources: RecordingExpansionSource[], chain: string, given: string, busyThreshold: number): Promise<FetchHopResult> {
  if (!chainInfo(chain)) throw invalidInput('give a known chain', { field: 'chain' }, { value: chain });
  const address = normalizeAddress(chain, given, {}, 'address');
  const source = sources.find((s) => s.chain === chain);
  if (!source) throw invalidInput(`no source for ${chain}: the workspace fetches from ${sources.map((s) => `${s.chain} (${s.description})`).join(', ')}`, { field: 'chain' }, { value: chain });
  source.drainRawRefs?.();
  const result: FetchHopResult = { chain, address, source: source.description, added: { transactions: 0, transfers: 0 }, existing: { transactions: 0, transfers: 0 } };
  const activity = await source.getActivityCount?.(address);
  if (activity !== undefined && activity > busyThreshold) return { ...result, busy: activity, reason: `${activity} transactions: busier than ${busyThreshold}` };

  const transactions = new Map<string, UtxoTransaction>();
  let transfers: AccountTransfer[] = [];
  if (chainInfo(chain)?.model === 'utxo') {
    const own: UtxoTransaction[] = [];
    for await (const tx of store.transactionsOf(chain, address)) own.push(tx);
    if (own.length === 0) return { ...result, reason: 'no stored transaction of this address: a UTXO source follows coins, so import or expand one first' };
    for (const tx of own) {
      for (const o of tx.outputs) {
        if (o.address !== address || (await store.spenderOf(chain, tx.txid, o.n))) continue;
        const spender = await source.getSpender?.(tx.txid, o.n);
        if (spender) transactions.set(spender.txid, spender);
      }
      for (const i of tx.inputs) {
        if (i.address !== address || !i.prevTxid || transactions.has(i.prevTxid) || (await store.getTransaction(chain, i.prevTxid))) continue;
        const funding = await source.getTransaction?.(i.prevTxid);
        if (funding) transactions.set(funding.txid, funding);
      }
    }
  } else {
    if (!source.getTransfersOf) return { ...result, reason: `${source.description} cannot list an address's transfers` };
    transfers = await source.getTransfersOf(address, 'both');
  }
  if (transactions.size === 0 && transfers.length === 0) return { ...result, reason: result.reason ?? 'nothing new one hop from this address' };
  const txs = [...transactions.values()];
  const sha256 = fetchedContentHash(source.drainRawRefs?.() ?? [], txs, transfers);
  const summary = await store.importBatch({
    source: { name: `fetch:${source.description} ${chain}/${address}`, sha256, kind: 'adapter', format: 'expand', retrievedAt: new Date().toISOString() },
    transactions: txs,
    transfers,
  });
  result.added = { transactions: summary.transactions.added, transfers: summary.transfers.added };
  result.existing = { transactions: summary.transactions.existing, transfers: summary.transfers.existing };
  return result;
}
