// An Esplora API on loopback for the watch tests: the recorded mainnet routes of
// test/fixtures/bitcoin/esplora (blocks 50,001-50,002, the history of 1HaHTfmv...), which a test may
// change between polls (a tip that rises, block 50,002 mined with a spend of the victim's output, made for
// the tests in Esplora's shape), scripted 429/500 faults per path, and the time of every request.

import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { addressOfScript } from '../../../adapters/bitcoin/script-address.js';
import { ROUTES } from '../../bitcoin/support/esplora-replay.js';

export const HOLDER = '1HaHTfmvoUW6i6nhJf8jJs6tU4cHNmBQHQ';
export const PAYMENT = '7940cdde4d713e171849efc6bd89939185be270266c94e92369e3877ad89455a';
const BLOCK_50002 = '000000002066d7f9b134c30b5005b7bf5fbfa52f279883f1fde793dcdc964266';
const COINBASE_50002 = '5164dc2785549f9efe14eb1c54522ec1874a02b7eda164fde370c05412f037ad';
/** An exchange deposit address (P2PKH of a made-up key hash). */
const EXCHANGE_SCRIPT = `76a914${'11'.repeat(20)}88ac`;
export const EXCHANGE = addressOfScript(Buffer.from(EXCHANGE_SCRIPT, 'hex'), 'bitcoin') as string;
export const FEE = 10_000;
/** The spend of the victim's output, in Esplora's shape, mined in block 50,002. */
export const SPEND_TXID = createHash('sha256').update('watch-hosted spend of 7940cdde:0').digest('hex');
const SPEND = {
  txid: SPEND_TXID,
  version: 1,
  locktime: 0,
  vin: [
    {
      txid: PAYMENT,
      vout: 0,
      prevout: { scriptpubkey: '76a914b5cd7aaed869cd5ccb45868e8666e7e934a2373688ac', scriptpubkey_type: 'p2pkh', scriptpubkey_address: HOLDER, value: 10_000_000_000 },
      scriptsig: '',
      is_coinbase: false,
      sequence: 4294967295,
    },
  ],
  vout: [{ scriptpubkey: EXCHANGE_SCRIPT, scriptpubkey_type: 'p2pkh', scriptpubkey_address: EXCHANGE, value: 10_000_000_000 - FEE }],
  status: { confirmed: true, block_height: 50002, block_hash: BLOCK_50002, block_time: 1270917181 },
};

/** An Esplora API on loopback serving the recorded routes, which a test may change; logs request times. */
export async function esploraServer() {
  const routes = new Map<string, unknown>(Object.entries(ROUTES));
  const faults = new Map<string, string[]>();
  const times: number[] = [];
  const server: Server = createServer((req, res) => {
    times.push(performance.now());
    const path = (req.url ?? '/').replace(/^\/api/, '');
    const fault = faults.get(path)?.shift();
    if (fault === '429') return void res.writeHead(429, { 'retry-after': '1' }).end('Too Many Requests');
    if (fault === '500') return void res.writeHead(500).end('Internal Server Error');
    const body = routes.get(path);
    if (body === undefined) return void res.writeHead(404).end('Not Found');
    res.writeHead(200, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json' }).end(typeof body === 'string' ? body : JSON.stringify(body));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`,
    routes,
    faults,
    times,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** Block 50,001 is the tip: the address history holds the two recorded payments to 1HaHTfmv.... */
export function before(routes: Map<string, unknown>): void {
  routes.set('/blocks/tip/height', '50001');
}

/** Block 50,002 is mined with the spend: it leads the address history (newest first). */
export function mineSpend(routes: Map<string, unknown>, tip = 50002): void {
  routes.set('/blocks/tip/height', String(tip));
  routes.set(`/tx/${SPEND_TXID}`, SPEND);
  routes.set(`/block/${BLOCK_50002}/txids`, [COINBASE_50002, SPEND_TXID]);
  routes.set(`/address/${HOLDER}/txs`, [SPEND, ...(ROUTES[`/address/${HOLDER}/txs`] as unknown[])]);
}
