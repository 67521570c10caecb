// Common-input ownership on hand-made transactions and on real mainnet blocks (btcd test data and
// bitcoinjs-lib's Bitcoin Core blocks), checked against SOURCES.md's independent counts and against a
// naive set-merging reference implementation.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildClusters } from '../../src/clustering/build-clusters.js';
import { clusterUtxoTransactions } from '../../src/clustering/cluster-utxo.js';
import { detectCoinJoin } from '../../src/clustering/coinjoin.js';
import { linkCommonInputs } from '../../src/clustering/common-input.js';
import type { UtxoTransaction } from '../../src/model/utxo.js';
import { DATA, decodeBlockForClustering, readBzip2, splitBlkFile } from './support/real-blocks.js';
import { buildTx } from './support/tx-spec.js';

/** Reference: merge the input-address sets of every multi-address transaction, the slow obvious way. */
function naiveClusters(txs: UtxoTransaction[]): Set<string>[] {
  let sets: Set<string>[] = [];
  for (const tx of txs) {
    if (detectCoinJoin(tx)?.mixing && (detectCoinJoin(tx)?.confidence ?? 0) >= 50) continue;
    const a = new Set(tx.inputs.map((i) => i.address).filter((x): x is string => x !== null));
    if (a.size < 2) continue;
    const touching = sets.filter((s) => [...a].some((x) => s.has(x)));
    sets = sets.filter((s) => !touching.includes(s));
    sets.push(new Set([...a, ...touching.flatMap((s) => [...s])]));
  }
  return sets;
}

function partition(assignments: { address: string; clusterId: string }[]): string[] {
  const groups = new Map<string, string[]>();
  for (const a of assignments) groups.set(a.clusterId, [...(groups.get(a.clusterId) ?? []), a.address]);
  return [...groups.values()].map((g) => g.sort().join(',')).sort();
}

describe('linkCommonInputs', () => {
  it('links every distinct input address to the first, citing the txid', () => {
    const tx = buildTx({ name: 'ci', inputs: [{ count: 3, value: '100000' }], outputs: [{ value: '290000' }] });
    tx.inputs.push({ ...tx.inputs[1] });
    const links = linkCommonInputs(tx);
    expect(links).toHaveLength(2);
    for (const l of links) expect(l).toMatchObject({ chain: 'bitcoin', a: tx.inputs[0].address, heuristic: 'multi-input', confidence: 95, evidence: tx.txid });
    expect(links.map((l) => l.b)).toEqual([tx.inputs[1].address, tx.inputs[2].address]);
  });

  it('makes no link for one input, one address, or coinbase', () => {
    expect(linkCommonInputs(buildTx({ name: 'one', inputs: [{ value: '1' }], outputs: [{ value: '1' }] }))).toEqual([]);
    const same = buildTx({ name: 'same', inputs: [{ count: 3, value: '5', address: '1BoatSLRHtKNngkdXEeobR76b53LETtpyT' }], outputs: [{ value: '1' }] });
    expect(linkCommonInputs(same)).toEqual([]);
  });

  it('excludes detected CoinJoins and lowers confidence under a weak verdict', () => {
    const whirlpool = buildTx({ name: 'wp', inputs: [{ count: 5, value: '1000000' }], outputs: [{ count: 5, value: '1000000' }] });
    expect(clusterUtxoTransactions([whirlpool]).links).toEqual([]);
    const twoEqual = buildTx({ name: 'two', inputs: [{ count: 2, value: '600000000' }], outputs: [{ count: 2, value: '500000000' }, { value: '199990000' }] });
    const res = clusterUtxoTransactions([twoEqual]);
    expect(res.coinJoins).toEqual([]);
    expect(res.links).toHaveLength(1);
    expect(res.links[0].confidence).toBe(55);
    expect(res.links[0].note).toMatch(/^possible joinmarket \(40\)/);
  });
});

const BLOCK_574200 = `${DATA}/btcd/wire/testdata/block-0000000000000000001602407ac49862a7bca9d00f7f402db20b7be2f5de59d2.blk`;

