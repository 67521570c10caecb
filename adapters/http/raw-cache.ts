// Content-addressed cache of raw responses, so that a trace can be reproduced offline and an evidence
// pack can cite its raw sources. Layout under the cache directory:
//   objects/<first 2 hex>/<sha256>   the response body, named by the SHA-256 of its bytes
//   index.jsonl                      one line per retrieval: request key, URL (credentials stripped),
//                                    method, request-body hash, status, body sha256, retrieval time
// The index is append-only; the last line for a key wins. Bodies are written to a temporary file and
// renamed, so a crash never leaves a half-written object under its final name.

import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LedgerhoundError } from '../../src/errors.js';
import { redactUrl } from '../../src/redact.js';

/** One retrieval recorded in the index. */
export interface RawCacheEntry {
  /** Request key: method, stripped URL and (for POST) the SHA-256 of the request body. */
  key: string;
  /** URL with credentials stripped. */
  url: string;
  method: string;
  /** SHA-256 (hex) of the request body, for POST requests (JSON-RPC). */
  requestSha256?: string;
  /** The request body itself when it is small and holds no secret (JSON-RPC method and params). */
  request?: string;
  status: number;
  /** SHA-256 (hex) of the response body: the object's name. */
  sha256: string;
  /** ISO-8601 UTC retrieval time. */
  retrievedAt: string;
  contentType?: string;
}

/** What to do with the cache on each request. */
export type RawCacheMode =
  /** Serve immutable requests from the cache when present; record every response. */
  | 'read-write'
  /** Always fetch; record every response (fresh evidence). */
  | 'write'
  /** Never fetch: every request must be in the cache (reproduce a trace offline). */
  | 'offline';

/** Builds the index key of a request. */
export function cacheKeyOf(method: string, url: string, body?: string | Uint8Array): string {
  const stripped = redactUrl(url);
  if (body === undefined) return `${method.toUpperCase()} ${stripped}`;
  return `${method.toUpperCase()} ${stripped} ${sha256Hex(body)}`;
}

/** SHA-256 (hex) of a string (UTF-8) or bytes. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The on-disk raw response cache. Safe to share between processes (appends are single writes). */
export class RawCache {
  readonly dir: string;
  private index: Map<string, RawCacheEntry> | undefined;

  constructor(dir: string) {
    this.dir = dir;
  }

  private get indexPath(): string {
    return join(this.dir, 'index.jsonl');
  }

  private objectPath(sha256: string): string {
    return join(this.dir, 'objects', sha256.slice(0, 2), sha256);
  }

  private loadIndex(): Map<string, RawCacheEntry> {
    if (this.index) return this.index;
    const map = new Map<string, RawCacheEntry>();
    if (existsSync(this.indexPath)) {
      const lines = readFileSync(this.indexPath, 'utf8').split('\n');
      for (const line of lines) {
        if (!line.trim()) continue;
        try {
          const entry = JSON.parse(line) as RawCacheEntry;
          if (entry.key && entry.sha256) map.set(entry.key, entry);
        } catch {
          // A line cut short by a crash: the object it named may exist, but the entry is ignored.
        }
      }
    }
    this.index = map;
    return map;
  }

  /** The latest entry for a request key, when its body is present. */
  lookup(key: string): RawCacheEntry | undefined {
    const entry = this.loadIndex().get(key);
    if (!entry || !existsSync(this.objectPath(entry.sha256))) return undefined;
    return entry;
  }

  /** The body of an object, verified against its hash (INTEGRITY error when the file was altered). */
  readObject(sha256: string): Buffer {
    const path = this.objectPath(sha256);
    const body = readFileSync(path);
    const actual = sha256Hex(body);
    if (actual !== sha256) {
      throw new LedgerhoundError('INTEGRITY', `raw cache object ${sha256} has been altered (content hash ${actual})`, { path, sha256, actual });
    }
    return body;
  }

  /** Stores a body and appends an index line; returns the entry. */
  put(entry: Omit<RawCacheEntry, 'sha256'>, body: Uint8Array): RawCacheEntry {
    const sha256 = sha256Hex(body);
    const path = this.objectPath(sha256);
    if (!existsSync(path)) {
      mkdirSync(join(this.dir, 'objects', sha256.slice(0, 2)), { recursive: true });
      const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
      writeFileSync(tmp, body);
      renameSync(tmp, path);
    }
    const full: RawCacheEntry = { ...entry, url: redactUrl(entry.url), sha256 };
    mkdirSync(this.dir, { recursive: true });
    appendFileSync(this.indexPath, `${JSON.stringify(full)}\n`);
    this.loadIndex().set(full.key, full);
    return full;
  }

  /** Every current entry (last per key), in index order. */
  entries(): RawCacheEntry[] {
    return [...this.loadIndex().values()];
  }
}

/** The default cache directory: LEDGERHOUND_RAW_CACHE, else `<store dir>/raw`. */
export function defaultRawCacheDir(storeDir: string): string {
  return process.env.LEDGERHOUND_RAW_CACHE ?? join(storeDir, 'raw');
}
