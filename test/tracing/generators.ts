// fast-check generators of random transfer graphs (account model) and random UTXO graphs for the
// tracing properties: small address sets so that taint mixes, cycles and overspending happen often.

import fc from 'fast-check';
import type { ConvFixture } from './conversion-support.js';
import type { FixtureInput, FixtureTransaction, FixtureTransfer } from './support.js';

const ADDRESSES = ['A', 'B', 'C', 'D', 'E', 'V1', 'V2', 'X'];

/** A random account-model case: up to 40 transfers among 8 addresses (X is an exchange), 1-3 victim payments. */
export const accountCase: fc.Arbitrary<FixtureInput> = fc
  .record({
    rows: fc.array(
      fc.record({
        from: fc.constantFrom(...ADDRESSES),
        to: fc.option(fc.constantFrom(...ADDRESSES), { freq: 8, nil: null }),
        amount: fc.bigInt({ min: 0n, max: 1000n }),
        block: fc.integer({ min: 1, max: 15 }),
        txIndex: fc.integer({ min: 0, max: 2 }),
        index: fc.integer({ min: -1, max: 3 }),
      }),
      { minLength: 1, maxLength: 40 },
    ),
    victims: fc.uniqueArray(fc.nat({ max: 39 }), { minLength: 1, maxLength: 3 }),
    maxHops: fc.integer({ min: 1, max: 6 }),
  })
  .map(({ rows, victims, maxHops }) => {
    const transfers: FixtureTransfer[] = rows.map((r, i) => ({ id: `t${i}`, ...r, amount: r.amount.toString() }));
    const chosen = [...new Set(victims.map((v) => v % transfers.length))];
    for (const i of chosen) if (transfers[i].amount === '0') transfers[i].amount = '7';
    return {
      transfers,
      tags: { X: 'exchange' },
      case: { maxHops, victimPayments: chosen.map((i, k) => ({ id: `v${k + 1}`, transfer: `t${i}` })) },
    };
  });

/**
 * A random UTXO case: funding coins from outside the data, then up to 25 transactions, each spending 1-3
 * unspent coins into 1-3 outputs (to 6 addresses, X an exchange) with a fee of 0-3; 1-3 victim outputs.
 */
export const utxoCase: fc.Arbitrary<FixtureInput> = fc
  .record({
    steps: fc.array(
      fc.record({
        picks: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
        outs: fc.array(fc.record({ to: fc.constantFrom('A', 'B', 'C', 'D', 'E', 'X'), share: fc.integer({ min: 1, max: 5 }) }), { minLength: 1, maxLength: 3 }),
        fee: fc.integer({ min: 0, max: 3 }),
        block: fc.integer({ min: 0, max: 2 }),
      }),
      { minLength: 1, maxLength: 25 },
    ),
    funding: fc.array(fc.integer({ min: 20, max: 500 }), { minLength: 2, maxLength: 4 }),
    victims: fc.uniqueArray(fc.nat(), { minLength: 1, maxLength: 3 }),
    maxHops: fc.integer({ min: 1, max: 6 }),
  })
  .map(({ steps, funding, victims, maxHops }) => {
    const transactions: FixtureTransaction[] = [];
    const unspent: { ref: string; address: string; value: bigint }[] = [];
    funding.forEach((value, i) => {
      const id = `fund${i}`;
      transactions.push({ txid: id, block: 1, txIndex: i, inputs: [{ prev: `outside${i}:0`, address: 'V1', value: String(value + 1) }], outputs: [{ address: i % 2 ? 'V2' : 'V1', value: String(value) }] });
      unspent.push({ ref: `${id}:0`, address: i % 2 ? 'V2' : 'V1', value: BigInt(value) });
    });
    let block = 2;
    steps.forEach((s, i) => {
      if (unspent.length === 0) return;
      const taken = [...new Set(s.picks.map((p) => p % unspent.length))].sort((a, b) => b - a).map((k) => unspent.splice(k, 1)[0]);
      const total = taken.reduce((sum, c) => sum + c.value, 0n);
      const fee = BigInt(s.fee) < total ? BigInt(s.fee) : 0n;
      const shares = s.outs.map((o) => BigInt(o.share));
      const shareSum = shares.reduce((a, b) => a + b, 0n);
      const pay = total - fee;
      const values = shares.map((sh) => (pay * sh) / shareSum);
      values[values.length - 1] += pay - values.reduce((a, b) => a + b, 0n);
      block += s.block;
      const id = `s${i}`;
      transactions.push({
        txid: id,
        block,
        txIndex: i,
        inputs: taken.map((c) => ({ prev: c.ref, address: c.address, value: c.value.toString() })),
        outputs: s.outs.map((o, n) => ({ address: o.to, value: values[n].toString() })),
      });
      s.outs.forEach((o, n) => {
        if (values[n] > 0n) unspent.push({ ref: `${id}:${n}`, address: o.to, value: values[n] });
      });
    });
    const outputs = transactions.flatMap((tx) => tx.outputs.map((o, n) => ({ ref: `${tx.txid}:${n}`, value: BigInt(o.value) }))).filter((o) => o.value > 0n);
    const chosen = [...new Set(victims.map((v) => v % outputs.length))];
    return {
      transactions,
      tags: { X: 'exchange' },
      case: { maxHops, victimPayments: chosen.map((k, j) => ({ id: `v${j + 1}`, output: outputs[k].ref })) },
    };
  });

