// Grouping the per-payment statements into one statement per victim person (src/evidence/victim-statement.ts),
// the personal-data marking (personal-data.ts) and the audience options (pack-audience.ts):
// - payments go to the intake row's victim by chain and transaction (any case, with or without 0x);
//   without an intake row, to the `<victim>-<n>` stem; other ids are victims of their own;
// - two intake victims in one transaction are told apart by the payment id; unsafe ids get safe file names;
// - property (fast-check): summed per person, the seizure shares still add up to each seized amount.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LedgerhoundError } from '../../src/errors.js';
import { parseAudience } from '../../src/evidence/pack-audience.js';
import { isPersonalTag, withoutPersonal } from '../../src/evidence/personal-data.js';
import { groupVictimStatements, victimStatementDocument } from '../../src/evidence/victim-statement.js';
import type { VictimPayment } from '../../src/model/case.js';
import type { Distribution } from '../../src/restitution/distribution.js';
import type { IntakeRow } from '../../src/restitution/intake-match.js';
import type { VictimStatement, VictimStatements } from '../../src/restitution/victim-statements.js';

const USDT = 'erc20:0xdAC17F958D2ee523a2206206994597C13D831ec7';
const tx = (n: number) => `0x${n.toString(16).padStart(64, '0')}`;

function statement(id: string, amount = '1000000'): VictimStatement {
  return { id, paid: { ref: `${id}:0`, chain: 'ethereum', asset: USDT, amount }, cashOuts: [], holdings: [], fees: [], dropped: [], transactions: [] };
}

function statements(ids: string[]): VictimStatements {
  return { version: 2, case: 'c', policy: 'fifo', victims: ids.map((id) => statement(id)) };
}

function row(line: number, victim: string, txHash: string, extra: Partial<IntakeRow> = {}): IntakeRow {
  return { line, victim, chain: 'ethereum', txHash, recipient: '0x19a7470F093eCD3eDd8e9B84c803BfeCa5B6D043', amount: '1', ...extra };
}

