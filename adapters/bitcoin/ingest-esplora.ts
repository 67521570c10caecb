// `ingest bitcoin --esplora URL --tx TXID... --address ADDR...`: transactions fetched from an Esplora
// API. Each transaction's position in its block comes from /block/:hash/txids (cached, immutable).
// Transactions with fewer than K confirmations are skipped and listed. Address histories are paged
// (/address/:addr/txs, then /txs/chain/:last_seen_txid); each page is one atomic batch with a checkpoint
// holding the paging cursor, so an interrupted run resumes at the next page.

import { LedgerhoundError } from '../../src/errors.js';
import { normalizeAddress } from '../../src/model/address.js';
import type { UtxoTransaction } from '../../src/model/utxo.js';
import type { GraphStore } from '../../src/ports.js';
import { combinedSha256, type HttpClient, type RawRef } from '../http/http-client.js';
import { type EsploraTx, getEsploraBlockTxids, getEsploraTipHeight, getEsploraTx, pageEsploraAddressTxs, parseEsploraTx } from './esplora.js';
import { addCounts, type BaseIngestOptions, DEFAULT_CONFIRMATIONS, emptySummary, type IngestSummary } from './ingest-common.js';

export interface EsploraIngestOptions extends BaseIngestOptions {
  chain: string;
  txids?: string[];
  addresses?: string[];
}

/** Places a confirmed Esplora transaction in its block and converts it. */
export async function toModelTx(client: HttpClient, tx: EsploraTx, chain: string): Promise<UtxoTransaction> {
  const hash = tx.status.block_hash;
  if (!hash) throw new LedgerhoundError('RPC_FAILURE', `esplora: ${tx.txid} has no block hash`, { txid: tx.txid });
  const index = (await getEsploraBlockTxids(client, hash)).indexOf(tx.txid);
  if (index < 0) throw new LedgerhoundError('INTEGRITY', `esplora: ${tx.txid} is not among the transactions of its block ${hash}`, { txid: tx.txid, block: hash });
  return parseEsploraTx(tx, chain, index);
}

/** Ingests the given transactions and address histories. */
export async function ingestEsplora(client: HttpClient, store: GraphStore, options: EsploraIngestOptions): Promise<IngestSummary> {
  const { chain } = options;
  const summary = emptySummary(chain);
  const confirmations = Math.max(1, options.confirmations ?? DEFAULT_CONFIRMATIONS);
  const tip = await getEsploraTipHeight(client);
  const deepEnough = (tx: EsploraTx): boolean => {
    if (!tx.status?.confirmed || tx.status.block_height === undefined) {
      summary.skipped.push({ what: `transaction ${tx.txid}`, reason: 'unconfirmed' });
      return false;
    }
    if (tip - tx.status.block_height + 1 < confirmations) {
      summary.skipped.push({ what: `transaction ${tx.txid}`, reason: `fewer than ${confirmations} confirmations (tip ${tip})` });
      return false;
    }
    return true;
  };
  const commit = async (label: string, txs: UtxoTransaction[], refs: RawRef[], checkpoint?: { key: string; value: string }) => {
    const result = await store.importBatch({
      source: {
        name: `esplora:${client.displayUrl} ${label}`,
        sha256: combinedSha256(refs),
        kind: 'adapter',
        format: 'esplora',
        retrievedAt: new Date().toISOString(),
        ...(txs.length > 0 ? { maxBlock: Math.max(...txs.map((t) => t.block)) } : {}),
      },
      transactions: txs,
      ...(checkpoint ? { checkpoint } : {}),
    });
    addCounts(summary, result);
    for (const t of txs) summary.lastBlock = Math.max(summary.lastBlock ?? 0, t.block);
    options.onBatch?.({ label, transactions: txs.length });
  };
  const collect = async <T>(fn: () => Promise<T>): Promise<[T, RawRef[]]> => {
    const refs: RawRef[] = [];
    const stop = client.onResponse((r) => refs.push(r));
    try {
      return [await fn(), refs];
    } finally {
      stop();
    }
  };

  options.onTotal?.((options.txids?.length ?? 0) + (options.addresses?.length ?? 0));
  for (const raw of options.txids ?? []) {
    if (options.signal?.aborted) {
      summary.interrupted = true;
      return summary;
    }
    const txid = raw.toLowerCase();
    if (!/^[0-9a-f]{64}$/.test(txid)) throw new LedgerhoundError('INVALID_INPUT', `not a transaction id: ${raw}`, { field: 'tx', value: raw });
    const [txs, refs] = await collect(async () => {
      const tx = await getEsploraTx(client, txid);
      if (!tx) throw new LedgerhoundError('NOT_FOUND', `esplora: transaction ${txid} not found`, { txid });
      return deepEnough(tx) ? [await toModelTx(client, tx, chain)] : [];
    });
    if (txs.length > 0) await commit(`tx ${txid}`, txs, refs);
  }
  for (const raw of options.addresses ?? []) {
    const address = normalizeAddress(chain, raw, { field: 'address' });
    const key = `esplora:${chain}:address:${address}`;
    const cp = await store.getCheckpoint(key);
    const after = cp && cp !== 'complete' ? cp : undefined;
    if (after) summary.resumedAfter = `${address} page ending ${after}`;
    const pages = pageEsploraAddressTxs(client, address, { after });
    let page = 0;
    for (;;) {
      if (options.signal?.aborted) {
        summary.interrupted = true;
        return summary;
      }
      const [next, refs] = await collect(async () => {
        const r = await pages.next();
        if (r.done) return undefined;
        const txs: UtxoTransaction[] = [];
        for (const tx of r.value) if (deepEnough(tx)) txs.push(await toModelTx(client, tx, chain));
        return { txs, cursor: r.value[r.value.length - 1].txid };
      });
      if (!next) break;
      page++;
      await commit(`address ${address} page ${page}`, next.txs, refs, { key, value: next.cursor });
    }
    await store.importBatch({ source: { name: `esplora:${client.displayUrl} address ${address} complete`, sha256: combinedSha256([]), kind: 'adapter', format: 'esplora' }, checkpoint: { key, value: 'complete' } });
  }
  return summary;
}
