// The workspace's trace view (app/workspace-trace.ts): view filters select rows without changing the
// figures, the minimum amount is read in the asset's units, and aggregation of a large trace keeps every
// hop's total per asset (the largest flows drawn, the rest in one "other" edge) — a property over random runs.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildTraceView, humanToBaseUnits } from '../../app/workspace-trace.js';
import { isLedgerhoundError } from '../../src/errors.js';
import type { TraceFlow, TraceRun } from '../../src/model/trace-result.js';

const USDT = 'erc20:0xdAC17F958D2ee523a2206206994597C13D831ec7';

function runOf(flows: TraceFlow[]): TraceRun {
  return {
    result: {
      version: 1,
      case: 't',
      policy: 'fifo',
      sources: [
        { id: 'v1', chain: 'ethereum', asset: USDT, amount: '0', ref: 'x' },
        { id: 'v2', chain: 'ethereum', asset: USDT, amount: '0', ref: 'y' },
      ],
      endpoints: [{ chain: 'ethereum', address: '0xe', asset: USDT, amount: '3000000', bySource: { v1: '1000000', v2: '2000000' }, hops: 2, transfers: [] }],
      holdings: [],
      fees: [],
      dropped: [],
      totals: {},
    },
    flows,
  };
}

const flow = (from: string, to: string, hop: number, amount: string, bySource: Record<string, string>, extra: Partial<TraceFlow> = {}): TraceFlow => ({
  chain: 'ethereum', asset: USDT, ref: `${from}-${to}-${hop}`, txHash: '0x1', block: hop, from, to, hop, amount, bySource, ...extra,
});

describe('trace view', () => {
  it('reads the minimum in the asset units and a victim filter shows that victim share', () => {
    expect(humanToBaseUnits('1,000.5', 6)).toBe('1000500000');
    expect(humanToBaseUnits('0.0000001', 6)).toBe('0.1');
    expect(() => humanToBaseUnits('-1', 6)).toThrow();
    const run = runOf([flow('0xa', '0xb', 1, '3000000', { v1: '1000000', v2: '2000000' }, { source: 'v1' }), flow('0xb', '0xe', 2, '3000000', { v1: '1000000', v2: '2000000' })]);
    expect(buildTraceView(run).cashOuts.map((r) => r.amountText)).toEqual(['3 USDT']);
    expect(buildTraceView(run, { victim: 'v1' }).cashOuts.map((r) => r.amountText)).toEqual(['1 USDT']);
    expect(buildTraceView(run, { min: '2' }).cashOuts).toHaveLength(1);
    expect(buildTraceView(run, { victim: 'v1', min: '2' }).cashOuts).toHaveLength(0);
    const view = buildTraceView(run);
    expect(view.nodes.find((n) => n.address === '0xa')?.kind).toBe('victim');
    expect(view.nodes.find((n) => n.address === '0xe')?.kind).toBe('cash-out');
    try {
      buildTraceView(run, { victim: 'nobody' });
      throw new Error('accepted');
    } catch (e) {
      expect(isLedgerhoundError(e, 'INVALID_INPUT') && e.details.field).toBe('victim');
    }
  });

  it('aggregation keeps each hop total and draws at most the limit plus one other edge per hop', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ hop: fc.integer({ min: 1, max: 4 }), to: fc.integer({ min: 0, max: 60 }), amount: fc.bigInt({ min: 1n, max: 10n ** 12n }) }), { minLength: 1, maxLength: 120 }), fc.integer({ min: 4, max: 40 }), (rows, maxEdges) => {
        const flows = rows.map((r, i) => flow(`0xs${r.hop}`, `0xt${r.to}`, r.hop, r.amount.toString(), { v1: r.amount.toString() }, { ref: `r${i}` }));
        const run = runOf(flows);
        const full = buildTraceView(run, { full: true });
        const view = buildTraceView(run, { maxEdges });
        const perHop = (edges: typeof view.edges) => {
          const m = new Map<number, bigint>();
          for (const e of edges) m.set(e.hop, (m.get(e.hop) ?? 0n) + BigInt(e.amount));
          return [...m.entries()].sort(([a], [b]) => a - b);
        };
        expect(perHop(view.edges)).toEqual(perHop(full.edges));
        expect(view.edgeCount).toBe(full.edges.length);
        const hops = new Set(full.edges.map((e) => e.hop)).size;
        if (full.edges.length <= maxEdges) expect(view.aggregated).toBe(0);
        else expect(view.edges.length).toBeLessThanOrEqual(Math.max(hops, maxEdges) + hops);
      }),
      { numRuns: 200, seed: 14 },
    );
  });
});