describe('groupVictimStatements', () => {
  it("groups by the intake row's victim (transaction matched in any case, with or without 0x), with name and contact under personal", () => {
    const payments: VictimPayment[] = [
      { id: 'p1', chain: 'ethereum', transfer: `${tx(1)}:5` },
      { id: 'p2', chain: 'ethereum', transfer: `${tx(2)}:7` },
      { id: 'p3', chain: 'ethereum', transfer: `${tx(3)}:1` },
    ];
    const intake = [
      row(2, 'ann', tx(1).toUpperCase().replace('0X', '0x'), { name: 'Ann A.', contact: 'ref 1', reportedLoss: '1.00', currency: 'USD' }),
      row(3, 'ben', tx(2).slice(2), { name: 'Ben B.' }),
      row(4, 'ann', tx(3), { name: 'Ann A.' }),
    ];
    const set = groupVictimStatements({ statements: statements(['p1', 'p2', 'p3']), payments, intake });
    expect(set.victims.map((v) => [v.id, v.payments.map((p) => p.id)])).toEqual([
      ['ann', ['p1', 'p3']],
      ['ben', ['p2']],
    ]);
    expect(set.victims[0].personal).toEqual({ name: 'Ann A.', contact: 'ref 1' });
    expect(set.victims[0].reported).toEqual([{ payment: 'p1', amount: '1.00', currency: 'USD' }]);
  });

  it('without intake rows: the `<victim>-<n>` stem of case new --intake, else the payment id itself', () => {
    const ids = ['alice-1', 'bob-1', 'alice-2', 'v-ann', 'solo'];
    const payments = ids.map((id, i) => ({ id, chain: 'ethereum', transfer: `${tx(i + 10)}:0` }));
    const set = groupVictimStatements({ statements: statements(ids), payments });
    expect(set.victims.map((v) => [v.id, v.payments.map((p) => p.id)])).toEqual([
      ['alice', ['alice-1', 'alice-2']],
      ['bob', ['bob-1']],
      ['v-ann', ['v-ann']],
      ['solo', ['solo']],
    ]);
    expect(set.victims.every((v) => v.personal === undefined)).toBe(true);
  });

  it('two victims paying in one transaction are told apart by the payment id', () => {
    const payments = [
      { id: 'ann-1', chain: 'ethereum', transfer: `${tx(5)}:1` },
      { id: 'ben-1', chain: 'ethereum', transfer: `${tx(5)}:2` },
    ];
    const intake = [row(2, 'ann', tx(5), { name: 'Ann' }), row(3, 'ben', tx(5), { name: 'Ben' })];
    const set = groupVictimStatements({ statements: statements(['ann-1', 'ben-1']), payments, intake });
    expect(set.victims.map((v) => [v.id, v.personal?.name])).toEqual([
      ['ann', 'Ann'],
      ['ben', 'Ben'],
    ]);
  });

  it('gives an id that is no safe file name a slug with a hash, and never two victims one file', () => {
    const ids = ['../etc/passwd', 'A B', 'a b'];
    const payments = ids.map((id, i) => ({ id, chain: 'ethereum', transfer: `${tx(i + 20)}:0` }));
    const files = groupVictimStatements({ statements: statements(ids), payments }).victims.map((v) => v.file);
    for (const f of files) expect(f).toMatch(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/);
    expect(new Set(files.map((f) => f.toLowerCase())).size).toBe(3);
  });

  it("sums a victim's payment shares of each seizure; the document shows them and the victim's name", () => {
    const payments = [
      { id: 'ann-1', chain: 'ethereum', transfer: `${tx(1)}:0` },
      { id: 'ann-2', chain: 'ethereum', transfer: `${tx(2)}:0` },
      { id: 'ben-1', chain: 'ethereum', transfer: `${tx(3)}:0` },
    ];
    const distribution: Distribution = {
      version: 2,
      case: 'c',
      policy: 'fifo',
      seizures: [{ id: 'S1', chain: 'ethereum', address: '0x5041ed759Dd4aFc3a72b8192C143F72f4724081A', asset: USDT, amount: '10000000', traced: { 'ann-2': '4000000', 'ben-1': '6000000' }, pariPassu: { 'ann-1': '3333334', 'ann-2': '3333333', 'ben-1': '3333333' }, tracedAtAddress: '10000000', pariPassuBasis: 'asset' }],
    };
    const set = groupVictimStatements({ statements: statements(['ann-1', 'ann-2', 'ben-1']), payments, intake: [row(2, 'ann', tx(1), { name: 'Ann A.' })], distribution });
    const ann = set.victims[0];
    expect(ann.seizures).toEqual([expect.objectContaining({ id: 'S1', traced: '4000000', pariPassu: '6666667' })]);
    const doc = victimStatementDocument(ann, set, { dataAsOf: '2024-11-01T00:00:00Z', marking: 'amber' });
    expect(doc.title).toBe('Statement for victim ann: Ann A.');
    expect(doc.marking).toBe('amber');
    const rows = doc.sections.find((s) => s.title === 'Frozen or seized')!.table.rows;
    expect(rows[0]).toContain('4 USDT');
    expect(rows[0].join(' ')).toContain('6.666667 USDT');
  });

  it('property: per person, the traced and pari passu shares of a seizure add up to the seized amount', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('ann', 'ben', 'cai', 'dan'), fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.bigInt({ min: 0n, max: 10n ** 12n })), { minLength: 1, maxLength: 10 }), (rows) => {
        const ids = rows.map(([v], i) => `${v}-${i + 1}`);
        const traced: Record<string, string> = {};
        const pariPassu: Record<string, string> = {};
        rows.forEach(([, t, p], i) => {
          traced[ids[i]] = t.toString();
          pariPassu[ids[i]] = p.toString();
        });
        const tracedTotal = rows.reduce((s, [, t]) => s + t, 0n);
        const ppTotal = rows.reduce((s, [, , p]) => s + p, 0n);
        const payments = ids.map((id, i) => ({ id, chain: 'ethereum', transfer: `${tx(i + 1)}:0` }));
        const distribution: Distribution = { version: 2, case: 'c', policy: 'fifo', seizures: [{ id: 'S', chain: 'ethereum', address: '0x5041ed759Dd4aFc3a72b8192C143F72f4724081A', asset: USDT, amount: tracedTotal.toString(), traced, pariPassu, tracedAtAddress: '0', pariPassuBasis: 'asset' }] };
        const set = groupVictimStatements({ statements: statements(ids), payments, distribution });
        const shares = set.victims.flatMap((v) => v.seizures);
        expect(shares.reduce((s, z) => s + BigInt(z.traced ?? '0'), 0n)).toBe(tracedTotal);
        expect(shares.reduce((s, z) => s + BigInt(z.pariPassu ?? '0'), 0n)).toBe(ppTotal);
        expect(new Set(set.victims.map((v) => v.id)).size).toBe(set.victims.length);
      }),
    );
  });
});

describe('personal data and audiences', () => {
  const tag = { chain: 'ethereum', address: '0x51fEeC9d17bb7f0147f62389071084a002745FCd', label: 'Victim Alice', source: 'notes', confidence: 100 };

  it('a victim-wallet tag, or one marked "personal": true, is personal; an exchange tag is not', () => {
    expect(isPersonalTag({ ...tag, category: 'victim' })).toBe(true);
    expect(isPersonalTag({ ...tag, category: 'other', extra: { personal: true } })).toBe(true);
    expect(isPersonalTag({ ...tag, label: 'OKX 1', category: 'exchange' })).toBe(false);
  });

  it('withoutPersonal drops every `personal` field at any depth', () => {
    const value = { id: 'r1', personal: { holder: 'Wang Lei' }, rows: [{ amount: '1', personal: { account: 'UID 1' } }], note: 'kept' };
    expect(withoutPersonal(value)).toEqual({ id: 'r1', rows: [{ amount: '1' }], note: 'kept' });
    expect(JSON.stringify(withoutPersonal(value))).not.toMatch(/Wang|UID/);
  });

  it('parseAudience: court by default; victim needs --victim and only it takes one; unknown names refused', () => {
    expect(parseAudience(undefined, undefined)).toEqual({ audience: 'court' });
    expect(parseAudience('victim', 'alice')).toEqual({ audience: 'victim', victim: 'alice' });
    for (const [a, v, field] of [
      ['press', undefined, '--audience'],
      ['victim', undefined, '--victim'],
      ['exchange', 'alice', '--victim'],
    ] as const) {
      try {
        parseAudience(a, v);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(LedgerhoundError);
        expect(e).toMatchObject({ code: 'INVALID_INPUT', details: { field } });
      }
    }
  });
});
