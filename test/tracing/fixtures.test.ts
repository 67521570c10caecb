// Worked examples from the literature and the law (test/fixtures/tracing/*.json), hand-checked: Clayton's
// case on accounts and on a UTXO transaction (Anderson et al., 'Bitcoin Redemption'), the lowest
// intermediate balance rule, haircut splits with remainders, poison spread, opening shortfalls, a cycle,
// a batch transaction ordered by log index, fees, until, dust and the hop limit. Each table row runs
// under every policy it names, on every store implementation.

import { describe, expect, it } from 'vitest';
import type { Policy } from '../../src/model/case.js';
import { traceCase } from '../../src/tracing/trace-case.js';
import { loadFixtures } from '../support/fixtures.js';
import { storeFactories } from '../support/stores.js';
import { buildFixture, type ExpectedRows, type FixtureInput, importFixture, projectResult } from './support.js';

type Table = Record<Policy, ExpectedRows>;

const tables = {
  account: loadFixtures<FixtureInput, Table>('tracing/account.json'),
  utxo: loadFixtures<FixtureInput, Table>('tracing/utxo.json'),
};

const byKey = <T extends { address?: string; reason?: string }>(rows: T[]) =>
  [...rows].sort((a, b) => `${a.address ?? ''}/${a.reason ?? ''}`.localeCompare(`${b.address ?? ''}/${b.reason ?? ''}`));

describe.each(storeFactories())('worked examples on $name', (factory) => {
  for (const [model, table] of Object.entries(tables)) {
    describe(model, () => {
      for (const row of table.valid) {
        for (const [policy, expected] of Object.entries(row.expected) as [Policy, ExpectedRows][]) {
          it(`${policy}: ${row.description}`, async () => {
            const store = await factory.create();
            try {
              const built = buildFixture(row.input, policy);
              await importFixture(store, built);
              const { result } = await traceCase(store, built.kase);
              const scanned = await traceCase(store, built.kase, { scanAfter: 0 });
              expect(JSON.stringify(scanned.result)).toBe(JSON.stringify(result));
              const got = projectResult(result, built.aliases);
              expect(byKey(got.endpoints)).toEqual(byKey(expected.endpoints ?? []));
              expect(byKey(got.holdings)).toEqual(byKey(expected.holdings ?? []));
              expect(got.fees).toEqual(expected.fees ?? []);
              expect(byKey(got.dropped)).toEqual(byKey(expected.dropped ?? []));
              expect(got.openingShortfalls).toEqual(expected.openingShortfalls ?? []);
              if (expected.totals) expect(got.totals).toEqual(expected.totals);
              expect(got.notes).toBe(expected.notes ?? 0);
              expect(result.policy).toBe(policy);
            } finally {
              await store.close();
            }
          });
        }
      }
    });
  }
});
