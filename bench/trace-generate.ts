// Bench helper (child process): writes a synthetic laundering case of N account transfers into a new
// SQLite store, in one of several shapes (seeded: the same N and shape give the same store):
// - layered (default, the bench's own case): 5 victim payments into 5 collector wallets, then USDT
//   transfers through 12 layers of wallets (each layer up to 8 times wider than the one before, capped
//   at N/100 wallets), layer k paying layer k+1 in the k-th stretch of blocks, 50 transfers a block.
// - wide: 5 victims, 4 layers widening 100 times a layer (capped at N/20 wallets): few hops, many wallets.
// - deep: 5 victims, 40 layers of 200 wallets each (maxHops 60): many hops, few wallets.
// - peel: 20 victims, each starting a peel chain: every step pays a small peel to a fresh address and
//   the rest to the chain's next wallet (one hop per step; maxHops covers the longest chain).
// - victims: 100 small victim payments into 25 collectors, then 8 layers widening 4 times a layer.
// In the layered shapes 1% of the last layer's wallets are tagged as exchanges (the trace stops there);
// in peel, every 50th peel goes to a tagged exchange. Every wallet receives only traced money, so the
// trace reaches almost every transfer.
// Usage: tsx bench/trace-generate.ts <N> <store path> [shape]

import { getAddress } from 'ethers';
import { openSqliteStore } from '../graph/sqlite/sqlite-store.js';
import type { CaseFile, Policy } from '../src/model/case.js';
import type { Tag } from '../src/model/tag.js';
import type { AccountTransfer } from '../src/model/transfer.js';

export const BENCH_ASSET = 'erc20:0xdAC17F958D2ee523a2206206994597C13D831ec7';

export const TRACE_SHAPES = ['layered', 'wide', 'deep', 'peel', 'victims'] as const;
export type TraceShape = (typeof TRACE_SHAPES)[number];

/** mulberry32: a small seeded PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const victimId = (i: number) => `0x${'ab'.repeat(28)}${i.toString(16).padStart(8, '0')}:${i}`;
const VICTIMS: Record<TraceShape, number> = { layered: 5, wide: 5, deep: 5, peel: 20, victims: 100 };

/** Victim payment transfer ids of a generated case of the bench's own (layered) shape. */
export const BENCH_VICTIMS = [0, 1, 2, 3, 4].map((i) => `0x${'ab'.repeat(31)}${i.toString(16).padStart(2, '0')}:${i}`);

function victimIds(shape: TraceShape): string[] {
  return shape === 'layered' ? BENCH_VICTIMS : Array.from({ length: VICTIMS[shape] }, (_, i) => victimId(i));
}

/** Hops a peel chain of a case of `n` transfers needs (one per step, plus the victim payment). */
function peelSteps(n: number): number {
  return Math.ceil((n - VICTIMS.peel) / VICTIMS.peel / 2);
}

/** The case traced by the benches: the generated victims' payments, stopping at exchanges. */
export function benchCase(policy: Policy, shape: TraceShape = 'layered', n = 0): CaseFile {
  const maxHops = shape === 'deep' ? 60 : shape === 'peel' ? Math.min(100_000, peelSteps(n) + 5) : 20;
  return {
    name: 'bench',
    sources: [],
    victimPayments: victimIds(shape).map((transfer, i) => ({ id: `v${i + 1}`, chain: 'ethereum', transfer })),
    policy,
    maxHops,
    stopAt: ['exchange'],
    inheritTags: false,
  };
}

const address = (i: number) => getAddress(`0x${(i + 1).toString(16).padStart(40, '0')}`);
const exchangeTag = (a: string): Tag => ({ chain: 'ethereum', address: a, label: `Exchange ${a.slice(-4)}`, category: 'exchange', source: 'bench', confidence: 80 });

interface Layout {
  sizes: number[];
  victims: number;
}

function layoutOf(shape: TraceShape, n: number): Layout {
  const widen = (first: number, layers: number, factor: number, cap: number) => {
    const sizes = [first];
    for (let k = 1; k < layers; k++) sizes.push(Math.min(cap, sizes[k - 1] * factor));
    return sizes;
  };
  if (shape === 'wide') return { sizes: widen(5, 4, 100, Math.max(50, Math.floor(n / 20))), victims: 5 };
  if (shape === 'deep') return { sizes: Array.from({ length: 40 }, (_, k) => (k === 0 ? 5 : 200)), victims: 5 };
  if (shape === 'victims') return { sizes: widen(25, 8, 4, Math.max(50, Math.floor(n / 100))), victims: 100 };
  return { sizes: widen(5, 12, 8, Math.max(50, Math.floor(n / 100))), victims: 5 };
}

