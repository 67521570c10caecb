// Threaded import of a large JSON Lines transfer file: a worker thread (transfer-parse-worker.ts) reads
// and validates the records while this thread writes them, so parsing (JSON, EIP-55 checksums, bigint
// amounts: about half of a single-threaded import's CPU) overlaps the SQLite inserts. Parts arrive in
// file order; the worker's first error is thrown here as the same LedgerhoundError (code, details: file,
// line, field), after the parts before it, so the store rolls the whole file back as before.

import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { LedgerhoundError, type LedgerhoundErrorCode } from '../../src/errors.js';
import type { AccountTransfer } from '../../src/model/transfer.js';
import type { ParseWorkerData, ParseWorkerMessage } from './transfer-parse-worker.js';

/** Parts the worker may post ahead of the writer (bounds the memory held in messages). */
const CREDITS = 4;

/**
 * The worker beside this module: the built .js, or from source (tests, bench) the .ts loaded through
 * tsx, registered inside the worker (node 20 does not apply a parent's `--import tsx` hooks to a worker).
 */
function startWorker(data: ParseWorkerData): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./transfer-parse-worker.js', import.meta.url), { workerData: data });
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const entry = new URL('./transfer-parse-worker.ts', import.meta.url).href;
  const code = `import { register } from ${JSON.stringify(tsx)}; register(); await import(${JSON.stringify(entry)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`), { workerData: data });
}

/** The validated transfers of a JSON Lines file, `partSize` a part, parsed in a worker thread. */
export async function* parseTransfersInThread(file: string, partSize: number): AsyncIterable<AccountTransfer[]> {
  const worker = startWorker({ file, partSize, credits: CREDITS });
  const queue: (ParseWorkerMessage | { crash: Error } | { exit: number })[] = [];
  let wake: (() => void) | undefined;
  const arrive = (m: (typeof queue)[number]) => {
    queue.push(m);
    wake?.();
  };
  worker.on('message', arrive);
  worker.on('error', (crash: Error) => arrive({ crash }));
  worker.on('exit', (exit: number) => arrive({ exit }));
  try {
    for (;;) {
      while (queue.length === 0) await new Promise<void>((r) => (wake = r));
      wake = undefined;
      const m = queue.shift()!;
      if ('transfers' in m) {
        worker.postMessage('more');
        yield m.transfers;
      } else if ('done' in m) return;
      else if ('error' in m) {
        const { code, message, details } = m.error;
        if (code) throw new LedgerhoundError(code as LedgerhoundErrorCode, message, details as Record<string, unknown>);
        throw new LedgerhoundError('STORE_FAILURE', `reading ${file} failed: ${message}`, { file });
      } else if ('crash' in m) throw new LedgerhoundError('STORE_FAILURE', `the parse thread for ${file} failed: ${m.crash.message}`, { file }, { cause: m.crash });
      else throw new LedgerhoundError('STORE_FAILURE', `the parse thread for ${file} stopped (exit code ${m.exit})`, { file });
    }
  } finally {
    await worker.terminate();
  }
}
