// An ExpansionSource backed by another GraphStore (`expand --from-store LOCATION`): a team that keeps a
// large ingested store (a shared SQLite file or a Neo4j server) fills a small case store from it, hop
// by hop, with exactly what the case needs. One source per chain the reference store holds.

import { isUtxoChain } from '../../src/model/chain.js';
import type { Conversion } from '../../src/model/conversion.js';
import type { AccountTransfer } from '../../src/model/transfer.js';
import type { UtxoTransaction } from '../../src/model/utxo.js';
import { LedgerhoundError } from '../../src/errors.js';
import type { ExpansionSourceFactory, GraphStore } from '../../src/ports.js';
import type { RecordingExpansionSource } from './engine.js';

/** Expansion from a reference store, for one chain. */
export class StoreExpansionSource implements RecordingExpansionSource {
  readonly chain: string;
  readonly description: string;

  constructor(
    private readonly reference: GraphStore,
    chain: string,
  ) {
    this.chain = chain;
    this.description = `store:${reference.location} (${chain})`;
  }

  async getTransaction(txid: string): Promise<UtxoTransaction | undefined> {
    return this.reference.getTransaction(this.chain, txid);
  }

  async getSpender(txid: string, vout: number): Promise<UtxoTransaction | undefined> {
    return this.reference.spenderOf(this.chain, txid, vout);
  }

  /** Conversions of the reference store with `ref` among their refs on this chain (copied into the case store). */
  async getConversionsByRef(ref: string): Promise<Conversion[]> {
    return this.reference.conversionsByRef(this.chain, ref);
  }

  async getTransfersOf(address: string, direction: 'in' | 'out' | 'both'): Promise<AccountTransfer[]> {
    const out: AccountTransfer[] = [];
    for await (const t of this.reference.ledger(this.chain, address)) {
      if (direction === 'both' || (direction === 'out' ? t.from === address : t.to === address)) out.push(t);
    }
    return out;
  }

  /** Transactions of the address in the reference store. */
  async getActivityCount(address: string): Promise<number> {
    const seen = new Set<string>();
    if (isUtxoChain(this.chain)) {
      for await (const tx of this.reference.transactionsOf(this.chain, address)) seen.add(tx.txid);
    } else {
      for await (const t of this.reference.ledger(this.chain, address)) seen.add(t.txHash);
    }
    return seen.size;
  }
}

/** One source per chain of the reference store. */
export async function openStoreSources(reference: GraphStore): Promise<StoreExpansionSource[]> {
  const chains = Object.keys((await reference.stats()).chains).sort();
  return chains.map((c) => new StoreExpansionSource(reference, c));
}

/** `expand --from-store LOCATION`: every chain another store holds (the store is opened by the entry point). */
export const referenceStoreSourceFactory: ExpansionSourceFactory<unknown, StoreExpansionSource> = {
  key: 'fromStore',
  family: 'any',
  options: [{ key: 'fromStore', flags: '--from-store <location>', description: 'another store (SQLite path or Neo4j URL) to expand from, every chain it holds' }],
  async create(values, ctx) {
    if (!ctx.openStore) throw new LedgerhoundError('INVALID_INPUT', '--from-store is not available here', { field: '--from-store' });
    const reference = await ctx.openStore(values.fromStore as string);
    ctx.defer?.(() => reference.close());
    return openStoreSources(reference);
  },
};
