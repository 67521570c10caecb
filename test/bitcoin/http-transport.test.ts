// The shared HTTP transport (adapters/http): retries on 429 (Retry-After), 5xx, truncated bodies,
// malformed JSON and timeouts; clear errors when retries run out; the content-addressed raw cache;
// the rate limiter and the backoff schedule; JSON-RPC error mapping. Against a real loopback server.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { computeBackoffMs, parseRetryAfterMs } from '../../adapters/http/backoff.js';
import { HttpClient, type RetryEvent } from '../../adapters/http/http-client.js';
import { JsonRpcClient, basicAuthHeader } from '../../adapters/http/json-rpc.js';
import { createRateLimiter } from '../../adapters/http/rate-limiter.js';
import { RawCache } from '../../adapters/http/raw-cache.js';
import { isLedgerhoundError, type LedgerhoundError } from '../../src/errors.js';
import { tempDir } from '../support/stores.js';
import { type LocalServer, sendTruncated, startLocalServer } from './support/local-server.js';

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function client(url: string, extra: Partial<ConstructorParameters<typeof HttpClient>[0]> = {}) {
  const sleeps: number[] = [];
  const retries: RetryEvent[] = [];
  const c = new HttpClient({
    baseUrl: url,
    maxAttempts: 4,
    timeoutMs: 2000,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    onRetry: (e) => retries.push(e),
    ...extra,
  });
  return { c, sleeps, retries };
}

async function failure(p: Promise<unknown>): Promise<LedgerhoundError> {
  try {
    await p;
  } catch (e) {
    if (isLedgerhoundError(e)) return e;
    throw e;
  }
  throw new Error('expected a failure');
}

describe('HttpClient retries', () => {
  it('honours Retry-After on 429, then succeeds', async () => {
    let n = 0;
    server = await startLocalServer((_req, res) => {
      if (n++ === 0) {
        res.writeHead(429, { 'retry-after': '3' });
        res.end('slow down');
      } else res.end('{"ok":1}');
    });
    const { c, sleeps, retries } = client(server.url);
    expect(await c.getJson('/x')).toEqual({ ok: 1 });
    expect(sleeps).toEqual([3000]);
    expect(retries[0].reason).toContain('429');
    expect(server.requests).toHaveLength(2);
  });

  it('reports RATE_LIMITED when 429 persists, with the attempt count', async () => {
    server = await startLocalServer((_req, res) => {
      res.writeHead(429);
      res.end();
    });
    const { c, sleeps } = client(server.url);
    const e = await failure(c.getJson('/x'));
    expect(e.code).toBe('RATE_LIMITED');
    expect(e.details.attempts).toBe(4);
    expect(server.requests).toHaveLength(4);
    expect(sleeps).toHaveLength(3);
  });

  it('refuses a Retry-After longer than allowed instead of hanging', async () => {
    server = await startLocalServer((_req, res) => {
      res.writeHead(429, { 'retry-after': '3600' });
      res.end();
    });
    const { c } = client(server.url, { maxRetryAfterMs: 60_000 });
    const e = await failure(c.getJson('/x'));
    expect(e.code).toBe('RATE_LIMITED');
    expect(e.details.retryAfterMs).toBe(3_600_000);
    expect(server.requests).toHaveLength(1);
  });

  it('retries a 500 with growing backoff and reports RPC_FAILURE after the last attempt', async () => {
    server = await startLocalServer((_req, res) => {
      res.writeHead(500);
      res.end('boom');
    });
    const { c, sleeps } = client(server.url, { backoff: { baseMs: 100, maxMs: 10_000, random: () => 0.999 } });
    const e = await failure(c.getJson('/x'));
    expect(e.code).toBe('RPC_FAILURE');
    expect(e.details).toMatchObject({ status: 500, attempts: 4 });
    expect(sleeps).toEqual([100, 200, 400]);
  });

  it('retries a truncated body', async () => {
    let n = 0;
    server = await startLocalServer((_req, res) => {
      if (n++ === 0) sendTruncated(res, '{"ok":', 40);
      else res.end('{"ok":2}');
    });
    const { c, retries } = client(server.url);
    expect(await c.getJson('/x')).toEqual({ ok: 2 });
    expect(retries).toHaveLength(1);
  });

  it('retries malformed JSON, and names it when it never parses', async () => {
    server = await startLocalServer((_req, res) => {
      res.end('<html>gateway</html>');
    });
    const { c, retries } = client(server.url);
    const e = await failure(c.getJson('/x'));
    expect(e.code).toBe('RPC_FAILURE');
    expect(String(e.details.reason)).toContain('malformed JSON');
    expect(retries).toHaveLength(3);
  });

  it('times out a silent server and retries', async () => {
    server = await startLocalServer(() => {
      // never answers
    });
    const { c } = client(server.url, { timeoutMs: 150, maxAttempts: 2 });
    const e = await failure(c.getJson('/x'));
    expect(e.code).toBe('RPC_FAILURE');
    expect(server.requests).toHaveLength(2);
  });

  it('does not retry a 404 and maps it to NOT_FOUND (or undefined when allowed)', async () => {
    server = await startLocalServer((_req, res) => {
      res.writeHead(404);
      res.end('Transaction not found');
    });
    const { c } = client(server.url);
    expect((await failure(c.getJson('/tx/1'))).code).toBe('NOT_FOUND');
    expect(await c.getJson('/tx/1', { allowNotFound: true })).toBeUndefined();
    expect(server.requests).toHaveLength(2);
  });

  it('rejects credentials in the URL and never shows them', () => {
    let err: unknown;
    try {
      new HttpClient({ baseUrl: 'http://alice:s3cret@127.0.0.1:1/' });
    } catch (e) {
      err = e;
    }
    expect(isLedgerhoundError(err, 'INVALID_INPUT')).toBe(true);
    expect(JSON.stringify((err as LedgerhoundError).details) + (err as Error).message).not.toContain('s3cret');
  });
});

