// Block-explorer exports imported as chain data (adapters/files/explorer-transfers.ts): an Etherscan
// token-transfer export, an Etherscan transactions export and a Tronscan TRC-20 export, written in the
// column layouts those sites use, of transactions in the sample case's interchange data
// (samples/pig-butchering/transfers.jsonl). Checked: same addresses, assets and amounts as the interchange
// records; ids equal where the export has what they are made of, or once completed from the store or a
// chain source (a TronGrid-compatible server); positions marked unknown otherwise and the trace says so;
// re-import adds nothing; a bad row names file, line and field and writes nothing; provisional ids are one
// per row and stable under re-import and row order (fast-check).

import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '../../adapters/files/import-files.js';
import { TRANSFER_TOPIC } from '../../adapters/evm/parse-logs.js';
import { tronBase58ToHex } from '../../src/model/address.js';
import type { CaseFile } from '../../src/model/case.js';
import { type AccountTransfer, parseTransfer } from '../../src/model/transfer.js';
import type { GraphStore } from '../../src/ports.js';
import { traceCase } from '../../src/tracing/trace-case.js';
import { sqliteFactory, tempDir } from '../support/stores.js';
import { startEtherscanServer } from '../evm/support/etherscan-server.js';
import { startTronGridServer, type TronGridServer } from '../tron/support/trongrid-server.js';

const FIX = join(import.meta.dirname, '../fixtures/explorer-import');
const TOKENS = join(FIX, 'etherscan-tokens-0x19a7.csv');
const TXS = join(FIX, 'etherscan-txs-0x3942.csv');
const TRONSCAN = join(FIX, 'tronscan-trc20-TJQx.csv');
const SAMPLE = join(import.meta.dirname, '../../samples/pig-butchering/transfers.jsonl');
const INTERCHANGE: AccountTransfer[] = readFileSync(SAMPLE, 'utf8')
  .trim()
  .split('\n')
  .map((l, i) => parseTransfer(JSON.parse(l), { file: SAMPLE, line: i + 1 }));
const TJQX = 'TJQxYGK1K8Zh1WkTg5jqHWrRRMuKqifwY6';

async function all(store: GraphStore, chain: string): Promise<AccountTransfer[]> {
  const out: AccountTransfer[] = [];
  for await (const t of store.transfers({ chain })) out.push(t);
  return out;
}

/** What an export can say about a transfer: transaction, asset, addresses, amount, block, time. */
const movement = (t: AccountTransfer) => ({ txHash: t.txHash, asset: t.asset, from: t.from, to: t.to, amount: t.amount, block: t.block, time: t.time });
const byMovement = (a: AccountTransfer, b: AccountTransfer) => JSON.stringify(movement(a), (_, v) => (typeof v === 'bigint' ? v.toString() : v)).localeCompare(JSON.stringify(movement(b), (_, v) => (typeof v === 'bigint' ? v.toString() : v)));
const expectedOf = (pred: (t: AccountTransfer) => boolean) => INTERCHANGE.filter(pred).sort(byMovement);

