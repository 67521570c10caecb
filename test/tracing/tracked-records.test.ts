// The walk's records by text and by number (src/tracing/tracked-records.ts): a record keyed by number is
// found by its number only, moving records to number keys keeps every record once, null entries stay by
// text, and a released iteration empties the records.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TrackedRecords } from '../../src/tracing/tracked-records.js';

interface Rec {
  address: string;
  value: number;
}

describe('TrackedRecords', () => {
  it('keys by text, then by number after keyByNumber; null entries and addresses without a number stay by text', () => {
    const records = new TrackedRecords<Rec>();
    records.set('a', { address: 'a', value: 1 });
    records.set('b', { address: 'b', value: 2 });
    records.set('c', null);
    records.set('x', { address: 'x', value: 9 });
    const numbers: Record<string, number> = { a: 5, b: 2000, c: 7, x: -1 };
    records.keyByNumber((address) => numbers[address]);
    expect(records.size).toBe(4);
    expect(records.get('a', 5)?.value).toBe(1);
    expect(records.get('b', 2000)?.value).toBe(2);
    expect(records.get('a'), 'no longer by text').toBeUndefined();
    expect(records.get('c')).toBeNull();
    expect(records.get('x', -1)?.value).toBe(9);
    expect(records.addressOf(2000)).toBe('b');
    expect(records.addressOf(6)).toBeUndefined();
    expect(records.addressOf(10 ** 6)).toBeUndefined();
    records.delete('a', 5);
    expect(records.has('a', 5)).toBe(false);
    expect(records.size).toBe(3);
    expect(() => records.set('d', null, 3)).toThrow(/null record for numbered address d/);
    expect([...records.entries(true)].map(([a, r]) => [a, r?.value ?? null])).toEqual([
      ['c', null],
      ['x', 9],
      ['b', 2],
    ]);
    expect(records.size).toBe(0);
    expect([...records.addresses()]).toEqual([]);
  });

  it('holds what a map of address -> record holds, whatever the numbers and the order of changes', () => {
    const step = fc.oneof(
      fc.record({ op: fc.constant('set' as const), n: fc.integer({ min: -1, max: 3000 }), value: fc.integer() }),
      fc.record({ op: fc.constant('delete' as const), n: fc.integer({ min: -1, max: 3000 }) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 200 }), (steps) => {
        const records = new TrackedRecords<Rec>();
        const model = new Map<string, number>();
        // An address is named by its number (BY_TEXT addresses by a name of their own).
        const name = (n: number) => (n < 0 ? 'text' : `n${n}`);
        for (const s of steps) {
          const address = name(s.n);
          if (s.op === 'set') {
            records.set(address, { address, value: s.value }, s.n);
            model.set(address, s.value);
          } else {
            records.delete(address, s.n);
            model.delete(address);
          }
        }
        expect(records.size).toBe(model.size);
        for (const [address, value] of model) expect(records.get(address, address === 'text' ? -1 : Number(address.slice(1)))?.value).toBe(value);
        expect(new Map([...records.entries()].map(([a, r]) => [a, r!.value]))).toEqual(model);
      }),
      { numRuns: 300 },
    );
  });
});
