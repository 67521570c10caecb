// Events of unknown order inside a block (src/tracing/unknown-order.ts): TRON transfers from TronGrid
// carry `positionUnknown: true` (txIndex 0 for all). The trace result lists each followed address with two
// or more events in one block where any of them has an unknown position, with the events in the order the
// trace used, including replayed history of the block in which taint arrived; the same whether the walk
// reads ledgers or scans the chain. Endpoints and blocks of known order are not listed.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatSummary } from '../../cli/format-trace.js';
import type { CaseFile } from '../../src/model/case.js';
import { parseTag } from '../../src/model/tag.js';
import { parseTransfer } from '../../src/model/transfer.js';
import type { GraphStore } from '../../src/ports.js';
import { traceCase } from '../../src/tracing/trace-case.js';
import type { UnknownOrder } from '../../src/model/trace-result.js';
import type { AccountTransfer } from '../../src/model/transfer.js';
import { type BlockGroup, extendGroup, isUnknownOrder, UnknownOrderWatch } from '../../src/tracing/unknown-order.js';
import { tronAddress } from '../support/addresses.js';
import { storeFactories } from '../support/stores.js';

const [V, A, B, C, E, F, X] = ['victim', 'mule-a', 'mule-b', 'clean', 'mule-e', 'mule-f', 'exchange'].map(tronAddress);

const transfer = (id: string, block: number, index: number, from: string, to: string, amount: string, positionUnknown = true) =>
  parseTransfer({ id, chain: 'tron', asset: 'TRX', txHash: `tx-${id}`, block, txIndex: 0, index, from, to, amount, ...(positionUnknown ? { positionUnknown: true } : {}) });

const DATA = [
  transfer('c1', 10, 0, C, A, '5'), // clean money reaching A earlier in the block the victim pays in
  transfer('p1', 10, 1, V, A, '100'), // the victim payment
  transfer('q1', 10, 2, A, B, '60'),
  transfer('c2', 12, 0, C, B, '1'),
  transfer('r1', 12, 1, B, X, '61'), // B reaches the exchange in a block with another event of B
  transfer('c3', 12, 2, C, X, '7'), // the exchange's own events are not the trace's concern
  transfer('e1', 15, 0, A, E, '45', false), // E: two events in block 15, both of known position
  transfer('e2', 15, 1, E, F, '45', false),
];

const kase: CaseFile = {
  name: 'unknown order',
  sources: [],
  victimPayments: [{ id: 'v1', chain: 'tron', transfer: 'p1' }],
  policy: 'fifo',
  maxHops: 20,
  stopAt: ['exchange'],
  inheritTags: false,
};

async function seed(store: GraphStore): Promise<void> {
  await store.importBatch({
    source: { name: 'data', sha256: 'a'.repeat(64), kind: 'file' },
    transfers: DATA,
    tags: [parseTag({ chain: 'tron', address: X, label: 'Exchange', category: 'exchange', source: 'test', confidence: 90 })],
  });
}

describe('extendGroup', () => {
  it('keeps one group per block, counts a repeated event once, and flags an unknown position', () => {
    const closed: number[] = [];
    let g = extendGroup(undefined, DATA[0]);
    g = extendGroup(g, DATA[1]);
    g = extendGroup(g, DATA[1]);
    expect(g).toEqual({ block: 10, events: ['c1', 'p1'], unknown: true });
    expect(isUnknownOrder(g)).toBe(true);
    const known = extendGroup(extendGroup(g, DATA[6], (x) => closed.push(x.block)), DATA[7]);
    expect(closed).toEqual([10]);
    expect(known).toEqual({ block: 15, events: ['e1', 'e2'], unknown: false });
    expect(isUnknownOrder(known)).toBe(false);
    expect(isUnknownOrder(extendGroup(undefined, DATA[0]))).toBe(false);
  });
});

/** A step of a walk as the watch sees it: an address followed from now on, or an event of a followed address. */
type Step = { start: number } | { note: number[]; next: number; unknown: boolean; late: number | false };

/** The rows of a watch that keeps one group per address for the whole walk (the watch before it dropped groups). */
function keptForever(steps: Step[], blocks: number[]): UnknownOrder[] {
  const rows: UnknownOrder[] = [];
  const groups = new Map<string, BlockGroup>();
  const report = (address: string) => (g: BlockGroup) => {
    if (isUnknownOrder(g)) rows.push({ chain: 'tron', address, block: g.block, events: [...g.events] });
  };
  steps.forEach((s, i) => {
    if ('start' in s) groups.set(`a${s.start}`, { block: blocks[i], events: [], unknown: false });
    else
      for (const a of new Set(s.note.map((n) => `a${n}`))) {
        const g = groups.get(a);
        if (g) groups.set(a, extendGroup(g, eventAt(i, blocks[i], s.unknown), report(a)));
      }
  });
  for (const [a, g] of groups) report(a)(g);
  return rows;
}

const eventAt = (i: number, block: number, unknown: boolean) => ({ id: `e${i}`, block, ...(unknown ? { extra: { positionUnknown: true } } : {}) }) as AccountTransfer;
const byRow = (a: UnknownOrder, b: UnknownOrder) => (a.address < b.address ? -1 : a.address > b.address ? 1 : a.block - b.block || (a.events[0] < b.events[0] ? -1 : 1));

