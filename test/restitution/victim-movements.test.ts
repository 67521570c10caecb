// The movements of a victim's statement (src/restitution/victim-statements.ts):
// - each carries the chain and asset of its flow: after a swap the victim's money moves in another asset,
//   and the statement's movements table shows it in that asset (a traced swap, TRACING.md v2);
// - property (fast-check): each victim's movements are the flows with a non-zero part for that victim,
//   ordered by hop, then time, then ref in locale order (String#localeCompare), ties in flow order: the
//   definition the statement had when it sorted every victim's list on its own.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatAssetAmount } from '../../src/evidence/amount-format.js';
import { isZeroDecimal } from '../../src/evidence/decimal.js';
import { groupVictimStatements, victimStatementDocument } from '../../src/evidence/victim-statement.js';
import type { TraceFlow, TraceResult } from '../../src/model/trace-result.js';
import { buildVictimStatements } from '../../src/restitution/victim-statements.js';
import { ASSETS, buildConv, swap, traceConv } from '../tracing/conversion-support.js';

describe('movements after a swap', () => {
  it('carry the asset of their flow; the statement shows the landing in ETH, not in the USDT paid', async () => {
    // V pays A 100 USDT; A swaps 60 USDT at pool P for 30 ETH; A had 10 clean ETH; A pays 25 ETH to the
    // exchange X: under fifo the 10 clean ETH leave first, then 15 of the victim's 30.
    const built = buildConv(swap());
    const run = await traceConv(built);
    const statements = buildVictimStatements(run.result, run.flows);
    const moved = statements.victims[0].transactions.map((m) => [built.alias(m.txHash), m.hop, m.chain, m.asset, m.amount]);
    expect(moved).toEqual([
      ['tx-p1', 1, 'ethereum', ASSETS.USDT, '100'],
      ['tx-s', 2, 'ethereum', ASSETS.USDT, '60'],
      ['tx-s', 3, 'ethereum', 'ETH', '30'],
      ['tx-x', 4, 'ethereum', 'ETH', '15'],
    ]);
    const set = groupVictimStatements({ statements, payments: built.kase.victimPayments });
    const doc = victimStatementDocument(set.victims[0], set, { dataAsOf: '2024-01-01T00:00:00Z' });
    const table = doc.sections.find((s) => s.title === "Movements of this victim's money")!.table;
    expect(table.rows.map((r) => r[6])).toEqual([
      formatAssetAmount('ethereum', ASSETS.USDT, '100'),
      formatAssetAmount('ethereum', ASSETS.USDT, '60'),
      formatAssetAmount('ethereum', 'ETH', '30'),
      formatAssetAmount('ethereum', 'ETH', '15'),
    ]);
    expect(table.rows[2][6]).toMatch(/ETH$/);
  });
});

/** A flow with what the movements read; times and refs drawn from small sets so that ties are common. */
const flowArb = fc.record({
  hop: fc.integer({ min: 1, max: 4 }),
  time: fc.option(fc.constantFrom('2024-01-01T00:00:00Z', '2024-01-01T00:00:09Z', '2024-01-02T00:00:00Z', '2023-12-31T23:59:59Z'), { nil: undefined }),
  ref: fc.constantFrom('0xab:1', '0xab:10', '0xAB:2', 'ff00:0', 'Ff00:0', 'b-1', 'b_1', 'tx:fee'),
  shares: fc.dictionary(fc.constantFrom('v1', 'v2', 'v3', '__proto__'), fc.constantFrom('0', '5', '0.25', '1000')),
});

describe('movement order', () => {
  it('is each victim’s non-zero flows sorted by hop, time, ref (localeCompare), as sorted per victim before', () => {
    fc.assert(
      fc.property(fc.array(flowArb, { maxLength: 60 }), (drawn) => {
        const flows: TraceFlow[] = drawn.map((d, i) => {
          const f = { hop: d.hop, chain: 'ethereum', asset: 'ETH', ref: d.ref, txHash: `tx${i}`, block: i, from: `a${i}`, to: `b${i}`, amount: '1', bySource: d.shares } as TraceFlow;
          if (d.time !== undefined) f.time = d.time;
          return f;
        });
        const victims = ['v1', 'v2', 'v3', '__proto__'];
        const result = { case: 'c', policy: 'fifo', sources: victims.map((id) => ({ id, ref: `${id}:0`, chain: 'ethereum', asset: 'ETH', amount: '1' })), endpoints: [], holdings: [], fees: [], dropped: [] } as unknown as TraceResult;
        const got = buildVictimStatements(result, flows);
        for (const [i, id] of victims.entries()) {
          const expected = flows
            .filter((f) => Object.hasOwn(f.bySource, id) && !isZeroDecimal(f.bySource[id]))
            .sort((a, b) => a.hop - b.hop || (a.time ?? '').localeCompare(b.time ?? '') || a.ref.localeCompare(b.ref))
            .map((f) => [f.txHash, f.bySource[id]]);
          expect(got.victims[i].transactions.map((m) => [m.txHash, m.amount])).toEqual(expected);
        }
      }),
      { numRuns: 500 },
    );
  });
});
