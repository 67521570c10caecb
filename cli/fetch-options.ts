// What the commands that fetch from nodes and APIs (ingest, expand) share: the raw-response cache
// location and a clean stop on Ctrl-C (the current batch is committed, the next run resumes).

import { dirname, join, resolve } from 'node:path';
import { RawCache } from '../adapters/http/raw-cache.js';
import { isNeo4jLocation } from '../graph/open-store.js';

/** The raw cache: --raw-cache, else LEDGERHOUND_RAW_CACHE, else raw/ beside a SQLite store (./.ledgerhound/raw for Neo4j). */
export function rawCacheFor(opts: { rawCache?: string }, storeLocation: string): RawCache {
  const beside = isNeo4jLocation(storeLocation) ? join(process.cwd(), '.ledgerhound', 'raw') : join(dirname(resolve(storeLocation)), 'raw');
  return new RawCache(opts.rawCache ?? process.env.LEDGERHOUND_RAW_CACHE ?? beside);
}

/** Stops long ingests cleanly on Ctrl-C: the current batch is committed, the next run resumes. */
export function abortOnSigint(): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const handler = () => {
    process.stderr.write('\ninterrupted: finishing the current batch (run again to resume)\n');
    controller.abort();
  };
  process.once('SIGINT', handler);
  return { signal: controller.signal, dispose: () => process.off('SIGINT', handler) };
}
