// Tags through clusters on the sample case (issue 11, item 1; TRACING.md v2, Tags through clusters):
// after `cluster build --heuristics all` the crypto.com BTC address shares a cluster with the scam's
// addresses. A tag given directly wins over an inherited one when deciding whether an address is a
// cash-out point: crypto.com stays a cash-out point with its own label (and its freeze request stays in
// the pack); the disagreement is listed with both tags and the evidence; every inherited label in the
// result carries `inferredFrom`.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LoadedCase, loadCaseFile } from '../../adapters/files/case-file.js';
import { importFiles } from '../../adapters/files/import-files.js';
import { openSqliteStore } from '../../graph/sqlite/sqlite-store.js';
import { clusterStore } from '../../src/clustering/cluster-store.js';
import { HEURISTICS } from '../../src/clustering/heuristics.js';
import { buildReportModel } from '../../src/evidence/report-model.js';
import { buildFlowGraph } from '../../src/evidence/flow-graph.js';
import { buildFreezeRequests } from '../../src/evidence/freeze-requests.js';
import type { GraphStore } from '../../src/ports.js';
import { traceCase } from '../../src/tracing/trace-case.js';
import { formatSummary } from '../../cli/format-trace.js';
import { SAMPLE_CASE } from './expected-trace.js';

const CRYPTO_COM = 'bc1q4c8n5t00jmj8temxdgcc3t32nkg2wjwz24lywv';

describe('sample case with --inherit-tags after cluster build --heuristics all', () => {
  let store: GraphStore;
  let loaded: LoadedCase;

  beforeAll(async () => {
    store = openSqliteStore(':memory:');
    loaded = await loadCaseFile(SAMPLE_CASE);
    await importFiles(store, loaded.sourcePaths);
    await clusterStore(store, { heuristics: [...HEURISTICS] });
    // The precondition of the issue: the exchange address is in a cluster whose other members are tagged scam.
    const cluster = await store.clusterOf('bitcoin', CRYPTO_COM);
    expect(cluster?.members.length).toBeGreaterThan(1);
  });

  afterAll(async () => {
    await store?.close();
  });

  it('the direct exchange tag decides: crypto.com stays a cash-out point with the same amount, its freeze request stays', async () => {
    const plain = await traceCase(store, loaded.kase, { inheritTags: false });
    const run = await traceCase(store, loaded.kase, { inheritTags: true });
    const before = plain.result.endpoints.find((e) => e.address === CRYPTO_COM);
    const after = run.result.endpoints.find((e) => e.address === CRYPTO_COM);
    expect(before).toBeDefined();
    expect(after).toMatchObject({ chain: 'bitcoin', label: 'crypto.com reserves wallets', category: 'exchange', amount: before!.amount, bySource: before!.bySource });
    expect(after!.inferredFrom).toBeUndefined();
    expect(run.result.holdings.filter((h) => h.address === CRYPTO_COM)).toEqual([]);
    expect(buildFreezeRequests(run).map((r) => r.entity)).toContain('crypto.com reserves wallets');
  });

  it('the conflict is listed with both tags and the evidence, in the result, the summary and the report', async () => {
    const run = await traceCase(store, loaded.kase, { inheritTags: true });
    const conflict = run.result.tagConflicts?.find((c) => c.address === CRYPTO_COM);
    expect(conflict).toMatchObject({ chain: 'bitcoin', cashOut: true, direct: { label: 'crypto.com reserves wallets', category: 'exchange', confidence: 50 } });
    expect(conflict!.inherited.length).toBeGreaterThan(0);
    for (const t of conflict!.inherited) {
      expect(t.category).not.toBe('exchange');
      expect(t.inferredFrom).toMatchObject({ heuristic: expect.stringMatching(/^cluster/), evidence: expect.any(Array), via: expect.any(String) });
      expect((t.inferredFrom as { evidence: string[] }).evidence.length).toBeGreaterThan(0);
    }
    expect(conflict!.inherited.map((t) => t.category)).toContain('scam');
    expect(formatSummary(run.result)).toContain(`bitcoin ${CRYPTO_COM}: crypto.com reserves wallets [exchange, 50] -> cash-out point`);
    const model = buildReportModel({
      run,
      graph: buildFlowGraph(run),
      caseFile: { ...loaded.kase, inheritTags: true },
      casePath: 'case/case.yaml',
      sources: [],
      tool: { name: 'ledgerhound', version: 'test' },
      store: { kind: 'sqlite', contentHash: '0'.repeat(64), transfers: 0, transactions: 0, tags: 0 },
      dataAsOf: '2024-11-01T00:00:00Z',
    });
    const row = model.tagConflicts.rows.find((r) => r[1] === CRYPTO_COM);
    expect(row?.[2]).toContain('crypto.com reserves wallets (exchange');
    expect(row?.[3]).toContain('scam');
    expect(row?.[4]).toBe('cash-out point');
  });

  it('every label that is not a direct tag of its address carries inferredFrom (endpoints and holdings)', async () => {
    const { result } = await traceCase(store, loaded.kase, { inheritTags: true });
    const rows = [...result.endpoints, ...result.holdings].filter((r) => r.label !== undefined);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      const direct = (await store.tagsOf(r.chain, r.address)).filter((t) => !t.inferredFrom).map((t) => t.label);
      if (direct.includes(r.label!)) expect(r.inferredFrom, `${r.address} ${r.label}`).toBeUndefined();
      else expect(r.inferredFrom, `${r.address} ${r.label}`).toBeDefined();
    }
  });
});
