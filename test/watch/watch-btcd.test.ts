// `watch` against a real node: btcd in regtest (test/services/btcd). A victim payment lands at a scam
// address and is traced (a holding); the watcher runs as a user runs it (the CLI, through tsx). A signed
// transaction mined during the watch moves the holding -> `moved` with the right amount and per-victim
// split; the next pays it into a tagged exchange -> `arrived` with a freeze-request draft, each within
// one poll of being mined. A webhook on loopback that fails twice, then accepts, gets each alert exactly
// once with a valid HMAC-SHA256 signature. `kill -9` of the watcher after ingest, while its delivery is in
// flight, then a restart: the alert is accepted once and nothing is missed or repeated.

import { createHmac } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestRpcBlocks } from '../../adapters/bitcoin/ingest-rpc.js';
import { openSqliteStore } from '../../graph/sqlite/sqlite-store.js';
import { btcdFromEnv, keyOf, miner, p2pkhOf, p2wpkhOf, RegtestWallet } from '../bitcoin/support/regtest-wallet.js';
import { runCliAsync } from '../evm/support/cli-async.js';
import { startCli } from '../support/cli.js';
import { tempDir } from '../support/stores.js';
import { usePrivateBtcd } from '../bitcoin/support/private-btcd.js';

const SECRET = 'watch-test-secret';
const CHAIN = 'bitcoin-regtest';
const PAID = 2_000_000_000n;
const FEE = 10_000n;

interface Received {
  id: string;
  body: string;
  signatureValid: boolean;
}

