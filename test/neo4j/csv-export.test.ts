// `export-neo4j-csv` (issue 5): the CSV files load with the real `neo4j-admin database import full`
// (Neo4j 5.26 AdminTool) into a fresh database, and that database opens as a Ledgerhound Neo4j store
// that answers byte-identically to the store it was exported from; re-importing the same records into
// it adds nothing; the header format is the one neo4j-admin documents.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import neo4j from 'neo4j-driver';
import { afterAll, describe, expect, it } from 'vitest';
import { importFiles } from '../../adapters/files/import-files.js';
import { exportNeo4jCsv } from '../../graph/neo4j/csv-export.js';
import { openNeo4jStore } from '../../graph/neo4j/neo4j-store.js';
import { isLedgerhoundError } from '../../src/errors.js';
import { launchNeo4j, type Neo4jProcess, runNeo4jAdminImport } from '../services/neo4j/service.js';
import { sqliteFactory } from '../support/stores.js';
import { dumpStore, neo4jWanted } from './support/dump-store.js';
import { operationsArb } from './support/random-records.js';

const SAMPLE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'samples', 'pig-butchering');

describe.runIf(neo4jWanted())('export-neo4j-csv and neo4j-admin import', () => {
  const work = mkdtempSync(join(tmpdir(), 'lh-neo4j-csv-'));
  let server: Neo4jProcess | undefined;
  afterAll(async () => {
    await server?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('loads with neo4j-admin and reads back exactly as the source store', { timeout: 240_000 }, async () => {
    const source = await sqliteFactory.create();
    // Real sample data plus random records (ties, unicode, clusters, communities, unknown coins).
    const files = ['transfers.jsonl', 'transactions.jsonl', 'conversions.jsonl', 'tags.jsonl', 'case-notes-tags.csv'].map((f) => join(SAMPLE, f));
    await importFiles(source, files);
    const [ops] = fc.sample(operationsArb, { seed: 7, numRuns: 1 });
    for (const op of ops) {
      if (op.batch) await source.importBatch(op.batch).catch((e) => expect(isLedgerhoundError(e, 'INTEGRITY')).toBe(true));
      if (op.clustering) await source.replaceClustering(op.clustering);
      if (op.communities) await source.replaceCommunities(op.communities);
    }
    const csv = join(work, 'csv');
    const result = await exportNeo4jCsv(source, csv, { namespace: 'bulk' });
    expect(result.files['transfer-rels.csv']).toBe((await source.stats()).transfers);
    expect(readFileSync(join(csv, 'transfer-rels.csv'), 'utf8').split('\n')[0]).toBe(
      ':START_ID(Address),:END_ID(Address),:TYPE,ns,chain,id,asset,amount,index:long,txHash,block:long,txIndex:long,time,extra,source:long,scanRow',
    );
    expect(readFileSync(join(csv, 'addresses.csv'), 'utf8').split('\n')[0]).toBe(':ID(Address),:LABEL,ns,chain,address,community:long');

    const home = join(work, 'home');
    const log = await runNeo4jAdminImport(home, result.importArgs);
    expect(log).toContain('IMPORT DONE');
    server = await launchNeo4j({ home, heapMb: 512, quickStart: true });
    const bulk = await openNeo4jStore({ url: `${server.url}?namespace=bulk`, user: server.user, password: server.password });
    try {
      expect(await dumpStore(bulk)).toBe(await dumpStore(source));
      // Every TRANSFER carries the scan's packed row (records.ts), as the store's own writes give it.
      const driver = neo4j.driver(server.url, neo4j.auth.basic(server.user, server.password));
      try {
        const res = await driver.executeQuery("MATCH ()-[t:TRANSFER {ns: 'bulk'}]->() RETURN count(t) AS n, count(t.scanRow) AS packed");
        expect(res.records[0].get('packed').toNumber()).toBe(res.records[0].get('n').toNumber());
      } finally {
        await driver.close();
      }
      // The loaded graph is a normal store: re-importing the sample adds nothing.
      const again = await importFiles(bulk, files);
      for (const r of again) expect(r.summary.transfers.added + r.summary.transactions.added + r.summary.tags.added, r.file).toBe(0);
    } finally {
      await bulk.close();
      await source.close();
    }
  });
});
