// Writes one ImportBatch inside one Neo4j transaction (the caller's managed transaction, retried by the
// driver on transient errors): `UNWIND ... MERGE` in chunks, nothing but parameters in the Cypher.
// Same semantics as the SQLite store: identical records already stored (or repeated in the batch) count
// as `existing` and change nothing; a record whose id is stored with other content is an INTEGRITY
// error naming both records and their sources, thrown before anything of the batch commits.

import type { ManagedTransaction } from 'neo4j-driver';
import { LedgerhoundError } from '../../src/errors.js';
import { isUtxoChain } from '../../src/model/chain.js';
import { type Conversion, conversionFromJson, conversionToJson } from '../../src/model/conversion.js';
import type { Tag } from '../../src/model/tag.js';
import { type AccountTransfer, transferToJson } from '../../src/model/transfer.js';
import { type UtxoTransaction, utxoTransactionToJson } from '../../src/model/utxo.js';
import type { ImportBatch, ImportPart, ImportSource, ImportSummary } from '../../src/ports.js';
import {
  int,
  recordToSourceId,
  recordToTransaction,
  recordToTransfer,
  TRANSFER_PROJECTION,
  transferScanRow,
  TX_PROJECTION,
  TX_RETURN,
  tagKey,
  tagProps,
} from './records.js';
import { visible, WITH_VIS } from './visibility.js';

/** What the writers need of a transaction: managed (retried) or explicit (a streamed import). */
export type Tx = Pick<ManagedTransaction, 'run'>;

/** Rows per UNWIND statement. */
export const CHUNK = 5000;

export function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

async function runChunked(tx: Tx, cypher: string, rows: readonly unknown[], params: Record<string, unknown>): Promise<void> {
  for (const part of chunks(rows)) await tx.run(cypher, { ...params, rows: part });
}

/** Takes the namespace's write lock and registers the source; returns its id. */
export async function lockAndRegisterSource(tx: Tx, ns: string, s: ImportSource): Promise<number> {
  const res = await tx.run(
    `MERGE (m:Store {ns: $ns}) ON CREATE SET m.nextSource = 1
     SET m._lock = true, m.lastImport = toString(datetime()) REMOVE m._lock
     WITH m
     MERGE (s:Source {ns: $ns, name: $name, sha256: $sha256})
     ON CREATE SET s.id = m.nextSource, m.nextSource = m.nextSource + 1, s.kind = $kind, s.format = $format,
                   s.retrievedAt = $retrievedAt, s.maxBlock = $maxBlock
     RETURN s.id AS id, coalesce(m.deleting, false) AS deleting`,
    {
      ns,
      name: s.name,
      sha256: s.sha256,
      kind: s.kind,
      format: s.format ?? null,
      retrievedAt: s.retrievedAt ?? null,
      maxBlock: s.maxBlock === undefined ? null : int(s.maxBlock),
    },
  );
  if (res.records[0].get('deleting') === true) {
    throw new LedgerhoundError('INVALID_INPUT', `case ${ns} is being deleted: run \`cases delete ${ns}\` again to finish`, { namespace: ns });
  }
  return res.records[0].get('id') as number;
}

/** Takes the namespace's write lock (serialises writers of one namespace). */
export async function lockNamespace(tx: Tx, ns: string): Promise<void> {
  await tx.run('MERGE (m:Store {ns: $ns}) ON CREATE SET m.nextSource = 1 SET m._lock = true REMOVE m._lock', { ns });
}

/** The INTEGRITY error for a record stored with other content (same text and details as the SQLite store). */
function conflict(kind: string, key: string, incomingSource: string, storedSource: string, incoming: unknown, stored: unknown): LedgerhoundError {
  return new LedgerhoundError('INTEGRITY', `${kind} ${key} in ${incomingSource} conflicts with the stored record from ${storedSource}`, {
    key,
    incoming,
    stored,
    incomingSource,
    storedSource,
  });
}

/** `imp` as a Cypher parameter: an integer, or null for records visible as soon as they commit. */
function impParam(imp: number | null): ReturnType<typeof int> | null {
  return imp === null ? null : int(imp);
}

/** The source being written is registered in the import's own (uncommitted) transaction: named here. */
async function storedSourceName(tx: Tx, ns: string, id: number, current: { name: string; id: number }): Promise<string> {
  return id === current.id ? current.name : sourceName(tx, ns, id);
}