describe('Etherscan exports as chain data', () => {
  let store: GraphStore;
  beforeAll(async () => {
    store = await sqliteFactory.create();
  });
  afterAll(async () => store.close());

  it('a token-transfer export gives the interchange movements (addresses, asset, amount, block, time), positions marked unknown', async () => {
    const r = await importFile(store, TOKENS);
    expect(r.kind).toBe('explorer-export');
    expect(r.explorer).toMatchObject({ format: 'etherscan-tokens', chain: 'ethereum', completion: { store: 0, source: 0, export: 5, positionUnknown: 5 } });
    expect(r.summary.transfers).toEqual({ added: 5, existing: 0 });
    const got = (await all(store, 'ethereum')).sort(byMovement);
    const A = '0x19a7470F093eCD3eDd8e9B84c803BfeCa5B6D043';
    const want = expectedOf((t) => t.chain === 'ethereum' && t.asset.startsWith('erc20:') && (t.from === A || t.to === A));
    expect(got.map(movement)).toEqual(want.map(movement));
    // No export has the log index: the ids are provisional, and the position is unknown.
    for (const t of got) {
      expect(t.id).toMatch(/^0x[0-9a-f]{64}:export:[0-9a-f]{16}$/);
      expect(t).toMatchObject({ txIndex: 0, index: 0, extra: { positionUnknown: true } });
    }
  });

  it('re-importing the same export adds nothing', async () => {
    const r = await importFile(store, TOKENS);
    expect(r.summary.transfers).toEqual({ added: 0, existing: 5 });
    expect(await all(store, 'ethereum')).toHaveLength(5);
  });

  it('a transactions export gives value and fee with the adapters ids <hash>:native and <hash>:fee', async () => {
    const s = await sqliteFactory.create();
    try {
      const r = await importFile(s, TXS);
      expect(r.explorer?.format).toBe('etherscan-txs');
      const got = await all(s, 'ethereum');
      const B = '0x3942e1B71f737491C73abA58111a71C7A4Ae3399';
      const want = INTERCHANGE.filter((t) => t.chain === 'ethereum' && t.asset === 'ETH' && !t.id.includes(':call:') && (t.from === B || t.to === B));
      for (const w of want) expect(got.find((t) => t.id === w.id), w.id).toMatchObject({ ...movement(w), index: -1, txIndex: 0, extra: { positionUnknown: true } });
      // The incoming 0.5 ETH's fee (paid by the sender) is in the export, not in the sample: one more.
      expect(got).toHaveLength(want.length + 1);
      expect(got.find((t) => t.id === '0x520964f5a5a6a8dcfd3450aeae056b81cbefdb30356e260187fb38c060c951c9:fee')).toMatchObject({ from: '0xF977814e90dA44bFA03b6295A0616a897441aceC', to: null, amount: 441_000_000_000_000n });
    } finally {
      await s.close();
    }
  });

  it('after the interchange data, the exports match the stored transfers: same ids, nothing added', async () => {
    const s = await sqliteFactory.create();
    try {
      await importFile(s, SAMPLE);
      const before = (await all(s, 'ethereum')).length;
      const tokens = await importFile(s, TOKENS);
      expect(tokens.summary.transfers).toEqual({ added: 0, existing: 5 });
      expect(tokens.explorer?.completion).toMatchObject({ store: 5, export: 0, positionUnknown: 0 });
      const txs = await importFile(s, TXS);
      expect(txs.summary.transfers).toEqual({ added: 1, existing: 9 });
      expect((await all(s, 'ethereum')).length).toBe(before + 1);
    } finally {
      await s.close();
    }
  });

  it('an export differing from a stored transfer of the same id is refused naming file, line and field', async () => {
    const s = await sqliteFactory.create();
    const dir = tempDir();
    try {
      await importFile(s, SAMPLE);
      const bad = join(dir, 'txs.csv');
      writeFileSync(bad, readFileSync(TXS, 'utf8').replace('"0","0.0135"', '"0","0.0136"'));
      await expect(importFile(s, bad)).rejects.toMatchObject({ code: 'INVALID_INPUT', details: { file: bad, line: 6, field: 'Value_OUT(ETH)' } });
    } finally {
      await s.close();
    }
  });

  it('a bad row names file, line and field and nothing of the file is written', async () => {
    const s = await sqliteFactory.create();
    const dir = tempDir();
    try {
      const lines = readFileSync(TOKENS, 'utf8').split('\n');
      const bad = join(dir, 'tokens.csv');
      writeFileSync(bad, [...lines.slice(0, 3), lines[3].replace('"0x19a7470f093ecd3edd8e9b84c803bfeca5b6d043"', '"0x19a7470f093ecd3edd8e9b84c803bfeca5b6d04"'), ...lines.slice(4)].join('\n'));
      await expect(importFile(s, bad)).rejects.toMatchObject({ code: 'INVALID_INPUT', details: { file: bad, line: 4, field: 'To' } });
      const amount = join(dir, 'amount.csv');
      writeFileSync(amount, [...lines.slice(0, 2), lines[2].replace('"30,000"', '"30,000.1234567"'), ...lines.slice(3)].join('\n'));
      await expect(importFile(s, amount)).rejects.toMatchObject({ code: 'INVALID_INPUT', details: { file: amount, line: 3, field: 'TokenValue' } });
      expect(await all(s, 'ethereum')).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it('completed from an Etherscan-family API (etherscan:URL, proxy receipts): the interchange records exactly, the right log among several', async () => {
    const server = await startEtherscanServer();
    const s = await sqliteFactory.create();
    try {
      const A = '0x19a7470F093eCD3eDd8e9B84c803BfeCa5B6D043';
      const want = expectedOf((t) => t.chain === 'ethereum' && t.asset.startsWith('erc20:') && (t.from === A || t.to === A));
      const hex = (n: number | bigint) => `0x${n.toString(16)}`;
      const word = (a: string) => `0x${a.toLowerCase().replace(/^0x/, '').padStart(64, '0')}`;
      const log = (t: AccountTransfer, logIndex: number, to = t.to!, amount = t.amount) => ({
        address: t.asset.slice(6).toLowerCase(),
        topics: [TRANSFER_TOPIC, word(t.from), word(to)],
        data: word(amount.toString(16)),
        blockNumber: hex(t.block),
        transactionHash: t.txHash,
        transactionIndex: hex(t.txIndex),
        logIndex: hex(logIndex),
        removed: false,
      });
      for (const t of want) {
        // A decoy first: another Transfer by the same sender in the same transaction.
        const logs = [log(t, t.index - 1, '0x9D88c72c23627D88EE5772B325966DAf7b0985b6', 1_000_000n), log(t, t.index)];
        server.setProxy('eth_getTransactionReceipt', t.txHash, { transactionHash: t.txHash, blockNumber: hex(t.block), transactionIndex: hex(t.txIndex), status: '0x1', gasUsed: '0x5208', logs });
      }
      const r = await importFile(s, TOKENS, { explorer: { completeFrom: `etherscan:${server.url}` } });
      expect(r.explorer).toMatchObject({ completion: { source: 5, export: 0, positionUnknown: 0 }, completeFrom: `etherscan:${server.url}` });
      expect((await all(s, 'ethereum')).sort(byMovement)).toEqual(want);
    } finally {
      await s.close();
      await server.close();
    }
  });

  it('--format must match the header; an unknown token without a chain source is refused', async () => {
    const s = await sqliteFactory.create();
    const dir = tempDir();
    try {
      await expect(importFile(s, TOKENS, { explorer: { format: 'tronscan' } })).rejects.toMatchObject({ code: 'INVALID_INPUT', details: { line: 1, field: '--format' } });
      const other = join(dir, 'other-token.csv');
      writeFileSync(other, readFileSync(TOKENS, 'utf8').replaceAll('0xdac17f958d2ee523a2206206994597c13d831ec7', '0x1111111111111111111111111111111111111111'));
      await expect(importFile(s, other)).rejects.toMatchObject({ code: 'INVALID_INPUT', details: { line: 2, field: 'TokenValue' } });
      expect(await all(s, 'ethereum')).toEqual([]);
    } finally {
      await s.close();
    }
  });
});

/** The TronGrid answers for the sample's TRON transfers: a Transfer log each, blocks listing the transactions. */
function serveSample(server: TronGridServer, transfers: readonly AccountTransfer[]): void {
  const word = (hex: string) => hex.padStart(64, '0');
  const blocks = new Map<number, string[]>();
  for (const t of transfers) {
    server.setInfo(t.txHash, {
      id: t.txHash,
      blockNumber: t.block,
      blockTimeStamp: Date.parse(t.time!),
      receipt: { result: 'SUCCESS' },
      log: [{ address: tronBase58ToHex(t.asset.slice(6)).slice(2), topics: [TRANSFER_TOPIC.slice(2), word(tronBase58ToHex(t.from).slice(2)), word(tronBase58ToHex(t.to!).slice(2))], data: word(t.amount.toString(16)) }],
    });
    const txs = blocks.get(t.block) ?? [];
    txs[t.txIndex] = t.txHash;
    blocks.set(t.block, txs);
  }
  for (const [num, txs] of blocks) {
    const list = Array.from(txs, (h, i) => ({ txID: h ?? `${num.toString(16).padStart(8, '0')}${i.toString(16).padStart(56, '0')}` }));
    server.setBlock(num, { blockID: 'b'.repeat(64), block_header: { raw_data: { number: num } }, transactions: list });
  }
}

describe('Tronscan exports as chain data', () => {
  const want = expectedOf((t) => t.chain === 'tron' && (t.from === TJQX || t.to === TJQX));
  const kase = (transfer: string): CaseFile => ({
    name: 'tronscan export',
    sources: [],
    victimPayments: [{ id: 'v1', chain: 'tron', transfer }],
    policy: 'fifo',
    maxHops: 5,
    stopAt: ['exchange'],
    inheritTags: false,
  });
  let server: TronGridServer;
  beforeAll(async () => {
    server = await startTronGridServer();
    serveSample(server, want);
  });
  afterAll(async () => server.close());

  it('without a chain source: the interchange movements, positions unknown, and the trace lists the block of unknown order', async () => {
    const s = await sqliteFactory.create();
    try {
      const r = await importFile(s, TRONSCAN);
      expect(r.explorer).toMatchObject({ format: 'tronscan', chain: 'tron', completion: { export: 5, positionUnknown: 5 } });
      const got = (await all(s, 'tron')).sort(byMovement);
      expect(got.map(movement)).toEqual(want.map(movement));
      expect(got.every((t) => t.extra?.positionUnknown === true)).toBe(true);
      // The victim pays into TJQx in block 66,250,000, where TJQx receives another payment.
      const paid = got.find((t) => t.txHash === '9f0115af2853de114e3916e4a8231cc41ae1d98e38c7b15af5435c63b0493aaa')!;
      const { result } = await traceCase(s, kase(paid.id));
      expect(result.unknownOrder).toEqual([{ chain: 'tron', address: TJQX, block: 66250000, events: expect.arrayContaining([paid.id]) }]);
    } finally {
      await s.close();
    }
  });

  it('completed from TronGrid: the interchange records exactly (ids <txID>:<n>, txIndex from the block), and no unknown order', async () => {
    const s = await sqliteFactory.create();
    try {
      const r = await importFile(s, TRONSCAN, { explorer: { completeFrom: server.url } });
      expect(r.explorer).toMatchObject({ completion: { source: 5, export: 0, positionUnknown: 0 } });
      const got = (await all(s, 'tron')).sort(byMovement);
      expect(got).toEqual(want);
      const { result } = await traceCase(s, kase('9f0115af2853de114e3916e4a8231cc41ae1d98e38c7b15af5435c63b0493aaa:0'));
      expect(result.unknownOrder).toBeUndefined();
      // Importing the interchange data afterwards adds nothing: the ids are the same.
      const again = await importFile(s, SAMPLE);
      expect(again.summary.transfers.added).toBe(INTERCHANGE.length - want.length);
    } finally {
      await s.close();
    }
  });

  it('a chain source that disagrees with the export stops the file naming the row', async () => {
    const s = await sqliteFactory.create();
    const dir = tempDir();
    try {
      const bad = join(dir, 'tronscan.csv');
      copyFileSync(TRONSCAN, bad);
      writeFileSync(bad, readFileSync(TRONSCAN, 'utf8').replace('"60,000"', '"61,000"'));
      await expect(importFile(s, bad, { explorer: { completeFrom: server.url } })).rejects.toMatchObject({ code: 'INVALID_INPUT', details: { file: bad, line: 5, field: 'Amount/TokenID' } });
      expect(await all(s, 'tron')).toEqual([]);
    } finally {
      await s.close();
    }
  });
});

describe('provisional ids (fast-check)', () => {
  const HEADER = '"Transaction Hash","Blockno","UnixTimestamp","DateTime (UTC)","From","To","TokenValue","USDValueDayOfTx","ContractAddress","TokenName","TokenSymbol"';
  const ADDRESSES = ['0x51feec9d17bb7f0147f62389071084a002745fcd', '0x19a7470f093ecd3edd8e9b84c803bfeca5b6d043', '0x9d88c72c23627d88ee5772b325966daf7b0985b6'];
  const row = fc.record({ tx: fc.integer({ min: 1, max: 3 }), from: fc.integer({ min: 0, max: 2 }), to: fc.integer({ min: 0, max: 2 }), units: fc.integer({ min: 1, max: 3 }) });

  it('one transfer per row, distinct ids, identical rows kept apart, re-import and reversed row order add nothing', async () => {
    const dir = tempDir();
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 12 }), async (rows) => {
        const lines = rows.map((r) =>
          [`0x${String(r.tx).repeat(64)}`, '20700100', '1725541811', '2024-09-05 13:10:11', ADDRESSES[r.from], ADDRESSES[r.to], `${r.units},000`, '$0.00', '0xdac17f958d2ee523a2206206994597c13d831ec7', 'Tether USD', 'USDT']
            .map((c) => `"${c}"`)
            .join(','),
        );
        const file = join(dir, 'export.csv');
        const reversed = join(dir, 'reversed.csv');
        writeFileSync(file, `${[HEADER, ...lines].join('\n')}\n`);
        writeFileSync(reversed, `${[HEADER, ...lines.reverse()].join('\n')}\n`);
        const s = await sqliteFactory.create();
        try {
          const first = await importFile(s, file);
          expect(first.summary.transfers).toEqual({ added: rows.length, existing: 0 });
          const stored = await all(s, 'ethereum');
          expect(new Set(stored.map((t) => t.id)).size).toBe(rows.length);
          expect((await importFile(s, file)).summary.transfers.added).toBe(0);
          expect((await importFile(s, reversed)).summary.transfers.added).toBe(0);
        } finally {
          await s.close();
        }
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});
