// Alert sinks (adapters/sinks/): jsonl appends one line per alert; a webhook on loopback that fails twice
// then accepts gets the alert once with a valid HMAC-SHA256 signature; one that never accepts leaves the
// alert in the dead-letter file, handed back once at the next start; exec passes the alert on stdin and
// fails on a non-zero exit; bad --sink values are INVALID_INPUT naming the option.

import { createHmac } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { openSink } from '../../adapters/sinks/open-sink.js';
import { isLedgerhoundError } from '../../src/errors.js';
import type { Alert } from '../../src/watch/alerts.js';
import { tempDir } from '../support/stores.js';

const alert: Alert = {
  id: 'moved:ethereum:0xabc:0x3333:native',
  kind: 'moved',
  case: 'c',
  time: '2026-02-01T09:00:00Z',
  chain: 'ethereum',
  address: '0x3333',
  asset: 'native',
  amount: '500000000',
  bySource: { v1: '500000000' },
  to: [{ address: '0x4444', amount: '500000000' }],
  transactions: ['0xabc'],
  entity: null,
  freezeRequest: null,
};

function options(dir: string) {
  return { cwd: dir, stateDir: join(dir, 'state'), stdout: new PassThrough(), env: process.env, webhookSecret: 's3cret', webhookBackoff: { baseMs: 5, maxMs: 20 }, webhookAttempts: 3 };
}

async function server(statuses: number[]) {
  const got: { body: string; signature: string | undefined; id: string | undefined; status: number }[] = [];
  const srv = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const status = statuses[got.length] ?? statuses[statuses.length - 1];
      got.push({ body: Buffer.concat(chunks).toString('utf8'), signature: req.headers['x-ledgerhound-signature'] as string, id: req.headers['x-ledgerhound-alert-id'] as string, status });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return {
    got,
    url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}/hook`,
    close: () =>
      new Promise<void>((r) => {
        srv.close(() => r());
        srv.closeAllConnections();
      }),
  };
}

describe('alert sinks', () => {
  it('jsonl appends one JSON line per alert', async () => {
    const dir = tempDir();
    const sink = openSink('jsonl:out/alerts.jsonl', options(dir));
    await sink.deliver(alert);
    await sink.deliver({ ...alert, id: 'second' });
    const lines = readFileSync(join(dir, 'out', 'alerts.jsonl'), 'utf8').trim().split('\n');
    expect(lines.map((l) => JSON.parse(l).id)).toEqual([alert.id, 'second']);
    expect(sink.name).toBe(`jsonl:${join(dir, 'out', 'alerts.jsonl')}`);
  });

  it('webhook: fails twice, then accepts: one accepted delivery with a valid signature', async () => {
    const dir = tempDir();
    const srv = await server([500, 502, 200]);
    try {
      const sink = openSink(`webhook:${srv.url}`, options(dir));
      await sink.deliver(alert);
      expect(srv.got.map((g) => g.status)).toEqual([500, 502, 200]);
      const ok = srv.got[2];
      expect(ok.signature).toBe(`sha256=${createHmac('sha256', 's3cret').update(ok.body).digest('hex')}`);
      expect(ok.id).toBe(alert.id);
      expect(JSON.parse(ok.body)).toEqual(alert);
      expect(await sink.takePending?.()).toEqual([]);
    } finally {
      await srv.close();
    }
  });

  it('webhook: after the last attempt the alert goes to the dead-letter file and comes back once at the next start', async () => {
    const dir = tempDir();
    const srv = await server([503]);
    try {
      const sink = openSink(`webhook:${srv.url}`, options(dir));
      const err = await sink.deliver(alert).catch((e) => e);
      expect(isLedgerhoundError(err, 'RPC_FAILURE')).toBe(true);
      expect(err.details).toMatchObject({ attempts: 3, deadLettered: true });
      expect(srv.got).toHaveLength(3);
      expect(existsSync(err.details.deadLetterFile)).toBe(true);
      const next = openSink(`webhook:${srv.url}`, options(dir));
      expect(await next.takePending?.()).toEqual([alert]);
      expect(await next.takePending?.()).toEqual([]);
    } finally {
      await srv.close();
    }
  });

  it('exec: the alert on stdin, exit 0 confirms, non-zero fails', async () => {
    const dir = tempDir();
    const out = join(dir, 'got.json');
    await openSink(`exec:cat > "${out}"; test "$LEDGERHOUND_ALERT_ID" = "${alert.id}"`, options(dir)).deliver(alert);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(alert);
    const err = await openSink('exec:exit 3', options(dir))
      .deliver(alert)
      .catch((e) => e);
    expect(isLedgerhoundError(err, 'RPC_FAILURE')).toBe(true);
    expect(err.details).toMatchObject({ code: 3 });
  });

  it('refuses unknown sinks, and a webhook without a secret', () => {
    const dir = tempDir();
    for (const spec of ['ftp:x', 'jsonl:', 'webhook:not a url', 'webhook:file:///x']) {
      let caught: unknown;
      try {
        openSink(spec, options(dir));
      } catch (e) {
        caught = e;
      }
      expect(isLedgerhoundError(caught, 'INVALID_INPUT') && caught.details.field).toBe('--sink');
    }
    let caught: unknown;
    try {
      openSink('webhook:http://127.0.0.1:1/x', { ...options(dir), webhookSecret: undefined });
    } catch (e) {
      caught = e;
    }
    expect(isLedgerhoundError(caught, 'INVALID_INPUT') && caught.details.field).toBe('LEDGERHOUND_WEBHOOK_SECRET');
  });
});
