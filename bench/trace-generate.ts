// Bench helper (child process): writes a synthetic laundering case of N account transfers into a new
// SQLite store: 5 victim payments into 5 collector wallets, then N - 5 USDT transfers through 12 layers
// of wallets (each layer up to 8 times wider than the one before, capped at N/100 wallets), layer k
// paying layer k+1 in the k-th stretch of blocks, 50 transfers a block; 1% of the last layer's wallets
// are tagged as exchanges. Every layer receives only traced money, so the trace reaches almost every
// transfer within 13 hops. Seeded: the same N gives the same store.
// Usage: tsx bench/trace-generate.ts <N> <store path>

import { getAddress } from 'ethers';
import { openSqliteStore } from '../graph/sqlite/sqlite-store.js';
import type { CaseFile, Policy } from '../src/model/case.js';
import type { Tag } from '../src/model/tag.js';
import type { AccountTransfer } from '../src/model/transfer.js';

export const BENCH_ASSET = 'erc20:0xdAC17F958D2ee523a2206206994597C13D831ec7';

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

/** Victim payment transfer ids of a generated case. */
export const BENCH_VICTIMS = [0, 1, 2, 3, 4].map((i) => `0x${'ab'.repeat(31)}${i.toString(16).padStart(2, '0')}:${i}`);

/** The case traced by the benches: the generated victims' payments, stopping at exchanges. */
export function benchCase(policy: Policy): CaseFile {
  return {
    name: 'bench',
    sources: [],
    victimPayments: BENCH_VICTIMS.map((transfer, i) => ({ id: `v${i + 1}`, chain: 'ethereum', transfer })),
    policy,
    maxHops: 20,
    stopAt: ['exchange'],
    inheritTags: false,
  };
}

async function main(): Promise<void> {
  const n = Number(process.argv[2]);
  const path = process.argv[3];
  const LAYERS = 12;
  const cap = Math.max(50, Math.floor(n / 100));
  const sizes = [5];
  for (let k = 1; k < LAYERS; k++) sizes.push(Math.min(cap, sizes[k - 1] * 8));
  let next = 0;
  const address = (i: number) => getAddress(`0x${(i + 1).toString(16).padStart(40, '0')}`);
  const layers = sizes.map((size) => Array.from({ length: size }, () => address(next++)));
  const victims = [0, 1, 2, 3, 4].map(() => address(next++));
  const rand = prng(n);
  const store = openSqliteStore(path);
  const source = { name: `bench-${n}`, sha256: 'f'.repeat(64), kind: 'file' as const };
  const last = layers[LAYERS - 1];
  const tags: Tag[] = last
    .filter((_, i) => i % 100 === 99)
    .map((a) => ({ chain: 'ethereum', address: a, label: `Exchange ${a.slice(-4)}`, category: 'exchange', source: 'bench', confidence: 80 }));
  let batch: AccountTransfer[] = BENCH_VICTIMS.map((id, i) => ({
    id,
    chain: 'ethereum',
    asset: BENCH_ASSET,
    txHash: id.split(':')[0],
    block: 1,
    txIndex: i,
    index: i,
    from: victims[i],
    to: layers[0][i],
    amount: 1_000_000_000_000n,
  }));
  // Transfers out of layer k (k < LAYERS - 1) in proportion to the size of layer k + 1.
  const weights = sizes.slice(1);
  const weightSum = weights.reduce((a, b) => a + b, 0);
  let i = 0;
  let block = 2;
  for (let k = 0; k < LAYERS - 1; k++) {
    const count = k === LAYERS - 2 ? n - BENCH_VICTIMS.length - i : Math.floor(((n - BENCH_VICTIMS.length) * weights[k]) / weightSum);
    const from = layers[k];
    const to = layers[k + 1];
    for (let c = 0; c < count; c++, i++) {
      const txHash = `0x${i.toString(16).padStart(64, '0')}`;
      batch.push({
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
      });
      if (batch.length === 50_000) {
        await store.importBatch({ source, transfers: batch });
        batch = [];
      }
    }
    block += Math.ceil(count / 50) + 1;
  }
  await store.importBatch({ source, transfers: batch, tags });
  await store.close();
}

if (process.argv[1]?.endsWith('trace-generate.ts')) await main();