describe('raw cache', () => {
  it('records every response by content hash and serves immutable requests from it', async () => {
    server = await startLocalServer((req, res) => res.end(JSON.stringify({ path: req.url })));
    const dir = tempDir();
    const cache = new RawCache(dir);
    const { c } = client(server.url, { cache });
    expect(await c.getJson('/tx/aa?key=abc', { immutable: true })).toEqual({ path: '/tx/aa?key=abc' });
    expect(await c.getJson('/tx/aa?key=abc', { immutable: true })).toEqual({ path: '/tx/aa?key=abc' });
    await c.getJson('/tip');
    await c.getJson('/tip');
    expect(server.requests.map((r) => r.path)).toEqual(['/tx/aa?key=abc', '/tip', '/tip']);
    const lines = readFileSync(join(dir, 'index.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3);
    expect(lines[0].url).toBe(`${server.url}/tx/aa?key=REDACTED`);
    const body = Buffer.from(JSON.stringify({ path: '/tx/aa?key=abc' }));
    const sha = createHash('sha256').update(body).digest('hex');
    expect(lines[0].sha256).toBe(sha);
    expect(readFileSync(join(dir, 'objects', sha.slice(0, 2), sha))).toEqual(body);
    expect(lines[0].retrievedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('replays offline from the cache alone and reports a miss as NOT_FOUND', async () => {
    server = await startLocalServer((_req, res) => res.end('{"v":7}'));
    const dir = tempDir();
    await client(server.url, { cache: new RawCache(dir) }).c.getJson('/block/1');
    const url = server.url;
    await server.close();
    server = undefined;
    const offline = client(url, { cache: new RawCache(dir), cacheMode: 'offline' }).c;
    expect(await offline.getJson('/block/1')).toEqual({ v: 7 });
    expect((await failure(offline.getJson('/block/2'))).code).toBe('NOT_FOUND');
  });

  it('detects an altered cache object', async () => {
    server = await startLocalServer((_req, res) => res.end('{"v":8}'));
    const dir = tempDir();
    const cache = new RawCache(dir);
    await client(server.url, { cache }).c.getJson('/a', { immutable: true });
    const [entry] = cache.entries();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'objects', entry.sha256.slice(0, 2), entry.sha256), '{"v":9}');
    const e = await failure(client(server.url, { cache: new RawCache(dir) }).c.getJson('/a', { immutable: true }));
    expect(e.code).toBe('INTEGRITY');
  });
});

describe('JSON-RPC', () => {
  it('maps Bitcoin Core errors: -5 with HTTP 404 is NOT_FOUND, not retried; -28 is retried', async () => {
    let warm = 0;
    server = await startLocalServer((_req, res, body) => {
      const { method } = JSON.parse(body);
      if (method === 'getrawtransaction') {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end('{"result":null,"error":{"code":-5,"message":"No such mempool or blockchain transaction"},"id":"ledgerhound"}');
      } else if (warm++ < 1) {
        res.writeHead(500);
        res.end('{"result":null,"error":{"code":-28,"message":"Loading block index..."},"id":"ledgerhound"}');
      } else res.end('{"result":42,"error":null,"id":"ledgerhound"}');
    });
    const rpc = new JsonRpcClient({ baseUrl: server.url, notFoundCodes: [-5, -8], retryCodes: [-28], sleep: async () => {}, headers: basicAuthHeader({ user: 'u', password: 'p' }) });
    const e = await failure(rpc.call('getrawtransaction', ['00'.repeat(32), 0]));
    expect(e.code).toBe('NOT_FOUND');
    expect(e.details.rpcCode).toBe(-5);
    expect(await rpc.call('getrawtransaction', ['00'.repeat(32), 0], { allowNotFound: true })).toBeUndefined();
    expect(await rpc.call('getblockcount')).toBe(42);
    expect(server.requests.filter((r) => r.body.includes('getblockcount'))).toHaveLength(2);
  });

  it('retries an HTML 500 and reports other RPC errors with their code', async () => {
    let n = 0;
    server = await startLocalServer((_req, res) => {
      if (n++ === 0) {
        res.writeHead(500);
        res.end('<html>proxy error</html>');
      } else res.end('{"result":null,"error":{"code":-32601,"message":"Method not found"},"id":"ledgerhound"}');
    });
    const rpc = new JsonRpcClient({ baseUrl: server.url, sleep: async () => {} });
    const e = await failure(rpc.call('nosuch'));
    expect(e.code).toBe('RPC_FAILURE');
    expect(e.details.rpcCode).toBe(-32601);
    expect(server.requests).toHaveLength(2);
  });
});

describe('backoff and rate limit', () => {
  it('keeps every delay within [ceiling/2, ceiling] of an exponential ceiling', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.double({ min: 0, max: 0.9999999, noNaN: true }), (attempt, r) => {
        const ceiling = Math.min(15_000, 250 * 2 ** (attempt - 1));
        const d = computeBackoffMs(attempt, { random: () => r });
        return d >= Math.floor(ceiling / 2) && d <= ceiling;
      }),
      { seed: 6, numRuns: 200 },
    );
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfterMs('5', now)).toBe(5000);
    expect(parseRetryAfterMs('Wed, 01 Jan 2025 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfterMs('Tue, 31 Dec 2024 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfterMs('soon', now)).toBeUndefined();
    expect(parseRetryAfterMs(undefined, now)).toBeUndefined();
  });

  it('spaces requests 1/rps apart, in call order', async () => {
    let clock = 1000;
    const waits: number[] = [];
    const limiter = createRateLimiter({
      requestsPerSecond: 4,
      now: () => clock,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    await Promise.all([limiter.acquire(), limiter.acquire(), limiter.acquire()]);
    expect(waits).toEqual([250, 500]);
    clock += 2000;
    await limiter.acquire();
    expect(waits).toEqual([250, 500]);
  });
});
