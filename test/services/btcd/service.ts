// btcd in regtest mode for the Bitcoin integration tests and bench: a real node on 127.0.0.1 (free
// port, TLS off, P2P off, txindex on), RPC user and password generated per run, and a mining address
// whose key the tests know (so they can spend the coinbases). Built by prepare.sh into
// ${LEDGERHOUND_CACHE}/go/bin. Env for the test workers: BTCD_RPC_URL, BTCD_RPC_USER, BTCD_RPC_PASS,
// BTCD_MINER_WIF.

import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as bitcoin from 'bitcoinjs-lib';
import { ECPairFactory } from 'ecpair';
import * as ecc from 'tiny-secp256k1';
import type { RunningService } from '../../global-setup.js';

/** The fixed regtest miner key (test-only): sha256("ledgerhound regtest miner"). */
export const MINER_PRIVATE_KEY = bitcoin.crypto.sha256(new TextEncoder().encode('ledgerhound regtest miner'));

export function minerKey() {
  return ECPairFactory(ecc).fromPrivateKey(MINER_PRIVATE_KEY, { network: bitcoin.networks.regtest });
}

export function btcdBinary(): string {
  const cache = process.env.LEDGERHOUND_CACHE ?? join(homedir(), '.cache', 'ledgerhound');
  return join(cache, 'go', 'bin', 'btcd');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function rpcReady(url: string, user: string, pass: string): Promise<boolean> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}` },
      body: JSON.stringify({ jsonrpc: '1.0', id: 1, method: 'getblockcount', params: [] }),
      signal: AbortSignal.timeout(2000),
    });
    return res.ok;
  } catch {
    return false;
  }
}

/** A running btcd with its connection details. */
export interface BtcdNode extends RunningService {
  url: string;
  user: string;
  pass: string;
}

/** Starts a fresh regtest btcd in a temporary data directory. */
export async function startBtcd(): Promise<BtcdNode> {
  const bin = btcdBinary();
  if (!existsSync(bin)) throw new Error(`btcd not built: run test/services/btcd/prepare.sh (looked for ${bin})`);
  const dir = mkdtempSync(join(tmpdir(), 'lh-btcd-'));
  const config = join(dir, 'btcd.conf');
  writeFileSync(config, '');
  const port = await freePort();
  const user = `lh-${randomBytes(4).toString('hex')}`;
  const pass = randomBytes(16).toString('hex');
  const miner = bitcoin.payments.p2pkh({ pubkey: minerKey().publicKey, network: bitcoin.networks.regtest }).address as string;
  const args = [
    `--configfile=${config}`,
    `--datadir=${join(dir, 'data')}`,
    `--logdir=${join(dir, 'logs')}`,
    '--regtest',
    '--notls',
    '--nolisten',
    '--txindex',
    `--rpclisten=127.0.0.1:${port}`,
    `--rpcuser=${user}`,
    `--rpcpass=${pass}`,
    `--miningaddr=${miner}`,
    '--debuglevel=warn',
  ];
  const child: ChildProcess = spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + 60_000;
  while (!(await rpcReady(url, user, pass))) {
    if (child.exitCode !== null) throw new Error(`btcd exited with ${child.exitCode}: ${stderr.slice(-500)}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`btcd did not answer RPC within 60 s: ${stderr.slice(-500)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    name: 'btcd',
    url,
    user,
    pass,
    env: { BTCD_RPC_URL: url, BTCD_RPC_USER: user, BTCD_RPC_PASS: pass, BTCD_MINER_WIF: minerKey().toWIF() },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function start(): Promise<RunningService> {
  return startBtcd();
}
