// Conversion detection on the 7 real mainnet swap transactions of round2/dex/swap_fixtures (blocks
// 17,173,049-50; verbatim ethereum-etl lines, SOURCES.md): the adapter's own parsers turn each
// transaction and its logs into transfers (parse-block.ts), and the detector must give the conversions
// the fixture's index.json decodes, amounts to the unit. The fixture has no call traces: where the ETH
// payout is an internal call (0xd5b8..., 0x085e...) the conversion cannot name an out-ref, so it is
// `ambiguous` with confidence < 100, a note, and the inferred payout in `extra.inferredOut`;
// with a call trace GENERATED in support/swap-fixtures.ts (callTracer frames built to match the logs, stated below) it is
// complete, with the payout's `call` transfer as out-ref.

import { getAddress } from 'ethers';
import { describe, expect, it } from 'vitest';
import { detectConversions, venueEvents } from '../../adapters/evm/conversions/index.js';
import { conversionToJson, parseConversion } from '../../src/model/conversion.js';
import { fixtureTx, INDEX, lines, TRACE_085E, TRACE_D5B8, TXS } from './support/swap-fixtures.js';

const ctx = { chain: 'ethereum' };
const USDT = 'erc20:0xdAC17F958D2ee523a2206206994597C13D831ec7';
const USDC = 'erc20:0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48';
const user = (prefix: string) => getAddress(INDEX.transactions.find((t) => t.tx.startsWith(prefix))!.user);
const token = (a: string) => `erc20:${getAddress(a)}`;

describe('the fixture transactions through the adapter parsers', () => {
  it('give the token transfers ethereum-etl exported, to the unit', () => {
    const expected = lines('token_transfers.jsonl').map((t) => ({ id: `${t.transaction_hash}:${t.log_index}`, asset: token(t.token_address as string), amount: BigInt(t.value as string) }));
    const got = TXS.flatMap((t) => fixtureTx((t.hash as string).slice(0, 10)).transfers)
      .filter((t) => t.asset.startsWith('erc20:'))
      .map((t) => ({ id: t.id, asset: t.asset, amount: t.amount }));
    expect(got.sort((a, b) => (a.id < b.id ? -1 : 1))).toEqual(expected.sort((a, b) => (a.id < b.id ? -1 : 1)));
    expect(INDEX.transactions).toHaveLength(7);
  });
});

