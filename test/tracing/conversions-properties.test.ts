// Property-based tests (fast-check, fixed seeds) of tracing through conversions (TRACING.md v2) on random
// account cases with random conversions (chains of conversions, conversions back to the first asset,
// out-refs logged before the in-ref, ambiguous and probable ones):
// - for every conserving policy, per chain and asset, sources + convertedIn = endpoints + holdings + fees
//   + dropped + convertedOut exactly as printed, and the same per victim with the conversions' bySource;
// - every figure, under every policy (poison included), is within 1 base unit (TRACING.md, Rounding) of
//   the exact answer of the rational reference (reference.ts), which walks all assets in one order;
// - re-running and reading the chain once (scan mode) give byte-identical JSON.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Policy } from '../../src/model/case.js';
import type { TraceResult } from '../../src/model/trace-result.js';
import { parseScaled } from '../../src/tracing/scaled.js';
import { buildConv, expectTotalsIdentity, traceConv } from './conversion-support.js';
import { conversionCase } from './generators.js';
import { type Q, referenceAccount } from './reference.js';

const POLICIES: Policy[] = ['fifo', 'lifo', 'haircut', 'libr', 'poison'];
/** TRACING.md: within 1 base unit (scaled units). */
const TOLERANCE = 1_000_000_000n;
const RUNS = Number(process.env.LEDGERHOUND_FC_RUNS ?? 0);
const SEED = process.env.LEDGERHOUND_FC_SEED === undefined ? undefined : Number(process.env.LEDGERHOUND_FC_SEED);

function engineRows(result: TraceResult): Map<string, bigint> {
  const rows = new Map<string, bigint>();
  const put = (key: string, bySource: Record<string, string>) => {
    for (const [src, v] of Object.entries(bySource)) rows.set(`${key}|${src}`, (rows.get(`${key}|${src}`) ?? 0n) + parseScaled(v));
  };
  for (const e of result.endpoints) put(`endpoint|${e.address}@${e.asset}|`, e.bySource);
  for (const h of result.holdings) put(`holding|${h.address}@${h.asset}|${h.reason}`, h.bySource);
  for (const f of result.fees) put(`fee|@${f.asset}|`, f.bySource);
  for (const d of result.dropped) put(`dropped|${d.address}@${d.asset}|`, d.bySource);
  return rows;
}

function expectClose(engine: Map<string, bigint>, reference: Map<string, Q>): void {
  for (const key of new Set([...engine.keys(), ...reference.keys()])) {
    const e = engine.get(key) ?? 0n;
    const r = reference.get(key) ?? { n: 0n, d: 1n };
    const diff = r.n * 1_000_000_000n - e * r.d;
    expect((diff < 0n ? -diff : diff) <= TOLERANCE * r.d, `${key}: engine ${e} scaled, exact ${r.n}/${r.d}`).toBe(true);
  }
}

describe('tracing through conversions: properties', () => {
  it('v2 totals identity for every conserving policy; the rational reference agrees under every policy; reproducible', async () => {
    let converted = 0;
    await fc.assert(
      fc.asyncProperty(conversionCase, fc.constantFrom(...POLICIES), async (input, policy) => {
        const built = buildConv(input, policy);
        const { result } = await traceConv(built);
        const again = await traceConv(built);
        expect(JSON.stringify(again.result), 're-running gives identical output').toBe(JSON.stringify(result));
        if (result.conversions?.some((c) => c.out)) converted++;
        if (policy !== 'poison') expectTotalsIdentity(result);
        const reference = referenceAccount(built.transfers, new Map(built.kase.victimPayments.map((v) => [v.transfer!, v.id])), {
          policy,
          maxHops: built.kase.maxHops,
          stop: new Set([built.address('ethereum', 'X')]),
          conversions: built.conversions,
          followProbable: built.kase.followProbable,
        });
        expectClose(engineRows(result), reference.rows);
      }),
      { numRuns: RUNS || 150, seed: SEED ?? 20260213 },
    );
    // The generator must exercise conversions, not only cases where the taint misses them.
    expect(converted).toBeGreaterThan(20);
  });
});
