// Victim statements stay small on big cases (issue 19/16): the movements table shows the largest
// ROWS_PER_TABLE rows (as the report's tables), then one line with the count and exact total of the rest;
// every total of the statement is still computed over all rows.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatAssetAmount } from '../../src/evidence/amount-format.js';
import { formatScaled, parseScaled, sumDecimals } from '../../src/evidence/decimal.js';
import { ROWS_PER_TABLE } from '../../src/evidence/report-model.js';
import { groupVictimStatements, victimStatementDocument } from '../../src/evidence/victim-statement.js';
import { renderStatementHtml } from '../../src/evidence/victim-statement-html.js';
import type { StatementMovement, VictimStatement, VictimStatements } from '../../src/restitution/victim-statements.js';

const USDT = 'erc20:0xdAC17F958D2ee523a2206206994597C13D831ec7';
const hex = (n: number) => `0x${n.toString(16).padStart(64, '0')}`;
const addr = (n: number) => `0x${n.toString(16).padStart(40, '0')}`;
const MOVEMENTS = 'Movements of this victim\'s money';

/** A deterministic pseudo-random amount (decimal base units, sometimes fractional) per movement. */
function amountOf(i: number): string {
  const x = (i * 2654435761) % 1000003;
  return i % 7 === 0 ? `${x}.${(i % 9) + 1}` : String(x + 1);
}

function movements(n: number, offset = 0): StatementMovement[] {
  return Array.from({ length: n }, (_, i) => ({ txHash: hex(offset + i + 1), ref: `${hex(offset + i + 1)}:0`, hop: 1 + (i % 5), time: `2024-03-0${1 + (i % 9)}T00:00:00Z`, from: addr(i + 1), to: addr(i + 2), chain: 'ethereum', asset: USDT, amount: amountOf(offset + i) }));
}

function statement(id: string, transactions: StatementMovement[]): VictimStatement {
  return {
    id,
    paid: { ref: `${hex(9000000 + id.length)}:0`, chain: 'ethereum', asset: USDT, amount: '5000000000' },
    cashOuts: [{ chain: 'ethereum', address: addr(7), asset: USDT, amount: '1234567.5', label: 'Exchange', category: 'exchange', arrivals: [] }],
    holdings: [{ chain: 'ethereum', address: addr(8), asset: USDT, amount: '42', reason: 'max-hops' }],
    fees: [],
    dropped: [],
    transactions,
  };
}

function documentFor(payments: VictimStatement[], max?: number) {
  const statements: VictimStatements = { version: 2, case: 'big', policy: 'fifo', victims: payments };
  const set = groupVictimStatements({ statements, payments: payments.map((p, i) => ({ id: p.id, chain: 'ethereum', transfer: `${hex(100 + i)}:0` })) });
  expect(set.victims).toHaveLength(1);
  return victimStatementDocument(set.victims[0], set, { dataAsOf: '2024-11-01T00:00:00Z', ...(max !== undefined ? { maxRows: max } : {}) });
}

