// JSON-RPC 1.0/2.0 over the shared HTTP transport (Bitcoin Core, btcd, EVM nodes). A JSON-RPC error
// in the body (Bitcoin Core answers them with HTTP 404 or 500) is reported, not retried, except the
// "warming up" family; a 5xx without a JSON-RPC body, a timeout or a malformed body is retried.
// Credentials: HTTP basic auth built from the environment or a cookie file, sent as a header only.

import { readFileSync } from 'node:fs';
import { LedgerhoundError } from '../../src/errors.js';
import { HttpClient, type HttpClientOptions, RetryableResponseError } from './http-client.js';

/** A JSON-RPC error object as returned by the server. */
export interface JsonRpcErrorBody {
  code: number;
  message: string;
  data?: unknown;
}

export interface JsonRpcClientOptions extends HttpClientOptions {
  /** `1.0` for Bitcoin Core and btcd (default), `2.0` for EVM nodes. */
  version?: '1.0' | '2.0';
  /** Error codes that mean "does not exist" (mapped to NOT_FOUND). Bitcoin Core: -5, -8. */
  notFoundCodes?: number[];
  /** Error codes that mean "try again later" (retried). Bitcoin Core: -28 (warming up). */
  retryCodes?: number[];
  /** Methods whose answers never change for the same params (served from the raw cache). */
  immutableMethods?: string[];
}

/** Options for one call. */
export interface CallOptions {
  /** Return undefined instead of throwing NOT_FOUND. */
  allowNotFound?: boolean;
  /** Override the client's list of immutable methods for this call. */
  immutable?: boolean;
}

/** A JSON-RPC client; `call` sends one request through the retrying, caching HttpClient. */
export class JsonRpcClient {
  readonly http: HttpClient;
  private readonly opts: JsonRpcClientOptions;

  constructor(options: JsonRpcClientOptions) {
    this.opts = options;
    this.http = new HttpClient(options);
  }

  /** Calls `method` with positional `params`. Errors: NOT_FOUND, RPC_FAILURE (with the RPC error code), RATE_LIMITED. */
  async call<T = unknown>(method: string, params: unknown[] = [], options: CallOptions = {}): Promise<T | undefined> {
    const version = this.opts.version ?? '1.0';
    // A fixed id keeps the request body (and so its raw-cache key) the same for the same call.
    const body = JSON.stringify(version === '2.0' ? { jsonrpc: '2.0', id: 1, method, params } : { jsonrpc: '1.0', id: 'ledgerhound', method, params });
    const what = `${method}(${params.map((p) => JSON.stringify(p)).join(', ')})`;
    const notFound = this.opts.notFoundCodes ?? [];
    const retryCodes = this.opts.retryCodes ?? [];
    const immutable = options.immutable ?? (this.opts.immutableMethods ?? []).includes(method);
    const outcome = await this.http.request<{ result?: T; error?: JsonRpcErrorBody }>({
      path: '',
      method: 'POST',
      body,
      what,
      immutable,
      acceptStatus: (s) => s === 404 || s === 500,
      decode: (res) => {
        let parsed: unknown;
        try {
          parsed = JSON.parse(res.body.toString('utf8'));
        } catch (e) {
          throw new RetryableResponseError(`malformed JSON-RPC response (HTTP ${res.status}, ${res.body.length} bytes): ${(e as Error).message}`);
        }
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new RetryableResponseError('JSON-RPC response is not an object');
        const rec = parsed as { result?: T; error?: JsonRpcErrorBody | null };
        if (rec.error) {
          if (retryCodes.includes(rec.error.code)) throw new RetryableResponseError(`RPC error ${rec.error.code}: ${rec.error.message}`);
          return { error: rec.error };
        }
        if (res.status !== 200 && !('result' in rec)) throw new RetryableResponseError(`HTTP ${res.status} without a JSON-RPC result`);
        return { result: rec.result as T };
      },
    });
    if (outcome.error) {
      const err = outcome.error;
      if (notFound.includes(err.code)) {
        if (options.allowNotFound) return undefined;
        throw new LedgerhoundError('NOT_FOUND', `${what}: ${err.message}`, { method, params, rpcCode: err.code, url: this.http.displayUrl });
      }
      throw new LedgerhoundError('RPC_FAILURE', `${what}: RPC error ${err.code}: ${err.message}`, { method, params, rpcCode: err.code, url: this.http.displayUrl });
    }
    return outcome.result;
  }
}

/** Credentials for HTTP basic auth. */
export interface BasicCredentials {
  user: string;
  password: string;
}

/** The Authorization header for basic auth. */
export function basicAuthHeader(creds: BasicCredentials): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${creds.user}:${creds.password}`).toString('base64')}` };
}

/** Reads a Bitcoin Core `.cookie` file (`__cookie__:<random>`). */
export function readCookieFile(path: string): BasicCredentials {
  let text: string;
  try {
    text = readFileSync(path, 'utf8').trim();
  } catch (e) {
    throw new LedgerhoundError('INVALID_INPUT', `cannot read RPC cookie file ${path}: ${(e as Error).message}`, { file: path });
  }
  const colon = text.indexOf(':');
  if (colon <= 0) throw new LedgerhoundError('INVALID_INPUT', `RPC cookie file ${path} is not <user>:<password>`, { file: path });
  return { user: text.slice(0, colon), password: text.slice(colon + 1) };
}
