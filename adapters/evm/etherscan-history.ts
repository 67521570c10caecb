// Actions: an address's history from an Etherscan-compatible API. Lists (`txlist`, `txlistinternal`,
// `tokentx`) are paged in ascending block order with a moving `startblock` (Etherscan serves at most
// 10,000 rows per query window): a full page restarts the next query at its last block, whose rows are
// fetched again and de-duplicated by transfer id; a page that lies entirely inside one block is followed
// with `page=2, 3...`. Internal rows lack `transactionIndex` and some `tokentx` answers lack `logIndex`:
// both are completed from the `proxy` module (eth_getTransactionByHash, eth_getTransactionReceipt), so ids
// and order equal a node ingest's. Each page is committed with a per-list checkpoint (resume, no duplicates).

import { LedgerhoundError } from '../../src/errors.js';
import { normalizeAddress } from '../../src/model/address.js';
import { type AccountTransfer, compareTransfers } from '../../src/model/transfer.js';
import type { GraphStore } from '../../src/ports.js';
import { combinedSha256, type RawRef } from '../http/http-client.js';
import type { EtherscanClient } from './etherscan-client.js';
import { type EtherscanRow, internalRowTransfer, rowBlock, tokenRowInfo, tokenRowTransfer, txlistRowTransfers } from './etherscan-parse.js';
import { readInt } from './hex.js';
import type { RpcReceipt } from './parse-block.js';
import { extractTokenTransfers } from './parse-logs.js';
import { rememberTokenInfo } from './token-info.js';

export type EtherscanList = 'txlist' | 'txlistinternal' | 'tokentx';
export const ETHERSCAN_LISTS: readonly EtherscanList[] = ['txlist', 'txlistinternal', 'tokentx'];

/** Highest block number the APIs accept as "to the head". */
const HEAD = 999_999_999_999;
const WINDOW = 10_000;

export interface PageOptions {
  startBlock?: number;
  endBlock?: number;
  /** Rows per page (default 1000, at most 10000). */
  pageSize?: number;
}

export interface ListPage {
  rows: EtherscanRow[];
  /** Every row up to this block has been delivered (this page included). */
  coveredTo: number;
}

/** Pages through one list of an address in ascending block order. */
export async function* listPages(client: EtherscanClient, action: EtherscanList, address: string, options: PageOptions = {}): AsyncGenerator<ListPage> {
  const pageSize = Math.min(WINDOW, Math.max(1, options.pageSize ?? 1000));
  const end = options.endBlock ?? HEAD;
  let start = options.startBlock ?? 0;
  let page = 1;
  for (;;) {
    const rows = await client.call<EtherscanRow[]>({ module: 'account', action, address, startblock: start, endblock: end, page, offset: pageSize, sort: 'asc' });
    if (!Array.isArray(rows)) {
      throw new LedgerhoundError('RPC_FAILURE', `etherscan ${action} ${address}: result is not a list`, { action, address, url: client.displayUrl });
    }
    if (rows.length < pageSize) {
      const last = rows.length ? rowBlock(rows[rows.length - 1], action) : start - 1;
      yield { rows, coveredTo: options.endBlock ?? Math.max(last, start - 1) };
      return;
    }
    const last = rowBlock(rows[rows.length - 1], action);
    if (last === start) {
      yield { rows, coveredTo: start - 1 };
      page++;
      if (page * pageSize > WINDOW) {
        throw new LedgerhoundError('RPC_FAILURE', `etherscan ${action} ${address}: more than ${WINDOW} rows in block ${start}, beyond what the API pages`, { action, address, block: start });
      }
      continue;
    }
    yield { rows, coveredTo: last - 1 };
    start = last;
    page = 1;
  }
}

/** Turns list rows into transfers, completing internal and token rows from the proxy module. */
export class EtherscanConverter {
  private readonly txIndex = new Map<string, number>();

  constructor(
    private readonly client: EtherscanClient,
    private readonly chain: string,
    private readonly address: string,
  ) {}

  private async txIndexOf(hash: string): Promise<number> {
    const known = this.txIndex.get(hash);
    if (known !== undefined) return known;
    const tx = await this.client.call<{ transactionIndex?: string } | null>({ module: 'proxy', action: 'eth_getTransactionByHash', txhash: hash }, { immutable: true });
    if (!tx) throw new LedgerhoundError('NOT_FOUND', `etherscan proxy: transaction ${hash} not found`, { txHash: hash });
    const n = readInt(tx.transactionIndex, { call: 'etherscan proxy eth_getTransactionByHash', field: 'transactionIndex' });
    this.txIndex.set(hash, n);
    return n;
  }