/** Transfers of a layered shape, in chain order, then the tags. */
function* layered(shape: TraceShape, n: number, rand: () => number, tags: Tag[]): Generator<AccountTransfer> {
  const { sizes, victims: victimCount } = layoutOf(shape, n);
  const LAYERS = sizes.length;
  let next = 0;
  const layers = sizes.map((size) => Array.from({ length: size }, () => address(next++)));
  const victims = Array.from({ length: victimCount }, () => address(next++));
  const ids = victimIds(shape);
  for (const [i, a] of layers[LAYERS - 1].entries()) if (i % 100 === 99) tags.push(exchangeTag(a));
  for (let i = 0; i < victimCount; i++) {
    yield {
      id: ids[i],
      chain: 'ethereum',
      asset: BENCH_ASSET,
      txHash: ids[i].split(':')[0],
      block: 1,
      txIndex: i,
      index: i,
      from: victims[i],
      to: layers[0][i % layers[0].length],
      amount: shape === 'victims' ? BigInt(1 + Math.floor(rand() * 1000)) * 1_000_000_000n : 1_000_000_000_000n,
    };
  }
  // Transfers out of layer k (k < LAYERS - 1) in proportion to the size of layer k + 1.
  const weights = sizes.slice(1);
  const weightSum = weights.reduce((a, b) => a + b, 0);
  let i = 0;
  let block = 2;
  for (let k = 0; k < LAYERS - 1; k++) {
    const count = k === LAYERS - 2 ? n - victimCount - i : Math.floor(((n - victimCount) * weights[k]) / weightSum);
    const from = layers[k];
    const to = layers[k + 1];
    for (let c = 0; c < count; c++, i++) {
      const txHash = `0x${i.toString(16).padStart(64, '0')}`;
      yield {
        id: `${txHash}:0`,
        chain: 'ethereum',
        asset: BENCH_ASSET,
        txHash,
        block: block + Math.floor(c / 50),
        txIndex: c % 50,
        index: 0,
        from: from[Math.floor(rand() * from.length)],
        to: to[c < to.length ? c : Math.floor(rand() * to.length)],
        amount: BigInt(1 + Math.floor(rand() * 1_000_000)) * 1_000_000n,
      };
    }
    block += Math.ceil(count / 50) + 1;
  }
}

/** Peel chains: the chains advance together, one step each per block (peel, then the rest). */
function* peel(n: number, rand: () => number, tags: Tag[]): Generator<AccountTransfer> {
  const chains = VICTIMS.peel;
  const steps = peelSteps(n);
  const ids = victimIds('peel');
  let next = 0;
  const heads: string[] = [];
  const balances: bigint[] = [];
  for (let c = 0; c < chains; c++) {
    const victim = address(next++);
    heads.push(address(next++));
    balances.push(10n ** 15n);
    yield { id: ids[c], chain: 'ethereum', asset: BENCH_ASSET, txHash: ids[c].split(':')[0], block: 1, txIndex: c, index: c, from: victim, to: heads[c], amount: balances[c] };
  }
  let i = 0;
  for (let s = 0; s < steps; s++) {
    for (let c = 0; c < chains && i < n - chains; c++) {
      const peelTo = address(next++);
      if (i % 100 === 98) tags.push(exchangeTag(peelTo));
      const nextHead = address(next++);
      const peeled = balances[c] / BigInt(200 + Math.floor(rand() * 800));
      const rest = balances[c] - peeled;
      for (const [k, to, amount] of [
        [0, peelTo, peeled],
        [1, nextHead, rest],
      ] as const) {
        if (i >= n - chains) break;
        const txHash = `0x${i.toString(16).padStart(64, '0')}`;
        yield { id: `${txHash}:0`, chain: 'ethereum', asset: BENCH_ASSET, txHash, block: 2 + s, txIndex: 2 * c + k, index: 0, from: heads[c], to, amount };
        i++;
      }
      heads[c] = nextHead;
      balances[c] = rest;
    }
  }
}

/** Writes the case of `shape` with `n` transfers into a new store at `path`. */
export async function generateTraceCase(n: number, path: string, shape: TraceShape = 'layered'): Promise<void> {
  const rand = prng(n);
  const store = openSqliteStore(path);
  const source = { name: shape === 'layered' ? `bench-${n}` : `bench-${shape}-${n}`, sha256: 'f'.repeat(64), kind: 'file' as const };
  const tags: Tag[] = [];
  let batch: AccountTransfer[] = [];
  for (const t of shape === 'peel' ? peel(n, rand, tags) : layered(shape, n, rand, tags)) {
    batch.push(t);
    if (batch.length === 50_000) {
      await store.importBatch({ source, transfers: batch });
      batch = [];
    }
  }
  await store.importBatch({ source, transfers: batch, tags });
  await store.close();
}

if (process.argv[1]?.endsWith('trace-generate.ts')) {
  const shape = (process.argv[4] ?? 'layered') as TraceShape;
  if (!TRACE_SHAPES.includes(shape)) throw new Error(`unknown shape ${shape}: one of ${TRACE_SHAPES.join(', ')}`);
  await generateTraceCase(Number(process.argv[2]), process.argv[3], shape);
}
