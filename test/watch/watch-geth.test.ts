// The watch use case (app/watch-case.ts) on the geth dev node (test/services/geth; one block per
// transaction): a victim's payment to a scam address is traced; a signed transfer mined during the watch
// moves the holding -> `moved` (amount without the fee, per victim, destination); the next pays it into a
// tagged exchange -> `arrived` with its freeze-request draft; each within one poll; a poll with nothing
// new raises nothing and delivers nothing again. The watch state (baseline, deliveries) lives in the store.
// Also: an EVM block ingest with confirmations 0 is bounded by the head (the watch's range is open-ended).

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { id, type JsonRpcProvider, parseEther, Wallet } from 'ethers';
import { beforeAll, describe, expect, it } from 'vitest';
import { EvmRpc } from '../../adapters/evm/evm-rpc.js';
import { blockCheckpointKey, ingestBlocks } from '../../adapters/evm/ingest-blocks.js';
import { readCaseFile } from '../../app/trace-case-file.js';
import { type Alert, type AlertSink, type PollStatus, watchCase } from '../../app/watch-case.js';
import { openSqliteStore } from '../../graph/sqlite/sqlite-store.js';
import { normalizeAddress } from '../../src/model/address.js';
import { devProvider, devSigner } from '../evm/support/dev-chain.js';
import { tempDir } from '../support/stores.js';

const CHAIN = 'dev';
const canon = (a: string) => normalizeAddress(CHAIN, a);

let provider: JsonRpcProvider;
let dir: string;
const victim = new Wallet(id('watch-geth:victim'));
const scam = new Wallet(id('watch-geth:scam'));
const mule = new Wallet(id('watch-geth:mule'));
const exchange = new Wallet(id('watch-geth:exchange')).address;

async function send(from: Wallet, to: string, value: bigint): Promise<string> {
  const tx = await from.connect(provider).sendTransaction({ to, value });
  const r = await tx.wait();
  if (!r) throw new Error('no receipt');
  return r.hash;
}

class MemorySink implements AlertSink {
  readonly name = 'memory';
  readonly got: Alert[] = [];
  async deliver(alert: Alert) {
    this.got.push(alert);
  }
}

async function poll(sink: AlertSink): Promise<PollStatus> {
  const loaded = await readCaseFile(join(dir, 'case.yaml'));
  const store = await openSqliteStore(join(dir, '.ledgerhound', 'case.db'));
  const statuses: PollStatus[] = [];
  try {
    await watchCase(store, loaded, {
      sources: [{ family: 'evm', rpc: process.env.GETH_RPC_URL as string, chain: CHAIN }],
      sinks: [sink],
      transport: {},
      confirmations: 0,
      everyMs: 1000,
      once: true,
      onPoll: (s) => statuses.push(s),
    });
  } finally {
    await store.close();
  }
  return statuses[0];
}

beforeAll(async () => {
  provider = devProvider();
  const dev = await devSigner(provider);
  const fund = await (await dev.sendTransaction({ to: victim.address, value: parseEther('10') })).wait();
  const paymentHash = await send(victim, scam.address, parseEther('4'));
  const head = await provider.getBlockNumber();
  dir = tempDir('lh-watch-geth-');
  const store = await openSqliteStore(join(dir, '.ledgerhound', 'case.db'));
  await ingestBlocks(store, new EvmRpc({ baseUrl: process.env.GETH_RPC_URL as string }), { chain: CHAIN, from: fund?.blockNumber as number, to: head, traces: 'none' });
  let paymentId: string | undefined;
  for await (const t of store.ledger(CHAIN, canon(scam.address))) if (t.txHash === paymentHash && t.to === canon(scam.address)) paymentId = t.id;
  await store.close();
  expect(paymentId).toBeDefined();
  writeFileSync(join(dir, 'tags.jsonl'), `${JSON.stringify({ chain: CHAIN, address: exchange, label: 'Dev Exchange', category: 'exchange', source: 'watch test', confidence: 100 })}\n`);
  writeFileSync(
    join(dir, 'case.yaml'),
    ['name: watch geth', 'sources: [tags.jsonl]', 'victimPayments:', `  - { id: v1, chain: ${CHAIN}, transfer: "${paymentId}" }`, 'policy: fifo', ''].join('\n'),
  );
}, 180_000);

describe('watch on the geth dev node', () => {
  it('raises moved, then arrived with a freeze-request draft, each within one poll, each once', async () => {
    const sink = new MemorySink();
    const first = await poll(sink);
    expect(first.sources[0]).toMatchObject({ chain: CHAIN });
    expect(first.watched).toBe(1);
    expect(sink.got).toEqual([]);

    const moveHash = await send(scam, mule.address, parseEther('3'));
    const second = await poll(sink);
    expect(second.sources[0].error).toBeUndefined();
    expect(second.sources[0].added).toBeGreaterThan(0);
    expect(sink.got).toHaveLength(1);
    expect(sink.got[0]).toMatchObject({
      id: `moved:${CHAIN}:${moveHash}:${canon(scam.address)}:ETH`,
      kind: 'moved',
      address: canon(scam.address),
      asset: 'ETH',
      amount: String(parseEther('3')),
      bySource: { v1: String(parseEther('3')) },
      to: [{ address: canon(mule.address), amount: String(parseEther('3')) }],
      transactions: [moveHash],
    });

    const payHash = await send(mule, exchange, parseEther('2.5'));
    await poll(sink);
    const arrived = sink.got.find((a) => a.kind === 'arrived');
    expect(arrived).toMatchObject({
      id: `arrived:${CHAIN}:${payHash}:${canon(exchange)}:ETH`,
      entity: 'Dev Exchange',
      address: canon(exchange),
      amount: String(parseEther('2.5')),
      bySource: { v1: String(parseEther('2.5')) },
      transactions: [payHash],
    });
    expect(arrived?.freezeRequest?.rows).toEqual([expect.objectContaining({ victimPayment: 'v1', amount: String(parseEther('2.5')), txHash: payHash })]);
    expect(sink.got.map((a) => a.kind).sort()).toEqual(['arrived', 'moved', 'moved']);

    const count = sink.got.length;
    const quiet = await poll(sink);
    expect(sink.got).toHaveLength(count);
    expect(quiet).toMatchObject({ alerts: 0, delivered: 0, failed: 0 });
  }, 300_000);

  it('an EVM block ingest with confirmations 0 stops at the head rather than failing past it (the watch range is open-ended)', async () => {
    const head = await provider.getBlockNumber();
    const store = await openSqliteStore(join(tempDir(), 'case.db'));
    try {
      const res = await ingestBlocks(store, new EvmRpc({ baseUrl: process.env.GETH_RPC_URL as string }), { chain: CHAIN, from: head, to: head + 100, confirmations: 0, traces: 'none' });
      expect(res.skippedUnconfirmed).toEqual({ from: head + 1, to: head + 100 });
      expect(await store.getCheckpoint(blockCheckpointKey(CHAIN, head, head + 100))).toBe(String(head));
    } finally {
      await store.close();
    }
  });
});
