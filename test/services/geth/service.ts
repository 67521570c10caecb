// Test service: a geth node in --dev mode (an ephemeral proof-of-authority chain, chain id 1337, with a
// pre-funded developer account; a block is mined as soon as a transaction is pending; archive mode so
// that every block can be traced) on a free loopback port, with the eth, net, web3 and debug APIs over HTTP. Built by prepare.sh into
// ${LEDGERHOUND_CACHE:-~/.cache/ledgerhound}/go/bin/geth. Sets GETH_RPC_URL for the test workers.

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningService } from '../../global-setup.js';

function cacheDir(): string {
  return process.env.LEDGERHOUND_CACHE ?? join(homedir(), '.cache', 'ledgerhound');
}

/** The geth binary prepared by prepare.sh (GETH_BIN overrides). */
export function gethBinary(): string {
  return process.env.GETH_BIN ?? join(cacheDir(), 'go', 'bin', 'geth');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

async function rpcReady(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }) });
    const body = (await res.json()) as { result?: string };
    return typeof body.result === 'string';
  } catch {
    return false;
  }
}

export async function start(): Promise<RunningService> {
  const bin = gethBinary();
  if (!existsSync(bin)) throw new Error(`geth not found at ${bin}: run test/services/geth/prepare.sh first`);
  const datadir = mkdtempSync(join(tmpdir(), 'lh-geth-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const args = [
    '--dev', '--dev.period', '0', '--datadir', datadir, '--gcmode', 'archive', '--state.scheme', 'hash',
    '--http', '--http.addr', '127.0.0.1', '--http.port', String(port), '--http.api', 'eth,net,web3,debug',
    '--ipcdisable', '--port', '0', '--authrpc.port', '0', '--nodiscover', '--maxpeers', '0', '--verbosity', '2',
  ];
  const child: ChildProcess = spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (d) => {
    log = (log + String(d)).slice(-4000);
  });
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  const deadline = Date.now() + 60_000;
  while (!(await rpcReady(url))) {
    if (exited || Date.now() > deadline) {
      child.kill('SIGKILL');
      rmSync(datadir, { recursive: true, force: true });
      throw new Error(`geth did not start on ${url}: ${log}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    name: 'geth',
    env: { GETH_RPC_URL: url },
    async stop() {
      if (!exited) {
        const gone = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([gone, new Promise((r) => setTimeout(r, 10_000))]);
        if (!exited) child.kill('SIGKILL');
      }
      rmSync(datadir, { recursive: true, force: true });
    },
  };
}
