// Amounts: bigint base units (satoshi, wei, sun, token units), never JS numbers. Parsing and formatting
// with the decimals of an asset, exactly.

import { invalidInput, type InputLocation } from '../errors.js';
import { chainInfo } from './chain.js';

const BASE_UNITS = /^(0|[1-9][0-9]*)$/;

/** Parses a non-negative integer string of base units (FORMATS.md: "Inputs are integers"). */
export function parseBaseUnits(value: unknown, location: InputLocation = {}, field?: string): bigint {
  if (typeof value === 'string' && BASE_UNITS.test(value)) return BigInt(value);
  const where = field === undefined ? location : { ...location, field };
  if (typeof value === 'bigint') {
    if (value < 0n) throw invalidInput('amount must not be negative', where, { value: value.toString() });
    return value;
  }
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value) && value >= 0) return BigInt(value);
    throw invalidInput('amount must be a decimal string of base units (a JSON number loses precision)', where, { value });
  }
  if (typeof value !== 'string' || !BASE_UNITS.test(value)) {
    throw invalidInput('amount must be a non-negative integer string of base units', where, { value });
  }
  return BigInt(value);
}

/** 2^256 - 1: the largest value an EVM or TRON (TVM) uint256 balance or transfer can hold. */
export const MAX_UINT256 = (1n << 256n) - 1n;
/** 21 million BTC in satoshi: no Bitcoin amount can be larger (the consensus MAX_MONEY). */
export const MAX_BITCOIN_SATOSHI = 2_100_000_000_000_000n;

/** The largest amount one value can hold on `chain`: MAX_MONEY on Bitcoin chains, 2^256 - 1 on EVM and TRON. */
export function maxAmountOf(chain: string): bigint {
  return chainInfo(chain)?.family === 'utxo' ? MAX_BITCOIN_SATOSHI : MAX_UINT256;
}

/** `parseBaseUnits`, then refuses an amount beyond what `chain` can hold (an overflowed or corrupt record). */
export function parseChainAmount(chain: string, value: unknown, location: InputLocation = {}, field?: string): bigint {
  const amount = parseBaseUnits(value, location, field);
  const max = maxAmountOf(chain);
  if (amount > max) {
    const where = field === undefined ? location : { ...location, field };
    const limit = max === MAX_BITCOIN_SATOSHI ? '21,000,000 BTC (2100000000000000 satoshi)' : '2^256-1';
    throw invalidInput(`amount is larger than ${chain} can hold (at most ${limit})`, where, { value: amount.toString(), max: max.toString() });
  }
  return amount;
}

/** Formats base units with `decimals` places, dropping trailing zeros: 150000000n, 8 -> "1.5". */
export function formatUnits(value: bigint, decimals: number): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  if (decimals === 0) return (negative ? '-' : '') + abs.toString();
  const digits = abs.toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, -decimals);
  const fraction = digits.slice(-decimals).replace(/0+$/, '');
  return (negative ? '-' : '') + whole + (fraction ? `.${fraction}` : '');
}

/** Parses a human amount ("1.5") into base units with `decimals` places; more places is an error. */
export function parseUnits(value: string, decimals: number, where: InputLocation = {}): bigint {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!m) throw invalidInput('not a decimal amount', where, { value });
  const fraction = m[2] ?? '';
  if (fraction.length > decimals) throw invalidInput(`more than ${decimals} decimal places`, where, { value });
  return BigInt(m[1] + fraction.padEnd(decimals, '0'));
}

/**
 * Formats a decimal string of base units that may carry a fractional part (trace results, TRACING.md)
 * in human units: ("1999999999.5", 6) -> "1999.9999995".
 */
export function formatDecimalUnits(value: string, decimals: number): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value);
  if (!m) return value;
  const [, sign, whole, frac = ''] = m;
  const digits = (whole + frac).replace(/^0+(?=\d)/, '');
  const scale = decimals + frac.length;
  const padded = digits.padStart(scale + 1, '0');
  const intPart = scale === 0 ? padded : padded.slice(0, -scale);
  const fracPart = scale === 0 ? '' : padded.slice(-scale).replace(/0+$/, '');
  return sign + intPart.replace(/^0+(?=\d)/, '') + (fracPart ? `.${fracPart}` : '');
}
