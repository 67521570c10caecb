// Totals of one victim person over their payments (`ledgerhound victims`, issue 16): what the person paid,
// how much of it reached each cash-out point, is still held at each address, and went to fees, each summed
// per chain and asset (and per address) exactly as decimal base units; a fiat total only where every summed
// figure has one in the same currency (cents added exactly, no rounding beyond each figure's own).

import { formatScaled, parseScaled } from '../evidence/decimal.js';
import type { VictimStatement } from './victim-statements.js';

export interface TotalFiat {
  amount: string;
  currency: string;
}

export interface PersonAmount {
  chain: string;
  asset: string;
  /** Decimal base units. */
  amount: string;
  /** Sum of the summed figures' fiat values; absent when one of them has none or currencies differ. */
  fiat?: TotalFiat;
}

export interface PersonCashOut extends PersonAmount {
  address: string;
  label?: string;
  category?: string;
}

export interface PersonHolding extends PersonAmount {
  address: string;
}

export interface PersonTotals {
  paid: PersonAmount[];
  cashOuts: PersonCashOut[];
  holdings: PersonHolding[];
  fees: PersonAmount[];
  /** Distinct transaction hashes that carried the person's money, in first-seen order. */
  transactions: string[];
}

interface Acc {
  amounts: string[];
  fiat: (TotalFiat | undefined)[];
}

function add<K>(map: Map<string, { key: K; acc: Acc }>, k: string, key: K, amount: string, fiat: TotalFiat | undefined, withFiat: boolean): void {
  const cur = map.get(k) ?? { key, acc: { amounts: [], fiat: [] } };
  cur.acc.amounts.push(amount);
  if (withFiat) cur.acc.fiat.push(fiat);
  map.set(k, cur);
}

/** Sum of 2-decimal fiat figures in one currency, or undefined. */
function fiatSum(figures: readonly (TotalFiat | undefined)[]): TotalFiat | undefined {
  if (figures.length === 0 || figures.some((f) => f === undefined)) return undefined;
  const currencies = new Set(figures.map((f) => f!.currency));
  if (currencies.size !== 1) return undefined;
  const total = figures.reduce((s, f) => s + parseScaled(f!.amount), 0n);
  const text = formatScaled(total);
  const [whole, frac = ''] = text.split('.');
  return { amount: `${whole}.${frac.padEnd(2, '0')}`, currency: [...currencies][0] };
}

function amountOf(acc: Acc, withFiat: boolean): { amount: string; fiat?: TotalFiat } {
  const amount = formatScaled(acc.amounts.reduce((s, a) => s + parseScaled(a), 0n));
  const fiat = withFiat ? fiatSum(acc.fiat) : undefined;
  return fiat ? { amount, fiat } : { amount };
}

/** Totals of a person's payment statements, in order of first appearance. */
export function personTotals(payments: readonly VictimStatement[]): PersonTotals {
  const paid = new Map<string, { key: { chain: string; asset: string }; acc: Acc }>();
  const cash = new Map<string, { key: { chain: string; asset: string; address: string; label?: string; category?: string }; acc: Acc }>();
  const held = new Map<string, { key: { chain: string; asset: string; address: string }; acc: Acc }>();
  const fees = new Map<string, { key: { chain: string; asset: string }; acc: Acc }>();
  const txs: string[] = [];
  for (const s of payments) {
    add(paid, `${s.paid.chain}\n${s.paid.asset}`, { chain: s.paid.chain, asset: s.paid.asset }, s.paid.amount, s.paid.fiat, true);
    for (const c of s.cashOuts) {
      const key: { chain: string; asset: string; address: string; label?: string; category?: string } = { chain: c.chain, asset: c.asset, address: c.address };
      if (c.label !== undefined) key.label = c.label;
      if (c.category !== undefined) key.category = c.category;
      add(cash, `${c.chain}\n${c.address}\n${c.asset}`, key, c.amount, c.fiat, true);
    }
    for (const h of s.holdings) add(held, `${h.chain}\n${h.address}\n${h.asset}`, { chain: h.chain, asset: h.asset, address: h.address }, h.amount, undefined, false);
    for (const f of s.fees) add(fees, `${f.chain}\n${f.asset}`, { chain: f.chain, asset: f.asset }, f.amount, undefined, false);
    for (const t of s.transactions) if (!txs.includes(t.txHash)) txs.push(t.txHash);
  }
  return {
    paid: [...paid.values()].map(({ key, acc }) => ({ ...key, ...amountOf(acc, true) })),
    cashOuts: [...cash.values()].map(({ key, acc }) => ({ ...key, ...amountOf(acc, true) })),
    holdings: [...held.values()].map(({ key, acc }) => ({ ...key, ...amountOf(acc, false) })),
    fees: [...fees.values()].map(({ key, acc }) => ({ ...key, ...amountOf(acc, false) })),
    transactions: txs,
  };
}
