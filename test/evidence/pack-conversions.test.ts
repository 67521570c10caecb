// An evidence pack holds every record its trace used, conversions included (TRACING.md v2): a store whose
// conversions came from outside the case's own sources (an ingest, a partner) is exported with a
// store/conversions.jsonl snapshot, and `verify --retrace` on the pack alone gives the same figures.

import { copyFileSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportCase } from '../../app/export-case.js';
import { importOneFile } from '../../app/import-files.js';
import { readCaseFile } from '../../app/trace-case-file.js';
import { verifyPack } from '../../app/verify-pack.js';
import type { GraphStore } from '../../src/ports.js';
import { sqliteFactory, tempDir } from '../support/stores.js';

const SAMPLE = fileURLToPath(new URL('../../samples/pig-butchering/', import.meta.url));

describe('evidence pack of a trace through conversions that are not among the case sources', () => {
  let dir: string;
  let store: GraphStore;
  beforeAll(async () => {
    dir = tempDir('lh-pack-conv-');
    for (const f of readdirSync(SAMPLE)) if (/\.(jsonl|csv|yaml)$/.test(f)) copyFileSync(join(SAMPLE, f), join(dir, f));
    // The case no longer names conversions.jsonl: the conversions reach the store on their own.
    const kase = readFileSync(join(dir, 'case.yaml'), 'utf8').replace(/\n\s+- conversions\.jsonl/, '');
    writeFileSync(join(dir, 'case.yaml'), kase);
    store = await sqliteFactory.create();
    const loaded = await readCaseFile(join(dir, 'case.yaml'));
    expect(loaded.sourcePaths.some((p) => p.endsWith('conversions.jsonl'))).toBe(false);
    // Transfers first (the conversions' refs are checked against them), then the conversions.
    for (const p of loaded.sourcePaths) await importOneFile(store, p, {});
    await importOneFile(store, join(dir, 'conversions.jsonl'), {});
  }, 300_000);
  afterAll(async () => {
    await store?.close();
  });

  it('carries store/conversions.jsonl and re-traces to the same figures from the pack alone', async () => {
    const loaded = await readCaseFile(join(dir, 'case.yaml'));
    const out = join(tempDir('lh-pack-conv-out-'), 'pack');
    const pack = await exportCase(store, loaded, { outDir: out, tool: { name: 'ledgerhound', version: 'test' }, argv: ['export'] });
    expect(pack.manifest.files.map((f) => f.path)).toContain('store/conversions.jsonl');
    expect(existsSync(join(out, 'store', 'conversions.jsonl'))).toBe(true);
    const traced = JSON.parse(readFileSync(join(out, 'trace.json'), 'utf8')) as { conversions?: unknown[] };
    expect(traced.conversions?.length).toBe(2);
    const report = await verifyPack(out, { retrace: true });
    expect(report.problems).toEqual([]);
    expect(report.retrace?.sameResult).toBe(true);
    expect(report.ok).toBe(true);
  }, 600_000);
});