describe('victim statement movements cap', () => {
  it('a victim with thousands of movements gets the report cap of rows plus one "more" line; totals over all rows unchanged', () => {
    const all = [...movements(3000), ...movements(2000, 3000)];
    const payments = [statement('victim-1', all.slice(0, 3000)), statement('victim-2', all.slice(3000))];
    const capped = documentFor(payments);
    const full = documentFor(payments, Number.POSITIVE_INFINITY);

    const table = capped.sections.find((s) => s.title === MOVEMENTS)!.table;
    expect(table.rows).toHaveLength(ROWS_PER_TABLE);
    expect(full.sections.find((s) => s.title === MOVEMENTS)!.table.rows).toHaveLength(5000);

    // The rows shown are the largest by amount, in the listed order.
    const ranked = all.map((m, i) => ({ i, v: parseScaled(m.amount) })).sort((a, b) => (b.v > a.v ? 1 : b.v < a.v ? -1 : a.i - b.i));
    const keptIdx = ranked.slice(0, ROWS_PER_TABLE).map((r) => r.i).sort((a, b) => a - b);
    expect(table.rows.map((r) => r[3])).toEqual(keptIdx.map((i) => all[i].txHash));

    // The "more" line: count and exact total of the rest; shown + rest = the total over all movements.
    const restTotal = ranked.slice(ROWS_PER_TABLE).reduce((s, r) => s + r.v, 0n);
    const shownTotal = ranked.slice(0, ROWS_PER_TABLE).reduce((s, r) => s + r.v, 0n);
    expect(formatScaled(shownTotal + restTotal)).toBe(sumDecimals(all.map((m) => m.amount)));
    expect(table.more).toBe(`and 4,975 more movements (total ${formatAssetAmount('ethereum', USDT, formatScaled(restTotal))} on ethereum) — see flows.csv in the case's evidence pack`);

    // Everything but the movements table is identical to the uncapped statement (paid, cash-out points, held).
    expect(capped.facts).toEqual(full.facts);
    expect(capped.notes).toEqual(full.notes);
    for (const title of ['Payments', 'Where the money went', 'Frozen or seized']) {
      expect(capped.sections.find((s) => s.title === title)).toEqual(full.sections.find((s) => s.title === title));
    }
    expect(capped.facts.find(([k]) => k === 'Paid in all')![1]).toBe(`${formatAssetAmount('ethereum', USDT, '10000000000')} on ethereum`);

    // The page stays small and carries the line.
    const html = renderStatementHtml(capped);
    expect(html).toContain('and 4,975 more movements (total ');
    expect(html.length).toBeLessThan(40_000);
    expect(renderStatementHtml(full).length).toBeGreaterThan(1_000_000);
  });

  it('where the money went is capped the same way: 100 payments x (cash-out point, still held) give the cap plus one line with the exact rest', () => {
    const payments = Array.from({ length: 100 }, (_, i) => statement(`victim-${i + 1}`, []));
    payments.forEach((p, i) => {
      p.cashOuts[0].amount = amountOf(i + 1);
      p.holdings[0].amount = String(i + 1);
    });
    const capped = documentFor(payments);
    const full = documentFor(payments, Number.POSITIVE_INFINITY);
    const table = capped.sections.find((s) => s.title === 'Where the money went')!.table;
    expect(table.rows).toHaveLength(ROWS_PER_TABLE);
    expect(full.sections.find((s) => s.title === 'Where the money went')!.table.rows).toHaveLength(200);
    const amounts = payments.flatMap((p) => [p.cashOuts[0].amount, p.holdings[0].amount]).map(parseScaled).sort((a, b) => (b > a ? 1 : b < a ? -1 : 0));
    const rest = amounts.slice(ROWS_PER_TABLE).reduce((s, v) => s + v, 0n);
    expect(table.more).toBe(`and 175 more destinations (total ${formatAssetAmount('ethereum', USDT, formatScaled(rest))} on ethereum) — see trace.json and report.html in the case's evidence pack`);
    expect(capped.facts).toEqual(full.facts);
  });

  it('at or under the cap nothing changes and there is no "more" line', () => {
    const doc = documentFor([statement('v', movements(ROWS_PER_TABLE))]);
    const table = doc.sections.find((s) => s.title === MOVEMENTS)!.table;
    expect(table.rows).toHaveLength(ROWS_PER_TABLE);
    expect(table.more).toBeUndefined();
    expect(renderStatementHtml(doc)).not.toContain('more movements');
  });

  it('property: the shown rows are a largest-first selection and shown + rest add up exactly to all movements', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: 1n, max: 10n ** 24n }), { minLength: 1, maxLength: 80 }), fc.integer({ min: 1, max: 30 }), (amounts, max) => {
        const ms = amounts.map((a, i) => ({ ...movements(1, i)[0], amount: a.toString() }));
        const table = documentFor([statement('v', ms)], max).sections.find((s) => s.title === MOVEMENTS)!.table;
        expect(table.rows).toHaveLength(Math.min(max, ms.length));
        const shown = new Set(table.rows.map((r) => r[3]));
        const shownMin = ms.filter((m) => shown.has(m.txHash)).reduce((lo, m) => (BigInt(m.amount) < lo ? BigInt(m.amount) : lo), 2n ** 100n);
        for (const m of ms) if (!shown.has(m.txHash)) expect(BigInt(m.amount) <= shownMin).toBe(true);
        if (ms.length > max) {
          const rest = ms.filter((m) => !shown.has(m.txHash)).reduce((s, m) => s + BigInt(m.amount), 0n);
          expect(table.more).toContain(`and ${(ms.length - max).toLocaleString('en-US')} more movements (total ${formatAssetAmount('ethereum', USDT, rest.toString())} on ethereum)`);
        } else expect(table.more).toBeUndefined();
      }),
    );
  });
});
