// Transport for TronGrid (and TRON full nodes' HTTP API): the v1 REST lists (`/v1/accounts/{address}/
// transactions`, `/transactions/trc20`, paged by `meta.fingerprint`) and `/wallet/*` POST calls, over
// the shared HTTP client (retries on 429/5xx/malformed bodies with backoff, rate limit, raw cache).
// The API key comes from TRONGRID_API_KEY and travels in the TRON-PRO-API-KEY header only.

import { LedgerhoundError } from '../../src/errors.js';
import { HttpClient, type HttpClientOptions, type RawResponse, RetryableResponseError } from '../http/http-client.js';
import { redactUrl } from '../../src/redact.js';

export interface TronGridClientOptions extends Omit<HttpClientOptions, 'baseUrl' | 'name'> {
  /** e.g. https://api.trongrid.io */
  url: string;
  /** Default: process.env.TRONGRID_API_KEY. */
  apiKey?: string;
}

/** One page of a v1 list. */
export interface TronGridPage<T> {
  data: T[];
  success?: boolean;
  meta?: { at?: number; fingerprint?: string; page_size?: number; links?: { next?: string } };
}

const RATE = /rate limit|too many|exceed|frequency/i;

function decodeBody(res: RawResponse, what: string): unknown {
  let body: unknown;
  try {
    body = JSON.parse(res.body.toString('utf8'));
  } catch (e) {
    throw new RetryableResponseError(`malformed JSON (${res.body.length} bytes): ${(e as Error).message}`);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new RetryableResponseError('answer is not a JSON object');
  const rec = body as { success?: boolean; error?: string; Error?: string; statusCode?: number };
  const err = rec.error ?? rec.Error;
  if (rec.success === false || (typeof err === 'string' && err.length > 0)) {
    if (RATE.test(String(err))) throw new RetryableResponseError(`rate limited: ${err}`);
    throw new LedgerhoundError('RPC_FAILURE', `${what}: ${String(err ?? 'request failed').slice(0, 200)}`, { url: res.url, statusCode: rec.statusCode });
  }
  return body;
}

/** A TronGrid client. */
export class TronGridClient {
  readonly http: HttpClient;
  readonly displayUrl: string;

  constructor(options: TronGridClientOptions) {
    const { url, apiKey, ...http } = options;
    const key = apiKey ?? process.env.TRONGRID_API_KEY;
    this.http = new HttpClient({
      ...http,
      requestsPerSecond: http.requestsPerSecond ?? 10,
      baseUrl: url,
      name: 'trongrid',
      headers: { ...(http.headers ?? {}), ...(key ? { 'TRON-PRO-API-KEY': key } : {}) },
    });
    this.displayUrl = redactUrl(url);
  }

  /** GET a v1 list page. */
  async getPage<T>(path: string, params: Record<string, string | number | boolean | undefined>): Promise<TronGridPage<T>> {
    const u = new URL(this.http.resolve(path));
    for (const [k, v] of Object.entries(params)) if (v !== undefined) u.searchParams.set(k, String(v));
    const what = `trongrid GET ${path}${params.fingerprint ? ' (next page)' : ''}`;
    return this.http.request<TronGridPage<T>>({
      path: u.toString(),
      what,
      decode: (res) => {
        const body = decodeBody(res, what) as TronGridPage<T>;
        if (!Array.isArray(body.data)) throw new LedgerhoundError('RPC_FAILURE', `${what}: answer has no data list`, { url: res.url });
        return body;
      },
    });
  }

  /** POST to a `/wallet/*` endpoint. Answers for a transaction id never change (served from the raw cache). */
  async wallet<T>(path: string, body: Record<string, unknown>, options: { immutable?: boolean } = {}): Promise<T> {
    const what = `trongrid POST ${path} ${JSON.stringify(body)}`;
    return this.http.request<T>({ path, method: 'POST', body: JSON.stringify(body), what, immutable: options.immutable, decode: (res) => decodeBody(res, what) as T });
  }
}
