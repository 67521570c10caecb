// Unit tables and invariants of the evidence core: amount display, file-name slugs, markup escaping,
// exact decimal sums (property: equals bigint arithmetic), canonical JSON (property: key order does not
// matter), manifest path safety and credential stripping of the recorded command line.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatAssetAmount } from '../../src/evidence/amount-format.js';
import { canonicalJson } from '../../src/evidence/canonical-json.js';
import { formatScaled, isZeroDecimal, parseScaled, sumDecimals } from '../../src/evidence/decimal.js';
import { escapeXml, slugify } from '../../src/evidence/markup.js';
import { isSafePackPath, parseManifest, redactArgv, sealManifest, serializeManifest } from '../../src/evidence/manifest.js';
import { loadFixtures } from '../support/fixtures.js';

interface AmountInput {
  chain: string;
  asset: string;
  amount: string;
  compact?: boolean;
}

describe('formatAssetAmount', () => {
  const table = loadFixtures<AmountInput, string>('evidence/amount-format.json');
  it.each(table.valid)('$description', ({ input, expected }) => {
    expect(formatAssetAmount(input.chain, input.asset, input.amount, { compact: input.compact })).toBe(expected);
  });
});

describe('slugify', () => {
  const table = loadFixtures<string, string>('evidence/slugify.json');
  it.each(table.valid)('$description', ({ input, expected }) => {
    expect(slugify(input)).toBe(expected);
  });
});

describe('escapeXml', () => {
  it('escapes markup and drops control characters XML cannot carry', () => {
    expect(escapeXml(`<b a="1">'x' & y</b>\u0001\t`)).toBe('&lt;b a=&quot;1&quot;&gt;&apos;x&apos; &amp; y&lt;/b&gt;\t');
  });

  it('gives what dropping the control characters code point by code point, then replacing each markup character, gives', () => {
    // The definition the one-pass escape replaced (and still must equal), for any text: surrogate
    // pairs, lone surrogates, every C0 control, tab, LF, CR and the five markup characters.
    const byDefinition = (text: string) => {
      let kept = '';
      for (const ch of text) {
        const code = ch.charCodeAt(0);
        if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) continue;
        kept += ch;
      }
      return kept.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
    };
    const char = fc.oneof(
      fc.constantFrom('&', '<', '>', '"', "'", '\t', '\n', '\r', '\u001f', '\u007f', '\ud83d', '\ude00', '😀'),
      fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)),
      fc.string({ unit: 'grapheme', maxLength: 3 }),
      fc.string({ unit: 'binary', maxLength: 3 }),
    );
    fc.assert(
      fc.property(fc.array(char, { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        expect(escapeXml(text)).toBe(byDefinition(text));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('decimal sums', () => {
  const decimal = fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 30n }), fc.integer({ min: 0, max: 9 })).map(([units, places]) => {
    const scaled = units * 10n ** BigInt(9 - places);
    return { text: formatScaled(scaled), scaled };
  });

  it('round-trips and sums exactly like bigint arithmetic', () => {
    fc.assert(
      fc.property(fc.array(decimal, { maxLength: 30 }), (values) => {
        for (const v of values) expect(parseScaled(v.text)).toBe(v.scaled);
        expect(sumDecimals(values.map((v) => v.text))).toBe(formatScaled(values.reduce((a, v) => a + v.scaled, 0n)));
      }),
      { seed: 20240413, numRuns: 200 },
    );
  });

  it('parses and rejects text exactly as the form /^-?\\d+(\\.\\d{1,9})?$/ says, and tells zero without a BigInt', () => {
    // The regex definition the one-pass parser replaced.
    const byDefinition = (value: string): bigint | 'rejected' => {
      const m = /^(-?)(\d+)(?:\.(\d{1,9}))?$/.exec(value);
      if (!m) return 'rejected';
      const scaled = BigInt(m[2]) * 10n ** 9n + BigInt((m[3] ?? '').padEnd(9, '0'));
      return m[1] === '-' ? -scaled : scaled;
    };
    const outcome = (f: () => unknown) => {
      try {
        return f();
      } catch (e) {
        expect(e).toBeInstanceOf(RangeError);
        return 'rejected';
      }
    };
    const text = fc.oneof(
      fc.array(fc.constantFrom('-', '0', '1', '9', '.', ' ', 'e', '+', '٣'), { maxLength: 14 }).map((cs) => cs.join('')),
      fc.tuple(fc.boolean(), fc.stringMatching(/^\d{1,25}$/), fc.stringMatching(/^\d{0,11}$/)).map(([neg, whole, frac]) => `${neg ? '-' : ''}${whole}${frac === '' ? '' : `.${frac}`}`),
    );
    fc.assert(
      fc.property(text, (value) => {
        const expected = byDefinition(value);
        expect(outcome(() => parseScaled(value))).toBe(expected);
        expect(outcome(() => isZeroDecimal(value))).toBe(expected === 'rejected' ? 'rejected' : expected === 0n);
      }),
      { numRuns: 5000 },
    );
  });

  it('keeps the largest-remainder split exact', () => {
    expect(sumDecimals(['1666666666.666666667', '333333333.333333333'])).toBe('2000000000');
  });
});

describe('canonicalJson', () => {
  it('does not depend on key order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer(), fc.boolean())), (obj) => {
        const reversed = Object.fromEntries(Object.entries(obj).reverse());
        expect(canonicalJson({ a: reversed, list: [obj] })).toBe(canonicalJson({ list: [reversed], a: obj }));
      }),
      { seed: 7, numRuns: 100 },
    );
  });
});

describe('manifest', () => {
  it.each([
    ['report.html', true],
    ['freeze-requests/binance.csv', true],
    ['../outside', false],
    ['/etc/passwd', false],
    ['a//b', false],
    ['a/./b', false],
    ['a\\b', false],
    ['', false],
  ])('path %j is safe: %s', (path, safe) => {
    expect(isSafePackPath(path)).toBe(safe);
  });

  it('rejects a manifest listing a path outside the pack', () => {
    const m = sealManifest({
      format: 'ledgerhound-evidence-pack',
      version: 1,
      tool: { name: 'ledgerhound', version: '0' },
      command: { argv: [], parameters: { policy: 'fifo', maxHops: 1, stopAt: [], inheritTags: false } },
      case: { name: 'x', file: 'case/case.yaml', sources: [], originalPath: '/x' },
      store: { kind: 'sqlite', location: 'x', contentHash: '0', transfers: 0, transactions: 0, tags: 0 },
      sources: [],
      dataAsOf: '1970-01-01T00:00:00Z',
      createdAt: '1970-01-01T00:00:00.000Z',
      files: [{ path: '../../etc/passwd', sha256: '0', bytes: 0 }],
    });
    expect(parseManifest(serializeManifest(m)).problem).toBe('malformed');
  });

  it('strips credentials from the recorded command line', () => {
    expect(redactArgv(['export', 'case.yaml', '--store', 'neo4j://neo4j:s3cret@127.0.0.1:7687', '--rpc=https://u:p@node.example/?apikey=abc'])).toEqual([
      'export',
      'case.yaml',
      '--store',
      'neo4j://127.0.0.1:7687',
      '--rpc=https://node.example/?apikey=REDACTED',
    ]);
  });
});
