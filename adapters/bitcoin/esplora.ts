// Esplora REST API (Blockstream's electrs HTTP API, also served by mempool.space): GET /tx/:txid,
// /tx/:txid/outspend/:vout, /address/:addr, /address/:addr/txs with paging through
// /address/:addr/txs/chain/:last_seen_txid, /block/:hash/txids, /blocks/tip/height, /block-height/:h.
// Esplora returns inputs with their prevouts, so no extra lookups are needed. Addresses are derived from
// the scripts here (script-address.ts) so that every adapter encodes them the same way.

import { invalidInput, LedgerhoundError } from '../../src/errors.js';
import type { UtxoTransaction } from '../../src/model/utxo.js';
import { HttpClient, type HttpClientOptions } from '../http/http-client.js';
import { GENESIS_HASH } from './chain-order.js';
import type { DecodedTransaction } from './decode.js';
import { addressOfScript } from './script-address.js';

/** The parts of an Esplora transaction that are read. */
export interface EsploraTx {
  txid: string;
  vin: {
    txid: string;
    vout: number;
    is_coinbase: boolean;
    prevout: { scriptpubkey: string; scriptpubkey_address?: string; value: number } | null;
  }[];
  vout: { scriptpubkey: string; scriptpubkey_address?: string; value: number }[];
  status: { confirmed: boolean; block_height?: number; block_hash?: string; block_time?: number };
}

export interface EsploraOutspend {
  spent: boolean;
  txid?: string;
  vin?: number;
  status?: EsploraTx['status'];
}

export interface EsploraAddressInfo {
  address: string;
  chain_stats: { tx_count: number };
  mempool_stats: { tx_count: number };
}

export type EsploraOptions = Omit<HttpClientOptions, 'baseUrl' | 'name'> & { url: string };

/** Creates an Esplora client (base URL such as https://blockstream.info/api/). */
export function createEsploraClient(options: EsploraOptions): HttpClient {
  const { url, ...http } = options;
  return new HttpClient({ ...http, baseUrl: url, name: 'esplora' });
}

const TXID = /^[0-9a-f]{64}$/;

function satoshis(value: unknown, what: string): bigint {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new LedgerhoundError('RPC_FAILURE', `esplora: ${what} is not a satoshi amount: ${JSON.stringify(value)}`, { what });
  }
  return BigInt(value);
}

/**
 * Turns an Esplora transaction into the model (FORMATS.md) at position `txIndex` of its block.
 * The transaction must be confirmed. Output scripts without an address are kept.
 */
export function parseEsploraTx(tx: EsploraTx, chain: string, txIndex: number): UtxoTransaction {
  if (!tx || typeof tx.txid !== 'string' || !TXID.test(tx.txid) || !Array.isArray(tx.vin) || !Array.isArray(tx.vout)) {
    throw new LedgerhoundError('RPC_FAILURE', 'esplora: response is not a transaction', { txid: (tx as { txid?: unknown })?.txid });
  }
  if (!tx.status?.confirmed || tx.status.block_height === undefined) {
    throw invalidInput(`transaction ${tx.txid} is not confirmed`, {}, { txid: tx.txid });
  }
  const out: UtxoTransaction = {
    chain,
    txid: tx.txid,
    block: tx.status.block_height,
    txIndex,
    inputs: tx.vin.map((vin, i) => {
      if (vin.is_coinbase) return { address: null, value: 0n, coinbase: true as const };
      if (!vin.prevout) throw new LedgerhoundError('RPC_FAILURE', `esplora: ${tx.txid} input ${i} has no prevout`, { txid: tx.txid, input: i });
      return {
        prevTxid: vin.txid,
        prevVout: vin.vout,
        address: addressOfScript(Buffer.from(vin.prevout.scriptpubkey, 'hex'), chain),
        value: satoshis(vin.prevout.value, `${tx.txid} input ${i} value`),
      };
    }),
    outputs: tx.vout.map((o, n) => {
      const address = addressOfScript(Buffer.from(o.scriptpubkey, 'hex'), chain);
      return { n, address, value: satoshis(o.value, `${tx.txid} output ${n} value`), ...(address === null ? { script: o.scriptpubkey.toLowerCase() } : {}) };
    }),
  };
  if (tx.status.block_time !== undefined) out.time = new Date(tx.status.block_time * 1000).toISOString().replace('.000Z', 'Z');
  return out;
}

