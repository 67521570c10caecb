// A TronGrid-compatible API on 127.0.0.1 for tests: the v1 account lists with TronGrid's paging
// (`limit`, `meta.fingerprint` for the next page, `min_timestamp`, ascending order), the
// `/wallet/gettransactioninfobyid` and `/wallet/getblockbynum` POST calls (`{}` for what it does not
// hold, as TronGrid answers), and scripted faults: HTTP 429 with Retry-After, HTTP 500,
// a malformed body, and the `{"success":false,"error":...}` answer for a bad request.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault = '429' | '500' | 'malformed' | 'bad-request';

export interface TronGridServer {
  url: string;
  setList(list: 'transactions' | 'trc20', address: string, rows: { block_timestamp: number }[]): void;
  setInfo(txid: string, info: unknown): void;
  /** The `/wallet/getblockbynum` answer for block `num`; undefined to stop serving it. */
  setBlock(num: number, block: unknown): void;
  /** Faults for the next requests (only those to `path` when given). */
  injectFaults(faults: Fault[], path?: string): void;
  requests: { path: string; query: Record<string, string>; headers: Record<string, unknown>; body?: string }[];
  close(): Promise<void>;
}

export async function startTronGridServer(): Promise<TronGridServer> {
  const lists = new Map<string, { block_timestamp: number }[]>();
  const infos = new Map<string, unknown>();
  const blocks = new Map<number, unknown>();
  const faults: Fault[] = [];
  const pathFaults = new Map<string, Fault[]>();
  const requests: TronGridServer['requests'] = [];
  const send = (res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(body);
  };
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      const u = new URL(req.url ?? '/', 'http://x');
      const query = Object.fromEntries(u.searchParams);
      requests.push({ path: u.pathname, query, headers: req.headers, ...(body ? { body } : {}) });
      const onPath = pathFaults.get(u.pathname);
      const fault = onPath?.length ? onPath.shift() : faults.shift();
      if (fault === '429') return send(res, 429, '{"Error":"request rate exceeded"}', { 'retry-after': '1' });
      if (fault === '500') return send(res, 500, 'internal error');
      if (fault === 'malformed') return send(res, 200, '{"data":[{"txID":"ab');
      if (fault === 'bad-request') return send(res, 200, JSON.stringify({ success: false, error: 'Invalid address provided', statusCode: 400 }));
      if (u.pathname === '/wallet/gettransactioninfobyid') {
        const { value } = JSON.parse(body) as { value: string };
        return send(res, 200, JSON.stringify(infos.get(value.toLowerCase()) ?? {}));
      }
      if (u.pathname === '/wallet/getblockbynum') {
        const { num } = JSON.parse(body) as { num: number };
        return send(res, 200, JSON.stringify(blocks.get(num) ?? {}));
      }
      const m = /^\/v1\/accounts\/([^/]+)\/transactions(\/trc20)?$/.exec(u.pathname);
      if (!m) return send(res, 404, '{"Error":"not found"}');
      const rows = (lists.get(`${m[2] ? 'trc20' : 'transactions'} ${m[1]}`) ?? [])
        .filter((r) => r.block_timestamp >= Number(query.min_timestamp ?? 0))
        .sort((a, b) => a.block_timestamp - b.block_timestamp);
      const limit = Number(query.limit ?? 20);
      const offset = query.fingerprint ? Number(Buffer.from(query.fingerprint, 'base64').toString('utf8')) : 0;
      const data = rows.slice(offset, offset + limit);
      const next = offset + limit < rows.length ? Buffer.from(String(offset + limit)).toString('base64') : undefined;
      return send(res, 200, JSON.stringify({ data, success: true, meta: { at: 1735700000000, page_size: data.length, ...(next ? { fingerprint: next, links: { next: `${u.pathname}?fingerprint=${next}` } } : {}) } }));
    });
  };
  const server = createServer(handle);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    setList: (list, address, rows) => lists.set(`${list} ${address}`, rows),
    setInfo: (txid, info) => infos.set(txid.toLowerCase(), info),
    setBlock: (num, block) => (block === undefined ? blocks.delete(num) : blocks.set(num, block)),
    injectFaults: (f, path) => {
      if (path === undefined) faults.push(...f);
      else pathFaults.set(path, [...(pathFaults.get(path) ?? []), ...f]);
    },
    requests,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
