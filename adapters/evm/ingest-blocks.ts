// Action: ingest a range of EVM blocks from a node into a GraphStore. Blocks are fetched in order and
// written in batches; each batch is one atomic importBatch carrying the checkpoint "last block done",
// so a crash loses nothing committed and the next run of the same range resumes after the checkpoint.
// Re-ingesting is harmless: identical transfers are recognised as existing, never duplicated.

import { LedgerhoundError } from '../../src/errors.js';
import type { Conversion } from '../../src/model/conversion.js';
import type { AccountTransfer } from '../../src/model/transfer.js';
import type { GraphStore, ImportSummary } from '../../src/ports.js';
import { combinedSha256, type RawRef } from '../http/http-client.js';
import type { ChainVenues } from './conversions/index.js';
import type { EvmRpc, TraceApi } from './evm-rpc.js';
import { checkChainId, fetchBlockTransfers } from './fetch-block.js';

export interface IngestBlocksOptions {
  chain: string;
  from: number;
  to: number;
  /** Blocks per committed batch (default 20). */
  batchBlocks?: number;
  traces?: TraceApi | 'auto';
  tokenInfo?: boolean;
  /** Venues of the chain beyond the built-in tables, for conversion detection (V2 factories, the WETH9 address). */
  venues?: ChainVenues;
  /** Blocks must have this many blocks on top of them (reorganisation safety; default 0). */
  confirmations?: number;
  /** Stops cleanly between batches (Ctrl-C); the next run resumes. */
  signal?: AbortSignal;
  /** Called after each committed batch with the last block done. */
  onBatch?: (info: { block: number; blocksDone: number; transfers: number }) => void;
}

export interface IngestBlocksResult {
  chain: string;
  from: number;
  to: number;
  /** First block fetched by this run (after the checkpoint), or undefined when the range was complete. */
  resumedAt?: number;
  blocks: number;
  transfers: { added: number; existing: number };
  /** Swaps, wraps and unwraps detected in the blocks (adapters/evm/conversions). */
  conversions: { added: number; existing: number };
  traces: TraceApi;
  /** Blocks left for a later run: not enough confirmations yet. */
  skippedUnconfirmed?: { from: number; to: number };
  /** True when stopped by the signal; run again to resume. */
  interrupted: boolean;
}

/** The checkpoint key of a block range ingest. */
export function blockCheckpointKey(chain: string, from: number, to: number): string {
  return `evm-blocks:${chain}:${from}-${to}`;
}

/** Ingests blocks `from..to` (inclusive) of `chain` from `rpc` into `store`. */
export async function ingestBlocks(store: GraphStore, rpc: EvmRpc, options: IngestBlocksOptions): Promise<IngestBlocksResult> {
  const { chain, from, to } = options;
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from < 0 || to < from) {
    throw new LedgerhoundError('INVALID_INPUT', `bad block range ${from}..${to}`, { from, to });
  }
  await checkChainId(rpc, chain);
  const key = blockCheckpointKey(chain, from, to);
  const done = await store.getCheckpoint(key);
  const start = done === undefined ? from : Number(done) + 1;
  const result: IngestBlocksResult = { chain, from, to, blocks: 0, transfers: { added: 0, existing: 0 }, conversions: { added: 0, existing: 0 }, traces: 'none', interrupted: false };
  let last = to;
  // Any confirmations given (0 included) bound the range by the head: a range past it waits for later.
  if (options.confirmations !== undefined) {
    const safe = (await rpc.blockNumber()) - (options.confirmations ?? 0);
    if (safe < to) {
      last = safe;
      result.skippedUnconfirmed = { from: Math.max(from, safe + 1), to };
    }
  }
  if (start > last) return result;
  result.resumedAt = start;
  const batchBlocks = Math.max(1, options.batchBlocks ?? 20);
  const refs: RawRef[] = [];
  const unsubscribe = rpc.rpc.http.onResponse((ref) => refs.push(ref));
  let traceApi: TraceApi | undefined;
  try {
    for (let a = start; a <= last; a += batchBlocks) {
      if (options.signal?.aborted) {
        result.interrupted = true;
        break;
      }
      const b = Math.min(last, a + batchBlocks - 1);
      refs.length = 0;
      const transfers: AccountTransfer[] = [];
      const conversions: Conversion[] = [];
      for (let n = a; n <= b; n++) {
        const got = await fetchBlockTransfers(rpc, n, { chain, traces: traceApi ?? options.traces, tokenInfo: options.tokenInfo, venues: options.venues });
        if (traceApi === undefined && got.traces !== 'none') traceApi = got.traces;
        if (got.traces !== 'none') result.traces = got.traces;
        transfers.push(...got.transfers);
        conversions.push(...got.conversions);
      }
      const summary: ImportSummary = await store.importBatch({
        source: {
          name: `evm-rpc:${rpc.displayUrl}#${chain}:blocks:${a}-${b}`,
          sha256: combinedSha256(refs),
          kind: 'adapter',
          format: 'evm-json-rpc',
          retrievedAt: new Date().toISOString(),
          maxBlock: b,
        },
        transfers,
        conversions,
        checkpoint: { key, value: String(b) },
      });
      result.blocks += b - a + 1;
      result.transfers.added += summary.transfers.added;
      result.transfers.existing += summary.transfers.existing;
      result.conversions.added += summary.conversions?.added ?? 0;
      result.conversions.existing += summary.conversions?.existing ?? 0;
      options.onBatch?.({ block: b, blocksDone: result.blocks, transfers: transfers.length });
    }
  } finally {
    unsubscribe();
  }
  return result;
}
