// Exchange returns (issue 16): an exchange's answer (samples/pig-butchering/returns.csv) read exactly, its
// sums shared out by `distribute` as seized amounts at the trace's cash-out points (hand-computed shares),
// the account holder's name and account id kept under the model's `personal` field and out of every
// distribution output; bad records named by file, line and field; shares add up for any amount (fast-check).

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { readExchangeReturns } from '../../adapters/files/exchange-returns.js';
import { distributeCase } from '../../app/restitution.js';
import { withStore } from '../../app/store.js';
import { readCaseFile, traceLoadedCase } from '../../app/trace-case-file.js';
import { distributionCsv } from '../../cli/commands/distribute.js';
import { isLedgerhoundError } from '../../src/errors.js';
import type { TraceResult } from '../../src/model/trace-result.js';
import { distributeSeizures } from '../../src/restitution/distribution.js';
import { returnsAsSeizures } from '../../src/restitution/exchange-returns.js';
import { tempDir } from '../support/stores.js';

const SAMPLE = join(import.meta.dirname, '../../samples/pig-butchering');
const CASE = join(SAMPLE, 'case.yaml');
const RETURNS = join(SAMPLE, 'returns.csv');
const OKX = '0x5041ed759Dd4aFc3a72b8192C143F72f4724081A';
const BINANCE_TRON = 'TMuA6YqfCeX8EhbfYEg5y7S4DqzSJireY9';
const USDT_ETH = 'erc20:0xdAC17F958D2ee523a2206206994597C13D831ec7';
const USDT_TRON = 'trc20:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t';
const PERSONAL = ['Wang Lei', 'Tran Van Minh', 'UID 58120093', 'UID 402281'];
let storeDir = '';
let traced: TraceResult;

beforeAll(async () => {
  storeDir = tempDir();
  const loaded = await readCaseFile(CASE);
  traced = (await withStore({ store: join(storeDir, 'case.db'), cwd: storeDir }, (s) => traceLoadedCase(s, loaded, { flows: false }))).run.result;
}, 120_000);

function sum(shares: Record<string, string>): bigint {
  return Object.values(shares).reduce((a, b) => a + BigInt(b), 0n);
}

