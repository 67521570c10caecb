// Bitcoin Core JSON-RPC (also btcd, whose RPC answers these calls the same way): getblockcount,
// getblockhash, getblock <hash> 0 (raw block), getrawtransaction <txid> 0 (raw transaction), gettxout.
// Credentials come from the environment (BITCOIN_RPC_USER / BITCOIN_RPC_PASSWORD) or a cookie file
// (BITCOIN_RPC_COOKIE or --rpc-cookie), never from the command line. Raw answers go through the shared
// transport (retries, rate limit, raw cache); blocks and transactions by hash are served from the cache.

import { LedgerhoundError } from '../../src/errors.js';
import type { HttpClientOptions } from '../http/http-client.js';
import { type BasicCredentials, basicAuthHeader, JsonRpcClient, readCookieFile } from '../http/json-rpc.js';
import { type DecodedBlock, type DecodedTransaction, decodeBlock, decodeTransaction } from './decode.js';
import { GENESIS_HASH } from './chain-order.js';

/** Bitcoin Core RPC error codes: RPC_INVALID_ADDRESS_OR_KEY, RPC_INVALID_PARAMETER, RPC_IN_WARMUP. */
const NOT_FOUND_CODES = [-5, -8];
const RETRY_CODES = [-28];

export interface BitcoinRpcOptions extends Omit<HttpClientOptions, 'baseUrl' | 'headers' | 'name'> {
  url: string;
  credentials?: BasicCredentials;
}

/** A Bitcoin node reached over JSON-RPC. */
export interface BitcoinRpc {
  readonly rpc: JsonRpcClient;
  /** The URL without credentials. */
  readonly displayUrl: string;
}

/**
 * Credentials from the environment: BITCOIN_RPC_USER + BITCOIN_RPC_PASSWORD, else the cookie file named
 * by `cookieFile` or BITCOIN_RPC_COOKIE. Undefined when none is set (a node without auth).
 */
export function rpcCredentialsFromEnv(options: { cookieFile?: string; env?: NodeJS.ProcessEnv } = {}): BasicCredentials | undefined {
  const env = options.env ?? process.env;
  const cookie = options.cookieFile ?? env.BITCOIN_RPC_COOKIE;
  if (cookie) return readCookieFile(cookie);
  if (env.BITCOIN_RPC_USER !== undefined || env.BITCOIN_RPC_PASSWORD !== undefined) {
    return { user: env.BITCOIN_RPC_USER ?? '', password: env.BITCOIN_RPC_PASSWORD ?? '' };
  }
  return undefined;
}

/** Creates the RPC client. INVALID_INPUT when the URL carries credentials. */
export function createBitcoinRpc(options: BitcoinRpcOptions): BitcoinRpc {
  const { url, credentials, ...http } = options;
  const rpc = new JsonRpcClient({
    ...http,
    baseUrl: url,
    name: 'bitcoin-rpc',
    headers: credentials ? basicAuthHeader(credentials) : undefined,
    notFoundCodes: NOT_FOUND_CODES,
    retryCodes: RETRY_CODES,
    immutableMethods: ['getblock', 'getrawtransaction'],
  });
  return { rpc, displayUrl: rpc.http.displayUrl };
}

function requireResult<T>(value: T | undefined, what: string, node: BitcoinRpc): T {
  if (value === undefined || value === null) throw new LedgerhoundError('RPC_FAILURE', `${what}: empty result`, { url: node.displayUrl });
  return value;
}

/** Height of the node's best block. */
export async function getBlockCount(node: BitcoinRpc): Promise<number> {
  const n = requireResult(await node.rpc.call<number>('getblockcount'), 'getblockcount', node);
  if (!Number.isSafeInteger(n)) throw new LedgerhoundError('RPC_FAILURE', `getblockcount: not an integer: ${JSON.stringify(n)}`, { url: node.displayUrl });
  return n;
}

/** Hash of the best-chain block at `height`; NOT_FOUND beyond the tip. */
export async function getBlockHash(node: BitcoinRpc, height: number): Promise<string> {
  const hash = requireResult(await node.rpc.call<string>('getblockhash', [height]), `getblockhash(${height})`, node);
  if (!/^[0-9a-f]{64}$/.test(hash)) throw new LedgerhoundError('RPC_FAILURE', `getblockhash(${height}): not a block hash`, { url: node.displayUrl });
  return hash;
}

/** The chain name (`bitcoin`, `bitcoin-testnet`, `bitcoin-regtest`) from the node's genesis block. */
export async function detectChain(node: BitcoinRpc): Promise<string> {
  const genesis = await getBlockHash(node, 0);
  const chain = Object.entries(GENESIS_HASH).find(([, h]) => h === genesis)?.[0];
  if (!chain) throw new LedgerhoundError('INVALID_INPUT', `unknown Bitcoin network (genesis ${genesis}): pass --chain`, { genesis });
  return chain;
}

/** The raw block (bytes) with this hash (getblock verbosity 0). */
export async function getRawBlock(node: BitcoinRpc, hash: string): Promise<Uint8Array> {
  const hex = requireResult(await node.rpc.call<string>('getblock', [hash, 0]), `getblock(${hash})`, node);
  if (typeof hex !== 'string' || !/^([0-9a-f]{2})+$/i.test(hex)) throw new LedgerhoundError('RPC_FAILURE', `getblock(${hash}): not a hex block`, { url: node.displayUrl });
  return Buffer.from(hex, 'hex');
}

/** A block decoded, checked against its hash. */
export async function getBlock(node: BitcoinRpc, hash: string, chain: string): Promise<DecodedBlock> {
  const block = decodeBlock(await getRawBlock(node, hash), chain, `getblock(${hash})`);
  if (block.hash !== hash) throw new LedgerhoundError('INTEGRITY', `getblock(${hash}) returned block ${block.hash}`, { expected: hash, actual: block.hash });
  return block;
}

/** A transaction by id (getrawtransaction verbose=0; needs txindex on the node for confirmed ones). */
export async function getTransaction(node: BitcoinRpc, txid: string, chain: string): Promise<DecodedTransaction | undefined> {
  const hex = await node.rpc.call<string>('getrawtransaction', [txid, 0], { allowNotFound: true });
  if (hex === undefined || hex === null) return undefined;
  const tx = decodeTransaction(hex, chain, `getrawtransaction(${txid})`);
  if (tx.txid !== txid) throw new LedgerhoundError('INTEGRITY', `getrawtransaction(${txid}) returned ${tx.txid}`, { expected: txid, actual: tx.txid });
  return tx;
}

/** Where a transaction was mined, from getrawtransaction verbose=1 (blockhash; undefined while unconfirmed). */
export async function getTransactionBlockHash(node: BitcoinRpc, txid: string): Promise<string | undefined> {
  const info = await node.rpc.call<{ blockhash?: string }>('getrawtransaction', [txid, 1], { allowNotFound: true, immutable: false });
  return info?.blockhash;
}

/** True when `txid:vout` is unspent in the node's UTXO set (gettxout). */
export async function isUnspent(node: BitcoinRpc, txid: string, vout: number): Promise<boolean> {
  const out = await node.rpc.call<unknown>('gettxout', [txid, vout, false], { allowNotFound: true, immutable: false });
  return out !== undefined && out !== null;
}
