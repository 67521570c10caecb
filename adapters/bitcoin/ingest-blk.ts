// `ingest bitcoin --blk-files DIR`: Bitcoin Core block files read directly. Pass 1 reads only headers
// (hash, prevHash, BIP-34 height) of every block in every file; the best chain is chosen
// (chain-order.ts) so stale blocks are left out; pass 2 decodes the best chain's blocks in height
// order, one atomic batch per block with its checkpoint. Inputs are resolved from blocks already
// ingested (the store), or from a node/Esplora when `fetchTransaction` is given.

import { createHash } from 'node:crypto';
import { resolve as resolvePath } from 'node:path';
import type { GraphStore } from '../../src/ports.js';
import { type BlkRecord, listBlkFiles, readBlkRecords, readMaybeCompressed } from './blk-file.js';
import { type HeaderLink, orderChain, readHeaderLink } from './chain-order.js';
import { type DecodedTransaction, decodeBlock } from './decode.js';
import { addCounts, type BaseIngestOptions, DEFAULT_CONFIRMATIONS, emptySummary, type IngestSummary, parseBlockCheckpoint } from './ingest-common.js';
import { PrevoutResolver, resolveBlock } from './resolve-inputs.js';

export interface BlkIngestOptions extends BaseIngestOptions {
  chain: string;
  /** Fetches a spent transaction that is not in the files or the store. */
  fetchTransaction?: (txid: string) => Promise<DecodedTransaction | undefined>;
}

interface Located extends HeaderLink {
  file: string;
  offset: number;
  size: number;
}

/** The checkpoint key of a block-file ingest. */
export function blkCheckpointKey(chain: string, dirOrFile: string): string {
  return `bitcoin-blk:${chain}:${resolvePath(dirOrFile)}`;
}

/** Ingests the best chain found in the block files of `dirOrFile` (a directory or one file). */
export async function ingestBlkFiles(dirOrFile: string, store: GraphStore, options: BlkIngestOptions): Promise<IngestSummary> {
  const { chain } = options;
  const summary = emptySummary(chain);
  const files = listBlkFiles(dirOrFile);
  const located: Located[] = [];
  for (const file of files) {
    for (const rec of readBlkRecords(readMaybeCompressed(file), chain, file)) {
      located.push({ ...readHeaderLink(rec.bytes), file, offset: rec.offset, size: rec.bytes.length });
    }
  }
  const order = orderChain(located, chain);
  for (const b of order.stale) summary.skipped.push({ what: `block ${b.hash}`, reason: 'stale: not on the best chain in the files' });
  for (const b of order.unplaced) summary.skipped.push({ what: `block ${b.hash}`, reason: 'height unknown: parent not in the files and no BIP-34 height' });
  const tipHeight = order.main.length > 0 ? order.main[order.main.length - 1].height : -1;
  const confirmations = options.confirmations ?? DEFAULT_CONFIRMATIONS;
  const lastSafe = tipHeight - Math.max(1, confirmations) + 1;
  const unconfirmed = order.main.filter((m) => m.height > lastSafe);
  if (unconfirmed.length > 0) {
    summary.skipped.push({ what: `blocks ${unconfirmed[0].height}..${tipHeight}`, reason: `fewer than ${confirmations} confirmations in the files (tip ${tipHeight})` });
  }
  const key = blkCheckpointKey(chain, dirOrFile);
  const cp = parseBlockCheckpoint(await store.getCheckpoint(key));
  let startIndex = 0;
  if (cp) {
    const i = order.main.findIndex((m) => m.height === cp.height && m.block.hash === cp.hash);
    if (i >= 0) {
      startIndex = i + 1;
      summary.resumedAfter = `block ${cp.height}`;
    }
  }
  const todo = order.main.slice(startIndex).filter((m) => m.height <= lastSafe);
  options.onTotal?.(todo.length);
  const resolver = new PrevoutResolver({ chain, store, fetchTransaction: options.fetchTransaction });
  let cachedFile: { path: string; data: Uint8Array } | undefined;
  for (const { height, block: loc } of todo) {
    if (options.signal?.aborted) {
      summary.interrupted = true;
      break;
    }
    if (cachedFile?.path !== loc.file) cachedFile = { path: loc.file, data: readMaybeCompressed(loc.file) };
    const bytes = cachedFile.data.subarray(loc.offset, loc.offset + loc.size);
    const rec: BlkRecord = { file: loc.file, offset: loc.offset, bytes };
    const block = decodeBlock(rec.bytes, chain, `${rec.file} at byte ${rec.offset}`);
    const transactions = await resolveBlock(resolver, block, height);
    const result = await store.importBatch({
      source: {
        name: `blk:${rec.file}#${rec.offset} block ${height} ${block.hash}`,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        kind: 'adapter',
        format: 'bitcoin-blk',
        retrievedAt: new Date().toISOString(),
        maxBlock: height,
      },
      transactions,
      checkpoint: { key, value: JSON.stringify({ height, hash: block.hash }) },
    });
    addCounts(summary, result);
    summary.lastBlock = height;
    options.onBatch?.({ label: `block ${height}`, transactions: transactions.length, block: height });
  }
  summary.prevoutFetches = resolver.fetches;
  return summary;
}
