// A tiny HTTP server on 127.0.0.1 (free port) for replaying recorded responses and scripting faults
// (429, 500, truncated bodies, malformed JSON, silence). Never listens beyond loopback.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => unknown;

export interface LocalServer {
  url: string;
  /** Requests seen, in order: method and path. */
  requests: { method: string; path: string; body: string }[];
  close(): Promise<void>;
}

/** Starts a server on 127.0.0.1 with a free port; every request goes to `handler`. */
export async function startLocalServer(handler: Handler): Promise<LocalServer> {
  const requests: LocalServer['requests'] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: req.method ?? 'GET', path: req.url ?? '/', body });
      Promise.resolve(handler(req, res, body)).catch((e) => {
        res.statusCode = 599;
        res.end(String(e));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Sends a body that claims `declared` bytes but stops early and closes the socket. */
export function sendTruncated(res: ServerResponse, body: string, declared: number): void {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(declared) });
  res.write(body);
  res.socket?.destroy();
}
