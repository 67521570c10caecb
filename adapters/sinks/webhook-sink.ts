// `webhook:URL` sink: POSTs each alert as JSON, signed with HMAC-SHA256 over the exact body bytes:
//   X-Ledgerhound-Signature: sha256=<hex of HMAC-SHA256(secret, body)>
//   X-Ledgerhound-Alert-Id: <alert id>   (receivers de-duplicate on it: delivery is at least once)
// A 2xx answer confirms. Other answers and network errors are retried with exponential backoff and full
// jitter (adapters/http/backoff.ts); after the last attempt the alert is appended to a dead-letter file
// (JSON lines) and the delivery fails. The next start hands the dead letters back (takePending) to be
// delivered before anything else. The secret comes from the caller (LEDGERHOUND_WEBHOOK_SECRET), never
// from the URL or a file.

import { createHmac } from 'node:crypto';
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { LedgerhoundError } from '../../src/errors.js';
import type { Alert } from '../../src/watch/alerts.js';
import { type BackoffOptions, computeBackoffMs } from '../http/backoff.js';
import type { AlertSink } from './sink.js';
import { redactUrl } from '../../src/redact.js';

export const SIGNATURE_HEADER = 'x-ledgerhound-signature';
export const ALERT_ID_HEADER = 'x-ledgerhound-alert-id';

export interface WebhookSinkOptions {
  secret: string;
  /** JSON-lines file of alerts that could not be delivered. */
  deadLetterFile: string;
  /** Attempts per alert (default 5). */
  attempts?: number;
  backoff?: BackoffOptions;
  /** Per-request timeout in ms (default 10000). */
  timeoutMs?: number;
}

/** `sha256=<hex>`: the signature of a body under a secret. */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function appendSynced(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const handle = await open(file, 'a');
  try {
    await handle.appendFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export function webhookSink(url: string, options: WebhookSinkOptions): AlertSink {
  const shown = redactUrl(url);
  const attempts = Math.max(1, options.attempts ?? 5);
  const post = async (alert: Alert): Promise<void> => {
    const body = JSON.stringify(alert);
    let last = '';
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (attempt > 1) await sleep(computeBackoffMs(attempt - 1, options.backoff));
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signBody(options.secret, body), [ALERT_ID_HEADER]: alert.id },
          body,
          signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        });
        await res.arrayBuffer().catch(() => undefined);
        if (res.ok) return;
        last = `HTTP ${res.status}`;
      } catch (e) {
        last = (e as Error).message;
      }
    }
    await appendSynced(options.deadLetterFile, `${body}\n`);
    throw new LedgerhoundError('RPC_FAILURE', `webhook ${shown}: ${last} after ${attempts} attempts; alert ${alert.id} written to ${options.deadLetterFile}`, {
      url: shown,
      attempts,
      deadLettered: true,
      deadLetterFile: options.deadLetterFile,
    });
  };
  return {
    name: `webhook:${shown}`,
    deliver: post,
    async takePending() {
      let text: string;
      try {
        text = await readFile(options.deadLetterFile, 'utf8');
      } catch {
        return [];
      }
      // Removed once read: what fails again is written anew. A crash before delivery loses nothing, as
      // undelivered alerts are recomputed from the store at every poll; the file adds what was not.
      await rm(options.deadLetterFile, { force: true });
      const alerts: Alert[] = [];
      const seen = new Set<string>();
      for (const line of text.split('\n')) {
        if (!line.trim()) continue;
        try {
          const alert = JSON.parse(line) as Alert;
          if (!seen.has(alert.id)) alerts.push(alert);
          seen.add(alert.id);
        } catch {
          // a torn last line from a crash mid-append: the alert is recomputed from the store anyway
        }
      }
      return alerts;
    },
  };
}
