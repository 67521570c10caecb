// `ledgerhound ingest tron` and `ledgerhound expand --trongrid` as a user runs them, against a
// TronGrid-compatible API on 127.0.0.1: the scammer's history is ingested (key from TRONGRID_API_KEY,
// sent as a header, never printed), then a case starting from the victim's USDT payment is expanded
// hop by hop and stops at the tagged exchange and OTC desk.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../graph/sqlite/sqlite-store.js';
import { runCliAsync } from '../evm/support/cli-async.js';
import { tempDir } from '../support/stores.js';
import { startTronGridServer, type TronGridServer } from './support/trongrid-server.js';

const F = JSON.parse(readFileSync(fileURLToPath(new URL('../fixtures/tron/trongrid-account.json', import.meta.url)), 'utf8')) as {
  addresses: Record<'victim' | 'scammer' | 'mule' | 'exchange' | 'otc' | 'usdt', string>;
  transactions: Record<string, { block_timestamp: number; txID: string }[]>;
  trc20: Record<string, { transaction_id: string; block_timestamp: number }[]>;
  info: Record<string, unknown>;
  blocks: Record<string, unknown>;
};
const A = F.addresses;

let api: TronGridServer;
beforeAll(async () => {
  api = await startTronGridServer();
  api.setList('transactions', A.scammer, F.transactions[A.scammer]);
  api.setList('trc20', A.scammer, F.trc20[A.scammer]);
  for (const [id, info] of Object.entries(F.info)) api.setInfo(id, info);
  for (const [num, block] of Object.entries(F.blocks)) api.setBlock(Number(num), block);
});
afterAll(async () => api.close());

describe('ingest tron', () => {
  it('ingests, prints JSON only, keeps the key out of every output, resumes', async () => {
    const store = join(tempDir(), 'case.db');
    const args = ['ingest', 'tron', '--trongrid', api.url, '--address', A.scammer, '--limit', '2', '--store', store, '--json'];
    const res = await runCliAsync(args, { env: { TRONGRID_API_KEY: 'TRONCLIKEY' } });
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ chain: 'tron', address: A.scammer, transfers: { added: 7 } });
    expect(res.stdout + res.stderr).not.toContain('TRONCLIKEY');
    expect(api.requests.every((r) => r.headers['tron-pro-api-key'] === 'TRONCLIKEY')).toBe(true);
    const again = JSON.parse((await runCliAsync(args, { env: { TRONGRID_API_KEY: 'TRONCLIKEY' } })).stdout);
    expect(again.transfers.added).toBe(0);
    const bad = await runCliAsync(['ingest', 'tron', '--trongrid', api.url, '--address', 'TNotAnAddress', '--store', store, '--json']);
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.stderr).error).toMatchObject({ code: 'INVALID_INPUT', details: { field: '--address' } });
  }, 60_000);
});

describe('expand --trongrid', () => {
  it('follows the victim payment forward and stops at the exchange and the OTC desk', async () => {
    const dir = tempDir();
    const store = join(dir, 'case.db');
    const tx1 = F.trc20[A.scammer][0].transaction_id;
    writeFileSync(
      join(dir, 'tags.jsonl'),
      `${[
        { chain: 'tron', address: A.exchange, label: 'Exchange X', category: 'exchange', source: 'test', confidence: 90 },
        { chain: 'tron', address: A.otc, label: 'OTC desk Y', category: 'otc', source: 'test', confidence: 80 },
      ]
        .map((t) => JSON.stringify(t))
        .join('\n')}\n`,
    );
    writeFileSync(
      join(dir, 'case.json'),
      JSON.stringify({ name: 'TRON expand', victimPayments: [{ id: 'v1', chain: 'tron', transfer: `${tx1}:1` }], policy: 'fifo', maxHops: 5, stopAt: ['exchange', 'otc'] }),
    );
    expect((await runCliAsync(['import', join(dir, 'tags.jsonl'), '--store', store, '--json'])).code).toBe(0);
    // The victim payment itself comes from an ingest of the scammer's address.
    expect((await runCliAsync(['ingest', 'tron', '--trongrid', api.url, '--address', A.scammer, '--lists', 'trc20', '--store', store, '--json'])).code).toBe(0);
    const res = await runCliAsync(['expand', join(dir, 'case.json'), '--trongrid', api.url, '--hops', '4', '--store', store, '--json']);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const report = JSON.parse(res.stdout);
    expect(report.stops.map((s: { address: string; category: string }) => [s.address, s.category]).sort()).toEqual([
      [A.exchange, 'exchange'],
      [A.otc, 'otc'],
    ].sort());
    const db = openSqliteStore(store);
    const out = [];
    for await (const t of db.ledger('tron', A.mule)) out.push([t.from, t.amount]);
    expect(out).toEqual([[A.scammer, 50_000_000n]]);
    await db.close();
  }, 60_000);
});
