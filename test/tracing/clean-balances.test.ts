// Scan mode's clean balances (src/tracing/clean-balances.ts: balances as two exact doubles, a BigInt
// past 2^105) against plain BigInt records: any sequence of credits, debits (with opening shortfalls),
// cuts and takes gives the same balance, shortfall, first overdraft and cut flag per address, whether an
// address is keyed by its text or by its store number (both kinds in one book).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CleanBalances, type CleanRecord } from '../../src/tracing/clean-balances.js';

type Op = { kind: 'credit' | 'debit' | 'cut' | 'take'; address: number; amount: bigint };

const amount = fc.oneof(fc.bigInt({ min: 0n, max: 1000n }), fc.bigInt({ min: 0n, max: 2n ** 60n }), fc.bigInt({ min: 0n, max: 2n ** 110n }));
const ops = fc.array(fc.record({ kind: fc.constantFrom('credit', 'debit', 'debit', 'cut', 'take'), address: fc.nat(5), amount }), { maxLength: 60 }) as fc.Arbitrary<Op[]>;

describe('CleanBalances', () => {
  it('matches BigInt records (balance, shortfall, first overdraft, cut), below and past 2^105', () => {
    fc.assert(
      fc.property(ops, (list) => {
        const book = new CleanBalances();
        // Even addresses by store number (spread, so the number index grows), odd ones by text.
        const take = (address: number) => (address % 2 === 0 ? book.takeNumber(address * 700) : book.take(`a${address}`));
        const model = new Map<string, CleanRecord>();
        list.forEach((op, i) => {
          const a = `a${op.address}`;
          if (op.kind === 'take') {
            expect(take(op.address)).toEqual(model.get(a));
            model.delete(a);
            return;
          }
          const slot = op.address % 2 === 0 ? book.slotOfNumber(op.address * 700) : book.slotOf(a);
          let rec = model.get(a);
          if (!rec) {
            rec = { balance: 0n, shortfall: 0n, cut: false };
            model.set(a, rec);
          }
          if (op.kind === 'cut') {
            book.cut(slot);
            rec.cut = true;
          } else if (op.kind === 'credit') {
            book.credit(slot, op.amount);
            rec.balance += op.amount;
          } else {
            book.debit(slot, op.amount, `t${i}`);
            if (op.amount > rec.balance) {
              if (rec.shortfall === 0n) rec.shortfallRef = `t${i}`;
              rec.shortfall += op.amount - rec.balance;
              rec.balance = 0n;
            } else rec.balance -= op.amount;
          }
        });
        for (const [a, rec] of model) expect(take(Number(a.slice(1)))).toEqual(rec);
        expect(book.size).toBe(0);
      }),
      { seed: 19, numRuns: 400 },
    );
  });
});
