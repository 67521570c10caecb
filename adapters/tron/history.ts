// Actions: a TRON address's history from TronGrid. The two v1 lists (`transactions` for TRX and fees,
// `transactions/trc20` for tokens) are read oldest first (`order_by=block_timestamp,asc`) and paged by
// `meta.fingerprint`; TRC-20 rows are completed with `/wallet/gettransactioninfobyid` (block number
// and log position, which the list does not give), and so are older TRX rows without a block number or
// fee fields. Every transfer's txIndex is its transaction's position in the block (`/wallet/getblockbynum`,
// block-order.ts), or it is marked `positionUnknown`. Each page is committed with a per-list checkpoint
// (the last block timestamp fully covered); the next run starts from it (`min_timestamp`), re-reading
// that last instant and letting the store recognise what it already has.

import { normalizeAddress } from '../../src/model/address.js';
import { registerTokenInfo } from '../../src/model/asset.js';
import { type AccountTransfer, compareTransfers } from '../../src/model/transfer.js';
import type { GraphStore } from '../../src/ports.js';
import { combinedSha256, type RawRef } from '../http/http-client.js';
import { TronBlockOrder } from './block-order.js';
import { type Trc20Row, type TronTx, type TronTxInfo, tronInfoTransfers, tronTxNeedsInfo, tronTxTransfers } from './parse.js';
import type { TronGridClient } from './trongrid-client.js';

export type TronList = 'transactions' | 'trc20';
export const TRON_LISTS: readonly TronList[] = ['transactions', 'trc20'];

export interface TronPageOptions {
  /** Rows per page (default 200, TronGrid's maximum). */
  limit?: number;
  /** Start at this block timestamp (milliseconds, inclusive). */
  minTimestamp?: number;
  maxTimestamp?: number;
}

export interface TronPage<T> {
  rows: T[];
  /** Rows with a timestamp up to this one (ms) have all been delivered; -1 when none. */
  coveredTo: number;
}

/** Pages through one list of an address, oldest first. */
export async function* tronListPages<T extends { block_timestamp: number }>(client: TronGridClient, list: TronList, address: string, options: TronPageOptions = {}): AsyncGenerator<TronPage<T>> {
  const path = list === 'trc20' ? `v1/accounts/${address}/transactions/trc20` : `v1/accounts/${address}/transactions`;
  let fingerprint: string | undefined;
  let covered = (options.minTimestamp ?? 0) - 1;
  for (;;) {
    const page = await client.getPage<T>(path, {
      limit: options.limit ?? 200,
      only_confirmed: true,
      order_by: 'block_timestamp,asc',
      min_timestamp: options.minTimestamp,
      max_timestamp: options.maxTimestamp,
      fingerprint,
      ...(list === 'transactions' ? { search_internal: false } : {}),
    });
    fingerprint = page.meta?.fingerprint;
    const rows = page.data;
    const last = rows.length ? Math.max(...rows.map((r) => r.block_timestamp)) : covered;
    // More pages may still hold rows of the last instant: it is covered only at the end.
    covered = fingerprint ? Math.max(covered, last - 1) : Math.max(covered, last);
    yield { rows, coveredTo: covered };
    if (!fingerprint || rows.length === 0) return;
  }
}

/** Converts list rows to transfers (TRC-20 rows through their transaction info), placed in their blocks. */
export class TronConverter {
  private readonly order: TronBlockOrder;

  constructor(
    private readonly client: TronGridClient,
    private readonly address: string,
  ) {
    this.order = new TronBlockOrder(client);
  }

  private info(hash: string): Promise<TronTxInfo> {
    return this.client.wallet<TronTxInfo>('wallet/gettransactioninfobyid', { value: hash }, { immutable: true });
  }