async function sourceName(tx: Tx, ns: string, id: number): Promise<string> {
  const res = await tx.run('MATCH (s:Source {ns: $ns, id: $id}) RETURN s.name AS name', { ns, id: int(id) });
  // Records loaded with neo4j-admin from `export-neo4j-csv` carry source 0.
  return (res.records[0]?.get('name') as string | undefined) ?? 'a bulk import (neo4j-admin)';
}

/**
 * Addresses a staged import knows to be stored (merged by a part it committed; nothing deletes them
 * while it holds the namespace lock): not merged again. `merged` collects what a part adds, moved into
 * `stored` by the caller once the part has committed.
 */
export interface AddressCache {
  stored: Set<string>;
  merged: string[];
}

/** How a part is written: `optimistic` skips the lookup of stored transfers (import-staging.ts). */
export interface PartWriteOptions {
  optimistic?: boolean;
  addresses?: AddressCache;
}

/** MERGEs the address nodes named by `pairs` (chain, address); new ones carry `imp` (import-staging.ts). */
export async function mergeAddresses(tx: Tx, ns: string, pairs: Iterable<[string, string]>, imp: number | null = null, cache?: AddressCache): Promise<void> {
  const seen = new Set<string>();
  const rows: { chain: string; address: string }[] = [];
  for (const [chain, address] of pairs) {
    const key = `${chain}\u0000${address}`;
    if (seen.has(key) || cache?.stored.has(key)) continue;
    seen.add(key);
    rows.push({ chain, address });
  }
  cache?.merged.push(...seen);
  await runChunked(tx, 'UNWIND $rows AS r MERGE (a:Address {ns: $ns, chain: r.chain, address: r.address}) ON CREATE SET a.imp = $imp', rows, {
    ns,
    imp: impParam(imp),
  });
}

/** Runs a CREATE statement per chunk and checks that every row created its record (its MATCHes found their nodes). */
async function createChunked(tx: Tx, what: string, cypher: string, rows: readonly unknown[], params: Record<string, unknown>): Promise<void> {
  for (const part of chunks(rows)) {
    const res = await tx.run(`${cypher} RETURN count(*) AS n`, { ...params, rows: part });
    const n = Number(res.records[0]?.get('n') ?? 0);
    if (n !== part.length) throw new Error(`${what}: ${part.length - n} of ${part.length} records found no node to attach to`);
  }
}

