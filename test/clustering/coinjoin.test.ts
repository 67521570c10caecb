// CoinJoin detectors on fixtures built from each protocol's published structure, and on look-alikes
// that must not match (real patterns from mainnet block 574,200 among them).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectCoinJoin, detectCoinJoinAll, isExcludedMix } from '../../src/clustering/coinjoin.js';
import { computeOutputStats } from '../../src/clustering/coinjoin-verdict.js';
import { detectJoinMarket, joinMarketConfidence } from '../../src/clustering/coinjoin-joinmarket.js';
import { WABISABI_DENOMINATIONS } from '../../src/clustering/coinjoin-wasabi.js';
import { loadFixture } from './support/fixtures.js';
import { buildTx, type TxSpec } from './support/tx-spec.js';

interface CoinJoinTable {
  valid: { description: string; input: TxSpec; expected: { kind: string; mixing: boolean; minConfidence: number; equalOutputs: number; denomination: string; matched?: string[] } }[];
  invalid: { description: string; input: TxSpec; notKind?: string }[];
}

const table = loadFixture<CoinJoinTable>('coinjoins');

describe('CoinJoin detectors', () => {
  for (const c of table.valid) {
    it(`detects ${c.description}`, () => {
      const v = detectCoinJoin(buildTx(c.input));
      expect(v).toBeDefined();
      expect(v?.kind).toBe(c.expected.kind);
      expect(v?.mixing).toBe(c.expected.mixing);
      expect(v?.confidence).toBeGreaterThanOrEqual(c.expected.minConfidence);
      expect(v?.confidence).toBeLessThanOrEqual(100);
      expect(v?.equalOutputs).toBe(c.expected.equalOutputs);
      expect(v?.denomination).toBe(BigInt(c.expected.denomination));
      expect(isExcludedMix(v)).toBe(c.expected.mixing);
      expect(v?.matched?.[0]).toBe(c.expected.kind);
      if (c.expected.matched) expect(v?.matched).toEqual(c.expected.matched);
    });
  }
  for (const c of table.invalid) {
    it(`does not take ${c.description} for a ${c.notKind ?? 'CoinJoin'}`, () => {
      const v = detectCoinJoin(buildTx(c.input));
      if (c.notKind) {
        expect(v?.kind).not.toBe(c.notKind);
        expect(detectCoinJoinAll(buildTx(c.input)).map((x) => x.kind)).not.toContain(c.notKind);
      } else {
        expect(v === undefined || !isExcludedMix(v)).toBe(true);
      }
    });
  }

  it('gives JoinMarket a confidence that grows with the number of equal outputs', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 40 }), (m) => {
        expect(joinMarketConfidence(m + 1)).toBeGreaterThanOrEqual(joinMarketConfidence(m));
        const tx = buildTx({ name: `jm-${m}`, inputs: [{ count: m, value: '9000000' }], outputs: [{ count: m, value: '5000000' }, { count: m - 1, value: '3000000', seed: 'chg' }] });
        // Change outputs of one value would tie; keep the CoinJoin group the largest.
        tx.outputs.forEach((o, n) => {
          if (n >= m) o.value = 3_000_000n + BigInt(n);
        });
        const v = detectJoinMarket(computeOutputStats(tx));
        expect(v?.equalOutputs).toBe(m);
        expect(v?.confidence).toBe(joinMarketConfidence(m));
      }),
      { seed: 4, numRuns: 40 },
    );
  });

  it('lists the WabiSabi standard denominations from 5,000 sat', () => {
    expect(WABISABI_DENOMINATIONS[0]).toBe(5000n);
    for (const d of [5000n, 6561n, 8192n, 10000n, 13122n, 20000n, 50000n, 100000n, 1048576n, 43046721n]) expect(WABISABI_DENOMINATIONS).toContain(d);
    expect(WABISABI_DENOMINATIONS).not.toContain(4096n);
    expect(WABISABI_DENOMINATIONS).not.toContain(7000n);
  });

  it('names a WabiSabi round by the most specific detector and records every detector that matched', () => {
    // Issue 11 item 7: ten 0.1 BTC and three 0.2 BTC outputs (WabiSabi standard denominations) also fit
    // the Wasabi 1.1 rule; the round was named wasabi-1.1 when 1.1 was tried first.
    const round = table.valid.find((c) => c.input.name === 'wasabi-2.0-with-levels');
    const tx = buildTx(round?.input as TxSpec);
    const kinds = detectCoinJoinAll(tx).map((x) => x.kind);
    expect(kinds).toEqual(expect.arrayContaining(['wasabi-2.0', 'wasabi-1.1', 'wasabi-1.0']));
    const v = detectCoinJoin(tx);
    expect(v?.kind).toBe('wasabi-2.0');
    expect(v?.matched).toEqual(['wasabi-2.0', 'wasabi-1.1', 'wasabi-1.0', 'equal-outputs']);
    // The most confident agreeing detector (wasabi-1.1, 95) keeps the round excluded at thresholds up to 95.
    expect(v?.confidence).toBe(95);
    expect(isExcludedMix(v, 90)).toBe(true);
  });

  it('never flags coinbase or single-output transactions', () => {
    const tx = buildTx({ name: 'cb', inputs: [{ value: '0' }], outputs: [{ count: 5, value: '1000000' }] });
    tx.inputs = [{ address: null, value: 0n, coinbase: true }];
    expect(detectCoinJoin(tx)).toBeUndefined();
    expect(detectCoinJoin(buildTx({ name: 'one', inputs: [{ count: 5, value: '1000000' }], outputs: [{ value: '4990000' }] }))).toBeUndefined();
  });
});

describe('CoinJoin verdicts do not depend on input or output order', () => {
  it('holds for every fixture under random permutations', () => {
    const txs = [...table.valid, ...table.invalid].map((c) => buildTx(c.input));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: txs.length - 1 }), fc.integer(), (k, seed) => {
        const tx = txs[k];
        let s = seed >>> 0;
        const shuffle = <T>(xs: T[]): T[] => {
          const out = [...xs];
          for (let i = out.length - 1; i > 0; i--) {
            s = (s * 1103515245 + 12345) >>> 0;
            const j = s % (i + 1);
            [out[i], out[j]] = [out[j], out[i]];
          }
          return out;
        };
        const permuted = { ...tx, inputs: shuffle(tx.inputs), outputs: shuffle(tx.outputs).map((o, n) => ({ ...o, n })) };
        expect(detectCoinJoin(permuted)).toEqual(detectCoinJoin(tx));
      }),
      { seed: 17, numRuns: 150 },
    );
  });
});
