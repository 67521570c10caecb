// fast-check generators of random store contents for the Neo4j-vs-SQLite equivalence property: account
// transfers with ties in chain order and ids whose order differs between UTF-16 and code points, UTXO
// transaction chains (coinbase, spends of stored and unknown coins, double spends, outputs without an
// address), tags with non-ASCII labels, conversions (every kind, account and UTXO refs, ids whose order
// differs between UTF-16 and code points), clusterings and communities, applied as a sequence of batches.

import fc from 'fast-check';
import { CONVERSION_KINDS, type Conversion } from '../../../src/model/conversion.js';
import type { Tag, TagCategory } from '../../../src/model/tag.js';
import type { AccountTransfer } from '../../../src/model/transfer.js';
import type { UtxoTransaction } from '../../../src/model/utxo.js';
import type { ClusterLink, Clustering, CommunityAssignment, ImportBatch } from '../../../src/ports.js';
import { btcAddress, evmAddress, tronAddress, txid } from '../../support/addresses.js';

const EVM = ['a', 'b', 'c', 'd', 'e'].map((l) => evmAddress(l));
const TRON = ['a', 'b', 'c'].map((l) => tronAddress(l));
const BTC = ['a', 'b', 'c', 'd'].map((l) => btcAddress(l));
const USDT = 'erc20:0xdAC17F958D2ee523a2206206994597C13D831ec7';
const TRC_USDT = 'trc20:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t';
/** Strings whose code-point order differs from their UTF-16 order, plus plain ASCII. */
const TEXT = ['x', 'Y', '\u{1F600}', '\uFFFF', 'é', 'z\u{10400}', "'}) DETACH DELETE n //"];

export interface Operation {
  batch?: ImportBatch;
  clustering?: Clustering;
  communities?: CommunityAssignment[];
}

const transferArb = (n: number) =>
  fc
    .record({
      tron: fc.boolean(),
      block: fc.integer({ min: 1, max: 4 }),
      txIndex: fc.integer({ min: 0, max: 1 }),
      index: fc.integer({ min: -1, max: 1 }),
      from: fc.nat(4),
      to: fc.integer({ min: -1, max: 4 }),
      amount: fc.bigInt({ min: 0n, max: 10n ** 30n }),
      token: fc.boolean(),
      time: fc.option(fc.constantFrom('2024-01-01T00:00:00Z', '2024-06-01T12:30:00Z'), { nil: undefined }),
      extra: fc.option(fc.record({ memo: fc.constantFrom(...TEXT) }), { nil: undefined }),
      suffix: fc.constantFrom(...TEXT),
    })
    .map((r): AccountTransfer => {
      const pool = r.tron ? TRON : EVM;
      const t: AccountTransfer = {
        id: `${txid(`t${n}`)}:${r.suffix}`,
        chain: r.tron ? 'tron' : 'ethereum',
        asset: r.token ? (r.tron ? TRC_USDT : USDT) : r.tron ? 'TRX' : 'ETH',
        txHash: txid(`t${n}`),
        block: r.block,
        txIndex: r.txIndex,
        index: r.index,
        from: pool[r.from % pool.length],
        to: r.to < 0 ? null : pool[r.to % pool.length],
        amount: r.amount,
      };
      if (r.time) t.time = r.time;
      if (r.extra) t.extra = r.extra;
      return t;
    });

