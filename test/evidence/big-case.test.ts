// A big trace keeps the report usable: the flow diagram, the cash-out sections and their tables are
// capped, each cap says how many rows are left out and where they are ("N more in flows.csv"), and
// the totals still come from the full result. The run is synthetic (a fan-out of 2,000 flows to 300
// deposit addresses); the numbers below follow from its construction.

import { describe, expect, it } from 'vitest';
import { buildFlowGraph } from '../../src/evidence/flow-graph.js';
import { renderReportHtml } from '../../src/evidence/report-html.js';
import { buildReportModel } from '../../src/evidence/report-model.js';
import { parseCase } from '../../src/model/case.js';
import type { TraceFlow, TraceRun } from '../../src/model/trace-result.js';
import { tronHexToBase58 } from '../../src/model/address.js';

const USDT = 'trc20:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t';
const addr = (n: number) => tronHexToBase58(n.toString(16).padStart(40, '0'));

/** Victim v0 pays hub 1; the hub sends 2,000 transfers of 1 USDT round-robin to 300 deposit addresses. */
function bigRun(): TraceRun {
  const flows: TraceFlow[] = [
    { chain: 'tron', asset: USDT, ref: 'p:0', txHash: 'p', block: 1, from: addr(100_000), to: addr(1), hop: 1, amount: '2000000000', bySource: { v0: '2000000000' } },
  ];
  const perDeposit = new Map<number, number>();
  for (let i = 0; i < 2000; i++) {
    const d = 1000 + (i % 300);
    perDeposit.set(d, (perDeposit.get(d) ?? 0) + 1);
    flows.push({ chain: 'tron', asset: USDT, ref: `t${i}:0`, txHash: `t${i}`, block: 2 + i, from: addr(1), to: addr(d), hop: 2, amount: '1000000', bySource: { v0: '1000000' } });
  }
  const endpoints = [...perDeposit].map(([d, n]) => ({
    chain: 'tron',
    address: addr(d),
    asset: USDT,
    amount: String(n * 1_000_000),
    bySource: { v0: String(n * 1_000_000) },
    label: `Exchange ${d % 7}`,
    category: 'exchange',
    hops: 2,
    transfers: [],
  }));
  return {
    result: {
      version: 1,
      case: 'Big',
      policy: 'fifo',
      sources: [{ id: 'v0', chain: 'tron', asset: USDT, amount: '2000000000', ref: 'p:0' }],
      endpoints,
      holdings: [],
      fees: [],
      dropped: [],
      totals: { [`tron/${USDT}`]: { sources: '2000000000', endpoints: '2000000000', holdings: '0', fees: '0', dropped: '0' } },
    },
    flows,
  };
}

function modelInput(run: TraceRun, graph: ReturnType<typeof buildFlowGraph>) {
  return {
    run,
    graph,
    caseFile: parseCase({ name: 'Big', victimPayments: [{ id: 'v0', chain: 'tron', transfer: 'p:0' }] }),
    casePath: 'case/case.yaml',
    sources: [],
    tool: { name: 'ledgerhound', version: 'test' },
    store: { kind: 'sqlite', contentHash: '0', transfers: 2001, transactions: 0, tags: 300 },
    dataAsOf: '2024-01-01T00:00:00Z',
  };
}

describe('report of a big case', () => {
  const run = bigRun();
  const graph = buildFlowGraph(run);
  const model = buildReportModel(modelInput(run, graph));

  it('caps the diagram and says what is left out', () => {
    // 302 nodes: the victim, the hub, 300 deposits. Drawn: 10 deposits (20% of 48) with their route back
    // (the hub, the victim), then the remaining room filled.
    expect(graph.nodes).toHaveLength(302);
    expect(model.diagram.nodes.length).toBe(48);
    const kinds = model.diagram.nodes.map((n) => n.kind);
    expect(kinds.filter((k) => k === 'victim')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'intermediate')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'endpoint')).toHaveLength(46);
    // Every drawn deposit is connected to the hub, and the hub to the victim.
    expect(model.diagram.edges).toHaveLength(47);
    expect(model.diagram.omittedNodes).toBe(302 - model.diagram.nodes.length);
    expect(model.diagramNote).toContain(`${model.diagram.omittedNodes} more addresses`);
  });

  it('caps cash-out sections and rows per section, pointing to the full files', () => {
    expect(model.cashOuts).toHaveLength(50);
    expect(model.cashOutsMore).toBe('250 more cash-out points in trace.json and freeze-requests/');
    // Deposits 1000..1199 get 7 transfers each (2,000 = 6 * 300 + 200): under the cap of 25 rows.
    expect(model.cashOuts[0].table.rows).toHaveLength(7);
    expect(model.cashOuts[0].table.more).toBeUndefined();
    const html = renderReportHtml(model);
    expect(html).toContain('250 more cash-out points in trace.json and freeze-requests/');
    expect(html.length).toBeLessThan(1_000_000);
  });

  it('caps the rows of one cash-out point with a pointer to flows.csv', () => {
    const small = buildReportModel({ ...modelInput(run, graph), limits: { rowsPerCashOut: 5 } });
    expect(small.cashOuts[0].table.rows).toHaveLength(5);
    expect(small.cashOuts[0].table.more).toBe('and 2 more transfers (total 2 USDT) in flows.csv');
  });

  it('shows totals from the whole result', () => {
    expect(model.totals.rows).toEqual([['tron', 'USDT', '2,000', '2,000', '0', '0', '0']]);
  });
});
