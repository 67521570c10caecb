// Interchange imports (FORMATS.md): every shape of every record kind, errors that name file, line and
// field with the store left unchanged, idempotent re-imports, and conflicts between files.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFile } from '../../adapters/files/import-files.js';
import { openSqliteStore, type SqliteStore } from '../../graph/sqlite/sqlite-store.js';
import { isLedgerhoundError } from '../../src/errors.js';
import { btcAddress, evmAddress, tronAddress, txid } from '../support/addresses.js';
import { tempDir } from '../support/stores.js';

const USDT = 'erc20:0xdAC17F958D2ee523a2206206994597C13D831ec7';
const TRC20_USDT = 'trc20:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t';

function transferRecord(n: number, over: Record<string, unknown> = {}) {
  return {
    id: `${txid(`t${n}`)}:${n}`,
    chain: 'ethereum',
    asset: USDT,
    txHash: txid(`t${n}`),
    block: 19_000_000 + n,
    txIndex: 57,
    index: 12,
    time: '2024-01-13T10:10:11Z',
    from: evmAddress('victim').toLowerCase(),
    to: evmAddress('collector'),
    amount: '2500000000',
    ...over,
  };
}

function jsonl(dir: string, name: string, records: unknown[]): string {
  const file = join(dir, name);
  writeFileSync(file, `${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
  return file;
}

let dir: string;
let store: SqliteStore;
beforeEach(() => {
  dir = tempDir();
  store = openSqliteStore(join(dir, 'case.db'));
});
afterEach(async () => {
  await store.close();
});

describe('importing interchange files', () => {
  it('imports JSON Lines transfers with canonical addresses and keeps unknown fields', async () => {
    const file = jsonl(dir, 'transfers.jsonl', [transferRecord(1, { memo: 'first deposit' }), transferRecord(2, { to: null, asset: 'ETH', id: `${txid('t2')}:fee` })]);
    const res = await importFile(store, file);
    expect(res).toMatchObject({ kind: 'transfers', records: 2, summary: { transfers: { added: 2, existing: 0 } } });
    const t1 = await store.getTransfer('ethereum', transferRecord(1).id);
    expect(t1).toMatchObject({ from: evmAddress('victim'), amount: 2_500_000_000n, extra: { memo: 'first deposit' } });
    expect((await store.getTransfer('ethereum', `${txid('t2')}:fee`))?.to).toBeNull();
  });

  it('imports the same transfers from JSON and CSV shapes to identical records', async () => {
    const rec = transferRecord(3, { chain: 'tron', asset: TRC20_USDT, from: tronAddress('a'), to: tronAddress('b') });
    const json = join(dir, 't.json');
    writeFileSync(json, JSON.stringify([rec], null, 2));
    const csv = join(dir, 't.csv');
    const cols = Object.keys(rec);
    writeFileSync(csv, `${cols.join(',')}\n${cols.map((c) => String((rec as Record<string, unknown>)[c])).join(',')}\n`);
    await importFile(store, json);
    const again = await importFile(store, csv);
    expect(again.summary.transfers).toEqual({ added: 0, existing: 1 });
  });

  it('imports UTXO transactions from JSON Lines and from CSV coin rows', async () => {
    const a = btcAddress('a');
    const b = btcAddress('b');
    const tx = {
      chain: 'bitcoin',
      txid: txid('pay'),
      block: 840_000,
      txIndex: 3,
      time: '2024-04-20T00:09:27Z',
      inputs: [{ prevTxid: txid('prev'), prevVout: 1, address: a, value: '150000' }],
      outputs: [
        { n: 0, address: b, value: '100000' },
        { n: 1, address: null, value: '0', script: '6a0548656c6c6f' },
      ],
    };
    await importFile(store, jsonl(dir, 'transactions.jsonl', [tx]));
    const csv = join(dir, 'coins.csv');
    writeFileSync(
      csv,
      [
        'chain,txid,block,txIndex,time,io,n,prevTxid,prevVout,address,value,script',
        `bitcoin,${tx.txid},840000,3,2024-04-20T00:09:27Z,in,,${txid('prev')},1,${a},150000,`,
        `bitcoin,${tx.txid},840000,3,2024-04-20T00:09:27Z,out,0,,,${b},100000,`,
        `bitcoin,${tx.txid},840000,3,2024-04-20T00:09:27Z,out,1,,,,0,6a0548656c6c6f`,
      ].join('\n'),
    );
    const res = await importFile(store, csv);
    expect(res).toMatchObject({ kind: 'transactions', records: 1, summary: { transactions: { added: 0, existing: 1 } } });
    expect((await store.getTransaction('bitcoin', tx.txid))?.outputs[1]).toEqual({ n: 1, address: null, value: 0n, script: '6a0548656c6c6f' });
  });

  it('re-importing a file changes nothing', async () => {
    const file = jsonl(dir, 'transfers.jsonl', [transferRecord(1), transferRecord(2)]);
    await importFile(store, file);
    const before = await store.stats();
    const res = await importFile(store, file);
    expect(res.summary.transfers).toEqual({ added: 0, existing: 2 });
    expect(await store.stats()).toEqual(before);
  });

  it('a file that conflicts with stored data is an INTEGRITY error naming both files, and writes nothing', async () => {
    await importFile(store, jsonl(dir, 'a.jsonl', [transferRecord(1)]));
    const err = await importFile(store, jsonl(dir, 'b.jsonl', [transferRecord(5), transferRecord(1, { amount: '2500000001' })])).catch((e: unknown) => e);
    expect(isLedgerhoundError(err, 'INTEGRITY')).toBe(true);
    const details = (err as { details: Record<string, unknown> }).details;
    expect(String(details.incomingSource)).toMatch(/b\.jsonl$/);
    expect(String(details.storedSource)).toMatch(/a\.jsonl$/);
    expect(await store.getTransfer('ethereum', transferRecord(5).id)).toBeUndefined();
  });
});

describe('invalid records', () => {
  const cases: { description: string; record: Record<string, unknown>; field: string }[] = [
    { description: 'a wrong EIP-55 checksum', record: transferRecord(9, { to: '0xdAC17F958D2ee523a2206206994597c13D831ec7' }), field: 'to' },
    { description: 'a negative amount', record: transferRecord(9, { amount: '-5' }), field: 'amount' },
    { description: 'an amount as a JSON number beyond 2^53', record: transferRecord(9, { amount: 2 ** 60 }), field: 'amount' },
    { description: 'a decimal amount', record: transferRecord(9, { amount: '2.5' }), field: 'amount' },
    { description: 'a missing block', record: transferRecord(9, { block: undefined }), field: 'block' },
    { description: 'a time that is not ISO-8601 UTC', record: transferRecord(9, { time: '13/01/2024 10:10' }), field: 'time' },
    { description: 'an asset of another chain', record: transferRecord(9, { asset: TRC20_USDT }), field: 'asset' },
    { description: 'an unknown chain', record: transferRecord(9, { chain: 'Ethereum Classic' }), field: 'chain' },
    { description: 'a TRON address on Ethereum', record: transferRecord(9, { from: tronAddress('x') }), field: 'from' },
  ];

  it.each(cases)('rejects $description with file:line:field, and the store is unchanged', async ({ record, field }) => {
    await importFile(store, jsonl(dir, 'good.jsonl', [transferRecord(1)]));
    const before = await store.stats();
    const file = jsonl(dir, 'bad.jsonl', [transferRecord(2), transferRecord(3), record]);
    const err = await importFile(store, file).catch((e: unknown) => e);
    expect(isLedgerhoundError(err, 'INVALID_INPUT')).toBe(true);
    expect((err as { details: object }).details).toMatchObject({ file, line: 3, field });
    expect((err as Error).message.startsWith(`${file}:3: ${field}:`)).toBe(true);
    expect(await store.stats()).toEqual(before);
  });

  it('names the line of a bad element in a JSON array file', async () => {
    const file = join(dir, 'transfers.json');
    writeFileSync(file, JSON.stringify([transferRecord(1), transferRecord(2, { amount: 'lots' })], null, 2));
    const err = await importFile(store, file).catch((e: unknown) => e);
    expect((err as { details: object }).details).toMatchObject({ file, line: 15, field: 'amount' });
  });

  it('names the line and field of a bad CSV row', async () => {
    const file = join(dir, 'tags.csv');
    writeFileSync(file, `chain,address,label,category,source,confidence\nethereum,${evmAddress('x')},X,exchange,s,90\nethereum,${evmAddress('y')},Y,casino,s,90\n`);
    const err = await importFile(store, file).catch((e: unknown) => e);
    expect((err as { details: object }).details).toMatchObject({ file, line: 3, field: 'category' });
    expect((await store.stats()).tags).toBe(0);
  });

  it('refuses a UTXO transaction whose outputs exceed its inputs', async () => {
    const tx = {
      chain: 'bitcoin',
      txid: txid('bad'),
      block: 1,
      txIndex: 1,
      inputs: [{ prevTxid: txid('p'), prevVout: 0, address: btcAddress('a'), value: '100' }],
      outputs: [{ n: 0, address: btcAddress('b'), value: '101' }],
    };
    const err = await importFile(store, jsonl(dir, 'tx.jsonl', [tx])).catch((e: unknown) => e);
    expect((err as { details: object }).details).toMatchObject({ line: 1, field: 'outputs' });
  });

  it('names a malformed JSON line', async () => {
    const file = join(dir, 'broken.jsonl');
    writeFileSync(file, `${JSON.stringify(transferRecord(1))}\n{"id": "x",\n`);
    const err = await importFile(store, file).catch((e: unknown) => e);
    expect(isLedgerhoundError(err, 'INVALID_INPUT')).toBe(true);
    expect((err as { details: object }).details).toMatchObject({ file, line: 2 });
    expect((await store.stats()).transfers).toBe(0);
  });
});