async function writeTransfers(
  tx: Tx,
  ns: string,
  part: ImportPart,
  source: { name: string; id: number },
  summary: ImportSummary,
  imp: number | null,
  opts: PartWriteOptions,
): Promise<void> {
  const sourceId = source.id;
  const transfers = part.transfers ?? [];
  if (transfers.length === 0) return;
  const keyOf = (t: AccountTransfer) => `${t.chain}\u0000${t.id}`;
  // Stored (or earlier in this batch) records by key; compared as JSON only when an id repeats.
  const stored = new Map<string, { record: AccountTransfer; source: number }>();
  // Optimistic: nothing assumed stored; the uniqueness constraint (lh_transfer_id) fails the part if
  // anything was, and the caller writes it again with the lookup.
  const keys = opts.optimistic ? [] : [...new Map(transfers.map((t) => [keyOf(t), { chain: t.chain, id: t.id }])).values()];
  for (const part of chunks(keys)) {
    const res = await tx.run(
      `UNWIND $rows AS k MATCH (f)-[t:TRANSFER {ns: $ns, chain: k.chain, id: k.id}]->(x) RETURN ${TRANSFER_PROJECTION}`,
      { ns, rows: part },
    );
    for (const rec of res.records) {
      const t = recordToTransfer(rec);
      stored.set(keyOf(t), { record: t, source: (rec.get('t') as { source: number }).source });
    }
  }
  const fresh: AccountTransfer[] = [];
  for (const t of transfers) {
    const prior = stored.get(keyOf(t));
    if (!prior) {
      stored.set(keyOf(t), { record: t, source: sourceId });
      fresh.push(t);
      summary.transfers.added++;
      continue;
    }
    const incoming = transferToJson(t);
    const was = transferToJson(prior.record);
    if (JSON.stringify(incoming) !== JSON.stringify(was)) {
      const storedSource = await storedSourceName(tx, ns, prior.source, source);
      throw conflict('transfer', `${t.chain}/${t.id}`, source.name, storedSource, incoming, was);
    }
    summary.transfers.existing++;
  }
  if (fresh.length === 0) return;
  await mergeAddresses(
    tx,
    ns,
    fresh.flatMap((t): [string, string][] => (t.to === null ? [[t.chain, t.from]] : [[t.chain, t.from], [t.chain, t.to]])),
    imp,
    opts.addresses,
  );
  const sinkChains = [...new Set(fresh.filter((t) => t.to === null).map((t) => t.chain))];
  if (sinkChains.length > 0) await tx.run('UNWIND $chains AS c MERGE (s:Sink {ns: $ns, chain: c}) ON CREATE SET s.imp = $imp', { ns, chains: sinkChains, imp: impParam(imp) });
  // Flat rows, integers as JS numbers converted in Cypher: less to encode than nested maps of Integers.
  const row = (t: AccountTransfer) => ({
    from: t.from,
    to: t.to,
    chain: t.chain,
    id: t.id,
    asset: t.asset,
    txHash: t.txHash,
    block: t.block,
    txIndex: t.txIndex,
    index: t.index,
    time: t.time ?? null,
    amount: t.amount.toString(),
    extra: t.extra ? JSON.stringify(t.extra) : null,
    scanRow: transferScanRow(t),
  });
  const props = `{ns: $ns, chain: r.chain, id: r.id, asset: r.asset, txHash: r.txHash, block: toInteger(r.block), txIndex: toInteger(r.txIndex),
                  index: toInteger(r.index), time: r.time, amount: r.amount, extra: r.extra, source: $source, imp: $imp, scanRow: r.scanRow}`;
  await createChunked(
    tx,
    'writing transfers',
    `UNWIND $rows AS r
     MATCH (f:Address {ns: $ns, chain: r.chain, address: r.from})
     MATCH (x:Address {ns: $ns, chain: r.chain, address: r.to})
     CREATE (f)-[:TRANSFER ${props}]->(x)`,
    fresh.filter((t) => t.to !== null).map(row),
    { ns, source: int(sourceId), imp: impParam(imp) },
  );
  await createChunked(
    tx,
    'writing transfers',
    `UNWIND $rows AS r
     MATCH (f:Address {ns: $ns, chain: r.chain, address: r.from})
     MATCH (x:Sink {ns: $ns, chain: r.chain})
     CREATE (f)-[:TRANSFER ${props}]->(x)`,
    fresh.filter((t) => t.to === null).map(row),
    { ns, source: int(sourceId), imp: impParam(imp) },
  );
}

/**
 * Reads stored transactions by (chain, txid), inside `tx`. Writers see every stored record (their own
 * import's included); readers pass `visibleOnly` (visibility.ts).
 */
export async function readTransactions(
  tx: Tx,
  ns: string,
  keys: { chain: string; txid: string }[],
  options: { visibleOnly?: boolean } = {},
): Promise<Map<string, { tx: UtxoTransaction; source: number }>> {
  const out = new Map<string, { tx: UtxoTransaction; source: number }>();
  const [prefix, filter] = options.visibleOnly ? [WITH_VIS, `WHERE ${visible('t')}`] : ['', ''];
  for (const part of chunks(keys, 1000)) {
    const res = await tx.run(`${prefix} UNWIND $rows AS k MATCH (t:Transaction {ns: $ns, chain: k.chain, hash: k.txid}) ${filter} ${TX_PROJECTION} ${TX_RETURN}`, {
      ns,
      rows: part,
    });
    for (const rec of res.records) {
      const stored = recordToTransaction(rec);
      out.set(`${stored.chain}\u0000${stored.txid}`, { tx: stored, source: recordToSourceId(rec) });
    }
  }
  return out;
}

