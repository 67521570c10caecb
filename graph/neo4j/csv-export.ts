// Exports any GraphStore as CSV files for `neo4j-admin database import full` (Neo4j 5 bulk import:
// header columns `:ID(space)`, `:LABEL`, `:START_ID(space)`, `:END_ID(space)`, `:TYPE`, typed properties
// such as `block:long`), in the graph model of the Neo4j store (schema.ts), so a database loaded this way
// opens as a Ledgerhound store (namespace `namespace`) at bulk speed, conversions included. Files are written as *.partial and
// renamed when all are complete: an error leaves no half-written export.

import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { LedgerhoundError } from '../../src/errors.js';
import { isUtxoChain } from '../../src/model/chain.js';
import { conversionToJson } from '../../src/model/conversion.js';
import type { GraphStore } from '../../src/ports.js';
import { DEFAULT_NAMESPACE } from './connection.js';
import { transferScanRow } from './records.js';

export interface CsvExportOptions {
  /** Namespace written in every `ns` column (the store URL's `?namespace=`). */
  namespace?: string;
  /** Called with the number of records written so far. */
  onProgress?(records: number): void;
}

export interface CsvExportResult {
  dir: string;
  /** File name -> data rows written. */
  files: Record<string, number>;
  /** The neo4j-admin arguments that load these files (after `neo4j-admin database import full`). */
  importArgs: string[];
}

type Cell = string | number | bigint | null | undefined;

const NODE_FILES = {
  'addresses.csv': [':ID(Address)', ':LABEL', 'ns', 'chain', 'address', 'community:long'],
  'sinks.csv': [':ID(Address)', ':LABEL', 'ns', 'chain'],
  'transactions.csv': [':ID(Transaction)', ':LABEL', 'ns', 'chain', 'hash', 'block:long', 'txIndex:long', 'time', 'extra', 'source:long', 'coinbase:long[]', 'coinbaseValues:string[]'],
  'outputs.csv': [':ID(Output)', ':LABEL', 'ns', 'chain', 'txid', 'n:long', 'value', 'address', 'script'],
  'tags.csv': [':ID(Tag)', ':LABEL', 'ns', 'chain', 'address', 'label', 'category', 'source', 'confidence:long', 'note', 'inferredFrom', 'extra', 'tlp'],
  'clusters.csv': [':ID(Cluster)', ':LABEL', 'ns', 'chain', 'id'],
  'sources.csv': [':ID(Source)', ':LABEL', 'ns', 'id:long', 'name', 'sha256', 'kind', 'format', 'retrievedAt', 'maxBlock:long'],
  'store.csv': [':ID(Store)', ':LABEL', 'ns', 'nextSource:long'],
  'conversions.csv': [':ID(Conversion)', ':LABEL', 'ns', 'id', 'kind', 'venue', 'confidence:long', 'inChain', 'outChain', 'body', 'source:long'],
} as const;

const REF_COLUMNS = [':TYPE', 'ns', 'chain', 'ref', 'n:long'] as const;

const RELATIONSHIP_FILES = {
  'transfer-rels.csv': [
    ':START_ID(Address)',
    ':END_ID(Address)',
    ':TYPE',
    'ns',
    'chain',
    'id',
    'asset',
    'amount',
    'index:long',
    'txHash',
    'block:long',
    'txIndex:long',
    'time',
    'extra',
    'source:long',
    'scanRow',
  ],
  'output-rels.csv': [':START_ID(Transaction)', ':END_ID(Output)', ':TYPE'],
  'locked-to-rels.csv': [':START_ID(Output)', ':END_ID(Address)', ':TYPE'],
  'spent-by-rels.csv': [':START_ID(Output)', ':END_ID(Transaction)', ':TYPE', 'n:long', 'address', 'value'],
  'tagged-rels.csv': [':START_ID(Address)', ':END_ID(Tag)', ':TYPE'],
  'cluster-link-rels.csv': [':START_ID(Address)', ':END_ID(Address)', ':TYPE', 'ns', 'chain', 'heuristic', 'confidence:long', 'evidence', 'note', 'seq:long'],
  'in-cluster-rels.csv': [':START_ID(Address)', ':END_ID(Cluster)', ':TYPE'],
  // A conversion's refs: account refs at the leg's address, UTXO refs at their output (one ID space a column).
  'into-address-rels.csv': [':START_ID(Address)', ':END_ID(Conversion)', ...REF_COLUMNS],
  'into-output-rels.csv': [':START_ID(Output)', ':END_ID(Conversion)', ...REF_COLUMNS],
  'outof-address-rels.csv': [':START_ID(Conversion)', ':END_ID(Address)', ...REF_COLUMNS],
  'outof-output-rels.csv': [':START_ID(Conversion)', ':END_ID(Output)', ...REF_COLUMNS],
} as const;

