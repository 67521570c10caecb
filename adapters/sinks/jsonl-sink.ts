// `jsonl:FILE` sink: appends each alert as one JSON line and fsyncs the file before confirming, so an
// alert confirmed is on disk even if the machine loses power right after.

import { mkdir, open } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Alert } from '../../src/watch/alerts.js';
import { type AlertSink, alertLine } from './sink.js';

export function jsonlSink(file: string, cwd: string): AlertSink {
  const path = resolve(cwd, file);
  return {
    name: `jsonl:${path}`,
    async deliver(alert: Alert) {
      await mkdir(dirname(path), { recursive: true });
      const handle = await open(path, 'a');
      try {
        await handle.appendFile(alertLine(alert), 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
    },
  };
}