async function writeTransactions(tx: Tx, ns: string, part: ImportPart, source: { name: string; id: number }, summary: ImportSummary, imp: number | null): Promise<void> {
  const sourceId = source.id;
  const txs = part.transactions ?? [];
  if (txs.length === 0) return;
  const keyOf = (t: UtxoTransaction) => `${t.chain}\u0000${t.txid}`;
  const keys = [...new Map(txs.map((t) => [keyOf(t), { chain: t.chain, txid: t.txid }])).values()];
  const stored = await readTransactions(tx, ns, keys);
  const fresh: UtxoTransaction[] = [];
  for (const t of txs) {
    const prior = stored.get(keyOf(t));
    if (!prior) {
      stored.set(keyOf(t), { tx: t, source: sourceId });
      fresh.push(t);
      summary.transactions.added++;
      continue;
    }
    const incoming = utxoTransactionToJson(t);
    const was = utxoTransactionToJson(prior.tx);
    if (JSON.stringify(incoming) !== JSON.stringify(was)) {
      const storedSource = await storedSourceName(tx, ns, prior.source, source);
      throw conflict('transaction', `${t.chain}/${t.txid}`, source.name, storedSource, incoming, was);
    }
    summary.transactions.existing++;
  }
  if (fresh.length === 0) return;
  const addresses: [string, string][] = [];
  const nodes: Record<string, unknown>[] = [];
  const outs: Record<string, unknown>[] = [];
  const ins: Record<string, unknown>[] = [];
  for (const t of fresh) {
    const coinbase: ReturnType<typeof int>[] = [];
    const coinbaseValues: string[] = [];
    t.inputs.forEach((i, n) => {
      if (i.coinbase) {
        coinbase.push(int(n));
        coinbaseValues.push(i.value.toString());
        return;
      }
      if (i.address !== null) addresses.push([t.chain, i.address]);
      ins.push({ chain: t.chain, txid: t.txid, n: int(n), prevTxid: i.prevTxid, prevVout: int(i.prevVout ?? 0), address: i.address, value: i.value.toString() });
    });
    for (const o of t.outputs) {
      if (o.address !== null) addresses.push([t.chain, o.address]);
      outs.push({ chain: t.chain, txid: t.txid, n: int(o.n), address: o.address, value: o.value.toString(), script: o.script ?? null });
    }
    nodes.push({
      ns,
      chain: t.chain,
      hash: t.txid,
      block: int(t.block),
      txIndex: int(t.txIndex),
      time: t.time ?? null,
      extra: t.extra ? JSON.stringify(t.extra) : null,
      source: int(sourceId),
      coinbase: coinbase.length > 0 ? coinbase : null,
      coinbaseValues: coinbase.length > 0 ? coinbaseValues : null,
      imp: impParam(imp),
    });
  }
  await mergeAddresses(tx, ns, addresses, imp);
  await runChunked(tx, 'UNWIND $rows AS r CREATE (t:Transaction) SET t = r', nodes, {});
  await runChunked(
    tx,
    `UNWIND $rows AS r
     MATCH (t:Transaction {ns: $ns, chain: r.chain, hash: r.txid})
     MERGE (o:Output {ns: $ns, chain: r.chain, txid: r.txid, n: r.n})
     ON CREATE SET o.imp = $imp
     SET o.value = r.value, o.address = r.address, o.script = r.script
     CREATE (t)-[:OUTPUT]->(o)
     WITH o, r WHERE r.address IS NOT NULL
     MATCH (a:Address {ns: $ns, chain: r.chain, address: r.address})
     MERGE (o)-[l:LOCKED_TO]->(a) ON CREATE SET l.imp = $imp`,
    outs,
    { ns, imp: impParam(imp) },
  );
  await runChunked(
    tx,
    `UNWIND $rows AS r
     MATCH (t:Transaction {ns: $ns, chain: r.chain, hash: r.txid})
     MERGE (o:Output {ns: $ns, chain: r.chain, txid: r.prevTxid, n: r.prevVout})
     ON CREATE SET o.value = r.value, o.address = r.address, o.imp = $imp
     CREATE (o)-[:SPENT_BY {n: r.n, address: r.address, value: r.value}]->(t)
     WITH o, r WHERE r.address IS NOT NULL
     MATCH (a:Address {ns: $ns, chain: r.chain, address: r.address})
     MERGE (o)-[l:LOCKED_TO]->(a) ON CREATE SET l.imp = $imp`,
    ins,
    { ns, imp: impParam(imp) },
  );
}

/**
 * Adds tags whose key is not stored yet (INSERT OR IGNORE semantics); returns how many were added and
 * how many already existed. `inferred` marks tags written by replaceClustering.
 */
