// Bench helper (child process): writes a store of planted communities for the communities bench: N
// addresses in communities of 100, M USDT transfers (80% inside a community, amounts log-uniform),
// seeded. Distinct (from, to) pairs make the flow graph's edges (about 0.99 M for M = 10^6).
// Usage: tsx bench/communities-generate.ts <addresses> <transfers> <store path>

import { openSqliteStore } from '../graph/sqlite/sqlite-store.js';
import { createRng } from '../src/clustering/communities.js';
import type { AccountTransfer } from '../src/model/transfer.js';

const USDT = 'erc20:0xdAC17F958D2ee523a2206206994597C13D831ec7';
const nodes = Number(process.argv[2] ?? 100_000);
const count = Number(process.argv[3] ?? 1_000_000);
const store = openSqliteStore(process.argv[4]);
const rng = createRng(1);
const size = 100;
const name = Array.from({ length: nodes }, (_, i) => `0x${(i + 1).toString(16).padStart(40, '0')}`);
const source = { name: `communities-${nodes}-${count}`, sha256: 'e'.repeat(64), kind: 'file' as const };
let batch: AccountTransfer[] = [];
for (let i = 0; i < count; ) {
  const s = Math.floor(rng() * nodes);
  const t = rng() < 0.8 ? Math.floor(s / size) * size + Math.floor(rng() * size) : Math.floor(rng() * nodes);
  if (t === s || t >= nodes) continue;
  const txHash = `0x${i.toString(16).padStart(64, '0')}`;
  batch.push({
    id: `${txHash}:0`,
    chain: 'ethereum',
    asset: USDT,
    txHash,
    block: 1 + Math.floor(i / 100),
    txIndex: i % 100,
    index: 0,
    from: name[s],
    to: name[t],
    amount: BigInt(Math.floor(10 ** (3 + rng() * 9))),
  });
  i++;
  if (batch.length === 50_000) {
    await store.importBatch({ source, transfers: batch });
    batch = [];
  }
}
await store.importBatch({ source, transfers: batch });
await store.close();
