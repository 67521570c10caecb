// Conversions end to end on a real node (issue 13, "Must show"): on geth --dev, a Uniswap-V2-style pair
// made by a CREATE2 factory and a WETH9 (test/fixtures/evm/conversions.sol, compiled with solc), two
// victims' USDT-like tokens swapped for WETH through the router, unwrapped, and the ETH paid to a tagged
// exchange (test/evm/support/dev-venues.ts). The blocks are ingested by the real block ingest with call
// traces (geth's callTracer, so the unwrap's ETH payout is seen), with the dev chain's factory and WETH
// given as `venues` (the extension point for chains outside the built-in tables). The trace must end at
// the exchange in ETH with the per-victim amounts computed here by hand from TRACING.md v2 (exact
// rationals; the tracer may differ by rounding, at most one base unit), under fifo, haircut and libr,
// and no venue (pair, router, WETH) may appear as a holding or endpoint.

import { getCreate2Address, type JsonRpcProvider, keccak256, solidityPacked } from 'ethers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ChainVenues } from '../../adapters/evm/conversions/index.js';
import { v2PairAddress } from '../../adapters/evm/conversions/uniswap-v2.js';
import { EvmRpc } from '../../adapters/evm/evm-rpc.js';
import { fetchBlockTransfers } from '../../adapters/evm/fetch-block.js';
import { ingestBlocks } from '../../adapters/evm/ingest-blocks.js';
import { type CaseFile, DEFAULT_STOP_AT, type Policy } from '../../src/model/case.js';
import type { Conversion } from '../../src/model/conversion.js';
import { parseTag } from '../../src/model/tag.js';
import type { TraceResult } from '../../src/model/trace-result.js';
import type { GraphStore } from '../../src/ports.js';
import { traceCase } from '../../src/tracing/trace-case.js';
import { sqliteFactory } from '../support/stores.js';
import { devProvider } from './support/dev-chain.js';
import { AMOUNTS, runVenueScenario, type VenueScenario } from './support/dev-venues.js';

const CHAIN = 'dev';
let provider: JsonRpcProvider;
let rpc: EvmRpc;
let s: VenueScenario;
let store: GraphStore;
let venues: ChainVenues;
let conversions: Conversion[];

/** An exact rational n/d. */
interface Q {
  n: bigint;
  d: bigint;
}

/** A reported decimal amount of base units ("123.456") as a rational. */
function qOf(decimal: string): Q {
  const [int, frac = ''] = decimal.split('.');
  return { n: BigInt(int + frac), d: 10n ** BigInt(frac.length) };
}

/** TRACING.md "Rounding": within one base unit of the exact answer. */
function expectNear(reported: string | undefined, exact: Q, what: string): void {
  expect(reported, what).toBeDefined();
  const r = qOf(reported!);
  const diff = r.n * exact.d - exact.n * r.d;
  const abs = diff < 0n ? -diff : diff;
  expect(abs <= r.d * exact.d, `${what}: ${reported} vs ${exact.n}/${exact.d}`).toBe(true);
}

function feeOf(name: string): bigint {
  const r = s.receipts[name];
  return r.gasUsed * r.gasPrice;
}

function kase(policy: Policy): CaseFile {
  const victim = (name: 'victim1' | 'victim2') => `${s.receipts[name].hash.toLowerCase()}:${s.receipts[name].logs[0].index}`;
  return {
    name: 'dev chain swap, unwrap, exchange',
    sources: [],
    victimPayments: [
      { id: 'v1', chain: CHAIN, transfer: victim('victim1') },
      { id: 'v2', chain: CHAIN, transfer: victim('victim2') },
    ],
    policy,
    maxHops: 20,
    stopAt: DEFAULT_STOP_AT,
    inheritTags: false,
  };
}

beforeAll(async () => {
  provider = devProvider();
  s = await runVenueScenario(provider, `conversions-dev-${Date.now()}`);
  rpc = new EvmRpc({ baseUrl: process.env.GETH_RPC_URL! });
  venues = {
    v2Factories: [{ protocol: 'Uniswap V2 (dev)', factory: s.factory, initCodeHash: s.pairInitCodeHash }],
    wrappedNative: { address: s.weth, symbol: 'WETH' },
  };
  store = await sqliteFactory.create();
  const res = await ingestBlocks(store, rpc, { chain: CHAIN, from: s.firstBlock, to: s.lastBlock, batchBlocks: 8, venues });
  expect(res.traces).toBe('callTracer');
  await store.importBatch({
    source: { name: 'tags.jsonl', sha256: 'c'.repeat(64), kind: 'file' },
    tags: [parseTag({ chain: CHAIN, address: s.exchange, label: 'Dev Exchange', category: 'exchange', source: 'test', confidence: 100 })],
  });
  conversions = [];
  for await (const c of store.conversions({ chain: CHAIN })) conversions.push(c);
}, 300_000);

