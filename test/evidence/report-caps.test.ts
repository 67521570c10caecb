// The report's capped tables (report-model.ts): a cash-out point's transfers show the largest rows by
// amount in their listed order, then "and K more transfers (total X) in flows.csv" with the exact total of
// the rest; a "by victim payment" cell names the largest VICTIMS_PER_CELL payments and the count and
// total of the others. Property: shown rows plus the "more" total always give the cash-out's amount.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatAssetAmount } from '../../src/evidence/amount-format.js';
import { formatScaled, parseScaled } from '../../src/evidence/decimal.js';
import { buildFlowGraph } from '../../src/evidence/flow-graph.js';
import { buildReportModel, VICTIMS_PER_CELL } from '../../src/evidence/report-model.js';
import { tronHexToBase58 } from '../../src/model/address.js';
import { parseCase } from '../../src/model/case.js';
import type { TraceFlow, TraceRun } from '../../src/model/trace-result.js';

const USDT = 'trc20:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t';
const addr = (n: number) => tronHexToBase58(n.toString(16).padStart(40, '0'));
const DEPOSIT = addr(7);

/** One deposit address receiving `amounts` (base units) from a hub; each flow's taint split over `victims` payments. */
function runOf(amounts: bigint[], victims = 1): TraceRun {
  const ids = Array.from({ length: victims }, (_, v) => `v${String(v).padStart(2, '0')}`);
  const flows: TraceFlow[] = amounts.map((amount, i) => {
    // Victim v gets (v + 1) parts of the flow, the last one the remainder: distinct amounts per victim.
    const parts = (victims * (victims + 1)) / 2;
    const bySource: Record<string, string> = {};
    let left = amount;
    ids.forEach((v, k) => {
      const share = k === victims - 1 ? left : (amount * BigInt(k + 1)) / BigInt(parts);
      bySource[v] = String(share);
      left -= share;
    });
    return { chain: 'tron', asset: USDT, ref: `t${i}:0`, txHash: `t${i}`, block: 2 + i, time: `2024-01-01T00:00:${String(i % 60).padStart(2, '0')}Z`, from: addr(1), to: DEPOSIT, hop: 2, amount: String(amount), bySource };
  });
  const total = amounts.reduce((a, b) => a + b, 0n);
  const bySource: Record<string, string> = {};
  for (const f of flows) for (const [v, a] of Object.entries(f.bySource)) bySource[v] = String(BigInt(bySource[v] ?? '0') + BigInt(a));
  return {
    result: {
      version: 1,
      case: 'Caps',
      policy: 'fifo',
      sources: ids.map((id) => ({ id, chain: 'tron', asset: USDT, amount: bySource[id], ref: `${id}:0` })),
      endpoints: [{ chain: 'tron', address: DEPOSIT, asset: USDT, amount: String(total), bySource, label: 'Exchange', category: 'exchange', hops: 2, transfers: [] }],
      holdings: [],
      fees: [],
      dropped: [],
      totals: { [`tron/${USDT}`]: { sources: String(total), endpoints: String(total), holdings: '0', fees: '0', dropped: '0' } },
    },
    flows,
  };
}

function modelOf(run: TraceRun, rowsPerCashOut?: number) {
  return buildReportModel({
    run,
    graph: buildFlowGraph(run),
    caseFile: parseCase({ name: 'Caps', victimPayments: run.result.sources.map((s) => ({ id: s.id, chain: 'tron', transfer: s.ref })) }),
    casePath: 'case/case.yaml',
    sources: [],
    tool: { name: 'ledgerhound', version: 'test' },
    store: { kind: 'sqlite', contentHash: '0', transfers: 0, transactions: 0, tags: 0 },
    dataAsOf: '2024-01-01T00:00:00Z',
    ...(rowsPerCashOut !== undefined ? { limits: { rowsPerCashOut } } : {}),
  });
}

const usdt = (baseUnits: bigint) => formatAssetAmount('tron', USDT, String(baseUnits));

describe('report table caps', () => {
  it('shows the largest transfers of a cash-out point in listed order and the count and total of the rest', () => {
    const amounts = [5n, 90n, 7n, 60n, 1n, 80n].map((a) => a * 1_000_000n);
    const table = modelOf(runOf(amounts), 3).cashOuts[0].table;
    expect(table.rows.map((r) => r[1])).toEqual(['t1:0', 't3:0', 't5:0']);
    expect(table.more).toBe(`and 3 more transfers (total ${usdt(13_000_000n)}) in flows.csv`);
  });

  it('names the largest victim payments of a cell and the count and total of the others', () => {
    const victims = VICTIMS_PER_CELL + 3;
    const model = modelOf(runOf([36_000_000n], victims));
    const cell = model.cashOuts[0].table.rows[0][4];
    const flow = runOf([36_000_000n], victims).flows[0];
    const named = Object.keys(flow.bySource).slice(3);
    expect(cell).toBe(
      [...named.map((v) => `${v}: ${usdt(BigInt(flow.bySource[v]))}`), `and 3 more (total ${usdt(['v00', 'v01', 'v02'].reduce((a, v) => a + BigInt(flow.bySource[v]), 0n))})`].join('; '),
    );
    const facts = new Map(model.cashOuts[0].facts);
    expect(facts.get('By victim payment')).toContain('and 3 more (total ');
  });

  it('shown rows and the "more" total add up to the cash-out amount (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: 1n, max: 10n ** 12n }), { minLength: 1, maxLength: 60 }), fc.integer({ min: 1, max: 30 }), (amounts, max) => {
        const run = runOf(amounts);
        const table = modelOf(run, max).cashOuts[0].table;
        expect(table.rows.length).toBe(Math.min(max, amounts.length));
        const shown = table.rows.map((r) => amounts[Number(r[1].slice(1, -2))]);
        const sorted = [...amounts].sort((a, b) => (b > a ? 1 : b < a ? -1 : 0));
        expect([...shown].sort((a, b) => (b > a ? 1 : b < a ? -1 : 0))).toEqual(sorted.slice(0, shown.length));
        const rest = amounts.reduce((a, b) => a + b, 0n) - shown.reduce((a, b) => a + b, 0n);
        if (amounts.length > max) expect(table.more).toBe(`and ${amounts.length - max} more transfers (total ${usdt(rest)}) in flows.csv`);
        else expect(table.more).toBeUndefined();
        expect(formatScaled(parseScaled(String(rest)))).toBe(String(rest));
      }),
      { numRuns: 60 },
    );
  });
});