/** A webhook receiver on loopback: `plan(n)` decides the answer to the n-th request (1-based). */
function webhookServer(plan: (n: number, req: IncomingMessage, res: ServerResponse, body: string) => boolean) {
  const accepted: Received[] = [];
  let n = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      n++;
      if (!plan(n, req, res, body)) return;
      const expected = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
      accepted.push({ id: String(req.headers['x-ledgerhound-alert-id']), body, signatureValid: req.headers['x-ledgerhound-signature'] === expected });
      res.writeHead(200).end('ok');
    });
  });
  return {
    accepted,
    requests: () => n,
    async listen(): Promise<string> {
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    },
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

let wallet: RegtestWallet;
let dir: string;
let caseFile: string;
let env: Record<string, string>;
const S = keyOf('watch scam holding');
const X = keyOf('watch intermediary');
const E = keyOf('watch exchange deposit');
let paymentTxid: string;

function jsonLines(file: string): Record<string, unknown>[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

async function until<T>(what: string, fn: () => T | undefined, timeoutMs = 180_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function watchArgs(extra: string[]): string[] {
  return ['watch', caseFile, '--bitcoin-rpc', process.env.BTCD_RPC_URL as string, '--confirmations', '1', ...extra];
}

// A btcd of its own: this suite mines blocks during its run.
usePrivateBtcd();

beforeAll(async () => {
  wallet = new RegtestWallet(btcdFromEnv());
  const mined = await wallet.mine(101);
  const cb = await wallet.coinbaseOf(mined[0]);
  paymentTxid = await wallet.send(
    [{ txid: cb.txid, vout: 0, value: cb.value, key: miner, kind: 'p2pkh' }],
    [
      { address: p2wpkhOf(S), value: PAID },
      { address: p2pkhOf(miner), value: cb.value - PAID - FEE },
    ],
  );
  await wallet.mine(1);
  const height = await wallet.height();
  dir = tempDir('lh-watch-');
  const store = await openSqliteStore(join(dir, '.ledgerhound', 'case.db'));
  await ingestRpcBlocks(btcdFromEnv(), store, { from: height, to: height, chain: CHAIN, confirmations: 1 });
  await store.close();
  writeFileSync(
    join(dir, 'tags.jsonl'),
    `${JSON.stringify({ chain: CHAIN, address: p2wpkhOf(E), label: 'Test Exchange', category: 'exchange', source: 'watch test', confidence: 100 })}\n`,
  );
  caseFile = join(dir, 'case.yaml');
  writeFileSync(
    caseFile,
    ['name: watch regtest', 'sources: [tags.jsonl]', 'victimPayments:', `  - { id: v1, chain: ${CHAIN}, output: "${paymentTxid}:0" }`, 'policy: fifo', 'maxHops: 10', ''].join('\n'),
  );
  env = { BITCOIN_RPC_USER: process.env.BTCD_RPC_USER ?? '', BITCOIN_RPC_PASSWORD: process.env.BTCD_RPC_PASS ?? '', LEDGERHOUND_WEBHOOK_SECRET: SECRET };
}, 180_000);

describe('watch on btcd regtest', () => {
  const hook = webhookServer((n, _req, res) => {
    if (n <= 2) {
      res.writeHead(503).end('busy');
      return false;
    }
    return true;
  });
  afterAll(() => hook.close());

  it('raises moved then arrived within one poll each, delivered once to a webhook that fails twice first', async () => {
    const url = await hook.listen();
    const alertsFile = join(dir, 'alerts.jsonl');
    const child = startCli(watchArgs(['--every', '1s', '--sink', `jsonl:${alertsFile}`, '--sink', `webhook:${url}`]), { cwd: dir, env });
    let stderr = '';
    let ended = false;
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString('utf8');
    });
    const exited = new Promise<void>((r) =>
      child.once('exit', () => {
        ended = true;
        r();
      }),
    );
    const polls = () => {
      if (ended) throw new Error(`the watcher ended: ${stderr}`);
      return (stderr.match(/^watch poll \d+/gm) ?? []).length;
    };
    try {
      await until('the first poll', () => (polls() >= 1 ? true : undefined));
      expect(jsonLines(alertsFile)).toEqual([]);

      // The holding moves: S -> X, mined during the watch.
      const moveTxid = await wallet.send([{ txid: paymentTxid, vout: 0, value: PAID, key: S, kind: 'p2wpkh' }], [{ address: p2wpkhOf(X), value: PAID - FEE }]);
      await wallet.mine(1);
      const pollsAtMove = polls();
      const moved = await until('the moved alert', () => jsonLines(alertsFile).find((a) => a.kind === 'moved'));
      expect(polls() - pollsAtMove).toBeLessThanOrEqual(2);
      expect(moved).toMatchObject({
        kind: 'moved',
        case: 'watch regtest',
        chain: CHAIN,
        address: p2wpkhOf(S),
        amount: String(PAID - FEE),
        bySource: { v1: String(PAID - FEE) },
        to: [{ address: p2wpkhOf(X), amount: String(PAID - FEE) }],
        transactions: [moveTxid],
        entity: null,
      });

      // Then paid into the tagged exchange: X -> E.
      const payTxid = await wallet.send([{ txid: moveTxid, vout: 0, value: PAID - FEE, key: X, kind: 'p2wpkh' }], [{ address: p2wpkhOf(E), value: PAID - 2n * FEE }]);
      await wallet.mine(1);
      const pollsAtPay = polls();
      const arrived = await until('the arrived alert', () => jsonLines(alertsFile).find((a) => a.kind === 'arrived'));
      expect(polls() - pollsAtPay).toBeLessThanOrEqual(2);
      expect(arrived).toMatchObject({
        kind: 'arrived',
        address: p2wpkhOf(E),
        amount: String(PAID - 2n * FEE),
        bySource: { v1: String(PAID - 2n * FEE) },
        transactions: [payTxid],
        entity: 'Test Exchange',
      });
      expect((arrived.freezeRequest as { rows: { victimPayment: string; amount: string; txHash: string }[] }).rows).toEqual([
        expect.objectContaining({ victimPayment: 'v1', amount: String(PAID - 2n * FEE), txHash: payTxid, depositAddress: p2wpkhOf(E) }),
      ]);

      // A few more polls: nothing is delivered twice, to either sink.
      const after = polls();
      await until('two more polls', () => (polls() >= after + 2 ? true : undefined));
      const ids = jsonLines(alertsFile).map((a) => a.id as string);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual(expect.arrayContaining([moved.id, arrived.id]));
      expect(hook.accepted.map((r) => r.id).sort()).toEqual([...ids].sort());
      expect(hook.accepted.every((r) => r.signatureValid)).toBe(true);
      expect(hook.requests()).toBe(ids.length + 2);
      expect(JSON.parse(hook.accepted[0].body).id).toBe(hook.accepted[0].id);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
    expect(stderr).toMatch(/watch poll \d+ .*bitcoin-regtest block \d+ \+\d+; \d+ addresses watched; trace (re-traced|resumed|unchanged); \d+ alerts, \d+ delivered, \d+ failed/);
  }, 300_000);
});

describe('watch: kill -9 between ingest and delivery', () => {
  it('delivers the alert once after a restart, and nothing again after that', async () => {
    const killDir = tempDir('lh-watch-kill-');
    // The same case in a store of its own, with its own baseline.
    const T = keyOf('watch kill holding');
    const cb = await wallet.coinbaseOf((await wallet.mine(1))[0]);
    await wallet.mine(100);
    const pay = await wallet.send(
      [{ txid: cb.txid, vout: 0, value: cb.value, key: miner, kind: 'p2pkh' }],
      [
        { address: p2wpkhOf(T), value: PAID },
        { address: p2pkhOf(miner), value: cb.value - PAID - FEE },
      ],
    );
    await wallet.mine(1);
    const h = await wallet.height();
    const store = await openSqliteStore(join(killDir, '.ledgerhound', 'case.db'));
    await ingestRpcBlocks(btcdFromEnv(), store, { from: h, to: h, chain: CHAIN, confirmations: 1 });
    await store.close();
    const kcase = join(killDir, 'case.yaml');
    writeFileSync(kcase, ['name: watch kill', 'victimPayments:', `  - { id: k1, chain: ${CHAIN}, output: "${pay}:0" }`, ''].join('\n'));
    const args = (extra: string[]) => ['watch', kcase, '--bitcoin-rpc', process.env.BTCD_RPC_URL as string, '--confirmations', '1', ...extra];

    let victim: ReturnType<typeof startCli> | undefined;
    const server = webhookServer((n, _req, res) => {
      if (n === 1) {
        // The first delivery is in flight: the watcher has ingested and traced; kill it now.
        victim?.kill('SIGKILL');
        res.destroy();
        return false;
      }
      return true;
    });
    const url = await server.listen();
    try {
      // Baseline first (one poll, no alert yet), then the move.
      const first = await runCliAsync(args(['--once', '--quiet', '--sink', `webhook:${url}`]), { cwd: killDir, env });
      expect(first.code).toBe(0);
      const moveTxid = await wallet.send([{ txid: pay, vout: 0, value: PAID, key: T, kind: 'p2wpkh' }], [{ address: p2wpkhOf(X), value: PAID - FEE }]);
      await wallet.mine(1);

      victim = startCli(args(['--every', '1s', '--sink', `webhook:${url}`]), { cwd: killDir, env });
      const exit = await new Promise<{ code: number | null; signal: string | null }>((r) => victim?.once('exit', (code, signal) => r({ code, signal })));
      expect(exit.signal).toBe('SIGKILL');
      expect(server.requests()).toBe(1);
      expect(server.accepted).toEqual([]);

      const restart = await runCliAsync(args(['--once', '--sink', `webhook:${url}`]), { cwd: killDir, env });
      expect(restart.code).toBe(0);
      expect(server.accepted.map((r) => r.id)).toEqual([`moved:${CHAIN}:${moveTxid}:${p2wpkhOf(T)}:BTC`]);
      expect(server.accepted[0].signatureValid).toBe(true);
      expect(JSON.parse(server.accepted[0].body)).toMatchObject({ amount: String(PAID - FEE), bySource: { k1: String(PAID - FEE) } });

      const again = await runCliAsync(args(['--once', '--sink', `webhook:${url}`]), { cwd: killDir, env });
      expect(again.code).toBe(0);
      expect(server.accepted).toHaveLength(1);
      expect(again.stderr).toMatch(/0 alerts, 0 delivered, 0 failed/);
    } finally {
      victim?.kill('SIGKILL');
      await server.close();
    }
  }, 300_000);
});