const utxoArb = (count: number) =>
  fc
    .array(
      fc.record({
        coinbase: fc.boolean(),
        spends: fc.array(fc.record({ tx: fc.nat(20), vout: fc.nat(2), external: fc.boolean(), addr: fc.integer({ min: -1, max: 3 }) }), { minLength: 1, maxLength: 2 }),
        outs: fc.array(fc.record({ addr: fc.integer({ min: -1, max: 3 }), value: fc.bigInt({ min: 0n, max: 21n * 10n ** 14n }), script: fc.boolean() }), {
          minLength: 1,
          maxLength: 3,
        }),
        block: fc.integer({ min: 1, max: 3 }),
        txIndex: fc.nat(2),
        time: fc.option(fc.constantFrom('2024-03-01T00:00:00Z', '2024-03-02T10:00:00Z'), { nil: undefined }),
        extra: fc.option(fc.record({ size: fc.nat(400), note: fc.constantFrom(...TEXT) }), { nil: undefined }),
      }),
      { minLength: 0, maxLength: count },
    )
    .map((specs) =>
      specs.map((s, i): UtxoTransaction => {
        const id = txid(`u${i}`);
        const inputs: UtxoTransaction['inputs'] =
          s.coinbase || i === 0
            ? [{ address: null, value: 0n, coinbase: true }]
            : s.spends.map((sp) => ({
                prevTxid: sp.external ? txid(`ext${sp.tx}`) : txid(`u${sp.tx % i}`),
                prevVout: sp.vout,
                address: sp.addr < 0 ? null : BTC[sp.addr],
                value: BigInt(sp.tx) * 1000n,
              }));
        const tx: UtxoTransaction = {
          chain: 'bitcoin',
          txid: id,
          block: s.block,
          txIndex: s.txIndex,
          inputs,
          outputs: s.outs.map((o, n) => ({
            n,
            address: o.addr < 0 ? null : BTC[o.addr],
            value: o.value,
            ...(o.script ? { script: '6a0474657374' } : {}),
          })),
        };
        if (s.time) tx.time = s.time;
        if (s.extra) tx.extra = s.extra;
        return tx;
      }),
    );

const conversionArb = (n: number) =>
  fc
    .record({
      kind: fc.constantFrom(...CONVERSION_KINDS),
      suffix: fc.constantFrom(...TEXT),
      inChain: fc.constantFrom('ethereum', 'tron', 'bitcoin'),
      outChain: fc.constantFrom('ethereum', 'tron', 'bitcoin'),
      inRefs: fc.array(fc.nat(11), { minLength: 1, maxLength: 2 }),
      outRefs: fc.array(fc.nat(11), { minLength: 1, maxLength: 2 }),
      addr: fc.nat(2),
      amount: fc.bigInt({ min: 0n, max: 10n ** 30n }),
      confidence: fc.constantFrom(100, 70),
      note: fc.option(fc.constantFrom(...TEXT), { nil: undefined }),
      extra: fc.option(fc.record({ detector: fc.constantFrom(...TEXT) }), { nil: undefined }),
    })
    .map((r): Conversion => {
      const leg = (chain: string, refs: number[], amount: bigint) => {
        const address = chain === 'bitcoin' ? BTC[r.addr] : chain === 'tron' ? TRON[r.addr] : EVM[r.addr];
        const asset = chain === 'bitcoin' ? 'BTC' : chain === 'tron' ? TRC_USDT : USDT;
        // Account refs name transfers of the random batches (ids `<txid(t<k>)>:<suffix>`); UTXO refs outputs.
        const names = [...new Set(refs)].map((k) => (chain === 'bitcoin' ? `${txid(`u${k % 8}`)}:${k % 3}` : `${txid(`t${k}`)}:${TEXT[k % TEXT.length]}`));
        return { chain, address, asset, amount, refs: names };
      };
      const base = { id: `c${n}${r.suffix}`, kind: r.kind, venue: `venue ${r.suffix}`, in: leg(r.inChain, r.inRefs, r.amount) };
      const tail = { confidence: r.confidence, method: 'generated', evidence: [txid(`t${n}`)] };
      const c: Conversion = r.kind === 'ambiguous' ? { ...base, ...tail } : { ...base, out: leg(r.outChain, r.outRefs, r.amount / 2n), ...tail };
      if (r.note !== undefined) c.note = r.note;
      if (r.extra !== undefined) c.extra = r.extra;
      return c;
    });

const CATEGORIES: TagCategory[] = ['exchange', 'scam', 'mixer', 'other'];

