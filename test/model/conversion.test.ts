// Conversion records (FORMATS.md v2 `conversions.jsonl`): the parser's table, the JSON round trip, and
// the check of a conversion against the transfers and outputs its refs name (TRACING.md v2).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isLedgerhoundError } from '../../src/errors.js';
import {
  type Conversion,
  type ConversionRefTarget,
  checkConversionRefs,
  conversionFromJson,
  conversionToJson,
  parseConversion,
} from '../../src/model/conversion.js';
import { btcAddress, evmAddress, tronAddress, txid } from '../support/addresses.js';
import { loadFixtures } from '../support/fixtures.js';

const table = loadFixtures<unknown, Record<string, unknown>>('model/conversions.json');

function caught(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}

describe('parseConversion', () => {
  it.each(table.valid)('valid: $description', ({ input, expected }) => {
    const c = parseConversion(input, { file: 'conversions.jsonl', line: 1 });
    expect(conversionToJson(c)).toEqual(expected);
    expect(JSON.stringify(conversionToJson(c))).toBe(JSON.stringify(expected));
    expect(typeof c.in.amount).toBe('bigint');
  });

  it.each(table.invalid)('invalid: $description', ({ input, code, field }) => {
    const e = caught(() => parseConversion(input, { file: 'conversions.jsonl', line: 7 }));
    expect(isLedgerhoundError(e, code)).toBe(true);
    expect((e as { details: Record<string, unknown> }).details).toMatchObject({ file: 'conversions.jsonl', line: 7, field });
  });
});

const USDT = 'erc20:0xdAC17F958D2ee523a2206206994597C13D831ec7';

const legArb = fc.constantFrom(
  { chain: 'ethereum', address: evmAddress('a'), asset: USDT },
  { chain: 'ethereum', address: evmAddress('b'), asset: 'ETH' },
  { chain: 'tron', address: tronAddress('t'), asset: 'TRX' },
  { chain: 'bitcoin', address: btcAddress('b'), asset: 'BTC' },
);
const extraArb = fc.option(fc.dictionary(fc.constantFrom('x', 'memo', 'detector'), fc.oneof(fc.string(), fc.integer(), fc.constant(null))), { nil: undefined });

function legOf(base: { chain: string; address: string; asset: string }, amount: bigint, n: number, extra: Record<string, unknown> | undefined) {
  const refs = Array.from({ length: n }, (_, i) => (base.chain === 'bitcoin' ? `${txid(`r${i}`)}:${i}` : `${txid(`r${i}`)}:${i}`));
  return { ...base, amount: amount.toString(), refs, ...(extra ?? {}) };
}

const recordArb = fc
  .record({
    id: fc.string({ minLength: 1 }),
    kind: fc.constantFrom('swap', 'wrap', 'unwrap', 'bridge', 'service', 'ambiguous'),
    venue: fc.string({ minLength: 1 }),
    inLeg: legArb,
    outLeg: legArb,
    inAmount: fc.bigInt({ min: 0n, max: 10n ** 40n }),
    outAmount: fc.bigInt({ min: 0n, max: 10n ** 40n }),
    inRefs: fc.integer({ min: 1, max: 3 }),
    outRefs: fc.integer({ min: 1, max: 3 }),
    inExtra: extraArb,
    extra: extraArb,
    confidence: fc.integer({ min: 0, max: 100 }),
    note: fc.option(fc.string({ minLength: 1 }), { nil: undefined }),
    evidence: fc.array(fc.string({ minLength: 1 }), { maxLength: 3 }),
  })
  .map((r) => ({
    id: r.id,
    kind: r.kind,
    venue: r.venue,
    in: legOf(r.inLeg, r.inAmount, r.inRefs, r.inExtra),
    ...(r.kind === 'ambiguous' ? {} : { out: legOf(r.outLeg, r.outAmount, r.outRefs, undefined) }),
    confidence: r.confidence,
    method: 'generated',
    evidence: r.evidence,
    ...(r.note === undefined ? {} : { note: r.note }),
    ...(r.extra ?? {}),
  }));

describe('conversion JSON round trip', () => {
  it('parse(toJson(c)) and fromJson(toJson(c)) give c back, and toJson is stable', () => {
    fc.assert(
      fc.property(recordArb, (raw) => {
        const c = parseConversion(raw);
        const json = conversionToJson(c);
        expect(parseConversion(JSON.parse(JSON.stringify(json)))).toEqual(c);
        expect(conversionFromJson(JSON.parse(JSON.stringify(json)))).toEqual(c);
        expect(JSON.stringify(conversionToJson(conversionFromJson(json)))).toBe(JSON.stringify(json));
      }),
      { numRuns: 200 },
    );
  });
});

describe('checkConversionRefs', () => {
  const A = evmAddress('trader');
  const POOL = evmAddress('pool');
  const swap: Conversion = {
    id: 's1',
    kind: 'swap',
    venue: 'pool',
    in: { chain: 'ethereum', address: A, asset: USDT, amount: 300n, refs: ['t:1', 't:2'] },
    out: { chain: 'bitcoin', address: btcAddress('out'), asset: 'BTC', amount: 5n, refs: [`${txid('o')}:0`] },
    confidence: 100,
    method: 'm',
    evidence: [],
  };
  const known: Record<string, ConversionRefTarget> = {
    't:1': { asset: USDT, amount: 100n, from: A, to: POOL },
    't:2': { asset: USDT, amount: 200n, from: A, to: POOL },
    [`${txid('o')}:0`]: { asset: 'BTC', amount: 5n, to: btcAddress('out') },
  };
  const lookup = (over: Record<string, ConversionRefTarget | undefined> = {}) => (_chain: string, ref: string) => (ref in over ? over[ref] : known[ref]);
  const where = { file: 'conversions.jsonl', line: 3 };

  async function failure(c: Conversion, over: Record<string, ConversionRefTarget | undefined> = {}) {
    const e = await checkConversionRefs(c, lookup(over), where).catch((x: unknown) => x);
    expect(isLedgerhoundError(e, 'INVALID_INPUT')).toBe(true);
    return (e as { details: Record<string, unknown> }).details;
  }

  it('accepts a conversion whose amounts are the sums of its refs', async () => {
    expect(await checkConversionRefs(swap, lookup(), where)).toEqual({ missing: [] });
  });

  it('rejects an in.amount or out.amount that is not the sum of the refs, naming the field', async () => {
    expect(await failure({ ...swap, in: { ...swap.in, amount: 301n } })).toMatchObject({ ...where, field: 'in.amount', sum: '300', amount: '301' });
    expect(await failure({ ...swap, out: { ...swap.out!, amount: 4n } })).toMatchObject({ field: 'out.amount', sum: '5' });
  });

  it('rejects a ref of another asset, an in-ref not paid by in.address and an out-ref not paying out.address', async () => {
    expect(await failure(swap, { 't:2': { ...known['t:2'], asset: 'ETH' } })).toMatchObject({ field: 'in.refs[1]', ref: 't:2' });
    expect(await failure(swap, { 't:1': { ...known['t:1'], from: POOL } })).toMatchObject({ field: 'in.refs[0]' });
    expect(await failure(swap, { [`${txid('o')}:0`]: { asset: 'BTC', amount: 5n, to: btcAddress('else') } })).toMatchObject({ field: 'out.refs[0]' });
  });

  it('reports refs not found and leaves the sum of that leg unchecked', async () => {
    const res = await checkConversionRefs({ ...swap, in: { ...swap.in, amount: 999n } }, lookup({ 't:2': undefined }), where);
    expect(res.missing).toEqual([{ field: 'in.refs[1]', ref: 't:2' }]);
  });
});
