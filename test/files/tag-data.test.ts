// The tag importers on the real public data in ../shared/data: GraphSense TagPacks, the OFAC SDN
// address extracts, a darklist and labelled CSV datasets. Expected counts were derived from the files
// independently (per-currency counts in SOURCES.md and a Python count of each pack).

import { describe, expect, it } from 'vitest';
import { importFile } from '../../adapters/files/import-files.js';
import { openSqliteStore } from '../../graph/sqlite/sqlite-store.js';
import { isLedgerhoundError } from '../../src/errors.js';
import type { Tag } from '../../src/model/tag.js';
import { sharedData } from '../support/fixtures.js';

async function importTags(file: string, strict = false) {
  const store = openSqliteStore(':memory:');
  const result = await importFile(store, sharedData(file), { list: { strict } });
  const tags: Tag[] = [];
  for await (const t of store.tags()) tags.push(t);
  await store.close();
  return { result, tags };
}

function countBy<T>(items: T[], key: (t: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const i of items) out[key(i)] = (out[key(i)] ?? 0) + 1;
  return out;
}

describe('GraphSense TagPacks', () => {
  it('reads the OFAC pack: 385 BTC, 147 ETH, 3 TRX, 9 USDT (6 on ETH/TRON, 3 Omni) and skips unmodelled currencies', async () => {
    const { result, tags } = await importTags('graphsense-tagpacks/packs/ofac.yaml');
    // 384 BTC + the TRON address listed under BTC (kept on TRON with a note) + 147 ETH + 3 TRX + 3 USDT-ETH + 3 USDT-TRON.
    expect(result.records).toBe(541);
    expect(countBy(tags, (t) => t.chain)).toEqual({ bitcoin: 384, ethereum: 150, tron: 7 });
    expect(new Set(tags.map((t) => t.category))).toEqual(new Set(['sanctioned']));
    expect(result.skipped).toEqual({
      'currency USDT not modelled on this address form': 3,
      'currency LTC not modelled': 8,
      'currency BCH not modelled': 7,
      'currency ZEC not modelled': 3,
      'currency DASH not modelled': 3,
      'currency XMR not modelled': 3,
      'currency BSV not modelled': 1,
      'currency XRP not modelled': 1,
      'currency BTG not modelled': 1,
      'currency XVG not modelled': 1,
    });
    const rehomed = tags.find((t) => t.address === 'TUCsTq7TofTCJRRoHk6RvhMoS2mJLm5Yzq');
    expect(rehomed).toMatchObject({ chain: 'tron', note: 'listed under BTC; the address is a tron address' });
    expect(result.rejected).toEqual([]);
  });

  it('inherits header fields and maps the confidence taxonomy (Binance reserve wallets, service_data = 50)', async () => {
    const { result, tags } = await importTags('graphsense-tagpacks/packs/exchange-wallets-binance.yaml');
    expect(result.records).toBe(61);
    expect(result.skipped).toEqual({ 'currency BEP2 not modelled': 25 });
    const binance14 = tags.filter((t) => t.address === '0x28C6c06298d514Db089934071355E5743bf21d60');
    expect(binance14.map((t) => t.label).sort()).toEqual([
      'binance reserve wallets BUSD',
      'binance reserve wallets ETH',
      'binance reserve wallets USDC',
      'binance reserve wallets USDT',
    ]);
    expect(binance14.every((t) => t.category === 'exchange' && t.confidence === 50 && t.source.startsWith('https://www.binance.com/'))).toBe(true);
  });

  it('maps abuse concepts to categories (ransomwhere: 7457 BTC ransomware addresses as scam)', async () => {
    const { result, tags } = await importTags('graphsense-tagpacks/packs/ransomwhere.yaml');
    expect(result.records).toBe(7457);
    expect(countBy(tags, (t) => `${t.chain}/${t.category}`)).toEqual({ 'bitcoin/scam': 7457 });
  });

  it('reports malformed addresses in published packs by line, and fails the file in strict mode', async () => {
    const lenient = await importTags('graphsense-tagpacks/packs/exchange-wallets-kucoin.yaml');
    expect(lenient.result.rejected.map((r) => [r.line, r.field, r.value])).toEqual([
      [53, 'address', 'T6MXHXMGXURKJ7AD5NCB4IYPLWX'],
      [81, 'address', 'T6MXHXMGXURKJ7AD5NCB4IYPLWX'],
    ]);
    const strict = await importTags('graphsense-tagpacks/packs/exchange-wallets-kucoin.yaml', true).catch((e: unknown) => e);
    expect(isLedgerhoundError(strict, 'INVALID_INPUT')).toBe(true);
    expect((strict as { details: object }).details).toMatchObject({ line: 53, field: 'address' });
  });
});

describe('one-label address lists', () => {
  it('reads the OFAC ETH extract (152 addresses, JSON array) as sanctioned Ethereum addresses', async () => {
    const { result, tags } = await importTags('ofac-sanctioned-addresses/sanctioned_addresses_ETH.json');
    expect(result.records).toBe(152);
    expect(countBy(tags, (t) => `${t.chain}/${t.category}/${t.label}`)).toEqual({ 'ethereum/sanctioned/OFAC SDN listed address': 152 });
  });

  it('reads the OFAC USDT extract by address form: Ethereum, TRON and Omni (Bitcoin) addresses', async () => {
    const { result, tags } = await importTags('ofac-sanctioned-addresses/sanctioned_addresses_USDT.txt');
    expect(result.records).toBe(26);
    expect(countBy(tags, (t) => t.chain)).toEqual({ bitcoin: 7, ethereum: 8, tron: 11 });
  });

  it('keeps the TRON address of the OFAC XBT list on TRON, line-numbered text list', async () => {
    const { result, tags } = await importTags('ofac-sanctioned-addresses/sanctioned_addresses_XBT.txt');
    expect(result.records).toBe(435);
    expect(countBy(tags, (t) => t.chain)).toEqual({ bitcoin: 434, tron: 1 });
  });

  it('refuses a list for a chain it does not model, naming the file', async () => {
    const err = await importTags('ofac-sanctioned-addresses/sanctioned_addresses_LTC.txt').catch((e: unknown) => e);
    expect(isLedgerhoundError(err, 'INVALID_INPUT')).toBe(true);
    expect((err as { details: Record<string, unknown> }).details.symbol).toBe('LTC');
  });

  it('reads the MyEtherWallet darklist (JSON objects) with each comment as label', async () => {
    const { result, tags } = await importTags('ethereum-lists/src/addresses/addresses-darklist.json');
    expect(result.records).toBe(715);
    expect(tags.every((t) => t.chain === 'ethereum' && t.category === 'scam')).toBe(true);
  });

  it('reads the Forta phishing CSV with its Etherscan tag as label, rejecting bad checksums by line', async () => {
    const { result } = await importTags('forta-labelled-datasets/labels/1/phishing_scams.csv');
    expect(result.rejected.map((r) => r.line)).toEqual([4253, 6402]);
    expect(result.records).toBe(6724);
  });
});
