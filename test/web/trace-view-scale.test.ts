// The trace view of a large trace (issue 14: the 10^6-transfer bench trace opens aggregated): 200,000
// flows in one hop out of one wallet are aggregated to the per-hop limit plus one "other" edge, keeping
// the hop's total. Grouping edges by hop used to copy the hop's list on every edge (quadratic); the
// timeout is the guard (a wall-clock assertion would be flaky on a loaded machine).

import { describe, expect, it } from 'vitest';
import { buildTraceView } from '../../app/workspace-trace.js';
import type { TraceFlow, TraceRun } from '../../src/model/trace-result.js';

const USDT = 'erc20:0xdAC17F958D2ee523a2206206994597C13D831ec7';
const N = 200_000;

describe('trace view at scale', () => {
  it('aggregates 200,000 flows of one hop, keeping the hop total', () => {
    const hex = (i: number) => `0x${i.toString(16).padStart(40, '0')}`;
    const flows: TraceFlow[] = [{ chain: 'ethereum', asset: USDT, ref: 'v', txHash: '0x0', block: 1, from: hex(0), to: hex(1), hop: 1, amount: String(N * 10), bySource: { v1: String(N * 10) }, source: 'v1' }];
    for (let i = 0; i < N; i++) flows.push({ chain: 'ethereum', asset: USDT, ref: `f${i}`, txHash: `0x${i}`, block: 2, from: hex(1), to: hex(i + 2), hop: 2, amount: String(1 + (i % 19)), bySource: { v1: String(1 + (i % 19)) } });
    const run: TraceRun = {
      result: { version: 1, case: 't', policy: 'fifo', sources: [{ id: 'v1', chain: 'ethereum', asset: USDT, amount: String(N * 10), ref: 'v' }], endpoints: [], holdings: [], fees: [], dropped: [], totals: {} },
      flows,
    };
    const view = buildTraceView(run);
    expect(view.edgeCount).toBe(N + 1);
    expect(view.edges.length).toBeLessThanOrEqual(400 + 2);
    expect(view.aggregated).toBe(N + 1 - (view.edges.length - 1));
    const hop2 = view.edges.filter((e) => e.hop === 2).reduce((s, e) => s + BigInt(e.amount), 0n);
    expect(hop2).toBe(flows.slice(1).reduce((s, f) => s + BigInt(f.amount), 0n));
    expect(view.edges.find((e) => e.target === 'other/2')?.amountText).toMatch(/USDT \(\d+ flows\)$/);
    expect(view.edges.every((e) => e.amountText !== '')).toBe(true);
  }, 180_000);
});
