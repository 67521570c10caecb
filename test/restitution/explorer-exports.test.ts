// Victims' own explorer exports as intake (issue 16): an Etherscan token-transfer export, an Etherscan
// transactions export and two Tronscan transfer exports (test/fixtures/restitution/, written in the
// explorers' column layouts for the sample case's transactions, which are invented: no real export is in
// ../shared/data) become the sample case's victim payments; a wrong amount is reported by file, line and
// field; failed and zero-value rows are not payments; the victim's address is never guessed.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readExplorerExport } from '../../adapters/files/explorer-export.js';
import { caseFromIntake } from '../../app/case-intake.js';
import { withStore } from '../../app/store.js';
import { readCaseFile, traceLoadedCase } from '../../app/trace-case-file.js';
import { isLedgerhoundError } from '../../src/errors.js';
import { detectExplorerFormat, explorerExportToIntake } from '../../src/restitution/explorer-exports.js';
import { tempDir } from '../support/stores.js';

const SAMPLE = join(import.meta.dirname, '../../samples/pig-butchering');
const FIXTURES = join(import.meta.dirname, '../fixtures/restitution');
const ALICE_TOKENS = join(FIXTURES, 'etherscan-alice-tokens.csv');
const ALICE_TXS = join(FIXTURES, 'etherscan-alice-transactions.csv');
const CHEN = join(FIXTURES, 'tronscan-chen-trc20.csv');
const DANA = join(FIXTURES, 'tronscan-dana-transfers.csv');
const SCAM_ETH = '0x19a7470F093eCD3eDd8e9B84c803BfeCa5B6D043';
const SCAM_TRON = 'TJQxYGK1K8Zh1WkTg5jqHWrRRMuKqifwY6';
let dir = '';
let store = '';

async function errorOf(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => undefined,
    (e: unknown) => e,
  );
}

beforeAll(async () => {
  dir = tempDir();
  store = join(dir, 'case.db');
  const loaded = await readCaseFile(join(SAMPLE, 'case.yaml'));
  await withStore({ store, cwd: dir }, (s) => traceLoadedCase(s, loaded, { flows: false }));
}, 120_000);

