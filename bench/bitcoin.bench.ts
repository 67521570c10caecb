// Bitcoin adapter benchmarks: parse throughput on real mainnet blocks (transactions/s), and ingest
// throughput from a btcd regtest node into the embedded SQLite store over RPC (transactions/s, with
// every input resolved). btcd comes from BTCD_RPC_URL when set, else the test service module starts one
// (built by test/services/btcd/prepare.sh). Each measurement runs in a child process (peak RSS per run).

import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBitcoinRpc } from '../adapters/bitcoin/rpc.js';
import { type BtcdNode, startBtcd } from '../test/services/btcd/service.js';
import { keyOf, miner, p2trOf, p2wpkhOf, RegtestWallet, type SpendInput } from '../test/bitcoin/support/regtest-wallet.js';
import { type BenchRow, fmtBytes, fmtRate, fmtSeconds, measureChild } from './table.js';

function figure(stdout: string, key: string): number {
  return Number(new RegExp(`${key}=([\\d.]+)`).exec(stdout)?.[1] ?? Number.NaN);
}

/** Mines a chain with `rounds` blocks of `width` transactions each (p2wpkh inputs; p2wpkh + p2tr outputs). */
async function buildChain(wallet: RegtestWallet, width: number, rounds: number): Promise<number> {
  const mined = await wallet.mine(101);
  const cb = await wallet.coinbaseOf(mined[0]);
  const A = keyOf('bench-A');
  const B = keyOf('bench-B');
  const each = (cb.value - 100_000n) / BigInt(width);
  const fan = await wallet.send([{ txid: cb.txid, vout: 0, value: cb.value, key: miner, kind: 'p2pkh' }], Array.from({ length: width }, () => ({ address: p2wpkhOf(A), value: each })));
  await wallet.mine(1);
  let coins: SpendInput[] = Array.from({ length: width }, (_, vout) => ({ txid: fan, vout, value: each, key: A, kind: 'p2wpkh' as const }));
  for (let r = 0; r < rounds; r++) {
    const next: SpendInput[] = [];
    for (const coin of coins) {
      const half = (coin.value - 1_000n) / 2n;
      const txid = await wallet.send([coin], [
        { address: p2wpkhOf(A), value: half },
        { address: p2trOf(B), value: coin.value - 1_000n - half },
      ]);
      next.push({ txid, vout: 0, value: half, key: A, kind: 'p2wpkh' });
    }
    await wallet.mine(1);
    coins = next;
  }
  return wallet.height();
}

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const parse = measureChild(new URL('./bitcoin-parse.ts', import.meta.url).pathname, ['5']);
  const txs = figure(parse.stdout, 'TXS');
  const secs = figure(parse.stdout, 'WORK_SECONDS');
  rows.push({ area: 'bitcoin', case: 'decode mainnet blocks 574200 + 540107 (addresses for every output)', figure: fmtRate(txs, secs, 'transactions'), time: fmtSeconds(secs), peakMemory: fmtBytes(parse.peakRssBytes) });

  let own: BtcdNode | undefined;
  let env: Record<string, string>;
  if (process.env.BTCD_RPC_URL) env = { BTCD_RPC_URL: process.env.BTCD_RPC_URL, BTCD_RPC_USER: process.env.BTCD_RPC_USER ?? '', BTCD_RPC_PASS: process.env.BTCD_RPC_PASS ?? '' };
  else {
    own = await startBtcd();
    env = own.env;
  }
  const db = join(tmpdir(), `ledgerhound-bench-btc-${process.pid}.db`);
  try {
    const wallet = new RegtestWallet(createBitcoinRpc({ url: env.BTCD_RPC_URL, credentials: { user: env.BTCD_RPC_USER, password: env.BTCD_RPC_PASS } }));
    const from = (await wallet.height()) + 1;
    const width = Number(process.env.BENCH_BTC_WIDTH ?? 250);
    const rounds = Number(process.env.BENCH_BTC_ROUNDS ?? 4);
    const tip = await buildChain(wallet, width, rounds);
    const m = measureChild(new URL('./bitcoin-ingest.ts', import.meta.url).pathname, [db, String(from), String(tip)], env);
    const n = figure(m.stdout, 'TXS');
    const blocks = figure(m.stdout, 'BLOCKS');
    const work = figure(m.stdout, 'WORK_SECONDS');
    rows.push({
      area: 'bitcoin',
      case: `ingest btcd regtest over RPC -> SQLite (${blocks} blocks, ${n} txs, inputs resolved)`,
      figure: fmtRate(n, work, 'transactions'),
      time: fmtSeconds(work),
      peakMemory: fmtBytes(m.peakRssBytes),
    });
  } finally {
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${db}${suffix}`, { force: true });
    await own?.stop();
  }
  return rows;
}