describe('exchange returns reader', () => {
  it('reads the amounts exactly in base units and keeps holder and account under personal', async () => {
    const rows = await readExchangeReturns(RETURNS);
    expect(rows).toEqual([
      { reference: 'OKX-LEA-2026-0457', exchange: 'OKX', chain: 'ethereum', address: OKX, asset: USDT_ETH, amount: '30000000000', status: 'frozen', time: '2026-02-03T00:00:00Z', personal: { holder: 'Wang Lei (fictional)', account: 'UID 58120093 (fictional)' } },
      { reference: 'BN-LE-2026-118', exchange: 'Binance', chain: 'tron', address: BINANCE_TRON, asset: USDT_TRON, amount: '6000000000', status: 'returned', time: '2026-02-05T00:00:00Z', personal: { holder: 'Tran Van Minh (fictional)', account: 'UID 402281 (fictional)' } },
    ]);
    // The seizures built from them carry no personal data.
    expect(JSON.stringify(returnsAsSeizures(rows))).not.toMatch(/Wang Lei|Tran Van Minh|UID/);
  });

  it('reads the same keys from JSON Lines; a holder that is not a string is refused without echoing it', async () => {
    const file = join(tempDir(), 'returns.jsonl');
    const rec = { exchange: 'OKX', reference: 'R1', chain: 'ethereum', address: OKX, asset: USDT_ETH, amount: '0.5', holder: 'Wang Lei (fictional)' };
    writeFileSync(file, `${JSON.stringify(rec)}\n${JSON.stringify({ ...rec, reference: 'R2', holder: ['Wang Lei', 'alias'] })}\n`);
    const e = await readExchangeReturns(file).catch((err: unknown) => err);
    expect(isLedgerhoundError(e, 'INVALID_INPUT') && e.details).toMatchObject({ file, line: 2, field: 'holder' });
    expect(`${(e as Error).message} ${JSON.stringify((e as { details: unknown }).details)}`).not.toContain('Wang Lei');
    writeFileSync(file, `${JSON.stringify(rec)}\n`);
    expect(await readExchangeReturns(file)).toEqual([{ reference: 'R1', exchange: 'OKX', chain: 'ethereum', address: OKX, asset: USDT_ETH, amount: '500000', status: 'frozen', personal: { holder: 'Wang Lei (fictional)' } }]);
  });

  const header = 'exchange,reference,date,chain,address,asset,amount,status,account,holder';
  const good = `OKX,R1,2026-02-03,ethereum,${OKX},${USDT_ETH},30000.00,frozen,UID 1,Wang Lei (fictional)`;
  const bad: [string, string, string][] = [
    ['thousands separators', `OKX,R2,2026-02-03,ethereum,${OKX},${USDT_ETH},"30,000",frozen,UID 1,Wang Lei (fictional)`, 'amount'],
    ['more decimals than the asset has', `OKX,R2,2026-02-03,ethereum,${OKX},${USDT_ETH},1.0000001,frozen,UID 1,Wang Lei (fictional)`, 'amount'],
    ['a token of unknown decimals', `OKX,R2,2026-02-03,ethereum,${OKX},erc20:0xE0B7927c4aF23765Cb51314A0E0521A9645F0E2A,5,frozen,UID 1,Wang Lei (fictional)`, 'asset'],
    ['an unknown status', `OKX,R2,2026-02-03,ethereum,${OKX},${USDT_ETH},5,seized,UID 1,Wang Lei (fictional)`, 'status'],
    ['a duplicate reference', good, 'reference'],
    ['a bad address', `OKX,R2,2026-02-03,ethereum,0x1234,${USDT_ETH},5,frozen,UID 1,Wang Lei (fictional)`, 'address'],
    ['a local date', `OKX,R2,03/02/2026,ethereum,${OKX},${USDT_ETH},5,frozen,UID 1,Wang Lei (fictional)`, 'date'],
  ];
  for (const [what, line, field] of bad) {
    it(`refuses ${what}, naming file, line and field, and never the holder`, async () => {
      const file = join(tempDir(), 'returns.csv');
      writeFileSync(file, `${header}\n${good}\n${line}\n`);
      const e = await readExchangeReturns(file).catch((err: unknown) => err);
      expect(isLedgerhoundError(e, 'INVALID_INPUT')).toBe(true);
      expect((e as { details: Record<string, unknown> }).details).toMatchObject({ file, line: 3, field });
      expect(`${(e as Error).message} ${JSON.stringify((e as { details: unknown }).details)}`).not.toContain('Wang Lei');
    });
  }
});

