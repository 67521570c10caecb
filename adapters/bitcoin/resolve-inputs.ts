// Resolving inputs: a decoded transaction only names the outpoints it spends; the model
// (FORMATS.md `transactions.jsonl`) needs each spent coin's address and value. Looked up, in order, in
// the batch being built (a transaction may spend an earlier one of the same block), a bounded cache of
// recently seen transactions, the store, and finally the source (node or Esplora) when one is given.

import { LedgerhoundError } from '../../src/errors.js';
import type { UtxoInput, UtxoTransaction } from '../../src/model/utxo.js';
import type { GraphStore } from '../../src/ports.js';
import type { DecodedOutput, DecodedTransaction } from './decode.js';

/** A spent coin as the model needs it. */
export interface SpentCoin {
  address: string | null;
  value: bigint;
}

export interface PrevoutResolverOptions {
  chain: string;
  store?: GraphStore;
  /** Fetches a transaction by id from the source (raw transaction, decoded). */
  fetchTransaction?: (txid: string) => Promise<DecodedTransaction | undefined>;
  /** Transactions kept in the cache (default 50000). */
  cacheSize?: number;
  /** Parallel fetches for one transaction's inputs (default 8). */
  concurrency?: number;
}

/** Where a transaction sits in the chain. */
export interface TxPosition {
  block: number;
  txIndex: number;
  time?: string;
}

/** Runs `fn` over `items` with at most `limit` in flight; results in input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** Resolves inputs of decoded transactions into model transactions (see the file header). */
export class PrevoutResolver {
  private readonly opts: PrevoutResolverOptions;
  private readonly recent = new Map<string, SpentCoin[]>();
  /** Source fetches made so far (for progress and benches). */
  fetches = 0;

  constructor(options: PrevoutResolverOptions) {
    this.opts = options;
  }

  /** Makes a transaction's outputs known (call for each transaction of a batch before resolving later ones). */
  remember(txid: string, outputs: readonly (DecodedOutput | SpentCoin)[]): void {
    const limit = this.opts.cacheSize ?? 50_000;
    if (this.recent.has(txid)) this.recent.delete(txid);
    this.recent.set(
      txid,
      outputs.map((o) => ({ address: o.address, value: o.value })),
    );
    if (this.recent.size > limit) {
      const oldest = this.recent.keys().next().value;
      if (oldest !== undefined) this.recent.delete(oldest);
    }
  }

  private readonly inflight = new Map<string, Promise<SpentCoin[] | undefined>>();

  private async outputsOf(txid: string): Promise<SpentCoin[] | undefined> {
    const hit = this.recent.get(txid);
    if (hit) return hit;
    // Transactions resolved in parallel may spend coins of the same transaction: fetch it once.
    const pending = this.inflight.get(txid);
    if (pending) return pending;
    const lookup = this.lookup(txid);
    this.inflight.set(txid, lookup);
    try {
      return await lookup;
    } finally {
      this.inflight.delete(txid);
    }
  }

  private async lookup(txid: string): Promise<SpentCoin[] | undefined> {
    if (this.opts.store) {
      const stored = await this.opts.store.getTransaction(this.opts.chain, txid);
      if (stored) {
        this.remember(txid, stored.outputs);
        return this.recent.get(txid);
      }
    }
    if (this.opts.fetchTransaction) {
      this.fetches++;
      const fetched = await this.opts.fetchTransaction(txid);
      if (fetched) {
        this.remember(txid, fetched.outputs);
        return this.recent.get(txid);
      }
    }
    return undefined;
  }

  /** The model transaction for `tx` at `pos`, every input resolved. NOT_FOUND names an unresolvable input. */
  async resolve(tx: DecodedTransaction, pos: TxPosition): Promise<UtxoTransaction> {
    const needed = [...new Set(tx.inputs.filter((i) => !i.coinbase).map((i) => i.prevTxid as string))];
    const found = new Map<string, SpentCoin[] | undefined>();
    await mapLimit(needed, this.opts.concurrency ?? 8, async (txid) => {
      found.set(txid, await this.outputsOf(txid));
    });
    const inputs: UtxoInput[] = tx.inputs.map((input, i) => {
      if (input.coinbase) return { address: null, value: 0n, coinbase: true };
      const coin = found.get(input.prevTxid as string)?.[input.prevVout as number];
      if (!coin) {
        const where = this.opts.fetchTransaction ? 'the source' : 'the data read so far or the store (give --rpc or --esplora to fetch it)';
        throw new LedgerhoundError('NOT_FOUND', `transaction ${tx.txid} input ${i} spends ${input.prevTxid}:${input.prevVout}, not found in ${where}`, {
          txid: tx.txid,
          input: i,
          prevTxid: input.prevTxid,
          prevVout: input.prevVout,
        });
      }
      return { prevTxid: input.prevTxid, prevVout: input.prevVout, address: coin.address, value: coin.value };
    });
    const out: UtxoTransaction = {
      chain: this.opts.chain,
      txid: tx.txid,
      block: pos.block,
      txIndex: pos.txIndex,
      inputs,
      outputs: tx.outputs.map((o) => ({ n: o.n, address: o.address, value: o.value, ...(o.address === null ? { script: o.script } : {}) })),
    };
    if (pos.time !== undefined) out.time = pos.time;
    this.remember(tx.txid, tx.outputs);
    return out;
  }
}

/**
 * Resolves every transaction of a block, in block order. All outputs of the block are made known first
 * (a transaction may spend an earlier one of the same block), then transactions are resolved several
 * at a time, since each may need the source for its spent coins.
 */
export async function resolveBlock(resolver: PrevoutResolver, block: { time: string; transactions: DecodedTransaction[] }, height: number, concurrency = 4): Promise<UtxoTransaction[]> {
  for (const tx of block.transactions) resolver.remember(tx.txid, tx.outputs);
  const indexed = block.transactions.map((tx, txIndex) => ({ tx, txIndex }));
  return mapLimit(indexed, concurrency, ({ tx, txIndex }) => resolver.resolve(tx, { block: height, txIndex, time: block.time }));
}
