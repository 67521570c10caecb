// Record <-> model conversions for the Neo4j store: the Cypher projections that read transfers,
// transactions, tags and links back, and the builders that rebuild the model objects with exactly
// the same fields and key order as the SQLite store (graph/sqlite/rows.ts), so JSON is byte-identical.
// Ordering helpers compare strings by code point, as SQLite's BINARY collation does (Neo4j and
// JavaScript compare UTF-16 units, which differ for characters beyond U+FFFF).

import neo4j, { type Integer } from 'neo4j-driver';
import { LedgerhoundError } from '../../src/errors.js';
import { isTagCategory, isTlp, type Tag } from '../../src/model/tag.js';
import type { AccountTransfer } from '../../src/model/transfer.js';
import type { UtxoInput, UtxoOutput, UtxoTransaction } from '../../src/model/utxo.js';
import type { ClusterLink } from '../../src/ports.js';

/** A Neo4j integer parameter (a JS number would be sent as a float). */
export function int(value: number): Integer {
  return neo4j.int(value);
}

/** Compares strings by Unicode code point (UTF-8 byte order). */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs === ys) return x - y;
    // A surrogate (code point >= U+10000) sorts after any other BMP unit.
    return xs ? 1 : -1;
  }
  return a.length - b.length;
}

/** Lexicographic comparison of tuples of strings/numbers (strings by code point). */
export function compareTuples(a: readonly (string | number)[], b: readonly (string | number)[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : compareCodePoints(String(x), String(y));
    if (c !== 0) return c;
  }
  return 0;
}

/** A TRANSFER `t`'s stored properties as a map, without `scanRow` (the scan's copy of them). */
export const TRANSFER_PROPERTIES = 't {.id, .chain, .asset, .txHash, .block, .txIndex, .index, .time, .amount, .extra, .source}';

/** Cypher returning one transfer: `t` bound to the relationship, `f` / `x` to its ends. */
export const TRANSFER_PROJECTION = `${TRANSFER_PROPERTIES} AS t, f.address AS from, x.address AS to`;

/**
 * `scanRow` of a TRANSFER (issue 18): what the chain-order scan returns beyond the index's fields, packed
 * in one JSON text, `[txHash, time, amount, extra, from, to]` (`time`, `extra`, `to` null when absent;
 * `extra` as JSON, not as text), so that a scanned row costs one property read instead of four and
 * both end nodes. Written with the other properties by every write path (write-batch.ts, csv-export.ts);
 * a TRANSFER without it (written before it existed) is read from its properties and end nodes.
 */
export function transferScanRow(t: AccountTransfer): string {
  return JSON.stringify([t.txHash, t.time ?? null, t.amount.toString(), t.extra ?? null, t.from, t.to]);
}

interface StoredTransfer {
  id: string;
  chain: string;
  asset: string;
  txHash: string;
  block: number;
  txIndex: number;
  index: number;
  time?: string;
  amount: string;
  extra?: string;
  source: number;
}

export function recordToTransfer(rec: { get(key: string): unknown }): AccountTransfer {
  const r = rec.get('t') as StoredTransfer;
  const t: AccountTransfer = {
    id: r.id,
    chain: r.chain,
    asset: r.asset,
    txHash: r.txHash,
    block: r.block,
    txIndex: r.txIndex,
    index: r.index,
    from: rec.get('from') as string,
    to: (rec.get('to') as string | null) ?? null,
    amount: BigInt(r.amount),
  };
  if (r.time !== undefined && r.time !== null) t.time = r.time;
  if (r.extra !== undefined && r.extra !== null) t.extra = JSON.parse(r.extra);
  return t;
}

/** Cypher (after `t` is bound to a :Transaction) gathering its outputs and inputs. */
export const TX_PROJECTION = `
  CALL (t) { MATCH (t)-[:OUTPUT]->(o) RETURN collect(o {.n, .address, .value, .script}) AS outs }
  CALL (t) { MATCH (t)<-[s:SPENT_BY]-(p) RETURN collect({txid: p.txid, vout: p.n, n: s.n, address: s.address, value: s.value}) AS ins }
  WITH t, outs, ins`;
export const TX_RETURN = 'RETURN t {.*} AS t, outs, ins';

interface StoredTx {
  chain: string;
  hash: string;
  block: number;
  txIndex: number;
  time?: string;
  extra?: string;
  source: number;
  coinbase?: number[];
  coinbaseValues?: string[];
}