describe('venues of a dev chain (extension point)', () => {
  it("the pair is the factory's CREATE2 address for its two tokens, with the init code hash the factory computes", () => {
    expect(s.pairCodeHashOnChain).toBe(s.pairInitCodeHash);
    const [t0, t1] = s.token.toLowerCase() < s.weth.toLowerCase() ? [s.token, s.weth] : [s.weth, s.token];
    expect(getCreate2Address(s.factory, keccak256(solidityPacked(['address', 'address'], [t0, t1])), s.pairInitCodeHash)).toBe(s.pair);
    expect(v2PairAddress(venues.v2Factories![0], s.token, s.weth)).toBe(s.pair);
  });

  it('without venues the dev pair is only a V2-type pair and the unwrap is not seen; with them both are recognised', async () => {
    const bare = await fetchBlockTransfers(rpc, s.receipts.swap.blockNumber, { chain: CHAIN, tokenInfo: false });
    const swapBare = bare.conversions.find((c) => c.evidence?.includes(s.receipts.swap.hash.toLowerCase()) || c.id.includes(s.receipts.swap.hash.toLowerCase()));
    expect(swapBare?.venue).toMatch(/^V2-type pair .* \(factory unknown\)$/);
    const unwrapBare = await fetchBlockTransfers(rpc, s.receipts.unwrap.blockNumber, { chain: CHAIN, tokenInfo: false });
    expect(unwrapBare.conversions).toEqual([]);
    expect(unwrapBare.transfers.some((t) => t.asset === `erc20:${s.weth}`)).toBe(false);

    const swapSeen = await fetchBlockTransfers(rpc, s.receipts.swap.blockNumber, { chain: CHAIN, tokenInfo: false, venues });
    expect(swapSeen.conversions.map((c) => c.venue)).toEqual([expect.stringMatching(/^Uniswap V2 \(dev\) .*\/WETH 0x/)]);
    const unwrapSeen = await fetchBlockTransfers(rpc, s.receipts.unwrap.blockNumber, { chain: CHAIN, tokenInfo: false, venues });
    expect(unwrapSeen.conversions.map((c) => [c.kind, c.venue])).toEqual([['unwrap', `WETH ${s.weth}`]]);
  });
});

describe('ingest: the swap and the unwrap as conversions', () => {
  it('the router swap: 4,000 dUSDT paid by the scammer into the pair, the WETH the pair paid out', () => {
    // The pool's own liquidity moves (the dev account's wrap) are conversions too; the scammer's are these two.
    expect(conversions.filter((c) => c.in.address === s.scammer).map((c) => c.kind).sort()).toEqual(['swap', 'unwrap']);
    const swap = conversions.find((c) => c.kind === 'swap');
    expect(swap).toMatchObject({
      kind: 'swap',
      confidence: 100,
      in: { chain: CHAIN, address: s.scammer, asset: `erc20:${s.token}`, amount: AMOUNTS.swapIn },
      out: { chain: CHAIN, address: s.scammer, asset: `erc20:${s.weth}`, amount: s.wethOut },
    });
    expect(swap!.venue).toContain(s.pair.slice(0, 6));
  });

  it('the unwrap: the WETH burnt, the ETH paid back by the internal call from the callTracer', () => {
    const unwrap = conversions.find((c) => c.kind === 'unwrap');
    expect(unwrap).toMatchObject({
      kind: 'unwrap',
      confidence: 100,
      in: { address: s.scammer, asset: `erc20:${s.weth}`, amount: s.wethOut },
      out: { address: s.scammer, asset: 'ETH', amount: s.wethOut },
    });
    expect(unwrap!.out!.refs).toEqual([expect.stringMatching(new RegExp(`^${s.receipts.unwrap.hash.toLowerCase()}:call:`))]);
  });
});