describe('common-input ownership on real mainnet blocks', () => {
  const blocks = [
    {
      name: '277647 (btcd blk file, bzip2)',
      raw: () => splitBlkFile(readBzip2(`${DATA}/btcd/blockchain/testdata/277647.dat.bz2`))[0],
      height: 277647,
      id: '0000000000000000054a714e580b16c583701712ab91060e92dbde6eb1e052a8',
      txs: 213,
      multiInput: 115,
      expected: { clusters: 74, largest: 44, addresses: 259 },
    },
    {
      name: '574200 (btcd wire test data)',
      raw: () => readFileSync(BLOCK_574200),
      height: 574200,
      id: '0000000000000000001602407ac49862a7bca9d00f7f402db20b7be2f5de59d2',
      txs: 3315,
      multiInput: 556,
      expected: { clusters: 427, largest: 92, addresses: 1679 },
    },
    {
      name: '540107 (btcd wire test data)',
      raw: () => readFileSync(`${DATA}/btcd/wire/testdata/block-00000000000000000021868c2cefc52a480d173c849412fe81c4e5ab806f94ab.blk`),
      height: 540107,
      id: '00000000000000000021868c2cefc52a480d173c849412fe81c4e5ab806f94ab',
      txs: 230,
      multiInput: 92,
      expected: { clusters: 56, largest: 3804, addresses: 4046 },
    },
  ];
  for (const b of blocks) {
    it(`block ${b.name}: clusters match the reference and no CoinJoin is found`, () => {
      const block = decodeBlockForClustering(b.raw(), b.height);
      expect(block.id).toBe(b.id);
      expect(block.transactions).toHaveLength(b.txs);
      expect(block.transactions.filter((t) => t.inputs.length > 1)).toHaveLength(b.multiInput);
      const res = clusterUtxoTransactions(block.transactions);
      expect(res.coinJoins).toEqual([]);
      const built = buildClusters(res.links);
      expect({ clusters: built.clusters, largest: built.largest, addresses: built.assignments.length }).toEqual(b.expected);
      const naive = naiveClusters(block.transactions)
        .map((s) => [...s].sort().join(','))
        .sort();
      expect(partition(built.assignments)).toEqual(naive);
      for (const l of res.links) {
        const tx = block.transactions.find((t) => t.txid === l.evidence) as UtxoTransaction;
        const inputs = tx.inputs.map((i) => i.address);
        expect(inputs).toContain(l.a);
        expect(inputs).toContain(l.b);
      }
    });
  }

  it('block 574200: verdicts on real look-alikes of CoinJoins (checked by hand)', () => {
    const block = decodeBlockForClustering(readFileSync(BLOCK_574200), 574200);
    const byId = new Map(block.transactions.map((t) => [t.txid, t]));
    const tx = (id: string) => byId.get(id) as UtxoTransaction;
    // 2 inputs, 3 outputs, two of exactly 5 BTC: a weak two-party JoinMarket guess, below the threshold.
    const twoFive = tx('8296f56f7f2e36c196b593e4c77e7f04685b5f07a4b5a43bba32cb7cf06869f0');
    expect(twoFive.outputs.filter((o) => o.value === 500_000_000n)).toHaveLength(2);
    expect(detectCoinJoin(twoFive)).toMatchObject({ kind: 'joinmarket', confidence: 40, equalOutputs: 2 });
    // 3 inputs paying 16 x 60,000 sat among 25 outputs: a batched payout, not a mix.
    const payout = tx('7f43e27fd3331040f32d2033167e670ec0b17a1eba5c8d770ac41ffbe74addd6');
    expect([payout.inputs.length, payout.outputs.length, payout.outputs.filter((o) => o.value === 60_000n).length]).toEqual([3, 25, 16]);
    expect(detectCoinJoin(payout)).toBeUndefined();
    // 1 input, an OP_RETURN and an output just above 0.5 BTC: an Omni-style transfer, not a Whirlpool Tx0.
    const omni = tx('d041f616307977ad71fcea2f37c38d97e7f89d371abf3f8fc23467a3275ef129');
    expect(omni.outputs.some((o) => o.address === null && o.script?.startsWith('6a'))).toBe(true);
    expect(detectCoinJoin(omni)).toBeUndefined();
    // 2 inputs, 4 outputs, two of 600 sat: Counterparty-style dust markers, not a mix.
    const dust = tx('2c82db0cb53d016f1f6ededc446af3fd66e4b7a800745877f4e4294d2c3daf64');
    expect(dust.outputs.filter((o) => o.value === 600n)).toHaveLength(2);
    expect(detectCoinJoin(dust)).toBeUndefined();
  });

  it('bitcoinjs-lib core blocks: links only where two distinct input addresses are revealed', () => {
    const core = JSON.parse(readFileSync(`${DATA}/bitcoinjs-lib/test/fixtures/core/blocks.json`, 'utf8')) as { id: string; hex: string; transactions: number }[];
    const counts = core.map((c, i) => {
      const block = decodeBlockForClustering(Buffer.from(c.hex, 'hex'), 100_000 + i);
      expect(block.id).toBe(c.id);
      expect(block.transactions).toHaveLength(c.transactions);
      return clusterUtxoTransactions(block.transactions).links.length;
    });
    // Most 2010 multi-input spends re-spend one address or P2PK coins (no address); one links two.
    expect(counts).toEqual([0, 0, 0, 0, 1]);
  });
});
