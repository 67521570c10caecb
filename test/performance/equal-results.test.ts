// Equal results before and after the performance work of issue 19: trace JSON (fifo and haircut, on two
// generated case shapes), community assignments and cluster ids are hashed and compared with the hashes
// the code gave before the tuning. A change of any figure, assignment or id changes a hash: tuning must
// keep every one of them (an intended change of results updates the hashes with its reason).

import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateTraceCase, benchCase, type TraceShape } from '../../bench/trace-generate.js';
import { toJson } from '../../cli/output.js';
import { openSqliteStore } from '../../graph/sqlite/sqlite-store.js';
import { FlowGraphBuilder } from '../../graph/views/flow-graph.js';
import { buildClusters } from '../../src/clustering/build-clusters.js';
import { clusterUtxoTransactions } from '../../src/clustering/cluster-utxo.js';
import { createRng, detectCommunities } from '../../src/clustering/communities.js';
import type { Policy } from '../../src/model/case.js';
import type { UtxoTransaction } from '../../src/model/utxo.js';
import { traceCase } from '../../src/tracing/trace-case.js';
import { tempDir } from '../support/stores.js';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

/** SHA-256 of the trace result and flows JSON, as the code gave them before the tuning. */
const TRACE_HASHES: Record<string, string> = {
  'layered/fifo': '3a2261303fc814a658c79a5b0ca7d7f41d67586e2a03a132d23d5384c5e0bdee',
  'layered/haircut': '0edad4a0bc8368f505c42f6e0c03c1b320071ba20c99de1127ed1675869ea734',
  'peel/fifo': '0f772f6a17176b2be21db221c938cbc4e415ce24a64b3bb36ee10e3bcc2b93e1',
  'peel/haircut': '169615adaef9ba6f77c5782ce972b7cd1a7c067077cb4176cc262b18d0c11301',
  'victims/fifo': '37751f9938669d664bb45928efdaea5dbbf4d1d5e3adf1393bda9d6d5547bcdc',
  'victims/haircut': '7086a58293c360803ae0d1f34d0b9584c55e9bb3ae39413d2fe0d8ba1cbd3fb5',
};

describe('equal results before and after tuning (issue 19)', () => {
  for (const [shape, n] of [
    ['layered', 3_000],
    ['peel', 1_000],
    ['victims', 2_000],
  ] as [TraceShape, number][]) {
    it(`trace JSON of the ${shape} case (${n} transfers), fifo and haircut, ledger and scan modes`, async () => {
      const path = join(tempDir(), `${shape}.db`);
      await generateTraceCase(n, path, shape);
      const store = openSqliteStore(path, { readonly: true });
      const got: Record<string, string> = {};
      for (const policy of ['fifo', 'haircut'] as Policy[]) {
        const hashes = new Set<string>();
        for (const scanAfter of [0, Number.POSITIVE_INFINITY]) {
          const run = await traceCase(store, benchCase(policy, shape, n), { scanAfter, flows: true });
          hashes.add(sha(`${toJson(run.result)}\n${toJson(run.flows)}`));
        }
        expect(hashes.size, 'scan and ledger modes agree').toBe(1);
        got[`${shape}/${policy}`] = [...hashes][0];
      }
      await store.close();
      for (const [k, v] of Object.entries(got)) expect(v, k).toBe(TRACE_HASHES[k]);
    }, 120_000);
  }

  it('community assignments and modularity of a planted graph', () => {
    const rng = createRng(3);
    const builder = new FlowGraphBuilder();
    const name = (i: number) => `0x${i.toString(16).padStart(40, '0')}`;
    for (let e = 0; e < 20_000; ) {
      const s = Math.floor(rng() * 2_000);
      const t = rng() < 0.8 ? Math.floor(s / 50) * 50 + Math.floor(rng() * 50) : Math.floor(rng() * 2_000);
      if (s === t) continue;
      builder.addFlow('ethereum', name(s), name(t), 'ETH', BigInt(Math.floor(10 ** (3 + rng() * 9))));
      e++;
    }
    const res = detectCommunities(builder.finish(), { seed: 42 });
    const text = toJson({ modularity: res.modularity, count: res.count, assignments: res.assignments, communities: res.communities });
    // Changed on purpose: Louvain is now the own typed-array one (src/clustering/louvain.ts, undirected as
    // igraph's); its modularity stays within 0.005 of graphology's (test/clustering/louvain.test.ts).
    expect(sha(text)).toBe('669e0b3717775d42040fe6dc3e7e5c4fa56ffaa6267f20fcff361a2a497335e6');
  });

  it('cluster ids of generated UTXO transactions', () => {
    const rng = createRng(5);
    const addr = () => `bc1q${Math.floor(rng() * 20_000).toString(36).padStart(38, '0')}`;
    const txs: UtxoTransaction[] = [];
    for (let i = 0; i < 10_000; i++) {
      const mix = rng() < 0.01;
      const inputs = Array.from({ length: mix ? 5 : 1 + Math.floor(rng() * 3) }, (_, k) => ({ prevTxid: (i + k).toString(16).padStart(64, '0'), prevVout: 0, address: addr(), value: 2_000_000n }));
      const outputs = mix
        ? Array.from({ length: 5 }, (_, k) => ({ n: k, address: addr(), value: 1_000_000n }))
        : [
            { n: 0, address: addr(), value: BigInt(Math.floor(rng() * 1_000_000)) },
            { n: 1, address: addr(), value: 900_000n },
          ];
      txs.push({ chain: 'bitcoin', txid: i.toString(16).padStart(64, 'f'), block: Math.floor(i / 100), txIndex: i % 100, inputs, outputs });
    }
    const built = buildClusters(clusterUtxoTransactions(txs).links, { reportMerge: 50 });
    const text = toJson({ assignments: built.assignments, clusters: built.clusters, largest: built.largest, links: built.links.length, collapses: built.collapses.length });
    expect(sha(text)).toBe('d4aaa7041aafa538a622500e5d1a9dda4709bd322ff4b2475cb677b71c751bfd');
  });
});
