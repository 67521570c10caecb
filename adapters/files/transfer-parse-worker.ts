// Worker thread of a threaded transfer import (transfer-parse-thread.ts): reads a JSON Lines file of
// transfers and validates every record (parseTransfer: canonical addresses, amounts, fields), posting
// the transfers in parts while the importing thread writes the parts before them. At most CREDITS parts
// are in flight: the importer returns a credit per part taken, so a fast reader never holds a large
// file in memory. The first invalid record ends the read with its error (code, message, details: file,
// line, field), as the same import on one thread would report it.

import { parentPort, workerData } from 'node:worker_threads';
import { LedgerhoundError } from '../../src/errors.js';
import { type AccountTransfer, parseTransfer } from '../../src/model/transfer.js';
import { readJsonLineBatches } from './json-lines.js';

/** What the worker posts: a part, the end, or the error that stopped it. */
export type ParseWorkerMessage =
  | { transfers: AccountTransfer[] }
  | { done: true }
  | { error: { code?: string; message: string; details?: unknown } };

export interface ParseWorkerData {
  file: string;
  partSize: number;
  credits: number;
}

async function run(port: NonNullable<typeof parentPort>, data: ParseWorkerData): Promise<void> {
  let credits = data.credits;
  let resume: (() => void) | undefined;
  port.on('message', () => {
    credits++;
    resume?.();
  });
  const send = async (transfers: AccountTransfer[]): Promise<void> => {
    while (credits === 0) await new Promise<void>((r) => (resume = r));
    resume = undefined;
    credits--;
    port.postMessage({ transfers } satisfies ParseWorkerMessage);
  };
  const { file, partSize } = data;
  try {
    let part: AccountTransfer[] = [];
    for await (const batch of readJsonLineBatches(file)) {
      for (const rec of batch) {
        part.push(parseTransfer(rec.value, { file, line: rec.line }));
        if (part.length === partSize) {
          await send(part);
          part = [];
        }
      }
    }
    if (part.length > 0) await send(part);
    port.postMessage({ done: true } satisfies ParseWorkerMessage);
  } catch (e) {
    const error = e instanceof LedgerhoundError ? { code: e.code, message: e.message, details: e.details } : { message: (e as Error).message };
    port.postMessage({ error } satisfies ParseWorkerMessage);
  }
}

if (parentPort) await run(parentPort, workerData as ParseWorkerData);
