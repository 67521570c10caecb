// An ExpansionSource backed by another GraphStore (`expand --from-store LOCATION`): a team that keeps a
// large ingested store (a shared SQLite file or a Neo4j server) fills a small case store from it, hop
// by hop, with exactly what the case needs. One source per chain the reference store holds.

import { isUtxoChain } from '../../src/model/chain.js';
import type { AccountTransfer } from '../../src/model/transfer.js';
import type { UtxoTransaction } from '../../src/model/utxo.js';
import type { GraphStore } from '../../src/ports.js';
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
