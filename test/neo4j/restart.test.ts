// Neo4j crashes (SIGKILL) and comes back in the middle of an import (issue 5): every batch either
// commits, is retried by the driver until the server is back, or fails with STORE_FAILURE and is
// imported again by the caller (a resumed ingest); afterwards the graph holds each record exactly once
// and reads exactly as the embedded store holding the same batches.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openNeo4jStore } from '../../graph/neo4j/neo4j-store.js';
import { isLedgerhoundError } from '../../src/errors.js';
import type { AccountTransfer } from '../../src/model/transfer.js';
import type { ImportBatch } from '../../src/ports.js';
import { evmAddress, txid } from '../support/addresses.js';
import { sqliteFactory } from '../support/stores.js';
import { launchNeo4j, type Neo4jProcess } from '../services/neo4j/service.js';
import { dumpStore, neo4jWanted } from './support/dump-store.js';

const USDT = 'erc20:0xdAC17F958D2ee523a2206206994597C13D831ec7';
const BATCHES = 16;
const PER_BATCH = 300;
const WALLETS = Array.from({ length: 30 }, (_, i) => evmAddress(`w${i}`));

function batch(k: number): ImportBatch {
  const transfers: AccountTransfer[] = Array.from({ length: PER_BATCH }, (_, i) => {
    const n = k * PER_BATCH + i;
    return {
      id: `${txid(`r${n}`)}:${i % 7}`,
      chain: 'ethereum',
      asset: USDT,
      txHash: txid(`r${n}`),
      block: 19_000_000 + k,
      txIndex: i,
      index: i % 7,
      from: WALLETS[n % WALLETS.length],
      to: WALLETS[(n * 7 + 3) % WALLETS.length],
      amount: 10n ** 18n + BigInt(n),
    };
  });
  return { source: { name: `part-${k}.jsonl`, sha256: txid(`part-${k}`), kind: 'file' }, transfers, checkpoint: { key: 'ingest', value: String(k) } };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.runIf(neo4jWanted())('Neo4j restart in the middle of an import', () => {
  const home = mkdtempSync(join(tmpdir(), 'lh-neo4j-restart-'));
  let server: Neo4jProcess | undefined;
  afterAll(async () => {
    await server?.stop();
    rmSync(home, { recursive: true, force: true });
  });

  it('loses nothing, duplicates nothing, and reports or retries the failure', { timeout: 300_000 }, async () => {
    server = await launchNeo4j({ home, heapMb: 512, quickStart: true });
    const { port, password } = server;
    const store = await openNeo4jStore({ url: `neo4j://127.0.0.1:${port}?namespace=restart`, user: 'neo4j', password, retryTimeMs: 120_000 });
    const reported: string[] = [];
    let restart: Promise<void> | undefined;
    let crashedDuring = -1;
    const t0 = Date.now();
    const lap = (what: string) => process.stderr.write(`[restart test] ${what} at ${Date.now() - t0} ms\n`);
    try {
      for (let k = 0; k < BATCHES; k++) {
        const pending = store.importBatch(batch(k));
        if (k === 8) {
          // Crash the server while batch 8 is in flight, then bring it back on the same data and port.
          await sleep(20);
          crashedDuring = k;
          restart = (async () => {
            await server?.kill();
            server = await launchNeo4j({ home, port, password, heapMb: 512, quickStart: true });
          })();
        }
        try {
          await pending;
        } catch (e) {
          // Reported, never swallowed: the caller resumes by importing the same batch again.
          expect(isLedgerhoundError(e, 'STORE_FAILURE'), String(e)).toBe(true);
          expect(String((e as Error).message)).not.toContain(password);
          reported.push((e as Error).message);
          await restart;
          k--;
        }
      }
      await restart;
      lap('import done');
      expect(crashedDuring).toBe(8);
      expect(reported.length).toBeLessThanOrEqual(3);

      const dup = await store.query('MATCH ()-[t:TRANSFER {ns: $ns}]->() WITH t.id AS id, count(*) AS n WHERE n > 1 RETURN count(id) AS dups');
      expect(dup[0].dups).toBe(0);
      const stats = await store.stats();
      expect(stats.transfers).toBe(BATCHES * PER_BATCH);
      expect(stats.sources).toBe(BATCHES);
      expect(await store.getCheckpoint('ingest')).toBe(String(BATCHES - 1));

      // Importing everything again (a resumed ingest that starts over) adds nothing.
      for (let k = 0; k < BATCHES; k++) expect((await store.importBatch(batch(k))).transfers).toEqual({ added: 0, existing: PER_BATCH });

      lap('re-import done');
      const sqlite = await sqliteFactory.create();
      try {
        for (let k = 0; k < BATCHES; k++) await sqlite.importBatch(batch(k));
        expect(await dumpStore(store, { perRecord: false })).toBe(await dumpStore(sqlite, { perRecord: false }));
      } finally {
        await sqlite.close();
      }
    } finally {
      await store.close();
    }
  });
});