/** GET /tx/:txid; undefined when unknown. */
export async function getEsploraTx(client: HttpClient, txid: string): Promise<EsploraTx | undefined> {
  return client.getJson<EsploraTx>(`tx/${txid}`, { allowNotFound: true, what: `esplora tx ${txid}` });
}

/** GET /block/:hash/txids (immutable: served from the raw cache). */
export async function getEsploraBlockTxids(client: HttpClient, blockHash: string): Promise<string[]> {
  const ids = await client.getJson<string[]>(`block/${blockHash}/txids`, { immutable: true, what: `esplora block ${blockHash} txids` });
  if (!Array.isArray(ids)) throw new LedgerhoundError('RPC_FAILURE', `esplora block ${blockHash} txids: not a list`, { blockHash });
  return ids;
}

/** GET /blocks/tip/height. */
export async function getEsploraTipHeight(client: HttpClient): Promise<number> {
  const text = await client.getText('blocks/tip/height', { pattern: /^\d+$/, what: 'esplora tip height' });
  return Number(text);
}

/** The chain name from the genesis block hash (GET /block-height/0). */
export async function detectEsploraChain(client: HttpClient): Promise<string> {
  const hash = await client.getText('block-height/0', { immutable: true, pattern: /^[0-9a-f]{64}$/, what: 'esplora genesis hash' });
  const chain = Object.entries(GENESIS_HASH).find(([, h]) => h === hash)?.[0];
  if (!chain) throw new LedgerhoundError('INVALID_INPUT', `unknown Bitcoin network (genesis ${hash}): pass --chain`, { genesis: hash });
  return chain;
}

/** GET /tx/:txid/outspend/:vout. */
export async function getEsploraOutspend(client: HttpClient, txid: string, vout: number): Promise<EsploraOutspend | undefined> {
  return client.getJson<EsploraOutspend>(`tx/${txid}/outspend/${vout}`, { allowNotFound: true, what: `esplora outspend ${txid}:${vout}` });
}

/** GET /address/:addr. */
export async function getEsploraAddress(client: HttpClient, address: string): Promise<EsploraAddressInfo | undefined> {
  return client.getJson<EsploraAddressInfo>(`address/${address}`, { allowNotFound: true, what: `esplora address ${address}` });
}

/**
 * The confirmed transactions of an address, newest first, one page at a time: the first page from
 * /address/:addr/txs (mempool transactions are dropped), then /address/:addr/txs/chain/:last_seen_txid
 * until a page comes back empty. `after` resumes after a given txid.
 */
export async function* pageEsploraAddressTxs(client: HttpClient, address: string, options: { after?: string } = {}): AsyncGenerator<EsploraTx[]> {
  let cursor = options.after;
  for (;;) {
    const path = cursor ? `address/${address}/txs/chain/${cursor}` : `address/${address}/txs`;
    const page = await client.getJson<EsploraTx[]>(path, { what: `esplora address ${address} txs${cursor ? ` after ${cursor}` : ''}` });
    if (!Array.isArray(page)) throw new LedgerhoundError('RPC_FAILURE', `esplora ${path}: not a list`, { address });
    const confirmed = page.filter((t) => t.status?.confirmed);
    if (confirmed.length === 0) return;
    yield confirmed;
    const last = confirmed[confirmed.length - 1].txid;
    if (last === cursor) return;
    cursor = last;
  }
}

/** An Esplora transaction as a decoded transaction (outpoints and outputs only), for resolving inputs. */
export function esploraToDecoded(tx: EsploraTx, chain: string): DecodedTransaction {
  return {
    txid: tx.txid,
    inputs: tx.vin.map((v) => (v.is_coinbase ? { coinbase: true as const } : { prevTxid: v.txid, prevVout: v.vout })),
    outputs: tx.vout.map((o, n) => ({ n, value: satoshis(o.value, `${tx.txid} output ${n} value`), script: o.scriptpubkey.toLowerCase(), address: addressOfScript(Buffer.from(o.scriptpubkey, 'hex'), chain) })),
  };
}
