// An Etherscan-compatible API on 127.0.0.1 for tests: serves recorded-shape rows (test/fixtures/evm)
// for `account` lists with Etherscan's paging rules (startblock/endblock inclusive, sort=asc,
// page/offset, at most 10,000 rows per window, "No transactions found" with status 0), the `proxy`
// module as JSON-RPC bodies, and scripted faults: the NOTOK rate-limit answer Etherscan sends with
// HTTP 200, HTTP 5xx, malformed JSON and an invalid-key answer. Logs every query it receives.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Row = Record<string, string>;
export type Fault = 'rate-limit' | '502' | 'malformed' | 'invalid-key';

export interface EtherscanServer {
  url: string;
  /** Rows of `action` for `address` (lower-case), in any order. */
  setRows(action: string, address: string, rows: Row[]): void;
  /** A proxy answer (eth_getTransactionByHash / eth_getTransactionReceipt) for a hash. */
  setProxy(action: string, txhash: string, result: unknown): void;
  injectFaults(faults: Fault[]): void;
  /** Every request's query parameters. */
  queries: Record<string, string>[];
  close(): Promise<void>;
}

const EMPTY_MESSAGE: Record<string, string> = {
  txlist: 'No transactions found',
  txlistinternal: 'No transactions found',
  tokentx: 'No transactions found',
};

export async function startEtherscanServer(): Promise<EtherscanServer> {
  const rows = new Map<string, Row[]>();
  const proxy = new Map<string, unknown>();
  const faults: Fault[] = [];
  const queries: Record<string, string>[] = [];
  const send = (res: ServerResponse, status: number, body: string) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(body);
  };
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const q = Object.fromEntries(new URL(req.url ?? '/', 'http://x').searchParams);
    queries.push(q);
    const fault = faults.shift();
    if (fault === 'rate-limit') return send(res, 200, JSON.stringify({ status: '0', message: 'NOTOK', result: 'Max rate limit reached' }));
    if (fault === '502') return send(res, 502, '<html>bad gateway</html>');
    if (fault === 'malformed') return send(res, 200, '{"status":"1","message":"OK","result":[{"blockNumber":"1');
    if (fault === 'invalid-key') return send(res, 200, JSON.stringify({ status: '0', message: 'NOTOK', result: 'Invalid API Key' }));
    if (q.module === 'proxy') {
      return send(res, 200, JSON.stringify({ jsonrpc: '2.0', id: 1, result: proxy.get(`${q.action} ${(q.txhash ?? q.tag)?.toLowerCase()}`) ?? null }));
    }
    if (q.module !== 'account') return send(res, 200, JSON.stringify({ status: '0', message: 'NOTOK', result: 'Error! Missing Or invalid Module name' }));
    const start = Number(q.startblock ?? 0);
    const end = Number(q.endblock ?? 99999999);
    const page = Number(q.page ?? 1);
    const offset = Number(q.offset ?? 10000);
    if (page * offset > 10000) return send(res, 200, JSON.stringify({ status: '0', message: 'NOTOK', result: 'Result window is too large, PageNo x Offset size must be less than or equal to 10000' }));
    const all = (rows.get(`${q.action} ${q.address?.toLowerCase()}`) ?? [])
      .filter((r) => Number(r.blockNumber) >= start && Number(r.blockNumber) <= end)
      .sort((a, b) => Number(a.blockNumber) - Number(b.blockNumber));
    const slice = all.slice((page - 1) * offset, page * offset);
    if (slice.length === 0) return send(res, 200, JSON.stringify({ status: '0', message: EMPTY_MESSAGE[q.action ?? ''] ?? 'No records found', result: [] }));
    return send(res, 200, JSON.stringify({ status: '1', message: 'OK', result: slice }));
  };
  const server = createServer(handle);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/api`,
    setRows: (action, address, r) => rows.set(`${action} ${address.toLowerCase()}`, r),
    setProxy: (action, txhash, result) => proxy.set(`${action} ${txhash.toLowerCase()}`, result),
    injectFaults: (f) => faults.push(...f),
    queries,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
