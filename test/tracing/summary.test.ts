// The readable `trace` summary (cli/commands/trace.ts): cash-out points largest first per asset,
// holdings capped by `--top` with one line for the rest, a warning for an `until` before every victim
// payment, poison totals not written as an equation, amounts rounded to the asset's decimals and marked.

import { describe, expect, it } from 'vitest';
import { formatSummary, untilWarning } from '../../cli/format-trace.js';
import type { TraceEndpoint, TraceHolding, TraceResult } from '../../src/model/trace-result.js';

const USDT = 'erc20:0xdAC17F958D2ee523a2206206994597C13D831ec7';
const addr = (n: number) => `0x${n.toString(16).padStart(40, '0')}`;

function endpoint(chain: string, asset: string, n: number, amount: string, label: string): TraceEndpoint {
  return { chain, asset, address: addr(n), amount, bySource: { v1: amount }, label, category: 'exchange', hops: 2, transfers: [{ ref: `t${n}`, amount }] };
}

function holding(n: number, amount: string): TraceHolding {
  return { chain: 'ethereum', asset: USDT, address: addr(n), amount, bySource: { v1: amount }, reason: 'unspent' };
}

function result(over: Partial<TraceResult> = {}): TraceResult {
  return {
    version: 1,
    case: 'summary case',
    policy: 'fifo',
    sources: [{ id: 'v1', chain: 'ethereum', asset: USDT, amount: '20000000000', ref: 'p1', address: addr(1), time: '2024-03-01T10:00:00Z' }],
    endpoints: [],
    holdings: [],
    fees: [],
    dropped: [],
    totals: { [`ethereum/${USDT}`]: { sources: '20000000000', endpoints: '0', holdings: '0', fees: '0', dropped: '0' } },
    ...over,
  };
}

const labelsInOrder = (text: string) => [...text.matchAll(/^ {2}(\S+) \[exchange\]/gm)].map((m) => m[1]);

describe('trace summary', () => {
  it('lists cash-out points largest first within each chain and asset', () => {
    const r = result({
      endpoints: [
        endpoint('bitcoin', 'BTC', 10, '50000', 'btc-small'),
        endpoint('bitcoin', 'BTC', 11, '900000000', 'btc-big'),
        endpoint('ethereum', USDT, 12, '999000000', 'usdt-999'),
        endpoint('ethereum', USDT, 13, '12000000000', 'usdt-12k'),
        endpoint('ethereum', USDT, 14, '1000000000.5', 'usdt-1000'),
      ],
      totals: {
        'bitcoin/BTC': { sources: '0', endpoints: '900050000', holdings: '0', fees: '0', dropped: '0' },
        [`ethereum/${USDT}`]: { sources: '20000000000', endpoints: '13999000000.5', holdings: '0', fees: '0', dropped: '0' },
      },
    });
    const text = formatSummary(r);
    expect(labelsInOrder(text)).toEqual(['btc-big', 'btc-small', 'usdt-12k', 'usdt-1000', 'usdt-999']);
    expect(text).toContain('    12,000 USDT in 1 transfer(s)');
  });

  it('lists the 20 largest holdings per asset by default and sums the rest on one line; --top changes the cap', () => {
    const holdings = Array.from({ length: 25 }, (_, i) => holding(100 + i, `${(i + 1) * 1_000_000_000}`));
    const text = formatSummary(result({ holdings }));
    const listed = [...text.matchAll(/^ {2}ethereum (0x[0-9a-f]{40}) {2}([\d,]+) USDT {2}\[unspent\]$/gm)].map((m) => m[2]);
    expect(listed).toHaveLength(20);
    expect(listed.slice(0, 3)).toEqual(['25,000', '24,000', '23,000']);
    expect(text).toContain('Holdings (25):');
    // 1,000 + 2,000 + ... + 5,000 USDT left out.
    expect(text).toContain('  ... 5 more ethereum USDT holding(s): 15,000 USDT (--top)');
    const two = formatSummary(result({ holdings }), { top: 2 });
    expect(two.match(/\[unspent\]$/gm)).toHaveLength(2);
    expect(two).toContain('  ... 23 more ethereum USDT holding(s): 276,000 USDT (--top)');
    expect(formatSummary(result({ holdings: holdings.slice(0, 3) }), { top: 3 })).not.toContain('more ethereum');
  });

  it('warns when until is earlier than every victim payment, not when a payment is before it', () => {
    const r = result({
      sources: [
        { id: 'v1', chain: 'ethereum', asset: USDT, amount: '1', ref: 'p1', time: '2024-03-02T00:00:00Z' },
        { id: 'v2', chain: 'ethereum', asset: USDT, amount: '1', ref: 'p2', time: '2024-03-01T10:00:00Z' },
      ],
    });
    const warning = untilWarning(r, '2024-02-01T00:00:00Z');
    expect(warning).toContain('--until 2024-02-01T00:00:00Z is earlier than every victim payment (the first is at 2024-03-01T10:00:00Z)');
    expect(untilWarning(r, '2024-03-01T12:00:00Z')).toBeUndefined();
    expect(untilWarning(result({ sources: [{ ...r.sources[0], time: undefined }] }), '2024-02-01T00:00:00Z')).toBeUndefined();
    expect(formatSummary(r, { warnings: [warning!] })).toMatch(/^Policy: fifo\nWarning: --until 2024-02-01T00:00:00Z is earlier/m);
  });

  it('prints poison totals as exposure, not as an equation; other policies keep the equation', () => {
    const totals = { [`ethereum/${USDT}`]: { sources: '20000000000', endpoints: '35000000000', holdings: '20000000000', fees: '0', dropped: '0' } };
    const poison = formatSummary(result({ policy: 'poison', totals }));
    const line = poison.split('\n').find((l) => l.startsWith('  ethereum USDT: sources'))!;
    expect(line).not.toMatch(/[=+]/);
    expect(line).toBe('  ethereum USDT: sources 20,000 USDT; exposure (not a split of the sources): endpoints 35,000 USDT, holdings 20,000 USDT, fees 0 USDT, dropped 0 USDT');
    const fifo = formatSummary(result({ totals: { [`ethereum/${USDT}`]: { ...totals[`ethereum/${USDT}`], endpoints: '15000000000', holdings: '5000000000' } } }));
    expect(fifo).toContain('  ethereum USDT: sources 20,000 USDT = endpoints 15,000 USDT + holdings 5,000 USDT + fees 0 USDT + dropped 0 USDT');
  });

  it('adds value converted in and out to the totals identity when the result has conversions (version 2)', () => {
    const totals = { [`ethereum/${USDT}`]: { sources: '20000000000', convertedIn: '5000000000', endpoints: '15000000000', holdings: '0', fees: '0', dropped: '0', convertedOut: '10000000000' } };
    expect(formatSummary(result({ totals }))).toContain(
      '  ethereum USDT: sources 20,000 USDT + converted in 5,000 USDT = endpoints 15,000 USDT + holdings 0 USDT + fees 0 USDT + dropped 0 USDT + converted out 10,000 USDT',
    );
    expect(formatSummary(result({ policy: 'poison', totals }))).toContain('dropped 0 USDT, converted in 5,000 USDT, converted out 10,000 USDT');
  });

  it('shows at most the asset decimals, marking a rounded figure', () => {
    const text = formatSummary(result({ endpoints: [endpoint('ethereum', USDT, 20, '6666666666.666666667', 'third')] }));
    expect(text).toContain('    6,666.666667 USDT≈ in 1 transfer(s)');
    expect(text).toContain('    by victim: v1 6,666.666667 USDT≈');
  });
});
