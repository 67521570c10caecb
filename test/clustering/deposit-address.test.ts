// Deposit-address inference (Victor, FC 2020) on account-chain scenarios around a real Binance wallet
// from the GraphSense tag pack: sweeps within the delay infer the deposit address and link its
// customers; partial sweeps, late sweeps, sweeps to two exchanges and shared payers do not.

import { getAddress } from 'ethers';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEPOSIT_TAG_SOURCE, inferDepositAddresses } from '../../src/clustering/deposit-address.js';
import type { Tag } from '../../src/model/tag.js';
import { evmAddress } from './support/addresses.js';
import { transfer } from './support/transfers.js';

const BINANCE = getAddress('0xbe0eb53f46cd790cd13851d5eff43d12404d33e8');
const OKX = getAddress('0x6cc5f688a315f3dc28a7781717a9a798a59fda7b');
const tags: Tag[] = [
  { chain: 'ethereum', address: BINANCE, label: 'Binance', category: 'exchange', source: 'graphsense-tagpacks/exchange-wallets-binance.yaml', confidence: 90 },
  { chain: 'ethereum', address: OKX, label: 'OKX', category: 'exchange', source: 'graphsense-tagpacks/exchange-wallets-okx.yaml', confidence: 90 },
];
const a = (name: string) => evmAddress(name);
const E = 'ethereum';

describe('inferDepositAddresses', () => {
  it('infers a deposit address from timely sweeps and links its customers', () => {
    const D = a('deposit-1');
    const transfers = [
      transfer(E, 'c1-pay', 100, a('customer-1'), D, 1_000_000_000n),
      transfer(E, 'gas', 120, BINANCE, D, 2_000_000_000_000_000n, 'ETH'),
      transfer(E, 'c2-pay', 150, a('customer-2'), D, 500_000_000n),
      transfer(E, 'sweep-1', 200, D, BINANCE, 1_500_000_000n),
      transfer(E, 'sweep-1-fee', 200, D, null, 1_000_000_000_000_000n, 'ETH'),
      transfer(E, 'c1-again', 900, a('customer-1'), D, 300_000_000n),
      transfer(E, 'sweep-2', 950, D, BINANCE, 300_000_000n),
    ];
    const res = inferDepositAddresses(transfers, tags);
    expect(res.deposits).toHaveLength(1);
    const d = res.deposits[0];
    expect(d).toMatchObject({ address: D, label: 'Binance', via: BINANCE, confidence: 80, senders: [a('customer-1'), a('customer-2')].sort() });
    expect(d.sweeps).toEqual([transfers[3].id, transfers[6].id]);
    expect(d.received).toEqual({ [transfers[0].asset]: 1_800_000_000n });
    expect(res.inferredTags).toEqual([
      {
        chain: E,
        address: D,
        label: 'Binance',
        category: 'exchange',
        source: DEPOSIT_TAG_SOURCE,
        confidence: 80,
        note: `deposit address: 2 sweep(s) to ${BINANCE}`,
        inferredFrom: { heuristic: 'deposit-address', evidence: [transfers[3].id, transfers[6].id], via: BINANCE },
      },
    ]);
    expect(res.links).toEqual([
      { chain: E, a: a('customer-1'), b: a('customer-2'), heuristic: 'deposit-address', confidence: 70, evidence: transfers[2].id, note: `both pay deposit address ${D} (Binance)` },
    ]);
  });

  it('rejects partial sweeps, late sweeps, sweeps to two exchanges, and tagged addresses', () => {
    const partial = a('partial');
    const late = a('late');
    const two = a('two-exchanges');
    const transfers = [
      transfer(E, 'p-in', 100, a('c3'), partial, 1_000n),
      transfer(E, 'p-sweep', 110, partial, BINANCE, 500n),
      transfer(E, 'p-out', 120, partial, a('elsewhere'), 500n),
      transfer(E, 'l-in', 100, a('c4'), late, 1_000n),
      transfer(E, 'l-sweep', 100 + 3_201, late, BINANCE, 1_000n),
      transfer(E, 't-in', 100, a('c5'), two, 2_000n),
      transfer(E, 't-s1', 110, two, BINANCE, 1_000n),
      transfer(E, 't-in2', 111, a('c5'), two, 1_000n),
      transfer(E, 't-s2', 120, two, OKX, 2_000n),
      transfer(E, 'okx-to-binance', 130, OKX, BINANCE, 5_000n),
    ];
    expect(inferDepositAddresses(transfers, tags).deposits).toEqual([]);
    // A looser share accepts the partial sweeper; a longer delay accepts the late one.
    expect(inferDepositAddresses(transfers, tags, { minSweptPercent: 50 }).deposits.map((d) => d.address)).toEqual([partial]);
    expect(inferDepositAddresses(transfers, tags, { maxDelayBlocks: 4_000 }).deposits.map((d) => d.address)).toEqual([late]);
  });

  it('accepts gas topped up by the exchange and the unused gas returned to it', () => {
    const D = a('gas-deposit');
    const transfers = [
      transfer(E, 'g-in', 100, a('g-customer'), D, 7_000_000n),
      transfer(E, 'g-gas', 101, BINANCE, D, 3_000_000_000_000_000n, 'ETH'),
      transfer(E, 'g-sweep', 102, D, BINANCE, 7_000_000n),
      transfer(E, 'g-fee', 102, D, null, 1_000_000_000_000_000n, 'ETH'),
      transfer(E, 'g-return', 103, D, BINANCE, 2_000_000_000_000_000n, 'ETH'),
    ];
    const res = inferDepositAddresses(transfers, tags);
    expect(res.deposits.map((d) => [d.address, d.sweeps])).toEqual([[D, [transfers[2].id]]]);
    // Gas sent on to a third party instead would disqualify it.
    transfers[4] = transfer(E, 'g-away', 103, D, a('elsewhere'), 2_000_000_000_000_000n, 'ETH');
    expect(inferDepositAddresses(transfers, tags).deposits).toEqual([]);
  });

  it('does not link a payer of two deposit addresses, nor the payers of a crowded one', () => {
    const d1 = a('d1');
    const d2 = a('d2');
    const hub = a('scam-hub');
    const transfers = [
      transfer(E, 'h1', 10, hub, d1, 100n),
      transfer(E, 'h2', 11, hub, d2, 100n),
      transfer(E, 'u1', 12, a('u1'), d1, 100n),
      transfer(E, 'u2', 13, a('u2'), d1, 100n),
      transfer(E, 'u3', 14, a('u3'), d2, 100n),
      transfer(E, 's1', 20, d1, BINANCE, 300n),
      transfer(E, 's2', 21, d2, BINANCE, 200n),
    ];
    const res = inferDepositAddresses(transfers, tags);
    expect(res.deposits.map((d) => d.address).sort()).toEqual([d1, d2].sort());
    expect(res.links.map((l) => [l.a, l.b])).toEqual([[a('u1'), a('u2')]]);
    expect(inferDepositAddresses(transfers, tags, { maxSenders: 2 }).links).toEqual([]);
  });

  it('works on TRON with a TRON Binance wallet and a TRON-sized delay', () => {
    const binanceTron = 'TV6MuMXfmLbBqPZvBHdwFsDnQeVfnmiuSi';
    const usdt = 'trc20:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t';
    const D = 'TMuA6YqfCeX8EhbfYEg5y7S4DqzSJireY9';
    const trTags: Tag[] = [{ chain: 'tron', address: binanceTron, label: 'Binance', category: 'exchange', source: 'tagpack', confidence: 85 }];
    const transfers = [transfer('tron', 'tin', 1_000, 'TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE', D, 9_000_000n, usdt), transfer('tron', 'tsw', 1_000 + 10_000, D, binanceTron, 9_000_000n, usdt)];
    const res = inferDepositAddresses(transfers, trTags);
    expect(res.inferredTags.map((t) => [t.address, t.label, t.confidence, t.inferredFrom?.via])).toEqual([[D, 'Binance', 70, binanceTron]]);
    expect(inferDepositAddresses(transfers, trTags, { maxDelayBlocks: 5_000 }).deposits).toEqual([]);
  });
});

