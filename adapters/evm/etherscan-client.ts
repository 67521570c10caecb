// Transport for Etherscan-compatible APIs (Etherscan v1 and v2, BscScan, PolygonScan, Arbiscan,
// Basescan, Blockscout's Etherscan-style API): `?module=..&action=..` GET requests over the shared HTTP
// client (retries, rate limit, raw cache). Etherscan answers errors with HTTP 200:
//   {"status":"0","message":"NOTOK","result":"Max rate limit reached"}  -> retried with backoff, then RATE_LIMITED
//   {"status":"0","message":"No transactions found","result":[]}        -> an empty list
//   {"status":"0","message":"NOTOK","result":"Invalid API Key"}          -> RPC_FAILURE, not retried
// The API key comes from ETHERSCAN_API_KEY (never argv); it travels in the query string as the API
// requires, and every URL shown, logged or cached has it replaced by REDACTED (redactUrl, src/redact.ts).

import { isLedgerhoundError, LedgerhoundError } from '../../src/errors.js';
import { HttpClient, type HttpClientOptions, type RawResponse, RetryableResponseError } from '../http/http-client.js';
import { redactUrl } from '../../src/redact.js';

export interface EtherscanClientOptions extends Omit<HttpClientOptions, 'baseUrl' | 'name'> {
  /** API endpoint, e.g. https://api.etherscan.io/v2/api or https://api.bscscan.com/api. */
  url: string;
  /** Default: process.env.ETHERSCAN_API_KEY. */
  apiKey?: string;
  /** Sent as `chainid` (Etherscan v2 serves every chain from one endpoint). */
  chainId?: bigint | number;
}

const EMPTY = /^no (transactions|records|internal transactions|token transfers|logs)? ?found/i;
const RATE = /rate limit|too many|max calls|busy/i;

/** An Etherscan-family API client. */
export class EtherscanClient {
  readonly http: HttpClient;
  readonly displayUrl: string;
  private readonly url: string;
  private readonly apiKey?: string;
  private readonly chainId?: string;

  constructor(options: EtherscanClientOptions) {
    const { url, apiKey, chainId, ...http } = options;
    this.url = url;
    this.apiKey = apiKey ?? process.env.ETHERSCAN_API_KEY ?? undefined;
    this.chainId = chainId === undefined ? undefined : String(chainId);
    this.http = new HttpClient({ ...http, requestsPerSecond: http.requestsPerSecond ?? 4, baseUrl: url, name: 'etherscan' });
    this.displayUrl = redactUrl(url);
  }

  /** The full request URL for `params` (with the key, so never shown). */
  private urlOf(params: Record<string, string | number | undefined>): string {
    const u = new URL(this.url);
    if (this.chainId !== undefined) u.searchParams.set('chainid', this.chainId);
    for (const [k, v] of Object.entries(params)) if (v !== undefined) u.searchParams.set(k, String(v));
    if (this.apiKey) u.searchParams.set('apikey', this.apiKey);
    return u.toString();
  }

  /**
   * Calls `module`/`action` and returns `result`: an array for lists (empty for "No ... found"), the
   * JSON-RPC result for the `proxy` module. `immutable` answers may come from the raw cache.
   */
  async call<T = unknown>(params: Record<string, string | number | undefined>, options: { immutable?: boolean } = {}): Promise<T> {
    const what = `etherscan ${params.module}/${params.action}${params.address ? ` ${params.address}` : ''}${params.txhash ? ` ${params.txhash}` : ''}${params.page ? ` page ${params.page}` : ''}`;
    try {
      return await this.http.request<T>({
        path: this.urlOf(params),
        what,
        immutable: options.immutable,
        decode: (res) => decodeEtherscan<T>(res, what),
      });
    } catch (e) {
      if (isLedgerhoundError(e, 'RPC_FAILURE') && typeof e.details.reason === 'string' && RATE.test(e.details.reason)) {
        throw new LedgerhoundError('RATE_LIMITED', `${what}: still rate limited after ${e.details.attempts} attempts (lower --rps or use an API key)`, { ...e.details }, { cause: e });
      }
      throw e;
    }
  }
}

/** Decodes an Etherscan body; throws RetryableResponseError for rate limits and damaged bodies. */
export function decodeEtherscan<T>(res: RawResponse, what: string): T {
  let body: unknown;
  try {
    body = JSON.parse(res.body.toString('utf8'));
  } catch (e) {
    throw new RetryableResponseError(`malformed JSON (${res.body.length} bytes): ${(e as Error).message}`);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new RetryableResponseError('answer is not a JSON object');
  const rec = body as { status?: string; message?: string; result?: unknown; jsonrpc?: string; error?: { code: number; message: string } };
  if (rec.jsonrpc !== undefined) {
    if (rec.error) throw new LedgerhoundError('RPC_FAILURE', `${what}: RPC error ${rec.error.code}: ${rec.error.message}`, { rpcCode: rec.error.code, url: res.url });
    if (typeof rec.result === 'string' && RATE.test(rec.result) && !rec.result.startsWith('0x')) throw new RetryableResponseError(`rate limited: ${rec.result}`);
    return rec.result as T;
  }
  if (rec.status === '1') return rec.result as T;
  const text = typeof rec.result === 'string' ? rec.result : '';
  if (rec.status === '0' && (EMPTY.test(rec.message ?? '') || (Array.isArray(rec.result) && rec.result.length === 0 && rec.message !== 'NOTOK'))) {
    return [] as T;
  }
  if (RATE.test(text) || RATE.test(rec.message ?? '')) throw new RetryableResponseError(`rate limited: ${text || rec.message}`);
  if (rec.status === undefined) throw new RetryableResponseError('answer has no status field');
  const hint = /api key/i.test(text) ? ' (check ETHERSCAN_API_KEY)' : '';
  throw new LedgerhoundError('RPC_FAILURE', `${what}: ${rec.message ?? 'error'}: ${text.slice(0, 200)}${hint}`, { url: res.url, message: rec.message, result: text.slice(0, 200) });
}