/** A deterministic shuffle (Fisher-Yates with a seeded LCG). */
export function shuffle<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const CONVERSION_ASSETS = ['ETH', 'USDT', 'WETH'];
const TRADERS = ['A', 'B', 'C', 'D', 'E', 'V1', 'V2'];

/**
 * A random account case with conversions on one chain (three assets): up to 30 transfers among 8
 * addresses (X an exchange), then 0-5 conversions at the venue P, each one in-ref of one asset paid by a
 * trader and 1-2 out-refs of another asset to traders (or X), in the same block or up to 3 blocks later,
 * or logged before the in-ref in the same transaction. Traders reuse what they received, so chains of
 * conversions and conversions back to the first asset are frequent; some are ambiguous (no out) or
 * probable (confidence 80, followed only with followProbable). Conversions sit in their own transaction
 * (txIndex 5 and up), so nothing else lies between an out-ref and its in-ref.
 */
export const conversionCase: fc.Arbitrary<ConvFixture> = fc
  .record({
    rows: fc.array(
      fc.record({
        from: fc.constantFrom(...ADDRESSES),
        to: fc.option(fc.constantFrom(...ADDRESSES), { freq: 10, nil: null }),
        asset: fc.constantFrom(...CONVERSION_ASSETS),
        amount: fc.bigInt({ min: 0n, max: 1000n }),
        block: fc.integer({ min: 1, max: 15 }),
        txIndex: fc.integer({ min: 0, max: 2 }),
        index: fc.integer({ min: -1, max: 3 }),
      }),
      { minLength: 1, maxLength: 30 },
    ),
    conversions: fc.array(
      fc.record({
        payer: fc.constantFrom(...TRADERS),
        inAsset: fc.nat({ max: 2 }),
        shift: fc.integer({ min: 1, max: 2 }),
        inAmount: fc.bigInt({ min: 1n, max: 500n }),
        outs: fc.array(fc.record({ to: fc.constantFrom(...TRADERS, 'X'), amount: fc.bigInt({ min: 1n, max: 1000n }) }), { minLength: 1, maxLength: 2 }),
        block: fc.integer({ min: 1, max: 15 }),
        delay: fc.integer({ min: 0, max: 3 }),
        outFirst: fc.boolean(),
        kind: fc.constantFrom('swap', 'swap', 'swap', 'swap', 'ambiguous', 'probable'),
        /** Who pays: a random trader, the first victim's recipient, or the previous conversion's recipient. */
        payerFrom: fc.constantFrom('random', 'victim', 'previous', 'previous'),
      }),
      { maxLength: 5 },
    ),
    victims: fc.uniqueArray(fc.nat({ max: 29 }), { minLength: 1, maxLength: 3 }),
    maxHops: fc.integer({ min: 2, max: 8 }),
    followProbable: fc.boolean(),
  })
  .map(({ rows, conversions, victims, maxHops, followProbable }) => {
    const transfers: ConvFixture['transfers'] = rows.map((r, i) => ({ id: `t${i}`, ...r, amount: r.amount.toString() }));
    const chosen = [...new Set(victims.map((v) => v % transfers.length))];
    for (const i of chosen) if (transfers[i].amount === '0') transfers[i].amount = '7';
    const first = transfers[chosen[0]];
    let previous: { to: string; asset: number; block: number } | undefined;
    const records: ConvFixture['conversions'] = conversions.map((c, k) => {
      let payer = c.payer;
      let assetIndex = c.inAsset;
      let block = c.block;
      if (c.payerFrom === 'victim' && first.to !== null && first.to !== 'X') {
        payer = first.to;
        assetIndex = CONVERSION_ASSETS.indexOf(first.asset!);
        block = first.block + (c.block % 3);
      } else if (c.payerFrom === 'previous' && previous && previous.to !== 'X') {
        payer = previous.to;
        assetIndex = previous.asset;
        block = previous.block + (c.block % 3);
      }
      const inAsset = CONVERSION_ASSETS[assetIndex];
      const outIndex = (assetIndex + c.shift) % 3;
      const outAsset = CONVERSION_ASSETS[outIndex];
      const txIndex = 5 + k;
      const outBlock = c.outFirst ? block : block + c.delay;
      if (c.kind !== 'ambiguous') previous = { to: c.outs[0].to, asset: outIndex, block: outBlock };
      transfers.push({ id: `c${k}:in`, asset: inAsset, block, txIndex, index: c.outFirst ? 10 : 0, from: payer, to: 'P', amount: c.inAmount.toString() });
      const outRefs = c.outs.map((o, j) => {
        const id = `c${k}:o${j}`;
        transfers.push({ id, asset: outAsset, block: outBlock, txIndex, index: c.outFirst ? j : 10 + j, from: 'P', to: o.to, amount: o.amount.toString() });
        return id;
      });
      const inLeg = { address: payer, asset: inAsset, refs: [`c${k}:in`] };
      if (c.kind === 'ambiguous') return { id: `c${k}`, in: inLeg, confidence: 50 };
      return { id: `c${k}`, in: inLeg, out: { address: c.outs[0].to, asset: outAsset, refs: outRefs }, confidence: c.kind === 'probable' ? 80 : 100 };
    });
    // All out-refs of a conversion pay one out.address (FORMATS.md): point the others there too.
    for (const r of records) {
      if (!r.out) continue;
      for (const ref of r.out.refs) transfers.find((t) => t.id === ref)!.to = r.out.address;
    }
    return { transfers, conversions: records, tags: { X: 'exchange' }, victims: chosen.map((i, k) => ({ id: `v${k + 1}`, transfer: `t${i}` })), maxHops, followProbable };
  });
