// ExpansionSource implementations (src/ports.ts) for Bitcoin: a node over RPC and an Esplora API.
// - Esplora knows who spent an output (/tx/:txid/outspend/:vout) and how busy an address is.
// - A node has no spent-output index: gettxout says whether an output is still unspent; for a spent one
//   the blocks after it are scanned forward (each block once, all its spends indexed in memory) up to
//   `scanBlocks` blocks; an output spent later than that is reported as not found within the window.
//   A node cannot tell an address's activity, so busy-address skipping needs Esplora or the store.

import { LedgerhoundError } from '../../src/errors.js';
import type { UtxoTransaction } from '../../src/model/utxo.js';
import type { ExpansionSource, GraphStore } from '../../src/ports.js';
import type { HttpClient } from '../http/http-client.js';
import type { DecodedBlock } from './decode.js';
import { getEsploraAddress, getEsploraOutspend, getEsploraTx } from './esplora.js';
import { toModelTx } from './ingest-esplora.js';
import { PrevoutResolver } from './resolve-inputs.js';
import { type BitcoinRpc, getBlock, getBlockCount, getBlockHash, getTransaction, getTransactionBlockHash, isUnspent } from './rpc.js';

export interface RpcExpansionOptions {
  chain: string;
  store?: GraphStore;
  /** Blocks scanned forward to find the spender of a spent output (default 1000). */
  scanBlocks?: number;
}

/** Spends kept in the in-memory index before it is reset (about 150 MB). */
const SPEND_INDEX_LIMIT = 1_000_000;

interface SpendRef {
  height: number;
  txIndex: number;
}

/** Expansion through a Bitcoin node (see the file header). */
export class RpcExpansionSource implements ExpansionSource {
  readonly chain: string;
  readonly description: string;
  /** Outputs whose spender was not found within the scan window. */
  readonly notFoundInWindow: string[] = [];
  private readonly node: BitcoinRpc;
  private readonly opts: RpcExpansionOptions;
  private readonly resolver: PrevoutResolver;
  private readonly heights = new Map<string, number>();
  private readonly blocks = new Map<number, DecodedBlock>();
  private readonly spends = new Map<string, SpendRef>();
  private readonly scanned = new Set<number>();

  constructor(node: BitcoinRpc, options: RpcExpansionOptions) {
    this.node = node;
    this.opts = options;
    this.chain = options.chain;
    this.description = `bitcoin-rpc:${node.displayUrl}`;
    this.resolver = new PrevoutResolver({ chain: options.chain, store: options.store, fetchTransaction: (txid) => getTransaction(node, txid, options.chain) });
  }

  private async heightOf(blockHash: string): Promise<number> {
    const known = this.heights.get(blockHash);
    if (known !== undefined) return known;
    const header = await this.node.rpc.call<{ height: number }>('getblockheader', [blockHash, true], { immutable: true });
    if (!header || !Number.isSafeInteger(header.height)) throw new LedgerhoundError('RPC_FAILURE', `getblockheader(${blockHash}): no height`, { blockHash });
    this.heights.set(blockHash, header.height);
    return header.height;
  }

  private async blockAt(height: number): Promise<DecodedBlock> {
    let block = this.blocks.get(height);
    if (!block) {
      block = await getBlock(this.node, await getBlockHash(this.node, height), this.chain);
      this.blocks.set(height, block);
      if (this.blocks.size > 64) this.blocks.delete(this.blocks.keys().next().value as number);
      this.heights.set(block.hash, height);
    }
    return block;
  }

  private async modelTx(block: DecodedBlock, height: number, txIndex: number): Promise<UtxoTransaction> {
    return this.resolver.resolve(block.transactions[txIndex], { block: height, txIndex, time: block.time });
  }

  async getTransaction(txid: string): Promise<UtxoTransaction | undefined> {
    const blockHash = await getTransactionBlockHash(this.node, txid);
    if (!blockHash) return undefined;
    const height = await this.heightOf(blockHash);
    const block = await this.blockAt(height);
    const index = block.transactions.findIndex((t) => t.txid === txid);
    if (index < 0) throw new LedgerhoundError('INTEGRITY', `transaction ${txid} is not in its block ${blockHash}`, { txid, blockHash });
    return this.modelTx(block, height, index);
  }

  async getSpender(txid: string, vout: number): Promise<UtxoTransaction | undefined> {
    if (await isUnspent(this.node, txid, vout)) return undefined;
    const key = `${txid}:${vout}`;
    let found = this.spends.get(key);
    if (!found) {
      const blockHash = await getTransactionBlockHash(this.node, txid);
      if (!blockHash) return undefined;
      const start = (await this.heightOf(blockHash)) + 1;
      const limit = Math.min(await getBlockCount(this.node), start - 1 + (this.opts.scanBlocks ?? 1000));
      for (let h = start; h <= limit && !found; h++) {
        if (this.scanned.has(h)) continue;
        if (this.spends.size > SPEND_INDEX_LIMIT) {
          // Bound memory on busy chains: forget the index and rescan when needed.
          this.spends.clear();
          this.scanned.clear();
        }
        const block = await this.blockAt(h);
        block.transactions.forEach((t, i) => {
          for (const input of t.inputs) if (!input.coinbase) this.spends.set(`${input.prevTxid}:${input.prevVout}`, { height: h, txIndex: i });
        });
        this.scanned.add(h);
        found = this.spends.get(key);
      }
      if (!found) {
        this.notFoundInWindow.push(key);
        return undefined;
      }
    }
    return this.modelTx(await this.blockAt(found.height), found.height, found.txIndex);
  }
}

/** Expansion through an Esplora API. */
export class EsploraExpansionSource implements ExpansionSource {
  readonly chain: string;
  readonly description: string;
  private readonly client: HttpClient;

  constructor(client: HttpClient, options: { chain: string }) {
    this.client = client;
    this.chain = options.chain;
    this.description = `esplora:${client.displayUrl}`;
  }

  async getTransaction(txid: string): Promise<UtxoTransaction | undefined> {
    const tx = await getEsploraTx(this.client, txid);
    if (!tx?.status?.confirmed) return undefined;
    return toModelTx(this.client, tx, this.chain);
  }

  async getSpender(txid: string, vout: number): Promise<UtxoTransaction | undefined> {
    const spend = await getEsploraOutspend(this.client, txid, vout);
    if (!spend?.spent || !spend.txid || !spend.status?.confirmed) return undefined;
    return this.getTransaction(spend.txid);
  }

  async getActivityCount(address: string): Promise<number | undefined> {
    const info = await getEsploraAddress(this.client, address);
    if (!info) return undefined;
    return (info.chain_stats?.tx_count ?? 0) + (info.mempool_stats?.tx_count ?? 0);
  }
}