export function recordToTransaction(rec: { get(key: string): unknown }): UtxoTransaction {
  const r = rec.get('t') as StoredTx;
  const outs = rec.get('outs') as { n: number; address?: string | null; value: string; script?: string | null }[];
  const ins = rec.get('ins') as { txid: string; vout: number; n: number; address?: string | null; value: string }[];
  const inputs: { n: number; input: UtxoInput }[] = ins.map((i) => ({
    n: i.n,
    input: { prevTxid: i.txid, prevVout: i.vout, address: i.address ?? null, value: BigInt(i.value) },
  }));
  (r.coinbase ?? []).forEach((n, k) => {
    inputs.push({ n, input: { address: null, value: BigInt(r.coinbaseValues?.[k] ?? '0'), coinbase: true } });
  });
  inputs.sort((a, b) => a.n - b.n);
  const tx: UtxoTransaction = {
    chain: r.chain,
    txid: r.hash,
    block: r.block,
    txIndex: r.txIndex,
    inputs: inputs.map((i) => i.input),
    outputs: [...outs]
      .sort((a, b) => a.n - b.n)
      .map((o) => {
        const out: UtxoOutput = { n: o.n, address: o.address ?? null, value: BigInt(o.value) };
        if (o.script !== undefined && o.script !== null) out.script = o.script;
        return out;
      }),
  };
  if (r.time !== undefined && r.time !== null) tx.time = r.time;
  if (r.extra !== undefined && r.extra !== null) tx.extra = JSON.parse(r.extra);
  return tx;
}

export function recordToSourceId(rec: { get(key: string): unknown }): number {
  return (rec.get('t') as { source: number }).source;
}

interface StoredTag {
  chain: string;
  address: string;
  label: string;
  category: string;
  source: string;
  confidence: number;
  note: string;
  inferredFrom?: string;
  extra?: string;
  tlp?: string | null;
}

export function propsToTag(r: StoredTag): Tag {
  if (!isTagCategory(r.category)) throw new LedgerhoundError('STORE_FAILURE', `stored tag has unknown category ${r.category}`);
  const tag: Tag = { chain: r.chain, address: r.address, label: r.label, category: r.category, source: r.source, confidence: r.confidence };
  if (r.note !== '' && r.note !== undefined && r.note !== null) tag.note = r.note;
  if (r.inferredFrom !== undefined && r.inferredFrom !== null) tag.inferredFrom = JSON.parse(r.inferredFrom);
  if (r.extra !== undefined && r.extra !== null) tag.extra = JSON.parse(r.extra);
  if (r.tlp !== undefined && r.tlp !== null) {
    if (!isTlp(r.tlp)) throw new LedgerhoundError('STORE_FAILURE', `stored tag has unknown tlp ${r.tlp}`);
    tag.tlp = r.tlp;
  }
  return tag;
}

/** The uniqueness key of a tag (as in the SQLite store): chain, address, source, label, category, confidence, note. */
export function tagKey(tag: Tag): (string | number)[] {
  return [tag.chain, tag.address, tag.source, tag.label, tag.category, tag.confidence, tag.note ?? ''];
}

/** Sorts tags in store order: chain, address, source, label, category, confidence, note. */
export function sortTags(tags: Tag[]): Tag[] {
  return tags.sort((a, b) => compareTuples(tagKey(a), tagKey(b)));
}

export function tagProps(ns: string, tag: Tag, inferred: boolean): Record<string, unknown> {
  return {
    ns,
    chain: tag.chain,
    address: tag.address,
    label: tag.label,
    category: tag.category,
    source: tag.source,
    confidence: int(tag.confidence),
    note: tag.note ?? '',
    inferredFrom: inferred
      ? JSON.stringify(tag.inferredFrom ?? { heuristic: 'unknown', evidence: [] })
      : tag.inferredFrom
        ? JSON.stringify(tag.inferredFrom)
        : null,
    extra: tag.extra ? JSON.stringify(tag.extra) : null,
    tlp: tag.tlp ?? null,
  };
}

export interface StoredLink {
  chain: string;
  heuristic: string;
  confidence: number;
  evidence: string;
  note?: string | null;
  seq: number;
}

export function recordToLink(rec: { get(key: string): unknown }): ClusterLink & { seq: number } {
  const l = rec.get('l') as StoredLink;
  const link: ClusterLink & { seq: number } = {
    chain: l.chain,
    a: rec.get('a') as string,
    b: rec.get('b') as string,
    heuristic: l.heuristic,
    confidence: l.confidence,
    evidence: l.evidence,
    seq: l.seq,
  };
  if (l.note !== undefined && l.note !== null) link.note = l.note;
  return link;
}

/** Store order of links: chain, a, b, heuristic, evidence, then insertion order. Drops `seq`. */
export function sortLinks(links: (ClusterLink & { seq: number })[]): ClusterLink[] {
  links.sort((x, y) => compareTuples([x.chain, x.a, x.b, x.heuristic, x.evidence], [y.chain, y.a, y.b, y.heuristic, y.evidence]) || x.seq - y.seq);
  return links.map(({ seq: _seq, ...link }) => link);
}
