// Records of many computed keys (src/tracing/string-record.ts): the same keys in the same order with the
// same values, whether built by keyed stores (few keys) or cloned from a template (many), for any keys:
// integer-like ones, quotes and escapes, "__proto__" (an own property, not the prototype).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringRecord } from '../../src/tracing/string-record.js';

/** The definition: each key defined as an own enumerable property, in order. */
function byDefinition(keys: readonly string[], values: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  keys.forEach((k, i) => {
    Object.defineProperty(out, k, { value: values[i], enumerable: true, writable: true, configurable: true });
  });
  return out;
}

const key = fc.oneof(fc.string({ maxLength: 8 }), fc.nat(500).map(String), fc.constantFrom('__proto__', 'constructor', 'a"b', 'x\\y', 'v1', 'é'));

describe('stringRecord', () => {
  it('gives the record the keys define, few keys or many, and every record of a template is its own', () => {
    const lists = fc.uniqueArray(key, { maxLength: 60, size: 'max' }).chain((keys) => fc.tuple(fc.constant(keys), fc.array(fc.string({ maxLength: 12 }), { minLength: keys.length, maxLength: keys.length })));
    fc.assert(
      fc.property(lists, ([keys, values]) => {
        const expected = byDefinition(keys, values);
        const got = stringRecord(keys, values);
        expect(Object.entries(got)).toEqual(Object.entries(expected));
        expect(JSON.stringify(got)).toBe(JSON.stringify(expected));
        expect(Object.getPrototypeOf(got)).toBe(Object.prototype);
        // A second record of the same keys (the same template) has its own values; the first keeps its.
        const other = values.map((v) => `${v}!`);
        const again = stringRecord(keys, other);
        expect(Object.entries(again)).toEqual(Object.entries(byDefinition(keys, other)));
        expect(Object.entries(got)).toEqual(Object.entries(expected));
      }),
      { seed: 31, numRuns: 1500 },
    );
  });
});
