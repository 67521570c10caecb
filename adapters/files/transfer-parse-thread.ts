// Threaded import of a large JSON Lines transfer file: a worker thread (transfer-parse-worker.ts) reads
// and validates the records while this thread writes them, so parsing (JSON, EIP-55 checksums, bigint
// amounts: about half of a single-threaded import's CPU) overlaps the SQLite inserts. Parts arrive in
// file order; the worker's first error is thrown here as the same LedgerhoundError (code, details: file,
// line, field), after the parts before it, so the store rolls the whole file back as before.

import { LedgerhoundError, type LedgerhoundErrorCode } from '../../src/errors.js';
import type { AccountTransfer } from '../../src/model/transfer.js';
import { startModuleWorker } from './module-worker.js';
import type { ParseWorkerData, ParseWorkerMessage } from './transfer-parse-worker.js';

/** Parts the worker may post ahead of the writer (bounds the memory held in messages). */
const CREDITS = 4;

/** The validated transfers of a JSON Lines file, `partSize` a part, parsed in a worker thread. */
export async function* parseTransfersInThread(file: string, partSize: number): AsyncIterable<AccountTransfer[]> {
  const worker = startModuleWorker(import.meta.url, 'transfer-parse-worker', { file, partSize, credits: CREDITS } satisfies ParseWorkerData);
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