describe('trace from the victims to the exchange through the swap and the unwrap', () => {
  const results = new Map<Policy, TraceResult>();
  const run = async (policy: Policy) => {
    if (!results.has(policy)) results.set(policy, (await traceCase(store, kase(policy))).result);
    return results.get(policy)!;
  };

  /**
   * Per-victim dUSDT taint the 4,000 dUSDT swap carried out of the scammer (balance 5,000: 1,000 clean
   * first, then 3,000 of v1, then 1,000 of v2), and what stays behind:
   * fifo takes the clean lot and v1's; haircut 4,000 x T/B = 4/5 of each; libr the clean part first
   * (max(0, 4,000 - 1,000) = 3,000 tainted, split 3:1).
   */
  const CARRIED: Record<string, { v1: Q; v2: Q }> = {
    fifo: { v1: { n: 3_000_000_000n, d: 1n }, v2: { n: 0n, d: 1n } },
    haircut: { v1: { n: 2_400_000_000n, d: 1n }, v2: { n: 800_000_000n, d: 1n } },
    libr: { v1: { n: 2_250_000_000n, d: 1n }, v2: { n: 750_000_000n, d: 1n } },
  };
  const LEFT: Record<string, { v1: bigint; v2: bigint }> = {
    fifo: { v1: 0n, v2: 1_000_000_000n },
    haircut: { v1: 600_000_000n, v2: 200_000_000n },
    libr: { v1: 750_000_000n, v2: 250_000_000n },
  };

  /** ETH reaching the exchange per victim: carried x wethOut / 4,000 dUSDT (swap), 1:1 (unwrap), then the payment. */
  function atExchange(policy: string, v: 'v1' | 'v2'): Q {
    const c = CARRIED[policy][v];
    const landed: Q = { n: c.n * s.wethOut, d: c.d * AMOUNTS.swapIn };
    if (policy !== 'haircut') return landed; // fifo: the fee takes the oldest (clean) ETH; libr: the clean part first
    // haircut: the payment's fee takes fee/B of the taint, the payment (the rest of the balance) all that is left.
    const fee = feeOf('payExchange');
    return { n: landed.n * s.paid, d: landed.d * (s.paid + fee) };
  }

  for (const policy of ['fifo', 'haircut', 'libr'] as const) {
    it(`${policy}: the exchange receives each victim's share of the ETH; the rest of the tokens stays with the scammer`, async () => {
      const r = await run(policy);
      const ends = r.endpoints.filter((e) => e.address === s.exchange);
      expect(ends).toHaveLength(1);
      expect(ends[0]).toMatchObject({ chain: CHAIN, asset: 'ETH', category: 'exchange' });
      expectNear(ends[0].bySource.v1 ?? '0', atExchange(policy, 'v1'), `${policy} exchange v1`);
      expectNear(ends[0].bySource.v2 ?? '0', atExchange(policy, 'v2'), `${policy} exchange v2`);
      expect(r.endpoints).toHaveLength(1);

      const tokenHolding = r.holdings.filter((h) => h.asset === `erc20:${s.token}`);
      expect(tokenHolding.map((h) => h.address)).toEqual([s.scammer]);
      const left = LEFT[policy];
      expectNear(tokenHolding[0].bySource.v2 ?? '0', { n: left.v2, d: 1n }, `${policy} token holding v2`);
      expectNear(tokenHolding[0].bySource.v1 ?? '0', { n: left.v1, d: 1n }, `${policy} token holding v1`);
    });
  }

  it('haircut: the payment fee carries its pro-rata share of the ETH taint; fifo and libr fees carry none', async () => {
    const fee = feeOf('payExchange');
    const h = await run('haircut');
    const ethFees = h.fees.filter((f) => f.asset === 'ETH');
    expect(ethFees).toHaveLength(1);
    for (const v of ['v1', 'v2'] as const) {
      const c = CARRIED.haircut[v];
      expectNear(ethFees[0].bySource[v], { n: c.n * s.wethOut * fee, d: AMOUNTS.swapIn * (s.paid + fee) }, `haircut fee ${v}`);
    }
    for (const policy of ['fifo', 'libr'] as const) expect((await run(policy)).fees).toEqual([]);
  });

  it('no venue appears as a holding or endpoint under any policy; the conversions are listed; totals balance per chain and asset', async () => {
    const venuesSeen = new Set([s.pair, s.router, s.weth, '0x0000000000000000000000000000000000000000'].map((a) => a.toLowerCase()));
    for (const policy of ['fifo', 'haircut', 'libr'] as const) {
      const r = await run(policy);
      for (const row of [...r.holdings, ...r.endpoints, ...r.dropped]) expect(venuesSeen.has(row.address.toLowerCase()), `${policy}: ${row.address}`).toBe(false);
      expect(r.holdings.every((h) => h.address === s.scammer)).toBe(true);
      expect(new Set((r.conversions ?? []).map((c) => c.kind))).toEqual(new Set(['swap', 'unwrap']));
      for (const [key, t] of Object.entries(r.totals)) {
        const lhs = sumQ([t.sources, t.convertedIn ?? '0']);
        const rhs = sumQ([t.endpoints, t.holdings, t.fees, t.dropped, t.convertedOut ?? '0']);
        expect(lhs, `${policy} ${key}`).toBe(rhs);
      }
    }
  });
});

/** Sum of decimal strings as an integer of 10^-9 base units (exact for the tracer's 9 digits). */
function sumQ(values: string[]): bigint {
  let sum = 0n;
  for (const v of values) {
    const [int, frac = ''] = v.split('.');
    sum += BigInt(int) * 10n ** 9n + BigInt(frac.padEnd(9, '0') || '0');
  }
  return sum;
}