  /** Transfers of one page of `action`. */
  async convert(action: EtherscanList, rows: readonly EtherscanRow[]): Promise<AccountTransfer[]> {
    const out: AccountTransfer[] = [];
    if (action === 'txlist') {
      for (const row of rows) {
        const ts = txlistRowTransfers(this.chain, row);
        if (ts.length) this.txIndex.set(ts[0].txHash, ts[0].txIndex);
        out.push(...ts);
      }
    } else if (action === 'txlistinternal') {
      for (const row of rows) {
        if (row.isError === '1' || !row.value || row.value === '0') continue;
        const hash = String(row.hash).toLowerCase();
        const t = internalRowTransfer(this.chain, row, await this.txIndexOf(hash));
        if (t) out.push(t);
      }
    } else {
      const needReceipt = new Set<string>();
      for (const row of rows) {
        const info = tokenRowInfo(row);
        if (info && row.contractAddress) rememberTokenInfo(this.chain, `erc20:${normalizeAddress(this.chain, row.contractAddress)}`, info);
        const t = tokenRowTransfer(this.chain, row);
        if (t) out.push(t);
        else needReceipt.add(String(row.hash).toLowerCase());
      }
      for (const hash of needReceipt) {
        const receipt = await this.client.call<RpcReceipt | null>({ module: 'proxy', action: 'eth_getTransactionReceipt', txhash: hash }, { immutable: true });
        if (!receipt) throw new LedgerhoundError('NOT_FOUND', `etherscan proxy: receipt of ${hash} not found`, { txHash: hash });
        const time = rows.find((r) => String(r.hash).toLowerCase() === hash)?.timeStamp;
        const iso = time ? new Date(Number(time) * 1000).toISOString().replace('.000Z', 'Z') : undefined;
        const mine = extractTokenTransfers(this.chain, receipt.logs ?? [], { call: 'etherscan proxy eth_getTransactionReceipt', timeOfBlock: () => iso });
        out.push(...mine.filter((t) => t.from === this.address || t.to === this.address));
      }
    }
    return dedupe(out);
  }
}

function dedupe(ts: AccountTransfer[]): AccountTransfer[] {
  const seen = new Map<string, AccountTransfer>();
  for (const t of ts) seen.set(t.id, t);
  return [...seen.values()].sort(compareTransfers);
}

/** Every transfer of `address` the API lists (all three lists), in chain order. */
export async function fetchAddressTransfers(client: EtherscanClient, chain: string, address: string, options: PageOptions & { lists?: readonly EtherscanList[] } = {}): Promise<AccountTransfer[]> {
  const canonical = normalizeAddress(chain, address);
  const conv = new EtherscanConverter(client, chain, canonical);
  const all: AccountTransfer[] = [];
  for (const action of options.lists ?? ETHERSCAN_LISTS) {
    for await (const page of listPages(client, action, canonical, options)) all.push(...(await conv.convert(action, page.rows)));
  }
  return dedupe(all);
}

export interface IngestEtherscanOptions extends PageOptions {
  chain: string;
  address: string;
  lists?: readonly EtherscanList[];
  /** Stops cleanly between pages (Ctrl-C); the next run resumes from the checkpoints. */
  signal?: AbortSignal;
  onPage?: (info: { action: EtherscanList; coveredTo: number; transfers: number }) => void;
}

export interface IngestEtherscanResult {
  chain: string;
  address: string;
  transfers: { added: number; existing: number };
  pages: number;
  /** Per list: the block the stored checkpoint now covers. */
  coveredTo: Partial<Record<EtherscanList, number>>;
  /** True when stopped by the signal; run again to resume. */
  interrupted: boolean;
}

export function etherscanCheckpointKey(chain: string, address: string, action: EtherscanList): string {
  return `etherscan:${chain}:${address}:${action}`;
}

/** Ingests an address's history into `store`, one committed batch (with its checkpoint) per page. */
export async function ingestEtherscanAddress(store: GraphStore, client: EtherscanClient, options: IngestEtherscanOptions): Promise<IngestEtherscanResult> {
  const { chain } = options;
  const address = normalizeAddress(chain, options.address);
  const conv = new EtherscanConverter(client, chain, address);
  const result: IngestEtherscanResult = { chain, address, transfers: { added: 0, existing: 0 }, pages: 0, coveredTo: {}, interrupted: false };
  const refs: RawRef[] = [];
  const unsubscribe = client.http.onResponse((r) => refs.push(r));
  try {
    lists: for (const action of options.lists ?? ETHERSCAN_LISTS) {
      const key = etherscanCheckpointKey(chain, address, action);
      const done = await store.getCheckpoint(key);
      const startBlock = done !== undefined ? Number(done) + 1 : (options.startBlock ?? 0);
      if (options.endBlock !== undefined && startBlock > options.endBlock) {
        result.coveredTo[action] = Number(done);
        continue;
      }
      refs.length = 0;
      for await (const page of listPages(client, action, address, { ...options, startBlock })) {
        if (options.signal?.aborted) {
          result.interrupted = true;
          break lists;
        }
        const transfers = await conv.convert(action, page.rows);
        const covered = Math.max(page.coveredTo, done !== undefined ? Number(done) : -1);
        const summary = await store.importBatch({
          source: {
            name: `etherscan:${client.displayUrl}#${chain}:${action}:${address}`,
            sha256: combinedSha256(refs),
            kind: 'adapter',
            format: `etherscan-${action}`,
            retrievedAt: new Date().toISOString(),
            ...(covered >= 0 ? { maxBlock: covered } : {}),
          },
          transfers,
          ...(covered >= 0 ? { checkpoint: { key, value: String(covered) } } : {}),
        });
        refs.length = 0;
        result.pages++;
        result.transfers.added += summary.transfers.added;
        result.transfers.existing += summary.transfers.existing;
        if (covered >= 0) result.coveredTo[action] = covered;
        options.onPage?.({ action, coveredTo: page.coveredTo, transfers: transfers.length });
      }
    }
  } finally {
    unsubscribe();
  }
  return result;
}