describe('UnknownOrderWatch', () => {
  it('drops the groups of blocks the walk has left and reports what one group per address kept to the end reports', () => {
    const step = fc.oneof(
      fc.record({ start: fc.nat(5) }),
      fc.record({ note: fc.array(fc.nat(5), { minLength: 1, maxLength: 2 }), next: fc.nat(2), unknown: fc.boolean(), late: fc.oneof(fc.constant(false as const), fc.nat(6)) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps: Step[]) => {
        // Blocks in chain order; a late event (a landing applied after its place) is at an earlier block.
        const blocks: number[] = [];
        const late = new Set<number>();
        let block = 100;
        steps.forEach((s, i) => {
          if ('note' in s && s.late !== false && i > 0) {
            blocks.push(blocks[Math.max(0, i - 1 - s.late)]);
            late.add(blocks[i]);
            return;
          }
          if ('note' in s) block += s.next;
          blocks.push(block);
        });
        const followed = new Set<string>();
        const rows: UnknownOrder[] = [];
        // Sweeps from 2 groups on: the groups of blocks left are dropped as often as can be.
        const watch = new UnknownOrderWatch('tron', (r) => rows.push(r), (a) => followed.has(a), late, 2);
        steps.forEach((s, i) => {
          const late = 'note' in s && s.late !== false && i > 0;
          if (!late) watch.leaveBlocksBefore(blocks[i]);
          if ('start' in s) {
            followed.add(`a${s.start}`);
            watch.start(`a${s.start}`, undefined, eventAt(i, blocks[i], false));
          } else for (const a of new Set(s.note.map((n) => `a${n}`))) watch.note(a, eventAt(i, blocks[i], s.unknown));
        });
        watch.open((r) => rows.push(r));
        expect(rows.sort(byRow)).toEqual(keptForever(steps, blocks).sort(byRow));
      }),
      { numRuns: 500 },
    );
  });
});

describe.each(storeFactories())('unknown order inside a block on $name', (factory) => {
  it('lists the followed addresses with several events in a block of unknown order, in ledger and scan mode alike', async () => {
    const store = await factory.create();
    try {
      await seed(store);
      const expected = [
        { chain: 'tron', address: A, block: 10, events: ['c1', 'p1', 'q1'] },
        { chain: 'tron', address: B, block: 12, events: ['c2', 'r1'] },
      ].sort((a, b) => (a.address < b.address ? -1 : 1));
      const ledgers = await traceCase(store, kase, { scanAfter: Number.POSITIVE_INFINITY });
      const scan = await traceCase(store, kase, { scanAfter: 0 });
      expect(ledgers.result.unknownOrder).toEqual(expected);
      expect(JSON.stringify(scan.result)).toBe(JSON.stringify(ledgers.result));
      // The groups of blocks left dropped as soon as there is one (a walk following many addresses does so).
      for (const scanAfter of [Number.POSITIVE_INFINITY, 0]) {
        const swept = await traceCase(store, kase, { scanAfter, unknownOrderSweepFrom: 1 });
        expect(JSON.stringify(swept.result), `sweeping from 1 group, scanAfter ${scanAfter}`).toBe(JSON.stringify(ledgers.result));
      }
      expect(ledgers.result.endpoints.map((e) => [e.address, e.amount])).toEqual([[X, '55']]);
      const summary = formatSummary(ledgers.result);
      expect(summary).toContain('Warning: the order of events inside a block is unknown');
      expect(summary).toContain(`tron ${A} block 10: c1, p1, q1`);
    } finally {
      await store.close();
    }
  });

  it('follows an address the scan forgot when an outflow emptied it: taint coming back and its unknown order', async () => {
    // A is emptied in block 11 (scan mode drops its record, and on a numbering store its text); in block
    // 13 it takes clean money, then taint again, and pays the exchange.
    const store = await factory.create();
    try {
      const rows = [
        transfer('p1', 10, 0, V, A, '100'),
        transfer('a1', 11, 0, A, B, '100'),
        transfer('c1', 13, 0, C, A, '5'), // clean money to the forgotten A first: it must be kept
        transfer('b1', 13, 1, B, A, '70'),
        transfer('a2', 13, 2, A, X, '75'),
      ];
      await store.importBatch({
        source: { name: 'return', sha256: 'c'.repeat(64), kind: 'file' },
        transfers: rows,
        tags: [parseTag({ chain: 'tron', address: X, label: 'Exchange', category: 'exchange', source: 'test', confidence: 90 })],
      });
      for (const policy of ['fifo', 'haircut'] as const) {
        const ledgers = await traceCase(store, { ...kase, policy }, { scanAfter: Number.POSITIVE_INFINITY });
        const scan = await traceCase(store, { ...kase, policy }, { scanAfter: 0 });
        expect(JSON.stringify(scan.result), policy).toBe(JSON.stringify(ledgers.result));
        expect(ledgers.result.unknownOrder, policy).toEqual([{ chain: 'tron', address: A, block: 13, events: ['c1', 'b1', 'a2'] }]);
        expect(ledgers.result.endpoints.map((e) => [e.address, e.amount]), policy).toEqual([[X, '70']]);
      }
    } finally {
      await store.close();
    }
  });

  it('says nothing when no event has an unknown position', async () => {
    const store = await factory.create();
    try {
      await store.importBatch({ source: { name: 'known', sha256: 'b'.repeat(64), kind: 'file' }, transfers: DATA.map((t) => ({ ...t, extra: undefined })) });
      const { result } = await traceCase(store, kase);
      expect(result.unknownOrder).toBeUndefined();
      expect(JSON.stringify(result)).not.toContain('unknownOrder');
    } finally {
      await store.close();
    }
  });
});
