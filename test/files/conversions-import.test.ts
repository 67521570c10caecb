// Importing conversions (FORMATS.md v2 `conversions.jsonl`) on real data: two Uniswap V2 swaps of
// 2 May 2023 (ethereum-etl fixture of blocks 17,173,049-17,173,050, shared/data/round2/dex/swap_fixtures):
// the file's kind is recognised, records round-trip, re-imports change nothing, and a record that breaks
// the rules (shape, or amounts against the stored transfers) names file, line and field.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getAddress } from 'ethers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFile } from '../../adapters/files/import-files.js';
import { openSqliteStore, type SqliteStore } from '../../graph/sqlite/sqlite-store.js';
import { isLedgerhoundError } from '../../src/errors.js';
import { conversionToJson } from '../../src/model/conversion.js';
import { runCli } from '../support/cli.js';
import { sharedData } from '../support/fixtures.js';
import { tempDir } from '../support/stores.js';

const FIXTURES = 'round2/dex/swap_fixtures';

function jsonLines(file: string): Record<string, unknown>[] {
  return readFileSync(sharedData(`${FIXTURES}/${file}`), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    // `value` is a JSON integer beyond 2^53: kept as its digits.
    .map((l) => JSON.parse(l.replace(/"value": (\d+)/, '"value": "$1"')));
}

/** The fixture's ERC-20 transfers as Ledgerhound transfers (FORMATS.md), ids `<txHash>:<logIndex>`. */
function realTransfers(): Record<string, unknown>[] {
  const txIndex = new Map(jsonLines('transactions.jsonl').map((t) => [t.hash as string, t.transaction_index as number]));
  return jsonLines('token_transfers.jsonl').map((t) => ({
    id: `${t.transaction_hash}:${t.log_index}`,
    chain: 'ethereum',
    asset: `erc20:${t.token_address}`,
    txHash: t.transaction_hash,
    block: t.block_number,
    txIndex: txIndex.get(t.transaction_hash as string),
    index: t.log_index,
    time: new Date((t.block_timestamp as number) * 1000).toISOString().replace('.000Z', 'Z'),
    from: t.from_address,
    to: t.to_address,
    amount: t.value,
  }));
}

const OKX_TX = '0xb559b7027cdc452cc05be1c65fe930a1abb6c4796d7b141d4f6d7826f9e9fa92';
const UNIVERSAL_TX = '0xc11b64ab27220292a05e585d76b89a32c93b5d90547f95b0178fc47d3f2278b4';

/** USDT -> WETH -> token through two V2 pairs (index.json: logs 161, 165 and 261, 265). */
function swaps(): Record<string, unknown>[] {
  return [
    {
      id: `ethereum:${OKX_TX}:swap:0`,
      kind: 'swap',
      venue: 'Uniswap V2 USDT/WETH 0x0d4a...1852 -> Uniswap V2 WETH/0xd87d...8cda 0x7e36...5910',
      in: { chain: 'ethereum', address: '0x2d2e797653ae7f644e7e23041576627c5dd96cee', asset: 'erc20:0xdac17f958d2ee523a2206206994597c13d831ec7', amount: '300000000', refs: [`${OKX_TX}:161`] },
      out: { chain: 'ethereum', address: '0x2d2e797653ae7f644e7e23041576627c5dd96cee', asset: 'erc20:0xd87d72248093597df8d56d2a53c1ab7c1a0cc8da', amount: '3181817370169481489040062', refs: [`${OKX_TX}:165`] },
      confidence: 100,
      method: 'logs: Transfer, Swap (V2), OrderRecord (OKX)',
      evidence: [OKX_TX],
    },
    {
      id: `ethereum:${UNIVERSAL_TX}:swap:0`,
      kind: 'swap',
      venue: 'Uniswap V2 USDT/WETH 0x0d4a...1852 -> Uniswap V2 WETH/0x0414...0c49 0x63f2...2b7c',
      in: { chain: 'ethereum', address: '0x0d0e0fbce7cd39b77540a2bea1aef347f732c18a', asset: 'erc20:0xdac17f958d2ee523a2206206994597c13d831ec7', amount: '500000000', refs: [`${UNIVERSAL_TX}:261`] },
      out: { chain: 'ethereum', address: '0x0d0e0fbce7cd39b77540a2bea1aef347f732c18a', asset: 'erc20:0x0414d8c87b271266a5864329fb4932bbe19c0c49', amount: '1610801241723043058204404', refs: [`${UNIVERSAL_TX}:265`] },
      confidence: 100,
      method: 'logs: Transfer, Swap (V2)',
      evidence: [UNIVERSAL_TX],
      router: 'Uniswap Universal Router',
    },
  ];
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

function writeLines(name: string, records: unknown[]): string {
  const file = join(dir, name);
  writeFileSync(file, `${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
  return file;
}

async function failure(file: string): Promise<Record<string, unknown>> {
  const e = await importFile(store, file).catch((x: unknown) => x);
  expect(isLedgerhoundError(e, 'INVALID_INPUT')).toBe(true);
  return (e as { details: Record<string, unknown> }).details;
}

describe('importing conversions.jsonl', () => {
  it('imports the real swaps against their stored transfers: canonical addresses, exact amounts, extra fields kept', async () => {
    const transfers = realTransfers();
    expect(transfers).toHaveLength(19);
    // Token amounts beyond 2^53 arrive whole (log 165: 3,181,817.37 of an 18-decimal token).
    expect(transfers.find((t) => t.id === `${OKX_TX}:165`)?.amount).toBe('3181817370169481489040062');
    await importFile(store, writeLines('transfers.jsonl', transfers));
    const res = await importFile(store, writeLines('conversions.jsonl', swaps()));
    expect(res).toMatchObject({ kind: 'conversions', records: 2, summary: { conversions: { added: 2, existing: 0 } } });
    const okx = await store.getConversion(`ethereum:${OKX_TX}:swap:0`);
    expect(okx?.in).toEqual({
      chain: 'ethereum',
      address: getAddress('0x2d2e797653ae7f644e7e23041576627c5dd96cee'),
      asset: 'erc20:0xdAC17F958D2ee523a2206206994597C13D831ec7',
      amount: 300_000_000n,
      refs: [`${OKX_TX}:161`],
    });
    expect(okx?.out?.amount).toBe(3_181_817_370_169_481_489_040_062n);
    expect((await store.getConversion(`ethereum:${UNIVERSAL_TX}:swap:0`))?.extra).toEqual({ router: 'Uniswap Universal Router' });
    expect((await store.conversionsByRef('ethereum', `${UNIVERSAL_TX}:265`)).map((c) => c.id)).toEqual([`ethereum:${UNIVERSAL_TX}:swap:0`]);
    const again = await importFile(store, join(dir, 'conversions.jsonl'));
    expect(again.summary.conversions).toEqual({ added: 0, existing: 2 });
    expect((await store.stats()).conversions).toBe(2);
  });

  it('reads the JSON array shape to the same records', async () => {
    const file = join(dir, 'conversions.json');
    writeFileSync(file, JSON.stringify(swaps(), null, 2));
    expect((await importFile(store, file)).kind).toBe('conversions');
    const other = openSqliteStore(join(dir, 'other.db'));
    try {
      await importFile(other, writeLines('conversions.jsonl', swaps()));
      for (const c of swaps()) {
        const a = await store.getConversion(c.id as string);
        expect(a && conversionToJson(a)).toEqual(conversionToJson((await other.getConversion(c.id as string))!));
      }
    } finally {
      await other.close();
    }
  });

  it('accepts conversions whose transfers are not imported yet (checked later, by the tracer)', async () => {
    expect((await importFile(store, writeLines('conversions.jsonl', swaps()))).summary.conversions.added).toBe(2);
  });

  it('rejects an amount that is not the sum of the stored refs, naming file, line and field; nothing is written', async () => {
    await importFile(store, writeLines('transfers.jsonl', realTransfers()));
    const [first, second] = swaps();
    const wrong = { ...second, in: { ...(second.in as object), amount: '500000001' } };
    const details = await failure(writeLines('conversions.jsonl', [first, wrong]));
    expect(details).toMatchObject({ file: join(dir, 'conversions.jsonl'), line: 2, field: 'in.amount', sum: '500000000' });
    expect((await store.stats()).conversions).toBe(0);
  });

  it('rejects a ref of another asset or address than its leg', async () => {
    await importFile(store, writeLines('transfers.jsonl', realTransfers()));
    const [first] = swaps();
    // Log 162 is the WETH leg between the two pairs: not the trader's USDT payment.
    const details = await failure(writeLines('conversions.jsonl', [{ ...first, in: { ...(first.in as object), refs: [`${OKX_TX}:162`] } }]));
    expect(details).toMatchObject({ line: 1, field: 'in.refs[0]' });
  });

  it('a record of the wrong shape names file, line and field', async () => {
    const [first, second] = swaps();
    const { out: _out, ...noOut } = second;
    expect(await failure(writeLines('conversions.jsonl', [first, noOut]))).toMatchObject({ line: 2, field: 'out' });
    expect(await failure(writeLines('conversions.jsonl', [{ ...first, confidence: 150 }]))).toMatchObject({ line: 1, field: 'confidence' });
    expect((await store.stats()).conversions).toBe(0);
  });

  it('`ledgerhound import conversions.jsonl` imports, reports and counts them; a bad record exits 2 with file:line: field', () => {
    const db = join(dir, 'cli.db');
    const transfers = writeLines('transfers.jsonl', realTransfers());
    const conversions = writeLines('conversions.jsonl', swaps());
    const ok = runCli(['import', transfers, conversions, '--store', db, '--quiet']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('[conversions] 2 records; conversions: 2 added');
    expect(JSON.parse(runCli(['stats', '--store', db, '--json']).stdout).conversions).toBe(2);
    const bad = writeLines('bad.jsonl', [swaps()[0], { ...swaps()[1], kind: 'dex' }]);
    const res = runCli(['import', bad, '--store', db, '--quiet']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(`${bad}:2: kind:`);
  }, 300_000);
});