  async convert(list: TronList, rows: readonly unknown[]): Promise<AccountTransfer[]> {
    const out: AccountTransfer[] = [];
    if (list === 'transactions') {
      for (const tx of rows as TronTx[]) {
        if (typeof tx.txID !== 'string') continue;
        out.push(...tronTxTransfers(tx, tronTxNeedsInfo(tx) ? await this.info(tx.txID.toLowerCase().replace(/^0x/, '')) : undefined));
      }
    } else {
      const times = new Map<string, number>();
      for (const r of rows as Trc20Row[]) {
        times.set(r.transaction_id.toLowerCase(), r.block_timestamp);
        const info = r.token_info;
        if (info?.address && info.symbol && typeof info.decimals === 'number') {
          registerTokenInfo('tron', `trc20:${normalizeAddress('tron', info.address)}`, { symbol: info.symbol, decimals: info.decimals });
        }
      }
      for (const [hash, ms] of times) {
        const info = await this.info(hash);
        out.push(...tronInfoTransfers(hash, info, ms).filter((t) => t.from === this.address || t.to === this.address));
      }
    }
    const unique = new Map(out.map((t) => [t.id, t]));
    return (await this.order.place([...unique.values()])).sort(compareTransfers);
  }
}

/** Every transfer of `address` TronGrid lists, in chain order. */
export async function fetchTronTransfers(client: TronGridClient, address: string, options: TronPageOptions & { lists?: readonly TronList[] } = {}): Promise<AccountTransfer[]> {
  const canonical = normalizeAddress('tron', address);
  const conv = new TronConverter(client, canonical);
  const all = new Map<string, AccountTransfer>();
  for (const list of options.lists ?? TRON_LISTS) {
    for await (const page of tronListPages<{ block_timestamp: number }>(client, list, canonical, options)) {
      for (const t of await conv.convert(list, page.rows)) all.set(t.id, t);
    }
  }
  return [...all.values()].sort(compareTransfers);
}

export function tronCheckpointKey(address: string, list: TronList): string {
  return `trongrid:tron:${address}:${list}`;
}

export interface IngestTronOptions extends TronPageOptions {
  address: string;
  lists?: readonly TronList[];
  /** Stops cleanly between pages (Ctrl-C); the next run resumes from the checkpoints. */
  signal?: AbortSignal;
  onPage?: (info: { list: TronList; transfers: number }) => void;
}

export interface IngestTronResult {
  address: string;
  pages: number;
  transfers: { added: number; existing: number };
  /** True when stopped by the signal; run again to resume. */
  interrupted: boolean;
}

/** Ingests a TRON address's history, one committed batch (with its checkpoint) per page. */
export async function ingestTronAddress(store: GraphStore, client: TronGridClient, options: IngestTronOptions): Promise<IngestTronResult> {
  const address = normalizeAddress('tron', options.address);
  const conv = new TronConverter(client, address);
  const result: IngestTronResult = { address, pages: 0, transfers: { added: 0, existing: 0 }, interrupted: false };
  const refs: RawRef[] = [];
  const unsubscribe = client.http.onResponse((r) => refs.push(r));
  try {
    lists: for (const list of options.lists ?? TRON_LISTS) {
      const key = tronCheckpointKey(address, list);
      const done = await store.getCheckpoint(key);
      const minTimestamp = done !== undefined ? Number(done) : options.minTimestamp;
      refs.length = 0;
      for await (const page of tronListPages<{ block_timestamp: number }>(client, list, address, { ...options, minTimestamp })) {
        if (options.signal?.aborted) {
          result.interrupted = true;
          break lists;
        }
        const transfers = await conv.convert(list, page.rows);
        const covered = Math.max(page.coveredTo, done !== undefined ? Number(done) : -1);
        const summary = await store.importBatch({
          source: {
            name: `trongrid:${client.displayUrl}#tron:${list}:${address}`,
            sha256: combinedSha256(refs),
            kind: 'adapter',
            format: `trongrid-${list}`,
            retrievedAt: new Date().toISOString(),
          },
          transfers,
          ...(covered >= 0 ? { checkpoint: { key, value: String(covered) } } : {}),
        });
        refs.length = 0;
        result.pages++;
        result.transfers.added += summary.transfers.added;
        result.transfers.existing += summary.transfers.existing;
        options.onPage?.({ list, transfers: transfers.length });
      }
    }
  } finally {
    unsubscribe();
  }
  return result;
}
