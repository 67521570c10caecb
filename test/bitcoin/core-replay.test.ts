// The RPC adapter on real mainnet data: bitcoin-etl's recorded Bitcoin Core responses for blocks 0, 1
// and 50,000 to 50,002 (with the transactions they spend), replayed on loopback. Every transaction must
// match bitcoin-etl's expected output: inputs (spent outpoint, address, value), outputs, fee. bitcoin-etl
// gives p2pk outputs the p2pkh address of their key; FORMATS.md keeps them without an address (null) and
// with their script, so those are compared as null + script.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestRpcBlocks, rpcCheckpointKey } from '../../adapters/bitcoin/ingest-rpc.js';
import { createBitcoinRpc } from '../../adapters/bitcoin/rpc.js';
import { isLedgerhoundError } from '../../src/errors.js';
import { utxoFee } from '../../src/model/utxo.js';
import { sqliteFactory, storeFactories } from '../support/stores.js';
import { ETL_DIR, startCoreReplay } from './support/core-replay.js';

interface EtlTx {
  hash: string;
  block_number: number;
  block_timestamp: number;
  index: number;
  is_coinbase: boolean;
  inputs: { spent_transaction_hash: string; spent_output_index: number; addresses: string[]; value: number; type: string }[];
  outputs: { index: number; addresses: string[]; value: number; type: string; script_hex: string }[];
  fee: number;
}

let replay: Awaited<ReturnType<typeof startCoreReplay>>;
beforeAll(async () => {
  replay = await startCoreReplay();
});
afterAll(async () => replay.close());

const cases = [
  { folder: 'block_0', from: 0, to: 0 },
  { folder: 'block_1', from: 1, to: 1 },
  { folder: 'block_without_transactions', from: 50000, to: 50000 },
  { folder: 'stream_50001_50002', from: 50001, to: 50002 },
];

describe.each(storeFactories())('RPC adapter on recorded mainnet Bitcoin Core responses (bitcoin-etl), into $name', (factory) => {
  for (const c of cases) {
    it(`${c.folder}: blocks ${c.from}..${c.to} match the expected transactions`, async () => {
      const expected = readFileSync(join(ETL_DIR, c.folder, 'expected_transactions.json'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as EtlTx);
      const store = await factory.create();
      const sum = await ingestRpcBlocks(createBitcoinRpc({ url: replay.url }), store, { from: c.from, to: c.to });
      expect(sum.chain).toBe('bitcoin');
      expect(sum.transactions.added).toBe(expected.length);
      for (const e of expected) {
        const tx = await store.getTransaction('bitcoin', e.hash);
        expect(tx, e.hash).toBeDefined();
        if (!tx) continue;
        expect(tx.block).toBe(e.block_number);
        expect(tx.txIndex).toBe(e.index);
        expect(tx.time).toBe(new Date(e.block_timestamp * 1000).toISOString().replace('.000Z', 'Z'));
        if (e.is_coinbase) expect(tx.inputs).toEqual([{ address: null, value: 0n, coinbase: true }]);
        else {
          expect(tx.inputs).toEqual(
            e.inputs.map((i) => ({
              prevTxid: i.spent_transaction_hash,
              prevVout: i.spent_output_index,
              address: i.type === 'pubkey' ? null : i.addresses[0],
              value: BigInt(i.value),
            })),
          );
          expect(utxoFee(tx)).toBe(BigInt(e.fee));
        }
        expect(tx.outputs).toEqual(
          e.outputs.map((o) =>
            o.type === 'pubkey' ? { n: o.index, address: null, value: BigInt(o.value), script: o.script_hex } : { n: o.index, address: o.addresses[0], value: BigInt(o.value) },
          ),
        );
      }
      await store.close();
    });
  }
});

describe('RPC adapter: fetches, reorganisations, bad input', () => {
  it('fetches each spent transaction once and serves it from the store afterwards', async () => {
    const store = await sqliteFactory.create();
    const before = replay.calls.getrawtransaction ?? 0;
    const sum = await ingestRpcBlocks(createBitcoinRpc({ url: replay.url }), store, { from: 50001, to: 50001 });
    expect(sum.prevoutFetches).toBe(3);
    expect((replay.calls.getrawtransaction ?? 0) - before).toBe(3);
    await store.close();
  });

  it('stops with INTEGRITY when the checkpointed block is no longer on the best chain (deep reorganisation)', async () => {
    const store = await sqliteFactory.create();
    await store.importBatch({
      source: { name: 'earlier run', sha256: '0'.repeat(64), kind: 'adapter' },
      checkpoint: { key: rpcCheckpointKey('bitcoin', 50001, 50002), value: JSON.stringify({ height: 50001, hash: 'ff'.repeat(32) }) },
    });
    const err = await ingestRpcBlocks(createBitcoinRpc({ url: replay.url }), store, { from: 50001, to: 50002 }).catch((e) => e);
    expect(isLedgerhoundError(err, 'INTEGRITY')).toBe(true);
    expect(err.details).toMatchObject({ height: 50001, stored: 'ff'.repeat(32), current: '000000001c920d495e1eeef2452b6d1c6c229a919b28196c103ecffebabee141' });
    expect((await store.stats()).transactions).toBe(0);
    await store.close();
  });

  it('rejects a bad block range with INVALID_INPUT before any request', async () => {
    const store = await sqliteFactory.create();
    const err = await ingestRpcBlocks(createBitcoinRpc({ url: replay.url }), store, { from: 5, to: 4, chain: 'bitcoin' }).catch((e) => e);
    expect(isLedgerhoundError(err, 'INVALID_INPUT')).toBe(true);
    await store.close();
  });
});
