// The sample pig-butchering case's account chains (Ethereum and TRON, with the Uniswap V2 swap and the
// Allbridge Core bridge) traced by the engine and by the rational reference tracer (test/tracing/
// reference.ts, TRACING.md v2 restated with exact fractions), under fifo, haircut, libr and poison: every
// endpoint, holding and fee row per victim must be the same, exactly. The two chains are walked as one
// list by the reference; they meet only at the bridge, whose Ethereum out-ref the reference takes just
// after its TRON in-ref. This cross-checks the hand-computed figures of the README and
// test/fixtures/sample/expected-*.json by an independent computation.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCaseFile, type LoadedCase } from '../../adapters/files/case-file.js';
import { importFiles } from '../../adapters/files/import-files.js';
import { openSqliteStore } from '../../graph/sqlite/sqlite-store.js';
import type { Policy } from '../../src/model/case.js';
import { type Conversion, parseConversion } from '../../src/model/conversion.js';
import type { TraceResult } from '../../src/model/trace-result.js';
import { type AccountTransfer, parseTransfer } from '../../src/model/transfer.js';
import { parseScaled } from '../../src/tracing/scaled.js';
import { traceCase } from '../../src/tracing/trace-case.js';
import { type Q, referenceAccount } from '../tracing/reference.js';
import { SAMPLE_CASE } from './expected-trace.js';

const DIR = join(import.meta.dirname, '../../samples/pig-butchering');
const lines = (file: string) =>
  readFileSync(join(DIR, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as unknown);

/** Engine rows of the account chains, keyed as the reference keys them (`kind|address@asset|reason|source`). */
function engineRows(result: TraceResult): Map<string, bigint> {
  const rows = new Map<string, bigint>();
  const put = (key: string, bySource: Record<string, string>) => {
    for (const [src, v] of Object.entries(bySource)) if (parseScaled(v) !== 0n) rows.set(`${key}|${src}`, (rows.get(`${key}|${src}`) ?? 0n) + parseScaled(v));
  };
  for (const e of result.endpoints) if (e.chain !== 'bitcoin') put(`endpoint|${e.address}@${e.asset}|`, e.bySource);
  for (const h of result.holdings) if (h.chain !== 'bitcoin') put(`holding|${h.address}@${h.asset}|${h.reason}`, h.bySource);
  for (const f of result.fees) if (f.chain !== 'bitcoin') put(`fee|@${f.asset}|`, f.bySource);
  return rows;
}

/** Reference rows as scaled decimals (10^9 per base unit); every one must be exact at that scale. */
function referenceRows(rows: Map<string, Q>): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const [k, v] of rows) {
    if (v.n === 0n) continue;
    expect((v.n * 1_000_000_000n) % v.d, `reference ${k} is exact`).toBe(0n);
    out.set(k, (v.n * 1_000_000_000n) / v.d);
  }
  return out;
}

describe('sample pig-butchering case: the engine agrees with the rational reference on Ethereum and TRON', () => {
  let loaded: LoadedCase;
  let transfers: AccountTransfer[];
  let conversions: Conversion[];
  let stop: Set<string>;
  let victims: Map<string, string>;
  const results = new Map<Policy, TraceResult>();

  beforeAll(async () => {
    loaded = await loadCaseFile(SAMPLE_CASE);
    transfers = lines('transfers.jsonl').map((v) => parseTransfer(v));
    conversions = lines('conversions.jsonl').map((v) => parseConversion(v));
    // Addresses tagged with a stop category (the exchanges, the OTC desk); the reference stops by address.
    const csv = parseCsv(readFileSync(join(DIR, 'case-notes-tags.csv'), 'utf8'), { columns: true }) as { address: string; category: string }[];
    const tags = [...(lines('tags.jsonl') as { address: string; category: string }[]), ...csv];
    stop = new Set(tags.filter((t) => loaded.kase.stopAt.includes(t.category as never)).map((t) => t.address));
    victims = new Map(loaded.kase.victimPayments.filter((v) => v.transfer).map((v) => [v.transfer!, v.id]));
    const store = openSqliteStore(':memory:');
    try {
      await importFiles(store, loaded.sourcePaths);
      for (const policy of ['fifo', 'haircut', 'libr', 'poison'] as const) results.set(policy, (await traceCase(store, loaded.kase, { policy })).result);
    } finally {
      await store.close();
    }
  });

  it.each(['fifo', 'haircut', 'libr', 'poison'] as const)('%s: every account-chain row, per victim, exactly', (policy) => {
    const reference = referenceAccount(transfers, victims, { policy, maxHops: loaded.kase.maxHops, stop, conversions });
    const want = referenceRows(reference.rows);
    const got = engineRows(results.get(policy)!);
    expect(Object.fromEntries([...got].sort())).toEqual(Object.fromEntries([...want].sort()));
    // The conversions are in play: the swap's ETH reaches Binance, the bridged USDT is held by L9 on Ethereum.
    expect([...want.keys()].some((k) => k.startsWith('endpoint|0xF977814e90dA44bFA03b6295A0616a897441aceC@ETH|'))).toBe(true);
    expect([...want.keys()].some((k) => k.startsWith('holding|0xD7ED4315BCcfbA5C2420f5c4356f39FA31Deb397@erc20:'))).toBe(true);
  });
});