const tagArb = fc
  .record({ addr: fc.nat(EVM.length - 1), label: fc.constantFrom(...TEXT), category: fc.constantFrom(...CATEGORIES), source: fc.constantFrom('ofac', 'notes'), confidence: fc.constantFrom(50, 90), note: fc.option(fc.constantFrom(...TEXT), { nil: undefined }), extra: fc.option(fc.record({ url: fc.constantFrom(...TEXT) }), { nil: undefined }) })
  .map((r): Tag => {
    const tag: Tag = { chain: 'ethereum', address: EVM[r.addr], label: r.label, category: r.category, source: r.source, confidence: r.confidence };
    if (r.note !== undefined) tag.note = r.note;
    if (r.extra !== undefined) tag.extra = r.extra;
    return tag;
  });

const clusteringArb = fc
  .record({
    links: fc.array(fc.record({ a: fc.nat(3), b: fc.nat(3), h: fc.constantFrom('common-input', 'change'), ev: fc.nat(2), c: fc.constantFrom(60, 80) }), { maxLength: 6 }),
    members: fc.array(fc.record({ addr: fc.nat(3), cluster: fc.constantFrom('c1', 'c2') }), { maxLength: 6 }),
    inferred: fc.array(tagArb, { maxLength: 3 }),
  })
  .map(
    (r): Clustering => ({
      links: r.links.map((l): ClusterLink => ({ chain: 'bitcoin', a: BTC[l.a], b: BTC[l.b], heuristic: l.h, confidence: l.c, evidence: txid(`u${l.ev}`) })),
      assignments: r.members.map((m) => ({ chain: 'bitcoin', address: BTC[m.addr], clusterId: m.cluster })),
      inferredTags: r.inferred.map((t) => ({ ...t, inferredFrom: { heuristic: 'deposit-address', evidence: [txid('t1')], via: EVM[0] } })),
    }),
  );

/** A random sequence of writes: batches (with re-imports and possible conflicts), clusterings, communities. */
export const operationsArb: fc.Arbitrary<Operation[]> = fc
  .record({
    transfers: fc.tuple(...Array.from({ length: 12 }, (_, n) => transferArb(n))),
    utxo: utxoArb(8),
    tags: fc.array(tagArb, { maxLength: 8 }),
    conversions: fc.tuple(...Array.from({ length: 6 }, (_, n) => conversionArb(n))),
    plan: fc.array(fc.record({ from: fc.nat(11), len: fc.integer({ min: 1, max: 8 }), conflict: fc.boolean(), name: fc.constantFrom('a.jsonl', 'b.jsonl') }), {
      minLength: 1,
      maxLength: 4,
    }),
    clustering: fc.option(clusteringArb, { nil: undefined }),
    communities: fc.array(fc.record({ addr: fc.nat(3), community: fc.nat(3) }), { maxLength: 5 }),
  })
  .map((r) => {
    const ops: Operation[] = [];
    r.plan.forEach((p, k) => {
      const transfers = r.transfers.slice(p.from, p.from + p.len).map((t) => ({ ...t }));
      if (p.conflict && transfers.length > 0) transfers[transfers.length - 1].amount += 1n;
      const conversions = r.conversions.slice(p.from % 6, (p.from % 6) + Math.ceil(p.len / 2)).map((c) => ({ ...c }));
      if (p.conflict && k % 2 === 1 && conversions.length > 0) conversions[0].confidence -= 1;
      ops.push({
        batch: {
          source: { name: p.name, sha256: txid(`${p.name}${k}`), kind: 'file', format: 'jsonl', maxBlock: 4, retrievedAt: `2024-02-0${k + 1}T00:00:00Z` },
          transfers,
          transactions: r.utxo.slice(0, 2 + k * 3),
          tags: r.tags.slice(0, 2 + k * 2),
          conversions,
          checkpoint: { key: 'ingest', value: String(k) },
        },
      });
    });
    if (r.clustering) ops.push({ clustering: r.clustering });
    if (r.communities.length > 0) ops.push({ communities: r.communities.map((c) => ({ chain: 'bitcoin', address: BTC[c.addr], community: c.community })) });
    return ops;
  });
