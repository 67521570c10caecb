import { describe, expect, it } from 'vitest';
import { isLedgerhoundError } from '../../src/errors.js';
import { normalizeAddress, tronBase58ToHex, tronHexToBase58 } from '../../src/model/address.js';
import { loadFixtures } from '../support/fixtures.js';

const table = loadFixtures<{ chain: string; address: string }, string>('model/addresses.json');

describe('normalizeAddress', () => {
  it.each(table.valid)('valid: $description', ({ input, expected }) => {
    expect(normalizeAddress(input.chain, input.address)).toBe(expected);
  });

  it.each(table.invalid)('invalid: $description', ({ input, code }) => {
    let caught: unknown;
    try {
      normalizeAddress(input.chain, input.address, { file: 'f.jsonl', line: 7, field: 'to' });
    } catch (e) {
      caught = e;
    }
    expect(isLedgerhoundError(caught, code)).toBe(true);
    expect((caught as { details: Record<string, unknown> }).details).toMatchObject({ file: 'f.jsonl', line: 7, field: 'to' });
  });
});

describe('TRON address forms', () => {
  it('converts the USDT contract between base58 and hex (41 prefix) both ways', () => {
    // TronScan shows TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t as 41a614f803b6fd780986a42c78ec9c7f77e6ded13c.
    expect(tronBase58ToHex('TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t')).toBe('41a614f803b6fd780986a42c78ec9c7f77e6ded13c');
    expect(tronHexToBase58('41a614f803b6fd780986a42c78ec9c7f77e6ded13c')).toBe('TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t');
    expect(tronHexToBase58('0xa614f803b6fd780986a42c78ec9c7f77e6ded13c')).toBe('TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t');
  });
});
