// The shared HTTP transport for every chain adapter (Esplora, Bitcoin Core JSON-RPC, Etherscan,
// TronGrid): retries with exponential backoff and full jitter on timeouts, connection errors, 429
// (honouring Retry-After), 5xx, truncated bodies and malformed JSON; a requests-per-second limit; and
// the content-addressed raw cache (raw-cache.ts) so that every response can be cited and replayed.
// Credentials never reach a message: URLs are passed through redactUrl (src/redact.ts) and secrets travel in
// headers, which are never logged.

import { LedgerhoundError } from '../../src/errors.js';
import { type BackoffOptions, computeBackoffMs, parseRetryAfterMs } from './backoff.js';
import { createRateLimiter, type RateLimiter, sleepMs } from './rate-limiter.js';
import { cacheKeyOf, type RawCache, type RawCacheMode, sha256Hex } from './raw-cache.js';
import { redactUrl } from '../../src/redact.js';

// undici is loaded on the first request: commands that never go to the network do not pay for it.
let undici: Promise<typeof import('undici')> | undefined;
const loadUndici = () => (undici ??= import('undici'));

/** A response as received (or replayed from the raw cache). */
export interface RawResponse {
  /** Full URL, credentials stripped. */
  url: string;
  method: string;
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** SHA-256 (hex) of the body. */
  sha256: string;
  /** ISO-8601 UTC time the body was retrieved (the original time for cache hits). */
  retrievedAt: string;
  fromCache: boolean;
}

/** A reference to a raw response, for evidence and ImportSource hashes. */
export interface RawRef {
  url: string;
  method: string;
  sha256: string;
  retrievedAt: string;
  /** The request body (JSON-RPC method and params), when there was one. */
  request?: string;
}

/** Thrown by a decoder to say the response is damaged and the request should be tried again. */
export class RetryableResponseError extends Error {
  override readonly name = 'RetryableResponseError';
}

/** One retry about to happen (for progress output and tests). */
export interface RetryEvent {
  url: string;
  attempt: number;
  delayMs: number;
  reason: string;
}

export interface HttpClientOptions {
  /** Base URL that request paths are resolved against. Must not carry user:password (use `headers`). */
  baseUrl: string;
  /** Headers sent with every request (Authorization, API keys). Never logged. */
  headers?: Record<string, string>;
  /** Per-attempt timeout in milliseconds (default 30000). */
  timeoutMs?: number;
  /** Attempts in all, first one included (default 6). */
  maxAttempts?: number;
  backoff?: BackoffOptions;
  /** Longest Retry-After honoured, in milliseconds (default 120000); longer waits fail as RATE_LIMITED. */
  maxRetryAfterMs?: number;
  /** Requests per second (default unlimited). */
  requestsPerSecond?: number;
  cache?: RawCache;
  /** Default 'read-write' when a cache is given. */
  cacheMode?: RawCacheMode;
  /** Injected sleep (tests). */
  sleep?: (ms: number) => Promise<void>;
  onRetry?: (event: RetryEvent) => void;
  /** Short name of the service for messages (`esplora`, `bitcoin-rpc`). */
  name?: string;
}

export interface RequestOptions<T> {
  /** Path (or absolute URL) resolved against the base URL. */
  path: string;
  method?: 'GET' | 'POST';
  body?: string;
  headers?: Record<string, string>;
  /** The answer can never change (a transaction or block by hash): a cached copy may be served. */
  immutable?: boolean;
  /** Statuses handed to `decode` besides 2xx (JSON-RPC errors come with 404 or 500). */
  acceptStatus?: (status: number) => boolean;
  /** Turns the raw response into a value; throw RetryableResponseError for a damaged body. */
  decode: (res: RawResponse) => T;
  /** What the request is, for messages (`getblock 000...`); defaults to method and path. */
  what?: string;
}

const RETRYABLE_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
  'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH',
]);

type Attempt<T> = { ok: true; value: T } | { ok: false; retry: boolean; reason: string; status?: number; delayMs?: number; error?: LedgerhoundError };

/** An HTTP client with retries, a rate limit and the raw cache. One per service endpoint. */
export class HttpClient {
  readonly baseUrl: string;
  /** The base URL with credentials stripped, for messages and evidence. */
  readonly displayUrl: string;
  private readonly opts: HttpClientOptions;
  private readonly limiter: RateLimiter;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly listeners = new Set<(ref: RawRef) => void>();