type FileName = keyof typeof NODE_FILES | keyof typeof RELATIONSHIP_FILES;

/** True once a value with a line break was written (neo4j-admin then needs --multiline-fields). */
let multiline = false;

/**
 * One CSV field as neo4j-admin reads it: null is an empty field (no property), an empty string is `""`
 * (kept as ""), quotes are doubled.
 */
function field(c: Cell): string {
  if (c === null || c === undefined) return '';
  const s = String(c);
  if (s === '') return '""';
  if (/[\n\r]/.test(s)) multiline = true;
  return /[",;\n\r]/.test(s) || s.trim() !== s ? `"${s.replace(/"/g, '""')}"` : s;
}

function line(cells: readonly Cell[]): string {
  return `${cells.map(field).join(',')}\n`;
}

/** Buffered CSV writer with back-pressure. */
class CsvFile {
  rows = 0;
  private buffer: Cell[][] = [];
  private readonly out: WriteStream;
  constructor(
    readonly path: string,
    header: readonly string[],
  ) {
    this.out = createWriteStream(path);
    this.out.write(line(header));
  }
  async add(row: Cell[]): Promise<void> {
    this.buffer.push(row);
    this.rows++;
    if (this.buffer.length >= 5000) await this.flush();
  }
  async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const text = this.buffer.map(line).join('');
    this.buffer = [];
    if (!this.out.write(text)) await new Promise<void>((resolve) => this.out.once('drain', () => resolve()));
  }
  async close(): Promise<void> {
    await this.flush();
    await new Promise<void>((resolve, reject) => this.out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  }
}

/** The neo4j-admin arguments for the files of an export in `dir` (paths as given). */
export function neo4jAdminImportArgs(dir: string, options: { multiline?: boolean } = {}): string[] {
  const nodes = Object.keys(NODE_FILES).map((f) => `--nodes=${join(dir, f)}`);
  const rels = Object.keys(RELATIONSHIP_FILES).map((f) => `--relationships=${join(dir, f)}`);
  return [...nodes, ...rels, '--array-delimiter=;', '--id-type=string', ...(options.multiline ? ['--multiline-fields=true'] : [])];
}

/** Writes `store` as neo4j-admin CSV files into `dir` (created if needed). */
export async function exportNeo4jCsv(store: GraphStore, dir: string, options: CsvExportOptions = {}): Promise<CsvExportResult> {
  const ns = options.namespace ?? DEFAULT_NAMESPACE;
  multiline = false;
  await mkdir(dir, { recursive: true });
  const files = new Map<FileName, CsvFile>();
  for (const [name, header] of [...Object.entries(NODE_FILES), ...Object.entries(RELATIONSHIP_FILES)] as [FileName, readonly string[]][]) {
    files.set(name, new CsvFile(join(dir, `${name}.partial`), header));
  }
  const file = (name: FileName) => files.get(name) as CsvFile;
  let written = 0;
  const tick = () => {
    written++;
    if (written % 10_000 === 0) options.onProgress?.(written);
  };
  try {
    const addresses = new Map<string, Set<string>>();
    const addressId = (chain: string, address: string) => {
      let set = addresses.get(chain);
      if (!set) {
        set = new Set();
        addresses.set(chain, set);
      }
      set.add(address);
      return `${chain}|${address}`;
    };
    const sinks = new Set<string>();

    for await (const t of store.transfers()) {
      let end: string;
      if (t.to === null) {
        sinks.add(t.chain);
        end = `sink|${t.chain}`;
      } else end = addressId(t.chain, t.to);
      await file('transfer-rels.csv').add([
        addressId(t.chain, t.from),
        end,
        'TRANSFER',
        ns,
        t.chain,
        t.id,
        t.asset,
        t.amount,
        t.index,
        t.txHash,
        t.block,
        t.txIndex,
        t.time,
        t.extra ? JSON.stringify(t.extra) : null,
        0,
        transferScanRow(t),
      ]);
      tick();
    }

    // UTXO: outputs created by stored transactions first, so coins spent but not created in the store
    // (their transaction is not stored) become Output nodes of their own, as the store does.
    const created = new Map<string, string | null>();
    for await (const tx of store.transactions()) for (const o of tx.outputs) created.set(`${tx.chain}|${tx.txid}|${o.n}`, o.address);
    const referenced = new Map<string, Set<string>>();
    for await (const tx of store.transactions()) {
      const txNode = `${tx.chain}|${tx.txid}`;
      const coinbase = tx.inputs.flatMap((i, n) => (i.coinbase ? [n] : []));
      await file('transactions.csv').add([
        txNode,
        'Transaction',
        ns,
        tx.chain,
        tx.txid,
        tx.block,
        tx.txIndex,
        tx.time,
        tx.extra ? JSON.stringify(tx.extra) : null,
        0,
        coinbase.length > 0 ? coinbase.join(';') : null,
        coinbase.length > 0 ? coinbase.map((n) => tx.inputs[n].value.toString()).join(';') : null,
      ]);
      for (const o of tx.outputs) {
        const id = `${txNode}|${o.n}`;
        await file('outputs.csv').add([id, 'Output', ns, tx.chain, tx.txid, o.n, o.value, o.address, o.script]);
        await file('output-rels.csv').add([txNode, id, 'OUTPUT']);
        if (o.address !== null) await file('locked-to-rels.csv').add([id, addressId(tx.chain, o.address), 'LOCKED_TO']);
      }
      for (const [n, i] of tx.inputs.entries()) {
        if (i.coinbase || i.prevTxid === undefined || i.prevVout === undefined) continue;
        const id = `${tx.chain}|${i.prevTxid}|${i.prevVout}`;
        await file('spent-by-rels.csv').add([id, txNode, 'SPENT_BY', n, i.address, i.value]);
        let locked = referenced.get(id);
        if (!locked) {
          locked = new Set();
          referenced.set(id, locked);
          if (!created.has(id)) await file('outputs.csv').add([id, 'Output', ns, tx.chain, i.prevTxid, i.prevVout, i.value, i.address, null]);
        }
        // One LOCKED_TO per (coin, address), as the store's MERGE gives.
        if (i.address !== null && created.get(id) !== i.address && !locked.has(i.address)) {
          locked.add(i.address);
          await file('locked-to-rels.csv').add([id, addressId(tx.chain, i.address), 'LOCKED_TO']);
        }
      }
      tick();
    }

    // Conversions: the record whole as JSON (`body`, as the store writes it) and one relationship per ref.
    let conversionNo = 0;
    for await (const c of store.conversions()) {
      const id = `conversion-${++conversionNo}`;
      const body = JSON.stringify(conversionToJson(c));
      await file('conversions.csv').add([id, 'Conversion', ns, c.id, c.kind, c.venue, c.confidence, c.in.chain, c.out?.chain ?? null, body, 0]);
      for (const [side, leg] of [['in', c.in], ['out', c.out]] as const) {
        if (!leg) continue;
        for (const [n, ref] of leg.refs.entries()) {
          const rel = [side === 'in' ? 'INTO' : 'OUTOF', ns, leg.chain, ref, n];
          if (!isUtxoChain(leg.chain)) {
            const address = addressId(leg.chain, leg.address);
            await file(side === 'in' ? 'into-address-rels.csv' : 'outof-address-rels.csv').add(side === 'in' ? [address, id, ...rel] : [id, address, ...rel]);
            continue;
          }
          const colon = ref.lastIndexOf(':');
          const output = `${leg.chain}|${ref.slice(0, colon)}|${ref.slice(colon + 1)}`;
          // A coin neither created nor spent in the store is an Output node of its own, as the store's MERGE gives.
          if (!created.has(output) && !referenced.has(output)) {
            referenced.set(output, new Set());
            await file('outputs.csv').add([output, 'Output', ns, leg.chain, ref.slice(0, colon), Number(ref.slice(colon + 1)), null, null, null]);
          }
          await file(side === 'in' ? 'into-output-rels.csv' : 'outof-output-rels.csv').add(side === 'in' ? [output, id, ...rel] : [id, output, ...rel]);
        }
      }
      tick();
    }

    let tagNo = 0;
    for await (const tag of store.tags()) {
      const id = `tag-${++tagNo}`;
      await file('tags.csv').add([
        id,
        'Tag',
        ns,
        tag.chain,
        tag.address,
        tag.label,
        tag.category,
        tag.source,
        tag.confidence,
        tag.note ?? '',
        tag.inferredFrom ? JSON.stringify(tag.inferredFrom) : null,
        tag.extra ? JSON.stringify(tag.extra) : null,
        tag.tlp ?? null,
      ]);
      await file('tagged-rels.csv').add([addressId(tag.chain, tag.address), id, 'TAGGED']);
      tick();
    }

    let seq = 0;
    for await (const l of store.clusterLinks()) {
      await file('cluster-link-rels.csv').add([addressId(l.chain, l.a), addressId(l.chain, l.b), 'CLUSTER_LINK', ns, l.chain, l.heuristic, l.confidence, l.evidence, l.note, seq++]);
      tick();
    }

    const clusters = new Set<string>();
    for (const [chain, set] of addresses) {
      for (const address of set) {
        const cluster = await store.clusterOf(chain, address);
        if (cluster) {
          const id = `${chain}|${cluster.clusterId}`;
          if (!clusters.has(id)) {
            clusters.add(id);
            await file('clusters.csv').add([id, 'Cluster', ns, chain, cluster.clusterId]);
          }
          await file('in-cluster-rels.csv').add([`${chain}|${address}`, id, 'IN_CLUSTER']);
        }
        await file('addresses.csv').add([`${chain}|${address}`, 'Address', ns, chain, address, await store.communityOf(chain, address)]);
      }
    }
    for (const chain of sinks) await file('sinks.csv').add([`sink|${chain}`, 'Sink', ns, chain]);

    const sources = await store.listSources();
    for (const [k, s] of sources.entries()) {
      await file('sources.csv').add([`source-${k + 1}`, 'Source', ns, k + 1, s.name, s.sha256, s.kind, s.format, s.retrievedAt, s.maxBlock]);
    }
    await file('store.csv').add([`store-${ns}`, 'Store', ns, sources.length + 1]);

    for (const f of files.values()) await f.close();
    const counts: Record<string, number> = {};
    for (const [name, f] of files) {
      await rename(f.path, join(dir, name));
      counts[name] = f.rows;
    }
    options.onProgress?.(written);
    return { dir, files: counts, importArgs: neo4jAdminImportArgs(dir, { multiline }) };
  } catch (e) {
    await Promise.allSettled([...files.values()].map(async (f) => {
      await f.close().catch(() => {});
      await rm(f.path, { force: true });
    }));
    if (e instanceof LedgerhoundError) throw e;
    throw new LedgerhoundError('STORE_FAILURE', `export to ${dir} failed: ${(e as Error).message}`, { dir }, { cause: e });
  }
}