describe('inferDepositAddresses invariants', () => {
  it('every inferred tag is backed by sweeps to the exchange that cover the required share', () => {
    const people = Array.from({ length: 6 }, (_, i) => a(`p${i}`));
    const wallets = [BINANCE, OKX];
    const arb = fc.array(
      fc.record({
        from: fc.integer({ min: 0, max: 7 }),
        to: fc.integer({ min: 0, max: 7 }),
        amount: fc.bigInt({ min: 1n, max: 1_000n }),
        gap: fc.integer({ min: 0, max: 2_000 }),
      }),
      { maxLength: 40 },
    );
    let inferred = 0;
    fc.assert(
      fc.property(arb, (rows) => {
        let block = 0;
        const who = (i: number) => (i < 6 ? people[i] : wallets[i - 6]);
        const transfers = rows
          .filter((r) => r.from < 6 && r.from !== r.to)
          .map((r, i) => {
            block += r.gap;
            return transfer(E, `r${i}`, block, who(r.from), who(r.to), r.amount);
          });
        const res = inferDepositAddresses(transfers, tags);
        inferred += res.inferredTags.length;
        for (const t of res.inferredTags) {
          const label = t.label;
          const wallet = tags.find((x) => x.label === label)?.address;
          let received = 0n;
          let swept = 0n;
          for (const x of transfers) {
            if (x.to === t.address && !wallets.includes(x.from)) received += x.amount;
            if (x.from === t.address && x.to === wallet && t.inferredFrom?.evidence.includes(x.id)) swept += x.amount;
          }
          expect(t.inferredFrom?.evidence.length).toBeGreaterThan(0);
          for (const id of t.inferredFrom?.evidence ?? []) {
            const x = transfers.find((y) => y.id === id);
            expect(x?.from).toBe(t.address);
            expect(tags.find((y) => y.address === x?.to)?.label).toBe(label);
          }
          expect(swept * 100n).toBeGreaterThanOrEqual(received * 90n);
        }
        for (const l of res.links) expect(res.deposits.some((d) => d.senders.includes(l.a) && d.senders.includes(l.b))).toBe(true);
      }),
      { seed: 5, numRuns: 300 },
    );
    // The random data does contain deposit addresses, so the checks above ran.
    expect(inferred).toBeGreaterThanOrEqual(5);
  });
});