export async function writeTags(tx: Tx, ns: string, tags: readonly Tag[], opts: { inferred: boolean; imp?: number | null }): Promise<{ added: number; existing: number }> {
  const imp = opts.imp ?? null;
  const counts = { added: 0, existing: 0 };
  if (tags.length === 0) return counts;
  const keyOf = (t: Tag) => JSON.stringify(tagKey(t));
  const storedKeys = new Set<string>();
  const keys = [...new Map(tags.map((t) => [keyOf(t), t])).values()].map((t) => ({
    chain: t.chain,
    address: t.address,
    source: t.source,
    label: t.label,
    category: t.category,
    confidence: int(t.confidence),
    note: t.note ?? '',
  }));
  for (const part of chunks(keys)) {
    const res = await tx.run(
      `UNWIND $rows AS k
       MATCH (g:Tag {ns: $ns, chain: k.chain, address: k.address, source: k.source, label: k.label, category: k.category, confidence: k.confidence, note: k.note})
       RETURN g.chain AS chain, g.address AS address, g.source AS source, g.label AS label, g.category AS category, g.confidence AS confidence, g.note AS note`,
      { ns, rows: part },
    );
    for (const r of res.records) {
      storedKeys.add(JSON.stringify([r.get('chain'), r.get('address'), r.get('source'), r.get('label'), r.get('category'), r.get('confidence'), r.get('note')]));
    }
  }
  const fresh: Tag[] = [];
  for (const t of tags) {
    const key = keyOf(t);
    if (storedKeys.has(key)) {
      counts.existing++;
      continue;
    }
    storedKeys.add(key);
    fresh.push(t);
    counts.added++;
  }
  await mergeAddresses(
    tx,
    ns,
    fresh.map((t): [string, string] => [t.chain, t.address]),
    imp,
  );
  await runChunked(
    tx,
    `UNWIND $rows AS r
     MATCH (a:Address {ns: $ns, chain: r.chain, address: r.address})
     CREATE (a)-[:TAGGED]->(:Tag {ns: r.ns, chain: r.chain, address: r.address, label: r.label, category: r.category, source: r.source, confidence: r.confidence, note: r.note, inferredFrom: r.inferredFrom, extra: r.extra, tlp: r.tlp, imp: $imp})`,
    fresh.map((t) => tagProps(ns, t, opts.inferred)),
    { ns, imp: impParam(imp) },
  );
  return counts;
}

/**
 * Conversions by id, as in the SQLite store: the record's JSON is compared byte for byte with the stored
 * one. A new conversion is a :Conversion node with one INTO / OUTOF relationship per ref (schema.ts).
 */