describe('distribute --returns', () => {
  it('shares the frozen and returned sums at the cash-out points, hand-computed, with no personal data in any output', { timeout: 120_000 }, async () => {
    const { distribution, returns } = await distributeCase({ caseFile: CASE, returnsFile: RETURNS, pricesFile: join(SAMPLE, 'prices.csv'), store: { store: join(storeDir, 'case.db'), cwd: storeDir } });
    const [okx, binance] = distribution.seizures;
    // OKX froze 30,000 USDT at the deposit address the sample's freeze order S-2026-001 names: the same
    // shares (sample-restitution.test.ts): traced 18,000 / 12,000, pari passu by the USD losses.
    expect(okx).toMatchObject({ id: 'OKX-LEA-2026-0457', exchange: 'OKX', status: 'frozen', amount: '30000000000', cashOut: { label: 'okx ERC20 reserves', category: 'exchange' } });
    expect(okx.traced).toEqual({ 'bob-1': '18000000000', 'alice-2': '12000000000' });
    expect(okx.pariPassu['erik-1']).toBe('11638637600');
    // Binance returned 6,000 USDT of its TRON deposit: traced 60/40 (Chen 36,000, Dana 24,000 there), exactly
    // 3,600 and 2,400 USDT. Pari passu: quotas 6,000 x loss / 261,418.51 USD in base units: alice-1
    // 1,147,585,149.957, bob-1 688,551,089.974, alice-2 459,034,059.983, chen-1 826,261,307.969, dana-1
    // 550,840,871.980, erik-1 2,327,727,520.136; floors sum to 5,999,999,995, the 5 units left go to the five
    // largest remainders (all but erik-1).
    expect(binance).toMatchObject({ id: 'BN-LE-2026-118', exchange: 'Binance', status: 'returned', cashOut: { label: 'binance reserve wallets USDT' } });
    expect(binance.traced).toEqual({ 'chen-1': '3600000000', 'dana-1': '2400000000' });
    expect(binance.pariPassu).toEqual({
      'alice-1': '1147585150',
      'bob-1': '688551090',
      'alice-2': '459034060',
      'chen-1': '826261308',
      'dana-1': '550840872',
      'erik-1': '2327727520',
    });
    for (const s of distribution.seizures) {
      expect(sum(s.traced)).toBe(BigInt(s.amount));
      expect(sum(s.pariPassu)).toBe(BigInt(s.amount));
    }
    // The holder and account stay with the returns (court packs only), out of the Distribution and its CSV.
    expect(returns[0].personal?.holder).toBe('Wang Lei (fictional)');
    for (const text of [JSON.stringify(distribution), distributionCsv(distribution)]) for (const p of PERSONAL) expect(text).not.toContain(p);
  });

  it('notes a return at an address that is no cash-out point, and one that a recorded seizure may double', { timeout: 120_000 }, async () => {
    const file = join(tempDir(), 'returns.csv');
    writeFileSync(file, `exchange,reference,chain,address,asset,amount\nOKX,R1,ethereum,${OKX},${USDT_ETH},100\nOKX,R2,ethereum,0x0000000000000000000000000000000000000001,${USDT_ETH},100\n`);
    const { distribution } = await distributeCase({ caseFile: CASE, returnsFile: file, seizuresFile: join(SAMPLE, 'seizures.jsonl'), store: { store: join(storeDir, 'case.db'), cwd: storeDir }, importSources: false });
    const r1 = distribution.seizures.find((s) => s.id === 'R1');
    const r2 = distribution.seizures.find((s) => s.id === 'R2');
    expect(r1?.notes).toContain('seizure S-2026-001 is recorded at the same address and asset: if it is the same money, count it once');
    expect(r2?.cashOut).toBeUndefined();
    expect(r2?.notes?.some((n) => n.includes('is not a cash-out point'))).toBe(true);
    expect(r2?.traced).toEqual({});
  });

  it('shares any returned amount exactly under both bases (fast-check)', () => {
    const places = [
      { chain: 'ethereum', address: OKX, asset: USDT_ETH },
      { chain: 'tron', address: BINANCE_TRON, asset: USDT_TRON },
    ];
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(0, 1), fc.bigInt({ min: 1n, max: 10n ** 15n })), { minLength: 1, maxLength: 5 }), (picks) => {
        const returns = picks.map(([p, amount], i) => ({ reference: `R${i}`, exchange: 'X', ...places[p], amount: amount.toString(), status: 'frozen' as const, personal: { holder: 'Wang Lei' } }));
        const d = distributeSeizures(traced, returnsAsSeizures(returns));
        for (const s of d.seizures) {
          expect(sum(s.traced)).toBe(BigInt(s.amount));
          expect(sum(s.pariPassu)).toBe(BigInt(s.amount));
        }
        expect(JSON.stringify(d)).not.toContain('Wang Lei');
      }),
      { numRuns: 200 },
    );
  });
});
