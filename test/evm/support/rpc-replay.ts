// A JSON-RPC 2.0 server on 127.0.0.1 that replays recorded answers (ethereum-etl's mainnet
// responses, Etherscan-style bodies) by method and params, answers unknown methods like geth
// ("method does not exist", -32601), and can inject faults (HTTP 503, malformed JSON) to exercise
// retries. Every request is logged so tests can assert what the adapter asked.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReplayServer {
  url: string;
  /** Registers the result for a method and its exact params. */
  answer(method: string, params: unknown[], result: unknown): void;
  /** Registers a JSON-RPC error for a method (params without a registered answer). */
  fail(method: string, error: { code: number; message: string }): void;
  /** The next `n` requests get this fault before normal answers resume. */
  injectFaults(faults: ('503' | 'malformed')[]): void;
  calls: { method: string; params: unknown[] }[];
  close(): Promise<void>;
}

function keyOf(method: string, params: unknown[]): string {
  return `${method} ${JSON.stringify(params).toLowerCase()}`;
}

export async function startReplayServer(): Promise<ReplayServer> {
  const answers = new Map<string, unknown>();
  const errors = new Map<string, { code: number; message: string }>();
  const faults: ('503' | 'malformed')[] = [];
  const calls: { method: string; params: unknown[] }[] = [];
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      const fault = faults.shift();
      if (fault === '503') {
        res.writeHead(503);
        res.end('busy');
        return;
      }
      if (fault === 'malformed') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"jsonrpc":"2.0","id":1,"result":{"trunc');
        return;
      }
      const msg = JSON.parse(body) as { id: unknown; method: string; params: unknown[] };
      calls.push({ method: msg.method, params: msg.params });
      const key = keyOf(msg.method, msg.params);
      res.writeHead(200, { 'content-type': 'application/json' });
      if (answers.has(key)) {
        res.end(JSON.stringify({ jsonrpc: '2.0', id: msg.id, result: answers.get(key) }));
      } else if (errors.has(msg.method)) {
        res.end(JSON.stringify({ jsonrpc: '2.0', id: msg.id, error: errors.get(msg.method) }));
      } else {
        res.end(JSON.stringify({ jsonrpc: '2.0', id: msg.id, error: { code: -32601, message: `the method ${msg.method} does not exist/is not available` } }));
      }
    });
  };
  const server = createServer(handle);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    answer: (method, params, result) => answers.set(keyOf(method, params), result),
    fail: (method, error) => errors.set(method, error),
    injectFaults: (f) => faults.push(...f),
    calls,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