async function writeConversions(tx: Tx, ns: string, part: ImportPart, source: { name: string; id: number }, summary: ImportSummary, imp: number | null): Promise<void> {
  const conversions = part.conversions ?? [];
  if (conversions.length === 0) return;
  const stored = new Map<string, { body: string; source: number }>();
  for (const ids of chunks([...new Set(conversions.map((c) => c.id))])) {
    const res = await tx.run('UNWIND $ids AS id MATCH (c:Conversion {ns: $ns, id: id}) RETURN c.id AS id, c.body AS body, c.source AS source', { ns, ids });
    for (const r of res.records) stored.set(r.get('id') as string, { body: r.get('body') as string, source: r.get('source') as number });
  }
  const fresh: { c: Conversion; body: string }[] = [];
  for (const c of conversions) {
    const body = JSON.stringify(conversionToJson(c));
    const prior = stored.get(c.id);
    if (!prior) {
      stored.set(c.id, { body, source: source.id });
      fresh.push({ c, body });
      summary.conversions.added++;
      continue;
    }
    if (prior.body !== body) {
      const storedSource = await storedSourceName(tx, ns, prior.source, source);
      throw conflict('conversion', c.id, source.name, storedSource, conversionToJson(c), conversionToJson(conversionFromJson(JSON.parse(prior.body))));
    }
    summary.conversions.existing++;
  }
  if (fresh.length === 0) return;
  await runChunked(
    tx,
    `UNWIND $rows AS r CREATE (:Conversion {ns: $ns, id: r.id, kind: r.kind, venue: r.venue, confidence: toInteger(r.confidence),
       inChain: r.inChain, outChain: r.outChain, body: r.body, source: $source, imp: $imp})`,
    fresh.map(({ c, body }) => ({ id: c.id, kind: c.kind, venue: c.venue, confidence: c.confidence, inChain: c.in.chain, outChain: c.out?.chain ?? null, body })),
    { ns, source: int(source.id), imp: impParam(imp) },
  );
  // One row per ref; account refs attach to the leg's address, UTXO refs to their output.
  const rows = { accountIn: [] as object[], accountOut: [] as object[], utxoIn: [] as object[], utxoOut: [] as object[] };
  const accountAddresses: [string, string][] = [];
  for (const { c } of fresh) {
    for (const [side, leg] of [['in', c.in], ['out', c.out]] as const) {
      if (!leg) continue;
      const utxo = isUtxoChain(leg.chain);
      if (!utxo) accountAddresses.push([leg.chain, leg.address]);
      leg.refs.forEach((ref, n) => {
        const colon = ref.lastIndexOf(':');
        const row = { id: c.id, chain: leg.chain, ref, n, address: leg.address, txid: ref.slice(0, colon), vout: Number(ref.slice(colon + 1)) };
        (utxo ? (side === 'in' ? rows.utxoIn : rows.utxoOut) : side === 'in' ? rows.accountIn : rows.accountOut).push(row);
      });
    }
  }
  await mergeAddresses(tx, ns, accountAddresses, imp);
  const conversion = 'MATCH (c:Conversion {ns: $ns, id: r.id})';
  const props = '{ns: $ns, chain: r.chain, ref: r.ref, n: toInteger(r.n)}';
  const address = 'MATCH (e:Address {ns: $ns, chain: r.chain, address: r.address})';
  const output = 'MERGE (e:Output {ns: $ns, chain: r.chain, txid: r.txid, n: toInteger(r.vout)}) ON CREATE SET e.imp = $imp';
  await runChunked(tx, `UNWIND $rows AS r ${conversion} ${address} CREATE (e)-[:INTO ${props}]->(c)`, rows.accountIn, { ns });
  await runChunked(tx, `UNWIND $rows AS r ${conversion} ${address} CREATE (c)-[:OUTOF ${props}]->(e)`, rows.accountOut, { ns });
  await runChunked(tx, `UNWIND $rows AS r ${conversion} ${output} CREATE (e)-[:INTO ${props}]->(c)`, rows.utxoIn, { ns, imp: impParam(imp) });
  await runChunked(tx, `UNWIND $rows AS r ${conversion} ${output} CREATE (c)-[:OUTOF ${props}]->(e)`, rows.utxoOut, { ns, imp: impParam(imp) });
}

/** An empty summary. */
export function emptySummary(): ImportSummary {
  return {
    transfers: { added: 0, existing: 0 },
    transactions: { added: 0, existing: 0 },
    tags: { added: 0, existing: 0 },
    conversions: { added: 0, existing: 0 },
  };
}

/**
 * Writes one part of an import (records of a source already registered), adding to `summary`. `imp`:
 * the staged import the records belong to (invisible until it commits), null for visible-on-commit.
 */
export async function writePart(
  tx: Tx,
  ns: string,
  part: ImportPart,
  source: { name: string; id: number },
  summary: ImportSummary,
  imp: number | null = null,
  opts: PartWriteOptions = {},
): Promise<void> {
  await writeTransfers(tx, ns, part, source, summary, imp, opts);
  await writeTransactions(tx, ns, part, source, summary, imp);
  const tags = await writeTags(tx, ns, part.tags ?? [], { inferred: false, imp });
  summary.tags.added += tags.added;
  summary.tags.existing += tags.existing;
  await writeConversions(tx, ns, part, source, summary, imp);
}

/** The whole of `importBatch`, inside one transaction. */
export async function writeBatch(tx: Tx, ns: string, batch: ImportBatch): Promise<ImportSummary> {
  const summary = emptySummary();
  const id = await lockAndRegisterSource(tx, ns, batch.source);
  await writePart(tx, ns, batch, { name: batch.source.name, id }, summary);
  if (batch.checkpoint) {
    await tx.run('MERGE (c:Checkpoint {ns: $ns, key: $key}) SET c.value = $value', { ns, key: batch.checkpoint.key, value: batch.checkpoint.value });
  }
  return summary;
}
