// The block ingest carries conversions: blocks 17,173,049 and 17,173,050 served by a JSON-RPC replay
// server on 127.0.0.1, holding ONLY the 7 swap transactions of round2/dex/swap_fixtures (the recorded
// ethereum-etl lines, rebuilt here into eth_getBlockByNumber and receipt answers; the real blocks hold
// more transactions). No trace API: the two ETH payouts are not seen (ambiguous, confidence < 100). The batch
// stores the conversions with the transfers, WETH9 mints and burns included, and a re-run adds nothing.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EvmRpc } from '../../adapters/evm/evm-rpc.js';
import { fetchBlockTransfers } from '../../adapters/evm/fetch-block.js';
import { ingestBlocks } from '../../adapters/evm/ingest-blocks.js';
import { sqliteFactory } from '../support/stores.js';
import { SHARED_DATA } from './support/oracle.js';
import { type ReplayServer, startReplayServer } from './support/rpc-replay.js';

const DIR = join(SHARED_DATA, 'round2/dex/swap_fixtures');
const lines = (name: string) =>
  readFileSync(join(DIR, name), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l.replace(/(:\s*)(\d{16,})(?=\s*[,}])/g, '$1"$2"')) as Record<string, unknown>);
const hex = (n: unknown) => `0x${BigInt(n as string | number).toString(16)}`;

let server: ReplayServer;
beforeEach(async () => {
  server = await startReplayServer();
  server.answer('eth_chainId', [], '0x1');
  const txs = lines('transactions.jsonl');
  const logs = lines('logs.jsonl');
  for (const block of [17173049, 17173050]) {
    const mine = txs.filter((t) => Number(t.block_number) === block).sort((a, b) => Number(a.transaction_index) - Number(b.transaction_index));
    server.answer('eth_getBlockByNumber', [hex(block), true], {
      number: hex(block),
      hash: mine[0].block_hash,
      timestamp: hex(mine[0].block_timestamp),
      transactions: mine.map((t) => ({ hash: t.hash, from: t.from_address, to: t.to_address, value: hex(t.value), transactionIndex: hex(t.transaction_index), gasPrice: hex(t.gas_price), blockNumber: hex(block) })),
    });
    for (const t of mine) {
      server.answer('eth_getTransactionReceipt', [t.hash], {
        transactionHash: t.hash,
        status: hex(t.receipt_status),
        gasUsed: hex(t.receipt_gas_used),
        effectiveGasPrice: hex(t.receipt_effective_gas_price),
        logs: logs
          .filter((l) => l.transaction_hash === t.hash)
          .map((l) => ({ address: l.address, topics: l.topics, data: l.data, logIndex: hex(l.log_index), blockNumber: hex(block), transactionHash: t.hash, transactionIndex: hex(t.transaction_index) })),
      });
    }
  }
});
afterEach(async () => server.close());

const rpc = () => new EvmRpc({ baseUrl: server.url, maxAttempts: 2, backoff: { baseMs: 1, maxMs: 2 } });

describe('conversions in the EVM block ingest', () => {
  it('fetchBlockTransfers gives each swap transaction its conversion and the WETH9 mint/burn transfers', async () => {
    const got = await fetchBlockTransfers(rpc(), 17173050, { chain: 'ethereum', traces: 'none', tokenInfo: false });
    expect(got.conversions.map((c) => [c.id.slice(0, 20), c.kind, c.in.amount, c.out?.amount, c.confidence])).toEqual([
      ['ethereum:0xd5b8345af', 'ambiguous', 200000000n, undefined, 50],
      ['ethereum:0xeda67199a', 'swap', 111000000000n, 110962179432n, 100],
    ]);
    // WETH9's Withdrawal (log 5) is a burn transfer from the 1inch router.
    expect(got.transfers.find((t) => t.id.endsWith(':5'))).toMatchObject({ from: '0x1111111254EEB25477B68fb85Ed929f73A960582', to: '0x0000000000000000000000000000000000000000', amount: 108949043932854608n });
  });

  it('ingestBlocks stores the 7 conversions with their batch; a second run finds them stored', async () => {
    const store = await sqliteFactory.create();
    try {
      const first = await ingestBlocks(store, rpc(), { chain: 'ethereum', from: 17173049, to: 17173050, traces: 'none', tokenInfo: false });
      expect(first.conversions).toEqual({ added: 7, existing: 0 });
      const stored = [];
      for await (const c of store.conversions({ chain: 'ethereum' })) stored.push(c);
      expect(stored).toHaveLength(7);
      expect(stored.filter((c) => c.confidence < 100).map((c) => c.evidence[0].slice(0, 10)).sort()).toEqual(['0x085e9ef4', '0xd5b8345a']);
      const again = await ingestBlocks(store, rpc(), { chain: 'ethereum', from: 17173049, to: 17173049, batchBlocks: 1, traces: 'none', tokenInfo: false });
      // Another range over block 17,173,049: its 5 conversions are found stored, identical.
      expect(again.conversions).toEqual({ added: 0, existing: 5 });
      expect((await store.stats()).conversions).toBe(7);
    } finally {
      await store.close();
    }
  });
});
