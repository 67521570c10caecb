// Block files (blk*.dat: magic, size, block) from btcd's test data: reading, ordering into the best
// chain (stale blocks left out, arrival order ignored), ingest with confirmations, resume after an
// interruption without duplicates, and clear errors (bad magic, unresolvable inputs, nothing half-written).

import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readBlkRecords, readMaybeCompressed } from '../../adapters/bitcoin/blk-file.js';
import { GENESIS_HASH, orderChain, readHeaderLink } from '../../adapters/bitcoin/chain-order.js';
import { decodeBlock } from '../../adapters/bitcoin/decode.js';
import { ingestBlkFiles } from '../../adapters/bitcoin/ingest-blk.js';
import { isLedgerhoundError } from '../../src/errors.js';
import { sharedData } from '../support/fixtures.js';
import { runCli } from '../support/cli.js';
import { sqliteFactory, tempDir } from '../support/stores.js';

const BLK_0_4 = sharedData('btcd/blockchain/testdata/blk_0_to_4.dat.bz2');
const BLK_277647 = sharedData('btcd/blockchain/testdata/277647.dat.bz2');
const BLOCKS_1_256 = sharedData('btcd/database/testdata/blocks1-256.bz2');

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

function blkFile(blocks: Uint8Array[]): Buffer {
  return Buffer.concat(
    blocks.flatMap((b) => {
      const head = Buffer.alloc(8);
      Buffer.from('f9beb4d9', 'hex').copy(head);
      head.writeUInt32LE(b.length, 4);
      return [head, Buffer.from(b)];
    }),
  );
}

describe('reading block files', () => {
  it('decompresses the btcd files to their published SHA-256', () => {
    expect(sha256(readMaybeCompressed(BLK_0_4))).toBe('a23a01e716542e76f6cfe10502391c6871023bd219d2c357de646f9d5b3b6232');
    expect(sha256(readMaybeCompressed(BLK_277647))).toBe('86619ab989786ccefe152a7eae91f3b3ba64af82fe250e8fae2b810b4d44770f');
    expect(sha256(readMaybeCompressed(BLOCKS_1_256))).toBe('b465f2d099b7c555861bbfe73ce17e78fbc284ad6b48819b4892d1eab0bee973');
  });

  // Despite its name this file is not mainnet blocks 1..4: it holds the mainnet genesis block and four
  // blocks that btcd's tests mined on top of it (10 minutes apart, with spends of earlier coinbases).
  it('chains blocks 0 to 4 by prevHash from genesis', () => {
    const recs = [...readBlkRecords(readMaybeCompressed(BLK_0_4), 'bitcoin')];
    expect(recs).toHaveLength(5);
    const order = orderChain(recs.map((r) => readHeaderLink(r.bytes)), 'bitcoin');
    expect(order.main.map((m) => m.height)).toEqual([0, 1, 2, 3, 4]);
    expect(order.main[0].block.hash).toBe(GENESIS_HASH.bitcoin);
    expect(order.main[1].block.hash).toBe('00000000ebe5ec3e94d8dfe18100e5c0f3b1955bc6107fbe24d95732b814551b');
    expect(order.stale).toEqual([]);
  });

  it('places block 277647 by its BIP-34 height and parses its multi-input transactions', () => {
    const [rec] = [...readBlkRecords(readMaybeCompressed(BLK_277647), 'bitcoin')];
    const block = decodeBlock(rec.bytes, 'bitcoin');
    expect(block.hash).toBe('0000000000000000054a714e580b16c583701712ab91060e92dbde6eb1e052a8');
    expect(orderChain([readHeaderLink(rec.bytes)], 'bitcoin').main[0].height).toBe(277647);
    expect(block.transactions).toHaveLength(213);
    expect(block.transactions.filter((t) => t.inputs.length > 1)).toHaveLength(115);
    expect(Math.max(...block.transactions.map((t) => t.inputs.length))).toBe(88);
  });

  it('leaves out a stale block and ignores arrival order', () => {
    const recs = [...readBlkRecords(readMaybeCompressed(BLK_0_4), 'bitcoin')].map((r) => Buffer.from(r.bytes));
    const stale = Buffer.from(recs[3]);
    stale.writeUInt32LE((stale.readUInt32LE(76) ^ 1) >>> 0, 76); // another nonce: a competing block at height 3
    const links = [recs[4], stale, recs[2], recs[0], recs[3], recs[1]].map((b) => readHeaderLink(b));
    const order = orderChain(links, 'bitcoin');
    expect(order.main.map((m) => m.block.hash)).toEqual(recs.map((b) => readHeaderLink(b).hash));
    expect(order.stale.map((b) => b.hash)).toEqual([readHeaderLink(stale).hash]);
  });

  it('finds the same best chain whatever the arrival order (blocks 1..255)', () => {
    const links = [...readBlkRecords(readMaybeCompressed(BLOCKS_1_256), 'bitcoin')].map((r) => readHeaderLink(r.bytes));
    const expected = orderChain(links, 'bitcoin').main.map((m) => `${m.height}:${m.block.hash}`);
    expect(expected).toHaveLength(255);
    expect(expected[0]).toMatch(/^1:/);
    fc.assert(
      fc.property(fc.shuffledSubarray(links, { minLength: links.length, maxLength: links.length }), (shuffled) => {
        expect(orderChain(shuffled, 'bitcoin').main.map((m) => `${m.height}:${m.block.hash}`)).toEqual(expected);
      }),
      { seed: 7, numRuns: 30 },
    );
  });

  it('names the file and offset of a bad magic', () => {
    const data = Buffer.concat([blkFile([readMaybeCompressed(BLK_0_4).subarray(8, 293)]), Buffer.from('deadbeef00000000', 'hex')]);
    let err: unknown;
    try {
      [...readBlkRecords(data, 'bitcoin', 'blk00009.dat')];
    } catch (e) {
      err = e;
    }
    expect(isLedgerhoundError(err, 'INVALID_INPUT')).toBe(true);
    expect((err as { details: { file: string; offset: number } }).details).toMatchObject({ file: 'blk00009.dat', offset: 293 });
  });
});