describe('detectConversions on the 7 real swap transactions (index.json)', () => {
  it('0xd5b8 without traces: 200 USDT -> Uniswap V2 -> WETH unwrapped; the ETH payout is not seen: ambiguous, confidence < 100, inferred payout kept', () => {
    const tx = fixtureTx('0xd5b8345a');
    const [c, ...rest] = detectConversions(tx, ctx);
    expect(rest).toEqual([]);
    expect(c).toMatchObject({
      id: `ethereum:${tx.hash}:swap:0`,
      kind: 'ambiguous',
      venue: 'Uniswap V2 USDT/WETH 0x0d4a...1852',
      in: { chain: 'ethereum', address: user('0xd5b8'), asset: USDT, amount: 200000000n, refs: [`${tx.hash}:0`] },
      evidence: [tx.hash],
      // The payout it most probably was: the WETH unwrapped, before MetaMask's fee.
      extra: { inferredKind: 'swap', inferredOut: { chain: 'ethereum', address: user('0xd5b8'), asset: 'ETH', amount: '108949043932854608' } },
    });
    expect(c.out).toBeUndefined();
    expect(c.confidence).toBeLessThan(100);
    expect(c.note).toMatch(/no call traces/);
    expect(c.method).toMatch(/^logs: Transfer, Swap \(V2\), Withdrawal \(WETH9\)/);
    expect(c.method).toMatch(/MetaMask Swap Router/);
  });

  it('0xd5b8 with a generated call trace: the ETH payout 107995688562856920 wei at call 0_3, confidence 100', () => {
    const tx = fixtureTx('0xd5b8345a', TRACE_D5B8);
    const [c, ...rest] = detectConversions(tx, ctx);
    expect(rest).toEqual([]);
    expect(c).toMatchObject({
      kind: 'swap',
      venue: 'Uniswap V2 USDT/WETH 0x0d4a...1852',
      in: { address: user('0xd5b8'), asset: USDT, amount: 200000000n, refs: [`${tx.hash}:0`] },
      out: { address: user('0xd5b8'), asset: 'ETH', amount: 107995688562856920n, refs: [`${tx.hash}:call:0_3`] },
      confidence: 100,
    });
    expect(c.note).toBeUndefined();
    expect(c.method).toMatch(/call traces/);
  });

  it('0xc11b: 500 USDT -> WETH -> token over two Uniswap V2 hops (Universal Router); WETH never touches the user', () => {
    const tx = fixtureTx('0xc11b64ab');
    expect(detectConversions(tx, ctx)).toEqual([
      {
        id: `ethereum:${tx.hash}:swap:0`,
        kind: 'swap',
        venue: 'Uniswap V2 USDT/WETH 0x0d4a...1852 -> Uniswap V2 WETH/0x0414...0c49 0x63F2...2b7c',
        in: { chain: 'ethereum', address: user('0xc11b'), asset: USDT, amount: 500000000n, refs: [`${tx.hash}:261`] },
        out: { chain: 'ethereum', address: user('0xc11b'), asset: token('0x0414d8c87b271266a5864329fb4932bbe19c0c49'), amount: 1610801241723043058204404n, refs: [`${tx.hash}:265`] },
        confidence: 100,
        method: 'logs: Transfer, Swap (V2); via Uniswap Universal Router',
        evidence: [tx.hash],
      },
    ]);
  });

  it('0xb559: 300 USDT -> token over two V2 hops via OKX; OrderRecord agrees with the flows (no note)', () => {
    const tx = fixtureTx('0xb559b702');
    const [c, ...rest] = detectConversions(tx, ctx);
    expect(rest).toEqual([]);
    expect(c).toMatchObject({
      kind: 'swap',
      in: { address: user('0xb559'), asset: USDT, amount: 300000000n, refs: [`${tx.hash}:161`] },
      out: { address: user('0xb559'), asset: token('0xd87d72248093597df8d56d2a53c1ab7c1a0cc8da'), amount: 3181817370169481489040062n, refs: [`${tx.hash}:165`] },
      confidence: 100,
    });
    expect(c.note).toBeUndefined();
    expect(c.method).toBe('logs: Transfer, Swap (V2), OrderRecord (OKX); via OKX DEX Router');
    const summary = venueEvents(tx, ctx).find((e) => e.role === 'summary')!;
    expect([summary.amountIn, summary.amountOut]).toEqual([c.in.amount, c.out?.amount]);
  });

  it('0xeda6: Uniswap V3 111,000 USDC -> 110,962.179432 USDT; the out-ref is logged before the in-ref', () => {
    const tx = fixtureTx('0xeda67199');
    const [c, ...rest] = detectConversions(tx, ctx);
    expect(rest).toEqual([]);
    expect(c).toMatchObject({
      kind: 'swap',
      venue: 'Uniswap V3 USDC/USDT 0.01% 0x3416...27C6',
      in: { address: user('0xeda6'), asset: USDC, amount: 111000000000n, refs: [`${tx.hash}:323`] },
      out: { address: user('0xeda6'), asset: USDT, amount: 110962179432n, refs: [`${tx.hash}:322`] },
      confidence: 100,
    });
  });

  it('0x085e: 1800 tokens -> WETH (V3) -> unwrap; ETH payout inferred without traces, exact with a generated one', () => {
    const bare = detectConversions(fixtureTx('0x085e9ef4'), ctx);
    expect(bare).toHaveLength(1);
    expect(bare[0]).toMatchObject({
      kind: 'ambiguous',
      in: { address: user('0x085e'), asset: token('0x49642110b712c1fd7261bc074105e9e44676c68f'), amount: 1800000000000000000000n, refs: [`${bare[0].evidence[0]}:210`] },
      extra: { inferredOut: { address: user('0x085e'), asset: 'ETH', amount: '56334553206473788' } },
    });
    expect(bare[0].confidence).toBeLessThan(100);
    expect(bare[0].note).toMatch(/no call traces/);
    const tx = fixtureTx('0x085e9ef4', TRACE_085E);
    const [c] = detectConversions(tx, ctx);
    expect(c).toMatchObject({ kind: 'swap', out: { address: user('0x085e'), asset: 'ETH', amount: 56334553206473788n, refs: [`${tx.hash}:call:1`] }, confidence: 100 });
    expect(c.extra).toBeUndefined();
    expect(c.venue).toMatch(/^Uniswap V3 0x4964\.\.\.\w{4}\/WETH 1% 0x19[cC]1\.\.\./);
  });

  it('0xffe1: 0.6 ETH (tx value) -> WETH Deposit -> V3 -> token, provable without traces', () => {
    const tx = fixtureTx('0xffe1e582');
    const [c, ...rest] = detectConversions(tx, ctx);
    expect(rest).toEqual([]);
    expect(c).toMatchObject({
      kind: 'swap',
      in: { address: user('0xffe1'), asset: 'ETH', amount: 600000000000000000n, refs: [`${tx.hash}:native`] },
      out: { address: user('0xffe1'), asset: token('0x7b4328c127b85369d9f82ca0503b000d09cf9180'), amount: 903011634319514535653893n, refs: [`${tx.hash}:90`] },
      confidence: 100,
    });
    expect(c.method).toBe('logs: Transfer, Deposit (WETH9), Swap (V3); tx value; via Uniswap SwapRouter02');
  });

  it('0xae54: KyberSwap 0.12 ETH -> token; the router fee (0.00036 ETH) stays in the rate and is noted', () => {
    const tx = fixtureTx('0xae542574');
    const [c, ...rest] = detectConversions(tx, ctx);
    expect(rest).toEqual([]);
    expect(c).toMatchObject({
      kind: 'swap',
      in: { address: user('0xae54'), asset: 'ETH', amount: 120000000000000000n, refs: [`${tx.hash}:native`] },
      out: { address: user('0xae54'), asset: token('0x8f4a616463e14442a6c26ea0c7f64db4ba9c4b9f'), amount: 1457594550017485992722634n, refs: [`${tx.hash}:183`] },
      confidence: 100,
    });
    // The pair 0xe990... is Uniswap V2's by its factory's CREATE2 address, not by its Swap topic.
    expect(c.venue).toMatch(/^Uniswap V2 WETH\/0x8f4[aA]\.\.\.\w{4} 0xE990\.\.\.\w{4}$/i);
    expect(c.note).toMatch(/119640000000000000 spent of 120000000000000000 paid/);
  });
});

describe('the detected conversions are valid records (FORMATS.md v2)', () => {
  it('every one, with and without traces, parses back from its JSON form unchanged', () => {
    const all = [...TXS.map((t) => fixtureTx((t.hash as string).slice(0, 10))), fixtureTx('0xd5b8345a', TRACE_D5B8), fixtureTx('0x085e9ef4', TRACE_085E)].flatMap((tx) => detectConversions(tx, ctx));
    expect(all).toHaveLength(9);
    for (const c of all) expect(parseConversion(JSON.parse(JSON.stringify(conversionToJson(c))))).toEqual(c);
  });
});
