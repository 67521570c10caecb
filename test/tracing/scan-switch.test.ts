// The account walk's switch from per-address ledgers to one chain scan by cost (issue 19): once the
// ledgers have read more than a share of the chain (store.countTransfers, a bounded count), the walk scans
// the chain; the trace JSON stays byte-identical to the pure ledger and the pure scan runs.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFile } from '../../adapters/files/import-files.js';
import { benchCase, generateTraceCase } from '../../bench/trace-generate.js';
import { toJson } from '../../cli/output.js';
import { openSqliteStore } from '../../graph/sqlite/sqlite-store.js';
import { traceCase } from '../../src/tracing/trace-case.js';
import { tempDir } from '../support/stores.js';
import { watchScan } from '../support/watch-scan.js';

describe('ledgers give way to a chain scan by cost', () => {
  it('switches once the ledgers read a share of the chain, with the same JSON as ledger and scan modes', async () => {
    const n = 3_000;
    const path = join(tempDir(), 'switch.db');
    await generateTraceCase(n, path, 'layered');
    const store = openSqliteStore(path, { readonly: true });
    try {
      // One chain alone: counted row by row below n / 10, whole from there (sqlite-store.ts); both bounded.
      for (const atMost of [0, 1, 10, 299, 300, 301, n - 1, n, n + 1, 10 ** 9]) {
        expect(await store.countTransfers('ethereum', atMost), `ethereum ${atMost}`).toBe(Math.min(n, atMost));
      }
      expect(await store.countTransfers('bitcoin', 10)).toBe(0);
      expect(await store.countTransfers('bitcoin', 10 ** 9)).toBe(0);
      // The same real store, noting whether the walk read the chain in one scan.
      const byCostRun = watchScan(store);
      const ledgerRun = watchScan(store);
      const kase = benchCase('haircut', 'layered', n);
      const byCost = toJson((await traceCase(byCostRun.store, kase, { flows: false })).result);
      expect(byCostRun.scanned(), 'the default walk switched to a scan (3,000 transfers, far fewer than 2,000 addresses reached)').toBe(true);
      const ledgers = toJson((await traceCase(ledgerRun.store, kase, { flows: false, scanAfter: Number.POSITIVE_INFINITY })).result);
      expect(ledgerRun.scanned(), 'ledger mode reads no chain scan').toBe(false);
      const scan = toJson((await traceCase(store, kase, { flows: false, scanAfter: 0 })).result);
      expect(byCost).toBe(ledgers);
      expect(byCost).toBe(scan);
    } finally {
      await store.close();
    }
  }, 120_000);

  it('keeps to the ledgers when the trace reaches a small part of a larger chain (the count finds the scan dearer)', async () => {
    // 30,000 transfers; two hops from the victims the walk reads 21 ledgers of 1,775 rows: past the
    // first check (LEDGER_WORK_FLOOR), below a quarter of the chain at the measured cost of a ledger.
    const n = 30_000;
    const path = join(tempDir(), 'large.db');
    await generateTraceCase(n, path, 'layered');
    const store = openSqliteStore(path, { readonly: true });
    try {
      const counted: number[] = [];
      const count = store.countTransfers.bind(store);
      store.countTransfers = async (chain, atMost) => {
        counted.push(atMost);
        return count(chain, atMost);
      };
      const kase = { ...benchCase('fifo', 'layered', n), maxHops: 2 };
      const run = watchScan(store);
      const byCost = toJson((await traceCase(run.store, kase, { flows: false })).result);
      expect(counted.length, 'the walk asked whether a scan costs less').toBeGreaterThan(0);
      expect(Math.max(...counted), 'every count was bounded below the chain').toBeLessThan(n);
      expect(run.scanned(), 'the walk kept to the ledgers').toBe(false);
      expect(byCost).toBe(toJson((await traceCase(store, kase, { flows: false, scanAfter: 0 })).result));
    } finally {
      await store.close();
    }
  }, 120_000);

  it("counts each chain of a store that holds two, bounded, never the other chain's transfers", async () => {
    const store = openSqliteStore(join(tempDir(), 'two-chains.db'));
    try {
      await importFile(store, 'samples/pig-butchering/transfers.jsonl');
      const ethereum = 42;
      const tron = 13;
      for (const atMost of [0, 5, 12, 13, 14, 41, 42, 43, 10 ** 9]) {
        expect(await store.countTransfers('ethereum', atMost), `ethereum ${atMost}`).toBe(Math.min(ethereum, atMost));
        expect(await store.countTransfers('tron', atMost), `tron ${atMost}`).toBe(Math.min(tron, atMost));
      }
    } finally {
      await store.close();
    }
  });
});
