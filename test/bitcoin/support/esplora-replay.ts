// Replays the Esplora fixture routes (test/fixtures/bitcoin/esplora/routes.json) on 127.0.0.1, with
// scripted faults per path (429 with Retry-After, 500, truncated body, malformed JSON) applied to the
// first hits of that path, in order.

import { readFileSync } from 'node:fs';
import { type LocalServer, sendTruncated, startLocalServer } from './local-server.js';

export type Fault = '429' | '500' | 'truncated' | 'malformed';

export const ROUTES = JSON.parse(readFileSync(new URL('../../fixtures/bitcoin/esplora/routes.json', import.meta.url), 'utf8')) as Record<string, unknown>;

/** Starts the replay; `faults` maps a path to the faults its first hits get; `overrides` replaces routes. */
export async function startEsploraReplay(options: { faults?: Record<string, Fault[]>; overrides?: Record<string, unknown>; prefix?: string } = {}): Promise<LocalServer> {
  const faults = new Map(Object.entries(options.faults ?? {}).map(([k, v]) => [k, [...v]]));
  const routes = { ...ROUTES, ...options.overrides };
  const prefix = options.prefix ?? '/api';
  const server = await startLocalServer((req, res) => {
    const path = (req.url ?? '/').slice(prefix.length);
    const fault = faults.get(path)?.shift();
    const body = routes[path];
    if (fault === '429') {
      res.writeHead(429, { 'retry-after': '1' });
      return res.end('Too Many Requests');
    }
    if (fault === '500') {
      res.writeHead(500);
      return res.end('Internal Server Error');
    }
    if (body === undefined) {
      res.writeHead(404);
      return res.end('Not Found');
    }
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    if (fault === 'truncated') return sendTruncated(res, text.slice(0, Math.floor(text.length / 2)), text.length);
    if (fault === 'malformed') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(`${text.slice(0, 20)}<!-- cut -->`);
    }
    res.writeHead(200, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json' });
    res.end(text);
  });
  return Object.assign(server, { url: `${server.url}${prefix}/` });
}
