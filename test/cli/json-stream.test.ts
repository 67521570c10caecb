// cli/json-stream.ts writes JSON in pieces (issue 19: the trace result of 10^6 transfers no longer held as
// one ~30 MB string); its output must be byte for byte toJson's (JSON.stringify, bigints as strings,
// 2-space indent), for any value: property-tested with fast-check, and on a trace-result-shaped value.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { writeJson } from '../../cli/json-stream.js';
import { toJson } from '../../cli/output.js';

function streamed(value: unknown): { text: string; chunks: number } {
  const chunks: string[] = [];
  writeJson(value, (c) => chunks.push(c));
  return { text: chunks.join(''), chunks: chunks.length };
}

const leaf = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.bigInt(), fc.constant(undefined), fc.date({ noInvalidDate: true }));
const tree = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('node'), { maxLength: 5 }), fc.dictionary(fc.string({ maxLength: 6 }), tie('node'), { maxKeys: 5 })),
})).node;

describe('writeJson', () => {
  it('writes what toJson gives, for any value', () => {
    fc.assert(
      fc.property(tree, (value) => {
        const expected = JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v), 2);
        expect(streamed(value).text).toBe(expected === undefined ? '' : toJson(value));
      }),
      { numRuns: 2000 },
    );
  });

  it('writes long arrays (items a batch at a time) at any of the outer depths as toJson does', () => {
    // Batches of 256 items, with and without BigInts (the replacer only where one is), nested items re-indented.
    const item = fc.oneof(leaf, fc.array(leaf, { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 4 }), leaf, { maxKeys: 3 }));
    const long = fc.array(item, { minLength: 250, maxLength: 700 });
    const placed = fc.oneof(
      long,
      long.map((items) => ({ holdings: items, n: 1 })),
      long.map((items) => ({ totals: { list: items, none: [] } })),
    );
    fc.assert(
      fc.property(placed, (value) => {
        expect(streamed(value).text).toBe(toJson(value));
      }),
      { numRuns: 150 },
    );
  });

  it('writes a large trace-shaped result in chunks, equal to toJson', () => {
    const endpoints = Array.from({ length: 300 }, (_, i) => ({
      chain: 'ethereum',
      address: `0x${i.toString(16).padStart(40, '0')}`,
      amount: `${i}.5`,
      bySource: { [`v${i % 5}`]: `${i}.5` },
      hops: i % 12,
      transfers: Array.from({ length: 20 }, (_, j) => ({ ref: `0x${j}:0`, time: '2024-01-01T00:00:00Z', amount: BigInt(j) })),
      note: undefined,
    }));
    const value = { version: 2, case: 'big', policy: 'haircut', endpoints, holdings: [], totals: { sources: 10n ** 30n } };
    const out = streamed(value);
    expect(out.chunks).toBeGreaterThan(1);
    expect(out.text).toBe(toJson(value));
  });
});
