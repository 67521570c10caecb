// The account walk's switch from per-address ledgers to one chain scan by cost (issue 19): once the
// ledgers have read more than a share of the chain (store.countTransfers, a bounded count), the walk scans
// the chain; the trace JSON stays byte-identical to the pure ledger and the pure scan runs.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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
      expect(await store.countTransfers('ethereum', 10)).toBe(10);
      expect(await store.countTransfers('ethereum', 10 ** 9)).toBe(n);
      expect(await store.countTransfers('bitcoin', 10)).toBe(0);
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
});
