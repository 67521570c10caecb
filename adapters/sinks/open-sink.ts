// Parses a `--sink` value into a sink: `jsonl:FILE`, `webhook:URL`, `exec:CMD` or `stdout`
// (INVALID_INPUT naming --sink otherwise). A webhook sink needs the signing secret
// (LEDGERHOUND_WEBHOOK_SECRET, passed in by the caller); its dead letters go to a file in `stateDir`
// named after the URL.

import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { invalidInput } from '../../src/errors.js';
import { execSink } from './exec-sink.js';
import { jsonlSink } from './jsonl-sink.js';
import type { AlertSink } from './sink.js';
import { streamSink } from './stream-sink.js';
import { webhookSink } from './webhook-sink.js';
import type { BackoffOptions } from '../http/backoff.js';
import { redactUrl } from '../../src/redact.js';

export interface OpenSinkOptions {
  cwd: string;
  /** Folder of the watcher's own files (dead letters). */
  stateDir: string;
  stdout: Writable;
  env: Record<string, string | undefined>;
  webhookSecret?: string;
  webhookAttempts?: number;
  webhookBackoff?: BackoffOptions;
}

export function openSink(spec: string, options: OpenSinkOptions): AlertSink {
  if (spec === 'stdout' || spec === '-') return streamSink('stdout', options.stdout);
  const colon = spec.indexOf(':');
  const kind = colon < 0 ? spec : spec.slice(0, colon);
  const rest = colon < 0 ? '' : spec.slice(colon + 1);
  if (kind === 'jsonl' && rest) return jsonlSink(rest, options.cwd);
  if (kind === 'exec' && rest) return execSink(rest, { cwd: options.cwd, env: options.env });
  if (kind === 'webhook' && rest) {
    let url: URL;
    try {
      url = new URL(rest);
    } catch {
      throw invalidInput(`not a URL: ${redactUrl(rest)}`, { field: '--sink' });
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalidInput('a webhook URL is http:// or https://', { field: '--sink' });
    if (!options.webhookSecret) throw invalidInput('a webhook sink signs its alerts: set LEDGERHOUND_WEBHOOK_SECRET', { field: 'LEDGERHOUND_WEBHOOK_SECRET' });
    const tag = createHash('sha256').update(redactUrl(rest)).digest('hex').slice(0, 12);
    return webhookSink(rest, {
      secret: options.webhookSecret,
      deadLetterFile: join(options.stateDir, `dead-letter-${tag}.jsonl`),
      attempts: options.webhookAttempts,
      backoff: options.webhookBackoff,
    });
  }
  throw invalidInput(`unknown sink "${spec}": give jsonl:FILE, webhook:URL, exec:CMD or stdout`, { field: '--sink' }, { value: spec });
}
