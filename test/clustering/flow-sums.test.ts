// FlowSums (src/clustering/flow-sums.ts): per (from, to, asset) sums of account rows, exact (high *
// 10^12 + low as doubles, carried into BigInt past 2^53, text past 27 digits), in (from, to, asset) order.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FlowSums } from '../../src/clustering/flow-sums.js';
import type { AccountFlowRow } from '../../src/ports.js';

/** The row the store gives for `amount` (as sqlite-store.ts's accountFlows splits it). */
function row(from: number, to: number, asset: string, amount: bigint): AccountFlowRow {
  const text = amount.toString();
  if (text.length <= 12) return [from, to, asset, 0, Number(amount)];
  if (text.length <= 27) return [from, to, asset, Number(text.slice(0, -12)), Number(text.slice(-12))];
  return [from, to, asset, null, text];
}

function sums(rows: AccountFlowRow[]): [number, number, string, bigint, number][] {
  const s = new FlowSums();
  for (const r of rows) s.add(r);
  const out: [number, number, string, bigint, number][] = [];
  s.emit((f, t, a, v, n) => out.push([f, t, a, v, n]));
  return out;
}

describe('FlowSums', () => {
  it('sums exactly per (from, to, asset), in (from, to, asset) order, as a GROUP BY would', () => {
    const amount = fc.oneof(fc.bigInt({ min: 1n, max: 10n ** 12n }), fc.bigInt({ min: 1n, max: 10n ** 27n - 1n }), fc.bigInt({ min: 1n, max: 2n ** 256n }));
    const rowArb = fc.tuple(fc.oneof(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 0x7fffffff })), fc.integer({ min: 0, max: 5 }), fc.constantFrom('ETH', 'erc20:0xa', 'erc20:0xB', 'BTC'), amount);
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 300 }), (raw) => {
        const want = new Map<string, { f: number; t: number; a: string; v: bigint; n: number }>();
        for (const [f, t, a, v] of raw) {
          const k = `${f}\u0000${t}\u0000${a}`;
          const e = want.get(k) ?? { f, t, a, v: 0n, n: 0 };
          e.v += v;
          e.n++;
          want.set(k, e);
        }
        const expected = [...want.values()].sort((x, y) => x.f - y.f || x.t - y.t || (x.a < y.a ? -1 : x.a > y.a ? 1 : 0)).map((e) => [e.f, e.t, e.a, e.v, e.n]);
        expect(sums(raw.map(([f, t, a, v]) => row(f, t, a, v)))).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });

  it('carries past 2^53 in both parts: 10^4 transfers of 10^27 - 1 on one pair', () => {
    const big = 10n ** 27n - 1n;
    const rows = Array.from({ length: 10_000 }, () => row(7, 3, 'ETH', big));
    rows.push(row(7, 3, 'erc20:0xdAC17F958D2ee523a2206206994597C13D831ec7', 5n));
    expect(sums(rows)).toEqual([
      [7, 3, 'ETH', big * 10_000n, 10_000],
      [7, 3, 'erc20:0xdAC17F958D2ee523a2206206994597C13D831ec7', 5n, 1],
    ]);
  });
});