describe('ingest --blk-files', () => {
  it('ingests blocks 0..4 (p2pk coinbase outputs kept with their script)', async () => {
    const store = await sqliteFactory.create();
    const sum = await ingestBlkFiles(BLK_0_4, store, { chain: 'bitcoin', confirmations: 1 });
    expect(sum).toMatchObject({ batches: 5, lastBlock: 4, transactions: { added: 9, existing: 0 } });
    // Blocks 2..4 spend earlier coinbases: every input is resolved from the store, value and address.
    let spends = 0;
    for await (const tx of store.transactions({ chain: 'bitcoin' })) {
      for (const input of tx.inputs) {
        if (input.coinbase) continue;
        const prev = await store.getTransaction('bitcoin', input.prevTxid as string);
        const coin = prev?.outputs[input.prevVout as number];
        expect(coin && { address: coin.address, value: coin.value }).toEqual({ address: input.address, value: input.value });
        expect(prev?.block).toBeLessThan(tx.block);
        spends++;
      }
    }
    expect(spends).toBe(4);
    const genesisCoinbase = await store.getTransaction('bitcoin', '4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b');
    expect(genesisCoinbase).toMatchObject({ block: 0, txIndex: 0, time: '2009-01-03T18:15:05Z', inputs: [{ coinbase: true }] });
    expect(genesisCoinbase?.outputs).toEqual([
      { n: 0, address: null, value: 5_000_000_000n, script: '4104678afdb0fe5548271967f1a67130b7105cd6a828e03909a67962e0ea1f61deb649f6bc3f4cef38c4f35504e51ec112de5c384df7ba0b8d578a4c702b6bf11d5fac' },
    ]);
    await store.close();
  });

  it('keeps the last K-1 blocks out (confirmations) and says so', async () => {
    const store = await sqliteFactory.create();
    const sum = await ingestBlkFiles(BLK_0_4, store, { chain: 'bitcoin' });
    expect(sum.batches).toBe(0);
    expect(sum.skipped).toEqual([{ what: 'blocks 0..4', reason: 'fewer than 6 confirmations in the files (tip 4)' }]);
    await store.close();
  });

  it('resumes after an interruption without duplicates (blocks 1..255)', async () => {
    // Transactions in blocks 1..250 and 101..250, counted straight from the file.
    const counts = [...readBlkRecords(readMaybeCompressed(BLOCKS_1_256), 'bitcoin')].map((r) => decodeBlock(r.bytes, 'bitcoin').transactions.length);
    const total = counts.slice(0, 250).reduce((a, b) => a + b, 0);
    const tail = counts.slice(100, 250).reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(250); // btcd's test chain spends some coinbases, not only coinbase blocks
    const store = await sqliteFactory.create();
    const abort = new AbortController();
    const first = await ingestBlkFiles(BLOCKS_1_256, store, {
      chain: 'bitcoin',
      signal: abort.signal,
      onBatch: (b) => {
        if (b.block === 100) abort.abort();
      },
    });
    expect(first).toMatchObject({ interrupted: true, lastBlock: 100, batches: 100 });
    const second = await ingestBlkFiles(BLOCKS_1_256, store, { chain: 'bitcoin' });
    expect(second).toMatchObject({ interrupted: false, resumedAfter: 'block 100', batches: 150, lastBlock: 250, transactions: { added: tail, existing: 0 } });
    const third = await ingestBlkFiles(BLOCKS_1_256, store, { chain: 'bitcoin' });
    expect(third.batches).toBe(0);
    const stats = await store.stats();
    expect(stats.transactions).toBe(total);
    expect(stats.chains.bitcoin).toMatchObject({ minBlock: 1, maxBlock: 250 });
    await store.close();
  });

  it('stops with NOT_FOUND naming the input when a spent coin is nowhere, writing nothing', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'blk00000.dat'), readMaybeCompressed(BLK_277647));
    const store = await sqliteFactory.create();
    let err: unknown;
    try {
      await ingestBlkFiles(dir, store, { chain: 'bitcoin', confirmations: 1 });
    } catch (e) {
      err = e;
    }
    expect(isLedgerhoundError(err, 'NOT_FOUND')).toBe(true);
    expect((err as { details: Record<string, unknown> }).details).toMatchObject({ input: 0, prevVout: expect.any(Number) });
    expect((await store.stats()).transactions).toBe(0);
    await store.close();
  });

  it('works from the command line, with a summary on stdout and --json', () => {
    const store = join(tempDir(), 'case.db');
    const human = runCli(['ingest', 'bitcoin', '--blk-files', BLOCKS_1_256, '--store', store, '--quiet']);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toContain('skipped blocks 251..255: fewer than 6 confirmations in the files (tip 255)');
    const json = runCli(['ingest', 'bitcoin', '--blk-files', BLOCKS_1_256, '--confirmations', '1', '--store', store, '--json']);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ mode: 'blk-files', chain: 'bitcoin', batches: 5, resumedAfter: 'block 250', lastBlock: 255 });
  });
});
