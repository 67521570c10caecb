// `ingest bitcoin --rpc URL --blocks A..B`: blocks by height from a node (Bitcoin Core or btcd), each
// block one atomic batch with its checkpoint; inputs resolved from the store or getrawtransaction.
// Only blocks with at least K confirmations are taken (reorganisation safety); on resume the
// checkpointed block must still be on the node's best chain, else the run stops with INTEGRITY.

import { LedgerhoundError } from '../../src/errors.js';
import type { UtxoTransaction } from '../../src/model/utxo.js';
import type { GraphStore, ImportBatch } from '../../src/ports.js';
import { combinedSha256, type RawRef } from '../http/http-client.js';
import { addCounts, type BaseIngestOptions, DEFAULT_CONFIRMATIONS, emptySummary, type IngestSummary, parseBlockCheckpoint } from './ingest-common.js';
import { PrevoutResolver, resolveBlock } from './resolve-inputs.js';
import { type BitcoinRpc, detectChain, getBlock, getBlockCount, getBlockHash, getTransaction } from './rpc.js';

export interface RpcIngestOptions extends BaseIngestOptions {
  from: number;
  to: number;
  /** Chain name; detected from the genesis block when absent. */
  chain?: string;
}

/** The checkpoint key of an RPC block-range ingest. */
export function rpcCheckpointKey(chain: string, from: number, to: number): string {
  return `bitcoin-rpc:${chain}:blocks:${from}-${to}`;
}

/** Ingests blocks `from..to` (inclusive) from the node into the store. */
export async function ingestRpcBlocks(node: BitcoinRpc, store: GraphStore, options: RpcIngestOptions): Promise<IngestSummary> {
  const { from, to } = options;
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from < 0 || to < from) {
    throw new LedgerhoundError('INVALID_INPUT', `bad block range ${from}..${to}`, { field: 'blocks', from, to });
  }
  const chain = options.chain ?? (await detectChain(node));
  const summary = emptySummary(chain);
  const confirmations = options.confirmations ?? DEFAULT_CONFIRMATIONS;
  const tip = await getBlockCount(node);
  const lastSafe = tip - Math.max(1, confirmations) + 1;
  const end = Math.min(to, lastSafe);
  if (end < to) {
    summary.skipped.push({ what: `blocks ${Math.max(from, end + 1)}..${to}`, reason: `fewer than ${confirmations} confirmations (tip ${tip})` });
  }
  const key = rpcCheckpointKey(chain, from, to);
  let start = from;
  const cp = parseBlockCheckpoint(await store.getCheckpoint(key));
  if (cp && cp.height >= from && cp.height <= to) {
    const now = await getBlockHash(node, cp.height);
    if (now !== cp.hash) {
      throw new LedgerhoundError('INTEGRITY', `block ${cp.height} was ${cp.hash} when ingested and is now ${now}: a reorganisation deeper than the confirmations required`, {
        height: cp.height,
        stored: cp.hash,
        current: now,
      });
    }
    start = cp.height + 1;
    summary.resumedAfter = `block ${cp.height}`;
  }
  options.onTotal?.(Math.max(0, end - start + 1));
  const resolver = new PrevoutResolver({ chain, store, fetchTransaction: (txid) => getTransaction(node, txid, chain) });
  for (let height = start; height <= end; height++) {
    if (options.signal?.aborted) {
      summary.interrupted = true;
      break;
    }
    const refs: RawRef[] = [];
    const stop = node.rpc.http.onResponse((r) => refs.push(r));
    let batch: ImportBatch & { transactions: UtxoTransaction[] };
    try {
      const hash = await getBlockHash(node, height);
      const block = await getBlock(node, hash, chain);
      const transactions = await resolveBlock(resolver, block, height);
      batch = {
        source: {
          name: `bitcoin-rpc:${node.displayUrl} block ${height} ${hash}`,
          sha256: combinedSha256(refs),
          kind: 'adapter',
          format: 'bitcoin-rpc',
          retrievedAt: new Date().toISOString(),
          maxBlock: height,
        },
        transactions,
        checkpoint: { key, value: JSON.stringify({ height, hash }) },
      };
    } finally {
      stop();
    }
    addCounts(summary, await store.importBatch(batch));
    summary.lastBlock = height;
    options.onBatch?.({ label: `block ${height}`, transactions: batch.transactions.length, block: height });
  }
  summary.prevoutFetches = resolver.fetches;
  return summary;
}