describe('explorer exports as intake', () => {
  it('recognises each layout by its header', () => {
    const header = (f: string) => readFileSync(f, 'utf8').split(/\r?\n/)[0].split(',').map((h) => h.replace(/^"|"$/g, ''));
    expect([ALICE_TOKENS, ALICE_TXS, CHEN, DANA].map((f) => detectExplorerFormat(header(f)))).toEqual(['etherscan-tokens', 'etherscan-transactions', 'tronscan', 'tronscan']);
    expect(detectExplorerFormat(['victim', 'txHash'])).toBeUndefined();
  });

  it("turns the victims' exports and the other complaints into the sample case's payments", async () => {
    const intake = join(tempDir(), 'intake.csv');
    const lines = readFileSync(join(SAMPLE, 'intake.csv'), 'utf8').trim().split('\n');
    // Bob and Erik complained by form; Alice, Chen and Dana sent their explorer exports.
    writeFileSync(intake, `${[lines[0], lines[2], lines[6]].join('\n')}\n`);
    const result = await caseFromIntake({
      intakeFile: intake,
      exports: [
        { victim: 'alice', file: ALICE_TOKENS },
        { victim: 'chen', file: CHEN },
        { victim: 'dana', file: DANA },
      ],
      out: join(dir, 'from-exports.yaml'),
      store: { store, cwd: dir },
    });
    expect(result.mismatched).toBe(0);
    expect(result.exports.map((e) => [e.format, e.address, e.payments])).toEqual([
      ['etherscan-tokens', '0x51feec9d17bb7f0147f62389071084a002745fcd', 2],
      ['tronscan', 'TQ2kvUAQxAcvxnkA9YvQiPnLYoQ9qD81uB', 1],
      ['tronscan', 'TKcz4eaxqUr2ybNWJgBCMGU2QGXKAy7kqQ', 1],
    ]);
    const built = parse(result.text).victimPayments as { id: string }[];
    const sample = parse(readFileSync(join(SAMPLE, 'case.yaml'), 'utf8')).victimPayments as { id: string }[];
    const byId = (a: { id: string }[]) => [...a].sort((x, y) => x.id.localeCompare(y.id));
    expect(byId(built)).toEqual(byId(sample));
    // Rows from an export name the export and its line.
    expect(result.rows.find((r) => r.victim === 'alice' && r.status === 'resolved')).toMatchObject({ file: ALICE_TOKENS, line: 3 });
  });

  it('takes no payment from value-0 contract calls and lists the failed one as skipped', async () => {
    const read = await readExplorerExport({ file: ALICE_TXS, victim: 'alice', chain: 'ethereum' });
    expect(read.rows).toEqual([]);
    expect(read.skipped).toEqual([{ file: ALICE_TXS, line: 3, victim: 'alice', txHash: `0x${'ab'.repeat(32)}`, reason: 'failed transaction (Out of gas): it moved nothing' }]);
  });

  it('reports a wrong amount by export file, line and field; nothing resolved is guessed', async () => {
    const file = join(tempDir(), 'alice-tokens.csv');
    writeFileSync(file, readFileSync(ALICE_TOKENS, 'utf8').replace('"20,000","$20,000.00"', '"2,000","$2,000.00"'));
    const result = await caseFromIntake({ exports: [{ victim: 'alice', file }], out: join(dir, 'bad.yaml'), store: { store, cwd: dir } });
    expect(result.rows.map((r) => r.status)).toEqual(['resolved', 'mismatch']);
    expect(result.rows[1]).toMatchObject({ file, line: 4, field: 'amount', found: ['20000 USDT'] });
  });

  it('takes only payments to --paid-to addresses, listing the others', async () => {
    const read = await readExplorerExport({ file: CHEN, victim: 'chen', chain: 'ethereum', paidTo: ['TMuA6YqfCeX8EhbfYEg5y7S4DqzSJireY9'] });
    expect(read.rows).toEqual([]);
    expect(read.skipped[0]).toMatchObject({ line: 2, reason: `paid to ${SCAM_TRON}, not one of the addresses given (--paid-to)` });
    const ok = await readExplorerExport({ file: CHEN, victim: 'chen', chain: 'ethereum', paidTo: [SCAM_TRON] });
    expect(ok.rows).toEqual([{ line: 2, file: CHEN, victim: 'chen', chain: 'tron', txHash: 'd5c2064f4cc4a3f3cfb7b805ac752d11f193ad4631e4f159a159d9e902f19184', recipient: SCAM_TRON, amount: '36000', date: '2024-10-25T14:54:39Z' }]);
  });

  it("does not guess the victim's address when two are on every row; the given one is used", async () => {
    const file = join(tempDir(), 'one-row.csv');
    const lines = readFileSync(ALICE_TOKENS, 'utf8').split('\r\n');
    writeFileSync(file, `${lines[0]}\r\n${lines[2]}\r\n`);
    const e = await errorOf(readExplorerExport({ file, victim: 'alice', chain: 'ethereum' }));
    expect(isLedgerhoundError(e, 'INVALID_INPUT') && e.details).toMatchObject({ file, field: '--export' });
    const read = await readExplorerExport({ file, victim: 'alice', chain: 'ethereum', address: '0x51fEeC9d17bb7f0147f62389071084a002745FCd' });
    expect(read.rows).toMatchObject([{ recipient: SCAM_ETH.toLowerCase(), amount: '50000', asset: 'erc20:0xdac17f958d2ee523a2206206994597c13d831ec7' }]);
  });

  it('reads an internal-transactions export (TxTo, Value_OUT) and a BscScan transactions export on bsc', () => {
    const victim = '0x1111111111111111111111111111111111111111';
    const scam = '0x2222222222222222222222222222222222222222';
    const hash = `0x${'cd'.repeat(32)}`;
    const internalHeader = ['Transaction Hash', 'Blockno', 'UnixTimestamp', 'DateTime (UTC)', 'ParentTxFrom', 'ParentTxTo', 'ParentTxETH_Value', 'From', 'TxTo', 'ContractAddress', 'Value_IN(ETH)', 'Value_OUT(ETH)', 'CurrentValue @ $3450.12/Eth', 'Historical $Price/Eth', 'Status', 'ErrCode', 'Type'];
    const cells = (values: string[]) => Object.fromEntries(internalHeader.map((h, i) => [h, values[i] ?? '']));
    const internal = explorerExportToIntake(
      internalHeader,
      [
        { line: 2, cells: cells([hash, '20712004', '1725684659', '2024-09-07 04:50:59', victim, '0x3333333333333333333333333333333333333333', '0', victim, scam, '', '0', '1.25', '0', '2351.87', '0', '', 'call']) },
        { line: 3, cells: cells([hash, '20712005', '1725684671', '2024-09-07 04:51:11', scam, scam, '0', scam, victim, '', '0.5', '0', '0', '2351.87', '0', '', 'call']) },
      ],
      { file: 'internal.csv', victim: 'v', chain: 'ethereum', address: victim },
    );
    expect(internal.format).toBe('etherscan-internal');
    expect(internal.rows).toEqual([{ line: 2, file: 'internal.csv', victim: 'v', chain: 'ethereum', txHash: hash, recipient: scam, amount: '1.25', asset: 'ETH', date: '2024-09-07T04:50:59Z' }]);
    const bscHeader = ['Transaction Hash', 'Blockno', 'UnixTimestamp', 'DateTime (UTC)', 'From', 'To', 'ContractAddress', 'Value_IN(BNB)', 'Value_OUT(BNB)', 'CurrentValue @ $590.1/BNB', 'TxnFee(BNB)', 'TxnFee(USD)', 'Historical $Price/BNB', 'Status', 'ErrCode', 'Method'];
    const bsc = explorerExportToIntake(bscHeader, [{ line: 2, cells: Object.fromEntries(bscHeader.map((h, i) => [h, [hash, '1', '1725684659', '', victim, scam, '', '0', '3', '', '', '', '', '', '', 'Transfer'][i]])) }], {
      file: 'bsc.csv',
      victim: 'v',
      chain: 'bsc',
      address: victim,
    });
    expect(bsc.rows[0]).toMatchObject({ chain: 'bsc', asset: 'BNB', amount: '3', recipient: scam });
  });

  it('refuses an unknown layout, a malformed amount and a native export of another chain, naming file, line and field', async () => {
    const d = tempDir();
    const unknown = join(d, 'unknown.csv');
    writeFileSync(unknown, 'date,amount\n2024-01-01,5\n');
    const e1 = await errorOf(readExplorerExport({ file: unknown, victim: 'x', chain: 'ethereum' }));
    expect(isLedgerhoundError(e1, 'INVALID_INPUT') && e1.details).toMatchObject({ file: unknown, line: 1 });
    const badAmount = join(d, 'bad-amount.csv');
    writeFileSync(badAmount, readFileSync(ALICE_TOKENS, 'utf8').replace('"50,000","$50,000.00"', '"50.000,00","$50,000.00"'));
    const e2 = await errorOf(readExplorerExport({ file: badAmount, victim: 'alice', chain: 'ethereum' }));
    expect(isLedgerhoundError(e2, 'INVALID_INPUT') && e2.details).toMatchObject({ file: badAmount, line: 3, field: 'TokenValue' });
    const e3 = await errorOf(readExplorerExport({ file: ALICE_TXS, victim: 'alice', chain: 'bsc' }));
    expect(isLedgerhoundError(e3, 'INVALID_INPUT') && e3.details).toMatchObject({ file: ALICE_TXS, line: 1, field: 'Value_OUT(ETH)' });
  });
});
