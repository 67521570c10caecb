// The one amount formatter of every command (model/amount-text.ts): human units with thousands
// separators, at most the asset's decimals with a visible mark when rounded, exact figures unmarked.
// Table-driven, plus properties: bigint base units are never rounded, and a rounded figure is within half
// a base unit of the exact one and marked exactly when it differs.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseScaled } from '../../src/evidence/decimal.js';
import { formatUnits } from '../../src/model/amount.js';
import { type AmountTextOptions, amountText, formatAmount, ROUNDED_MARK } from '../../src/model/amount-text.js';
import { loadFixtures } from '../support/fixtures.js';

interface Input {
  chain: string;
  asset: string;
  amount: string;
  bigint?: boolean;
  digits?: AmountTextOptions['digits'];
  group?: boolean;
}

const USDT = 'erc20:0xdAC17F958D2ee523a2206206994597C13D831ec7';
const ASSETS: [string, string, number][] = [
  ['ethereum', USDT, 6],
  ['bitcoin', 'BTC', 8],
  ['ethereum', 'ETH', 18],
  ['tron', 'TRX', 6],
];

describe('formatAmount', () => {
  const table = loadFixtures<Input, string>('cli/amount-text.json');
  it.each(table.valid)('$description', ({ input, expected }) => {
    const amount = input.bigint ? BigInt(input.amount) : input.amount;
    expect(formatAmount(input.chain, input.asset, amount, { digits: input.digits, group: input.group })).toBe(expected);
  });

  it('bigint base units are shown exactly, unmarked, with separators', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ASSETS), fc.bigInt({ min: 0n, max: 10n ** 30n }), ([chain, asset, decimals], value) => {
        const t = amountText(chain, asset, value);
        expect(t.rounded).toBe(false);
        expect(t.number.replaceAll(',', '')).toBe(formatUnits(value, decimals));
        expect(t.number).toMatch(/^\d{1,3}(,\d{3})*(\.\d+)?$/);
      }),
    );
  });

  it('a trace amount (9 fractional digits of a base unit) is within half a base unit, marked exactly when rounded', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ASSETS), fc.bigInt({ min: 0n, max: 10n ** 24n }), ([chain, asset, decimals], scaled) => {
        const exact = `${scaled / 10n ** 9n}.${(scaled % 10n ** 9n).toString().padStart(9, '0')}`;
        const text = formatAmount(chain, asset, exact);
        const marked = text.endsWith(ROUNDED_MARK);
        const shown = text.replace(ROUNDED_MARK, '').split(' ')[0].replaceAll(',', '');
        const [whole, frac = ''] = shown.split('.');
        expect(frac.length).toBeLessThanOrEqual(decimals);
        const shownScaled = BigInt(whole + frac.padEnd(decimals, '0')) * 10n ** 9n;
        const diff = shownScaled - parseScaled(exact);
        expect(diff < 0n ? -diff : diff).toBeLessThanOrEqual(5n * 10n ** 8n);
        expect(marked).toBe(diff !== 0n);
      }),
    );
  });
});
