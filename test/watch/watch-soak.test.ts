// Soak (bounded to about a minute): the watch use case runs continuously (a poll a second) on the geth
// dev node over a case with 100 traced holdings while a driver moves one holding a second, each move its
// own block. Every move gives exactly one `moved` alert, none is lost or repeated, and the heap stays
// flat (the median of the last polls within 40 MB of the first ones). Figures are printed for the notes.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { id, type JsonRpcProvider, parseEther, Wallet } from 'ethers';
import { beforeAll, describe, expect, it } from 'vitest';
import { EvmRpc } from '../../adapters/evm/evm-rpc.js';
import { ingestBlocks } from '../../adapters/evm/ingest-blocks.js';
import { readCaseFile } from '../../app/trace-case-file.js';
import { type Alert, type AlertSink, type PollStatus, watchCase } from '../../app/watch-case.js';
import { openSqliteStore } from '../../graph/sqlite/sqlite-store.js';
import { normalizeAddress } from '../../src/model/address.js';
import { devProvider, devSigner } from '../evm/support/dev-chain.js';
import { tempDir } from '../support/stores.js';

const CHAIN = 'dev';
const HOLDINGS = 100;
const MOVES = 30;
const canon = (a: string) => normalizeAddress(CHAIN, a);

let provider: JsonRpcProvider;
let dir: string;
const victim = new Wallet(id('watch-soak:victim'));
const scam = new Wallet(id('watch-soak:scam'));
const holders = Array.from({ length: HOLDINGS }, (_, i) => new Wallet(id(`watch-soak:holder:${i}`)));
const away = new Wallet(id('watch-soak:away')).address;

async function send(from: Wallet, to: string, value: bigint): Promise<string> {
  const tx = await from.connect(provider).sendTransaction({ to, value });
  const r = await tx.wait();
  if (!r) throw new Error('no receipt');
  return r.hash;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

beforeAll(async () => {
  provider = devProvider();
  const dev = await devSigner(provider);
  const fund = await (await dev.sendTransaction({ to: victim.address, value: parseEther('200') })).wait();
  const payment = await send(victim, scam.address, parseEther('150'));
  for (const h of holders) await send(scam, h.address, parseEther('1'));
  const head = await provider.getBlockNumber();
  dir = tempDir('lh-watch-soak-');
  const store = await openSqliteStore(join(dir, '.ledgerhound', 'case.db'));
  await ingestBlocks(store, new EvmRpc({ baseUrl: process.env.GETH_RPC_URL as string }), { chain: CHAIN, from: fund?.blockNumber as number, to: head, traces: 'none', batchBlocks: 50 });
  let paymentId: string | undefined;
  for await (const t of store.ledger(CHAIN, canon(scam.address))) if (t.txHash === payment && t.to === canon(scam.address)) paymentId = t.id;
  await store.close();
  writeFileSync(join(dir, 'case.yaml'), ['name: watch soak', 'victimPayments:', `  - { id: s1, chain: ${CHAIN}, transfer: "${paymentId}" }`, 'policy: fifo', ''].join('\n'));
}, 300_000);

describe('watch soak on the geth dev node', () => {
  it(`${HOLDINGS} holdings, one moved a second: every alert once, heap flat`, async () => {
    const got: Alert[] = [];
    const sink: AlertSink = { name: 'memory', deliver: async (a) => void got.push(a) };
    const polls: (PollStatus & { heap: number })[] = [];
    const controller = new AbortController();
    const loaded = await readCaseFile(join(dir, 'case.yaml'));
    const store = await openSqliteStore(join(dir, '.ledgerhound', 'case.db'));
    const started = Date.now();
    const moves: string[] = [];
    try {
      const watching = watchCase(store, loaded, {
        sources: [{ family: 'evm', rpc: process.env.GETH_RPC_URL as string, chain: CHAIN }],
        sinks: [sink],
        transport: {},
        confirmations: 1,
        everyMs: 1000,
        signal: controller.signal,
        onPoll: (s) => polls.push({ ...s, heap: process.memoryUsage().heapUsed }),
      });
      while (polls.length === 0) await new Promise((r) => setTimeout(r, 100));
      for (let i = 0; i < MOVES; i++) {
        moves.push(await send(holders[i], away, parseEther('0.5')));
        await new Promise((r) => setTimeout(r, 1000));
      }
      const target = polls.length + 3;
      while (polls.length < target) await new Promise((r) => setTimeout(r, 100));
      controller.abort();
      await watching;
    } finally {
      await store.close();
    }
    const seconds = (Date.now() - started) / 1000;
    const ids = got.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(got.every((a) => a.kind === 'moved')).toBe(true);
    expect(ids.sort()).toEqual(moves.map((m, i) => `moved:${CHAIN}:${m}:${canon(holders[i].address)}:ETH`).sort());
    expect(polls.at(-1)?.watched).toBe(HOLDINGS + 2);
    const third = Math.max(3, Math.floor(polls.length / 3));
    const early = median(polls.slice(1, third).map((p) => p.heap));
    const late = median(polls.slice(-third).map((p) => p.heap));
    console.log(`watch soak: ${polls.length} polls in ${seconds.toFixed(0)} s, ${HOLDINGS} holdings, ${MOVES} moves, ${got.length} alerts; heap median ${(early / 2 ** 20).toFixed(1)} MB early, ${(late / 2 ** 20).toFixed(1)} MB late`);
    expect(late - early).toBeLessThan(40 * 2 ** 20);
  }, 400_000);
});