  constructor(options: HttpClientOptions) {
    let parsed: URL;
    try {
      parsed = new URL(options.baseUrl);
    } catch {
      throw new LedgerhoundError('INVALID_INPUT', `not a URL: ${redactUrl(options.baseUrl)}`, { url: redactUrl(options.baseUrl) });
    }
    if (parsed.username || parsed.password) {
      throw new LedgerhoundError('INVALID_INPUT', 'credentials in a URL are not accepted (they would show in argv, logs and evidence): use the environment or a cookie file', {
        url: redactUrl(options.baseUrl),
      });
    }
    this.opts = options;
    this.baseUrl = options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`;
    this.displayUrl = redactUrl(this.baseUrl);
    this.limiter = createRateLimiter({ requestsPerSecond: options.requestsPerSecond ?? 0, sleep: options.sleep });
    this.sleep = options.sleep ?? sleepMs;
  }

  /** Calls `listener` with every response used (fetched or from the cache). Returns an unsubscribe. */
  onResponse(listener: (ref: RawRef) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves a path against the base URL. */
  resolve(path: string): string {
    if (/^https?:\/\//i.test(path)) return path;
    return new URL(path.replace(/^\//, ''), this.baseUrl).toString();
  }

  /** Sends a request with retries; see RequestOptions. */
  async request<T>(req: RequestOptions<T>): Promise<T> {
    const method = req.method ?? 'GET';
    const url = this.resolve(req.path);
    const shown = redactUrl(url);
    const what = req.what ?? `${method} ${shown}`;
    const key = cacheKeyOf(method, url, req.body);
    const cache = this.opts.cache;
    const mode = this.opts.cacheMode ?? 'read-write';

    if (cache && (mode === 'offline' || (mode === 'read-write' && req.immutable))) {
      const hit = cache.lookup(key);
      if (hit) {
        const res: RawResponse = { url: hit.url, method, status: hit.status, headers: {}, body: cache.readObject(hit.sha256), sha256: hit.sha256, retrievedAt: hit.retrievedAt, fromCache: true };
        try {
          const value = req.decode(res);
          this.emit(res, req.body);
          return value;
        } catch (e) {
          if (!(e instanceof RetryableResponseError) || mode === 'offline') throw e;
        }
      } else if (mode === 'offline') {
        throw new LedgerhoundError('NOT_FOUND', `${what}: not in the raw cache (offline mode)`, { url: shown, key: cacheKeyOf(method, shown, req.body) });
      }
    }

    const maxAttempts = Math.max(1, this.opts.maxAttempts ?? 6);
    let last: Extract<Attempt<T>, { ok: false }> | undefined;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const result = await this.attempt(req, method, url, what);
      if (result.ok) return result.value;
      if (!result.retry) throw result.error ?? new LedgerhoundError('RPC_FAILURE', `${what}: ${result.reason}`, { url: shown, status: result.status });
      last = result;
      if (attempt === maxAttempts) break;
      const maxRetryAfter = this.opts.maxRetryAfterMs ?? 120_000;
      if (result.delayMs !== undefined && result.delayMs > maxRetryAfter) {
        throw new LedgerhoundError('RATE_LIMITED', `${what}: server asks to wait ${Math.round(result.delayMs / 1000)} s (Retry-After), more than the ${Math.round(maxRetryAfter / 1000)} s allowed`, {
          url: shown,
          status: result.status,
          attempts: attempt,
          retryAfterMs: result.delayMs,
        });
      }
      const delayMs = result.delayMs ?? computeBackoffMs(attempt, this.opts.backoff);
      this.opts.onRetry?.({ url: shown, attempt, delayMs, reason: result.reason });
      await this.sleep(delayMs);
    }
    const code = last?.status === 429 ? 'RATE_LIMITED' : 'RPC_FAILURE';
    throw new LedgerhoundError(code, `${what}: failed after ${maxAttempts} attempts: ${last?.reason}`, { url: shown, attempts: maxAttempts, status: last?.status, reason: last?.reason });
  }

  private async attempt<T>(req: RequestOptions<T>, method: string, url: string, what: string): Promise<Attempt<T>> {
    const shown = redactUrl(url);
    await this.limiter.acquire();
    const timeoutMs = this.opts.timeoutMs ?? 30_000;
    let status: number;
    let headers: Record<string, string | string[] | undefined>;
    let body: Buffer;
    try {
      const { request } = await loadUndici();
      const res = await request(url, {
        method,
        headers: { 'user-agent': 'ledgerhound', ...(req.body !== undefined ? { 'content-type': 'application/json' } : {}), ...this.opts.headers, ...req.headers },
        body: req.body,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = res.statusCode;
      headers = res.headers;
      body = Buffer.from(await res.body.arrayBuffer());
    } catch (e) {
      const err = e as { code?: string; name?: string; message?: string };
      const reason = err.code ?? err.name ?? 'network error';
      const retry = RETRYABLE_CODES.has(err.code ?? '') || err.name === 'TimeoutError' || err.name === 'AbortError' || /terminated|other side closed|socket/i.test(err.message ?? '');
      return { ok: false, retry, reason: `${reason}: ${redactUrl(err.message ?? '')}` };
    }
    const declared = headers['content-length'];
    if (typeof declared === 'string' && /^\d+$/.test(declared) && Number(declared) !== body.length) {
      return { ok: false, retry: true, status, reason: `truncated body (${body.length} of ${declared} bytes)` };
    }
    const accepted = (status >= 200 && status < 300) || (req.acceptStatus?.(status) ?? false);
    if (!accepted) {
      if (status === 429) return { ok: false, retry: true, status, reason: 'HTTP 429 Too Many Requests', delayMs: parseRetryAfterMs(headers['retry-after']) };
      if (status >= 500) return { ok: false, retry: true, status, reason: `HTTP ${status}`, delayMs: status === 503 ? parseRetryAfterMs(headers['retry-after']) : undefined };
      const snippet = body.toString('utf8', 0, Math.min(body.length, 200)).trim();
      if (status === 404) return { ok: false, retry: false, status, reason: 'not found', error: new LedgerhoundError('NOT_FOUND', `${what}: not found (HTTP 404)`, { url: shown, status }) };
      const auth = status === 401 || status === 403 ? ' (authentication refused: check the credentials in the environment)' : '';
      return { ok: false, retry: false, status, reason: `HTTP ${status}`, error: new LedgerhoundError('RPC_FAILURE', `${what}: HTTP ${status}${auth}${snippet ? `: ${snippet}` : ''}`, { url: shown, status }) };
    }
    const raw: RawResponse = { url: shown, method, status, headers, body, sha256: sha256Hex(body), retrievedAt: new Date().toISOString(), fromCache: false };
    let value: T;
    try {
      value = req.decode(raw);
    } catch (e) {
      if (e instanceof RetryableResponseError) return { ok: false, retry: true, status, reason: e.message };
      throw e;
    }
    if (this.opts.cache && (this.opts.cacheMode ?? 'read-write') !== 'offline') {
      const contentType = typeof headers['content-type'] === 'string' ? headers['content-type'] : undefined;
      this.opts.cache.put(
        {
          key: cacheKeyOf(method, url, req.body),
          url: shown,
          method,
          ...(req.body !== undefined ? { requestSha256: sha256Hex(req.body), request: req.body } : {}),
          status,
          retrievedAt: raw.retrievedAt,
          ...(contentType ? { contentType } : {}),
        },
        body,
      );
    }
    this.emit(raw, req.body);
    return { ok: true, value };
  }

  private emit(res: RawResponse, body: string | undefined): void {
    if (this.listeners.size === 0) return;
    const ref: RawRef = { url: res.url, method: res.method, sha256: res.sha256, retrievedAt: res.retrievedAt, ...(body !== undefined ? { request: body } : {}) };
    for (const l of this.listeners) l(ref);
  }

  /** GET a JSON document. `allowNotFound` turns 404 into undefined. Malformed JSON is retried. */
  async getJson<T = unknown>(path: string, options: { immutable?: boolean; allowNotFound?: boolean; what?: string } = {}): Promise<T | undefined> {
    return this.request<T | undefined>({
      path,
      immutable: options.immutable,
      what: options.what,
      acceptStatus: options.allowNotFound ? (s) => s === 404 : undefined,
      decode: (res) => (res.status === 404 ? undefined : decodeJson<T>(res)),
    });
  }

  /** GET a text document (trimmed). `allowNotFound` turns 404 into undefined. */
  async getText(path: string, options: { immutable?: boolean; allowNotFound?: boolean; what?: string; pattern?: RegExp } = {}): Promise<string | undefined> {
    return this.request<string | undefined>({
      path,
      immutable: options.immutable,
      what: options.what,
      acceptStatus: options.allowNotFound ? (s) => s === 404 : undefined,
      decode: (res) => {
        if (res.status === 404) return undefined;
        const text = res.body.toString('utf8').trim();
        if (options.pattern && !options.pattern.test(text)) throw new RetryableResponseError(`unexpected response body: ${text.slice(0, 80)}`);
        return text;
      },
    });
  }
}

/** Parses a JSON body; a body that does not parse is a RetryableResponseError (truncated or garbled). */
export function decodeJson<T = unknown>(res: RawResponse): T {
  const text = res.body.toString('utf8');
  try {
    return JSON.parse(text) as T;
  } catch (e) {
    throw new RetryableResponseError(`malformed JSON (${res.body.length} bytes): ${(e as Error).message}`);
  }
}

/**
 * Hash of several raw responses, for an ImportSource covering a batch: SHA-256 of their hashes, sorted
 * and one a line (sorted, because parallel requests complete in any order).
 */
export function combinedSha256(refs: readonly RawRef[]): string {
  return sha256Hex(
    refs
      .map((r) => r.sha256)
      .sort()
      .join('\n'),
  );
}

/** The transport part of a client's options that entry points choose (cache, rate, retries), per adapter. */
export type TransportSettings = Pick<HttpClientOptions, 'cache' | 'cacheMode' | 'requestsPerSecond' | 'timeoutMs' | 'maxAttempts' | 'onRetry'>;
