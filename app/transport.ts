// The HTTP transport settings of the commands that fetch from nodes and APIs (ingest, expand, watch):
// the raw-response cache (beside a SQLite store, under the working folder for Neo4j, or where the
// caller says), offline replay from that cache, a request rate, and a retry observer.

import { dirname, join, resolve } from 'node:path';
import type { RetryEvent, TransportSettings } from '../adapters/http/http-client.js';
import { RawCache } from '../adapters/http/raw-cache.js';
import { parseRate } from '../src/input-values.js';
import { isNeo4jLocation } from './store.js';

export interface TransportChoice {
  /** Raw cache folder; default LEDGERHOUND_RAW_CACHE (passed in by the caller), else beside the store. */
  rawCache?: string;
  /** Answer only from the raw cache. */
  offline?: boolean;
  /** Requests per second, as typed. */
  rps?: string;
  onRetry?: (e: RetryEvent) => void;
}

/** The raw cache: the chosen folder, else raw/ beside a SQLite store (`<cwd>/.ledgerhound/raw` for Neo4j). */
export function rawCacheFor(choice: { rawCache?: string }, storeLocation: string, cwd: string): RawCache {
  const beside = isNeo4jLocation(storeLocation) ? join(cwd, '.ledgerhound', 'raw') : join(dirname(resolve(cwd, storeLocation)), 'raw');
  return new RawCache(choice.rawCache ?? beside);
}

/** Transport settings from a person's choices; a rate not given leaves each client's own default. */
export function transportSettings(choice: TransportChoice, storeLocation: string, cwd: string): TransportSettings {
  const settings: TransportSettings = { cache: rawCacheFor(choice, storeLocation, cwd), cacheMode: choice.offline ? 'offline' : 'read-write' };
  if (choice.rps !== undefined) settings.requestsPerSecond = parseRate(choice.rps, '--rps');
  if (choice.onRetry) settings.onRetry = choice.onRetry;
  return settings;
}
