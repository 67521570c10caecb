// The export's second core (app/pack-thread.ts, app/pack-worker.ts), with a real worker thread and real
// SQLite files:
// - the PDFs it draws are byte for byte those this thread draws from the same models;
// - a pack written from a store file (store hashed and transactions.csv written on the pack thread) has
//   the same files as one written from the same store seen without a file (as an in-memory or Neo4j
//   store is: everything but the PDFs on this thread), and the same hash;
// - a store job that fails there fails the export with the store's error (code, details) and leaves no
//   partial pack behind.

import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readdirSync, readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadCaseFile } from '../../adapters/files/case-file.js';
import { importFiles } from '../../adapters/files/import-files.js';
import { loadReportFonts } from '../../adapters/files/report-fonts.js';
import { exportCase } from '../../app/export-case.js';
import { partialPackDir, writeEvidencePack } from '../../app/export-pack.js';
import { PackThread } from '../../app/pack-thread.js';
import { openSqliteStore } from '../../graph/sqlite/sqlite-store.js';
import { LedgerhoundError } from '../../src/errors.js';
import { buildFlowGraph } from '../../src/evidence/flow-graph.js';
import { renderReportPdf } from '../../src/evidence/report-pdf.js';
import { buildReportModel } from '../../src/evidence/report-model.js';
import { groupVictimStatements, victimStatementDocument } from '../../src/evidence/victim-statement.js';
import { renderStatementPdf } from '../../src/evidence/victim-statement-pdf.js';
import { buildVictimStatements } from '../../src/restitution/victim-statements.js';
import type { GraphStore } from '../../src/ports.js';
import { tempDir } from '../support/stores.js';
import { SMALL_CASE, smallCaseRun, smallCaseStore } from './pack-helpers.js';

const SAMPLE = fileURLToPath(new URL('../../samples/pig-butchering/', import.meta.url));

/** Every file of a pack but the manifest (which names the store's location): path -> SHA-256. */
function digests(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile() || e.name === 'manifest.json') continue;
    const path = join(e.parentPath, e.name);
    out[path.slice(dir.length + 1)] = createHash('sha256').update(readFileSync(path)).digest('hex');
  }
  return out;
}

describe('the pack thread', () => {
  it('draws report.pdf and a statement PDF byte for byte as this thread does', async () => {
    const run = smallCaseRun();
    const loaded = await loadCaseFile(SMALL_CASE);
    const model = buildReportModel({
      run,
      graph: buildFlowGraph(run),
      caseFile: loaded.kase,
      casePath: 'case/case.yaml',
      sources: [],
      tool: { name: 'ledgerhound', version: 'test' },
      store: { kind: 'sqlite', contentHash: '0', transfers: 0, transactions: 0, tags: 0 },
      dataAsOf: '2024-01-01T00:00:00Z',
    });
    const statements = buildVictimStatements(run.result, run.flows);
    const set = groupVictimStatements({ statements, payments: loaded.kase.victimPayments });
    const doc = victimStatementDocument(set.victims[0], set, { dataAsOf: '2024-01-01T00:00:00Z' });
    const stamp = { date: Date.parse('2024-01-01T00:00:00Z'), creator: 'ledgerhound test' };
    const here = { date: new Date(stamp.date), creator: stamp.creator, fonts: loadReportFonts() };
    const thread = new PackThread();
    try {
      const [report, statement] = await Promise.all([thread.report(model, stamp), thread.statement('victims/x.pdf', doc, stamp)]);
      expect(report.subarray(0, 5).toString()).toBe('%PDF-');
      expect(report.equals(await renderReportPdf(model, here))).toBe(true);
      expect(statement.equals(await renderStatementPdf(doc, here))).toBe(true);
    } finally {
      await thread.close();
    }
  }, 120_000);

  it('gives the same pack from a store file (hash, transactions.csv on the thread) as from a store without a file', async () => {
    const dir = tempDir('lh-thread-');
    for (const f of readdirSync(SAMPLE)) if (/\.(jsonl|csv|yaml)$/.test(f)) copyFileSync(join(SAMPLE, f), join(dir, f));
    const loaded = await loadCaseFile(join(dir, 'case.yaml'));
    const packs: { files: Record<string, string>; contentHash: string }[] = [];
    const store = openSqliteStore(join(dir, 'case.db'));
    try {
      await importFiles(store, loaded.sourcePaths);
      // The same store (same import times) seen as one without a file: the pack thread only draws PDFs.
      const fileless = new Proxy(store, {
        get: (target, name) => (name === 'location' ? ':memory:' : Reflect.get(target, name, target)),
      });
      for (const s of [store, fileless]) {
        const out = join(tempDir('lh-thread-out-'), 'pack');
        const pack = await exportCase(s, loaded, { outDir: out, tool: { name: 'ledgerhound', version: 'test' }, argv: ['export'], now: new Date(0) });
        packs.push({ files: digests(out), contentHash: pack.manifest.store.contentHash });
      }
    } finally {
      await store.close();
    }
    expect(Object.keys(packs[0].files)).toContain('transactions.csv');
    expect(Object.keys(packs[0].files)).toContain('report.pdf');
    expect(packs[1]).toEqual(packs[0]);
  }, 180_000);

  it('fails the export with the store error of a job that failed there, leaving no partial pack', async () => {
    const store: GraphStore = await smallCaseStore();
    const loaded = await loadCaseFile(SMALL_CASE);
    const out = join(tempDir('lh-thread-fail-'), 'pack');
    try {
      // This thread's connection still reads the removed file; the pack thread cannot open it.
      unlinkSync(store.location);
      const error = await writeEvidencePack({ store, loaded, kase: loaded.kase, run: smallCaseRun(), outDir: out, tool: { name: 'ledgerhound', version: 't' }, argv: [] }).catch((e) => e);
      expect(error).toBeInstanceOf(LedgerhoundError);
      expect(error).toMatchObject({ code: 'STORE_FAILURE', details: { path: store.location } });
      expect(existsSync(out)).toBe(false);
      expect(existsSync(partialPackDir(out))).toBe(false);
    } finally {
      await store.close();
    }
  }, 120_000);
});
