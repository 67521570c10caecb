// Case-scoped expansion (`ledgerhound expand`): starting from a case's victim payments, fetch the chain
// around them hop by hop through ExpansionSource (src/ports.ts), so that the trace has the data it needs
// and no more. Forward: who spent each coin (UTXO) / where each address sent money after the tainted
// transfer arrived (account). Backward (on request): who funded the payment. Hop numbering follows
// TRACING.md: the victim payment is hop 1, each further transaction or transfer adds one. The walk stops
// at addresses tagged with a stop category, skips very busy addresses (and says so), and stops at the
// hop limit. Everything found is written with GraphStore.importBatch in batches, each with a checkpoint,
// and the store is always asked before the source, so a rerun after a crash resumes without refetching.
// Conversions (TRACING.md v2): a forward transfer or output that is a conversion's in-ref does not lead
// to the venue (pool, router, bridge). After a swap or wrap the walk goes on from the conversion's
// out.address, with the output asset. After a bridge it goes on from the destination chain's out-refs
// when a source for that chain is given; otherwise the report lists the bridge as not followed,
// "no source for <chain>". The landing is one hop after the in-ref, as in the tracer. Conversions are
// found in the case store and in sources that can tell (a reference store), and copied into the store.

import { createHash } from 'node:crypto';
import type { CaseFile } from '../../src/model/case.js';
import { chainInfo } from '../../src/model/chain.js';
import type { Conversion } from '../../src/model/conversion.js';
import type { TagCategory } from '../../src/model/tag.js';
import type { AccountTransfer } from '../../src/model/transfer.js';
import { type UtxoTransaction, utxoTransactionToJson } from '../../src/model/utxo.js';
import type { ExpansionSource, GraphStore } from '../../src/ports.js';
import type { RawRef } from '../http/http-client.js';
import { comparePositions, HaltCheck, positionOf } from './frontier.js';

/** An ExpansionSource that can also hand over the raw responses it used (for ImportSource hashes). */
export interface RecordingExpansionSource extends ExpansionSource {
  drainRawRefs?(): RawRef[];
  /** Conversions listing `ref` (a transfer id or `<txid>:<vout>` of this chain) among their refs, when the source knows them. */
  getConversionsByRef?(ref: string): Promise<Conversion[]>;
}

/** A conversion the forward walk met at one of its in-refs. */
export interface ExpandConversion {
  id: string;
  kind: string;
  venue: string;
  /** The in-ref's chain and the address that paid into the conversion. */
  chain: string;
  address: string;
  /** Hop of the in-ref. */
  hop: number;
  /** Where the output landed (absent for an ambiguous conversion). */
  to?: { chain: string; address: string; asset: string };
  followed: boolean;
  /** Why not followed: `no source for <chain>`, `ambiguous conversion`. */
  reason?: string;
}

export type Direction = 'forward' | 'backward';

export interface ExpandCaseOptions {
  store: GraphStore;
  kase: Pick<CaseFile, 'name' | 'victimPayments' | 'stopAt'>;
  /** One source per chain; a payment on a chain without a source is reported as missing. */
  sources: RecordingExpansionSource[];
  /** Highest hop to reach (the victim payment is hop 1). */
  hops: number;
  /** Also follow the funding of each payment backward. */
  backward?: boolean;
  /** Overrides the case's stop categories. */
  stopAt?: TagCategory[];
  /** Addresses with more transactions than this are skipped (default 1000). */
  busyThreshold?: number;
  /** Records per import batch (default 100). */
  batchSize?: number;
  signal?: AbortSignal;
  onHop?: (info: { chain: string; direction: Direction; hop: number; frontier: number }) => void;
}

export interface ExpandReport {
  case: string;
  hops: number;
  directions: Direction[];
  /** Records written to the store by this run (new, not already stored). */
  added: { transactions: number; transfers: number };
  /** Records the source returned that the store already had. */
  existing: { transactions: number; transfers: number };
  /** Where the walk stopped at a tagged address. */
  stops: { chain: string; address: string; category: TagCategory; label: string; hop: number; direction: Direction }[];
  /** Addresses not expanded because they are too busy. */
  busy: { chain: string; address: string; activity: number; hop: number; direction: Direction }[];
  /** Coins found unspent / addresses with no later outflow. */
  unspent: number;
  /** Frontier entries left unexplored at the hop limit. */
  atHopLimit: number;
  /** Payments or records that could not be found. */
  missing: { ref: string; reason: string }[];
  /** Checkpoints found from an earlier run (informational: the store already holds what it fetched). */
  resumed: string[];
  /** Conversions met going forward: followed to their output, or not and why. */
  conversions: ExpandConversion[];
  interrupted: boolean;
}

/** Where a conversion's output lands, waiting for the walk of its chain. */
interface PendingLanding {
  /** The hop of the out-ref's receiver's next movements (in-ref hop + 2). */
  hop: number;
  address: string;
  /** The out-ref: a transfer id, or `<txid>:<vout>`. */
  ref: string;
}

interface Ctx {
  opts: ExpandCaseOptions;
  report: ExpandReport;
  pendingTx: Map<string, UtxoTransaction>;
  pendingTransfers: Map<string, AccountTransfer>;
  pendingConversions: Map<string, Conversion>;
  /** Conversion outputs to walk from, per chain. */
  landings: Map<string, PendingLanding[]>;
  metConversions: Set<string>;
}

async function flush(ctx: Ctx, source: RecordingExpansionSource, label: string, checkpoint?: { key: string; value: string }): Promise<void> {
  const txs = [...ctx.pendingTx.values()];
  const transfers = [...ctx.pendingTransfers.values()];
  const conversions = [...ctx.pendingConversions.values()];
  if (txs.length === 0 && transfers.length === 0 && conversions.length === 0 && !checkpoint) return;
  ctx.pendingTx.clear();
  ctx.pendingTransfers.clear();
  ctx.pendingConversions.clear();
  const sha256 = fetchedContentHash(source.drainRawRefs?.() ?? [], txs, transfers);
  const result = await ctx.opts.store.importBatch({
    source: { name: `expand:${source.description} ${label}`, sha256, kind: 'adapter', format: 'expand', retrievedAt: new Date().toISOString() },
    transactions: txs,
    transfers,
    ...(conversions.length > 0 ? { conversions } : {}),
    ...(checkpoint ? { checkpoint } : {}),
  });
  ctx.report.added.transactions += result.transactions.added;
  ctx.report.existing.transactions += result.transactions.existing;
  ctx.report.added.transfers += result.transfers.added;
  ctx.report.existing.transfers += result.transfers.existing;
}

async function maybeFlush(ctx: Ctx, source: RecordingExpansionSource, label: string): Promise<void> {
  if (ctx.pendingTx.size + ctx.pendingTransfers.size >= (ctx.opts.batchSize ?? 100)) await flush(ctx, source, label);
}

/** A transaction from the store, else from the source (queued for import). */
async function loadTx(ctx: Ctx, source: RecordingExpansionSource, chain: string, txid: string): Promise<UtxoTransaction | undefined> {
  const stored = ctx.pendingTx.get(txid) ?? (await ctx.opts.store.getTransaction(chain, txid));
  if (stored) return stored;
  const fetched = await source.getTransaction?.(txid);
  if (fetched) ctx.pendingTx.set(txid, fetched);
  return fetched;
}

/** Conversions whose in-refs on `chain` include `ref`, from the store and the source (the latter queued for import). */
async function conversionsInto(ctx: Ctx, source: RecordingExpansionSource, chain: string, ref: string): Promise<Conversion[]> {
  const found = new Map<string, Conversion>();
  for (const c of await ctx.opts.store.conversionsByRef(chain, ref)) found.set(c.id, c);
  for (const c of (await source.getConversionsByRef?.(ref)) ?? []) {
    if (found.has(c.id)) continue;
    found.set(c.id, c);
    ctx.pendingConversions.set(c.id, c);
  }
  return [...found.values()].filter((c) => c.in.chain === chain && c.in.refs.includes(ref));
}

/**
 * A forward movement at `hop` that is an in-ref of `conversions`: each is listed once, and its out-refs
 * become landings (hop + 1) whose receivers move on at hop + 2, on this chain or, given a source, on
 * the destination chain. True when the movement is an in-ref (the venue is then not followed).
 */
function meetConversions(ctx: Ctx, conversions: readonly Conversion[], hop: number): boolean {
  for (const c of conversions) {
    if (ctx.metConversions.has(c.id)) continue;
    ctx.metConversions.add(c.id);
    const row: ExpandConversion = { id: c.id, kind: c.kind, venue: c.venue, chain: c.in.chain, address: c.in.address, hop, followed: false };
    if (!c.out) {
      ctx.report.conversions.push({ ...row, reason: 'ambiguous conversion' });
      continue;
    }
    const out = c.out;
    row.to = { chain: out.chain, address: out.address, asset: out.asset };
    if (!ctx.opts.sources.some((s) => s.chain === out.chain)) {
      ctx.report.conversions.push({ ...row, reason: `no source for ${out.chain}` });
      continue;
    }
    const list = ctx.landings.get(out.chain) ?? [];
    for (const ref of out.refs) list.push({ hop: hop + 2, address: out.address, ref });
    ctx.landings.set(out.chain, list);
    ctx.report.conversions.push({ ...row, followed: true });
  }
  return conversions.length > 0;
}

/** Takes the landings waiting for `chain`. */
function takeLandings(ctx: Ctx, chain: string): PendingLanding[] {
  const list = ctx.landings.get(chain) ?? [];
  ctx.landings.delete(chain);
  return list;
}

/** Adds `item` to the start list of `hop`. */
function addStart<T>(starts: Map<number, T[]>, hop: number, item: T): void {
  const list = starts.get(hop);
  if (list) list.push(item);
  else starts.set(hop, [item]);
}

/** The landings of a UTXO chain as coins to spend from (their transactions loaded), per hop. */
async function coinLandings(ctx: Ctx, source: RecordingExpansionSource, chain: string, starts: Map<number, Coin[]>): Promise<void> {
  for (const l of takeLandings(ctx, chain)) {
    const colon = l.ref.lastIndexOf(':');
    const txid = l.ref.slice(0, colon);
    const tx = await loadTx(ctx, source, chain, txid);
    const out = tx?.outputs[Number(l.ref.slice(colon + 1))];
    if (!out) {
      ctx.report.missing.push({ ref: l.ref, reason: 'conversion output not found' });
      continue;
    }
    addStart(starts, l.hop, { txid, vout: out.n, address: out.address });
  }
}

/** The landings of an account chain as holders from their out-ref's position (the transfer fetched when not stored), per hop. */
async function holderLandings(ctx: Ctx, source: RecordingExpansionSource, chain: string, starts: Map<number, Holder[]>): Promise<void> {
  for (const l of takeLandings(ctx, chain)) {
    let t = ctx.pendingTransfers.get(l.ref) ?? (await ctx.opts.store.getTransfer(chain, l.ref));
    if (!t && source.getTransfersOf) {
      t = (await source.getTransfersOf(l.address, 'in')).find((x) => x.id === l.ref);
      if (t) ctx.pendingTransfers.set(t.id, t);
    }
    if (!t) {
      ctx.report.missing.push({ ref: l.ref, reason: 'conversion output not found' });
      continue;
    }
    addStart(starts, l.hop, { address: l.address, pos: positionOf(t) });
  }
}

interface Coin {
  txid: string;
  vout: number;
  address: string | null;
}

async function walkUtxo(ctx: Ctx, source: RecordingExpansionSource, chain: string, direction: Direction, starts: Map<number, Coin[]>, checks: HaltCheck): Promise<void> {
  const { opts, report } = ctx;
  const key = `expand:${opts.kase.name}:${chain}:${direction}`;
  const seen = new Set<string>();
  const first = Math.min(...starts.keys());
  let frontier = starts.get(first) ?? [];
  const later = (hop: number) => [...starts.keys()].some((k) => k > hop);
  let hop = first;
  for (; hop <= opts.hops && (frontier.length > 0 || later(hop)); hop++) {
    opts.onHop?.({ chain, direction, hop, frontier: frontier.length });
    const next: Coin[] = [];
    for (const coin of frontier) {
      if (opts.signal?.aborted) {
        report.interrupted = true;
        await flush(ctx, source, `${direction} hop ${hop} (interrupted)`);
        return;
      }
      const halt = await checks.check(coin.address);
      if (halt?.kind === 'stop') {
        report.stops.push({ chain, address: coin.address as string, category: halt.category, label: halt.label, hop: hop - 1, direction });
        continue;
      }
      if (halt?.kind === 'busy') {
        report.busy.push({ chain, address: coin.address as string, activity: halt.activity, hop: hop - 1, direction });
        continue;
      }
      const tx =
        direction === 'forward'
          ? ((await opts.store.spenderOf(chain, coin.txid, coin.vout)) ?? [...ctx.pendingTx.values()].find((t) => t.inputs.some((i) => i.prevTxid === coin.txid && i.prevVout === coin.vout)) ?? (await source.getSpender?.(coin.txid, coin.vout)))
          : await loadTx(ctx, source, chain, coin.txid);
      if (!tx) {
        if (direction === 'forward') report.unspent++;
        else report.missing.push({ ref: coin.txid, reason: 'funding transaction not found' });
        continue;
      }
      if (direction === 'forward' && !ctx.pendingTx.has(tx.txid) && !(await opts.store.getTransaction(chain, tx.txid))) ctx.pendingTx.set(tx.txid, tx);
      if (seen.has(tx.txid)) continue;
      seen.add(tx.txid);
      if (direction === 'forward') {
        for (const o of tx.outputs) {
          if (o.value === 0n) continue;
          if (meetConversions(ctx, await conversionsInto(ctx, source, chain, `${tx.txid}:${o.n}`), hop)) continue;
          next.push({ txid: tx.txid, vout: o.n, address: o.address });
        }
      } else {
        for (const i of tx.inputs) if (!i.coinbase) next.push({ txid: i.prevTxid as string, vout: i.prevVout as number, address: i.address });
      }
      await maybeFlush(ctx, source, `${direction} hop ${hop}`);
    }
    await flush(ctx, source, `${direction} hop ${hop}`, { key, value: JSON.stringify({ hop, frontier: next.length }) });
    if (direction === 'forward') await coinLandings(ctx, source, chain, starts);
    frontier = [...next, ...(starts.get(hop + 1) ?? [])];
  }
  for (const k of [...starts.keys()].filter((x) => x > hop)) frontier.push(...(starts.get(k) ?? []));
  for (const coin of frontier) {
    const halt = await checks.check(coin.address);
    if (halt?.kind === 'stop') report.stops.push({ chain, address: coin.address as string, category: halt.category, label: halt.label, hop: opts.hops, direction });
    else report.atHopLimit++;
  }
}

interface Holder {
  address: string;
  /** Position of the transfer that brought the money (forward) or took it out (backward). */
  pos: [number, number, number];
}

async function walkAccount(ctx: Ctx, source: RecordingExpansionSource, chain: string, direction: Direction, starts: Map<number, Holder[]>, checks: HaltCheck): Promise<void> {
  const { opts, report } = ctx;
  const key = `expand:${opts.kase.name}:${chain}:${direction}`;
  const first = Math.min(...starts.keys());
  let frontier = starts.get(first) ?? [];
  const later = (hop: number) => [...starts.keys()].some((k) => k > hop);
  const best = new Map<string, [number, number, number]>();
  let hop = first;
  for (; hop <= opts.hops && (frontier.length > 0 || later(hop)); hop++) {
    opts.onHop?.({ chain, direction, hop, frontier: frontier.length });
    const next = new Map<string, Holder>();
    for (const holder of frontier) {
      if (opts.signal?.aborted) {
        report.interrupted = true;
        await flush(ctx, source, `${direction} hop ${hop} (interrupted)`);
        return;
      }
      const halt = await checks.check(holder.address);
      if (halt?.kind === 'stop') {
        report.stops.push({ chain, address: holder.address, category: halt.category, label: halt.label, hop: hop - 1, direction });
        continue;
      }
      if (halt?.kind === 'busy') {
        report.busy.push({ chain, address: holder.address, activity: halt.activity, hop: hop - 1, direction });
        continue;
      }
      const transfers = source.getTransfersOf ? await source.getTransfersOf(holder.address, direction === 'forward' ? 'out' : 'in') : [];
      const relevant = transfers.filter((t) =>
        direction === 'forward' ? t.from === holder.address && comparePositions(positionOf(t), holder.pos) > 0 : t.to === holder.address && comparePositions(positionOf(t), holder.pos) < 0,
      );
      if (relevant.length === 0 && direction === 'forward') report.unspent++;
      for (const t of relevant) {
        ctx.pendingTransfers.set(t.id, t);
        if (direction === 'forward' && meetConversions(ctx, await conversionsInto(ctx, source, chain, t.id), hop)) continue;
        const other = direction === 'forward' ? t.to : t.from;
        if (other === null) continue;
        const pos = positionOf(t);
        const known = best.get(other);
        // Forward: the earliest tainted arrival matters; backward: the latest funding before the outflow.
        if (known && (direction === 'forward' ? comparePositions(known, pos) <= 0 : comparePositions(known, pos) >= 0)) continue;
        best.set(other, pos);
        next.set(other, { address: other, pos });
      }
      await maybeFlush(ctx, source, `${direction} hop ${hop}`);
    }
    await flush(ctx, source, `${direction} hop ${hop}`, { key, value: JSON.stringify({ hop, frontier: next.size }) });
    if (direction === 'forward') {
      await holderLandings(ctx, source, chain, starts);
      for (const h of starts.get(hop + 1) ?? []) {
        const known = best.get(h.address);
        if (known && comparePositions(known, h.pos) <= 0) continue;
        best.set(h.address, h.pos);
        next.set(h.address, h);
      }
    }
    frontier = [...next.values()];
  }
  for (const k of [...starts.keys()].filter((x) => x > hop)) frontier.push(...(starts.get(k) ?? []));
  for (const holder of frontier) {
    const halt = await checks.check(holder.address);
    if (halt?.kind === 'stop') report.stops.push({ chain, address: holder.address, category: halt.category, label: halt.label, hop: opts.hops, direction });
    else report.atHopLimit++;
  }
}

/** Walks forward from conversion outputs waiting on chains (after bridges), until none is left. */
async function followLandings(ctx: Ctx): Promise<void> {
  const { opts } = ctx;
  for (let chain = [...ctx.landings.keys()].sort()[0]; chain !== undefined && !ctx.report.interrupted; chain = [...ctx.landings.keys()].sort()[0]) {
    const source = opts.sources.find((s) => s.chain === chain);
    if (!source) {
      ctx.landings.delete(chain);
      continue;
    }
    const checks = new HaltCheck({ store: opts.store, source, chain, stopAt: opts.stopAt ?? opts.kase.stopAt, busyThreshold: opts.busyThreshold ?? 1000 });
    if (chainInfo(chain)?.model === 'utxo') {
      const starts = new Map<number, Coin[]>();
      await coinLandings(ctx, source, chain, starts);
      await flush(ctx, source, 'conversion outputs');
      if (starts.size > 0) await walkUtxo(ctx, source, chain, 'forward', starts, checks);
    } else {
      const starts = new Map<number, Holder[]>();
      await holderLandings(ctx, source, chain, starts);
      await flush(ctx, source, 'conversion outputs');
      if (starts.size > 0) await walkAccount(ctx, source, chain, 'forward', starts, checks);
    }
    await flush(ctx, source, 'end');
  }
}

/** Expands the store around a case's victim payments (see the file header). */
export async function expandCase(opts: ExpandCaseOptions): Promise<ExpandReport> {
  const directions: Direction[] = opts.backward ? ['forward', 'backward'] : ['forward'];
  const report: ExpandReport = {
    case: opts.kase.name,
    hops: opts.hops,
    directions,
    added: { transactions: 0, transfers: 0 },
    existing: { transactions: 0, transfers: 0 },
    stops: [],
    busy: [],
    unspent: 0,
    atHopLimit: 0,
    missing: [],
    resumed: [],
    conversions: [],
    interrupted: false,
  };
  const ctx: Ctx = { opts, report, pendingTx: new Map(), pendingTransfers: new Map(), pendingConversions: new Map(), landings: new Map(), metConversions: new Set() };
  const chains = [...new Set(opts.kase.victimPayments.map((v) => v.chain))].sort();
  for (const chain of chains) {
    if (report.interrupted) break;
    const payments = opts.kase.victimPayments.filter((v) => v.chain === chain);
    const source = opts.sources.find((s) => s.chain === chain);
    if (!source) {
      for (const p of payments) report.missing.push({ ref: `${p.id}`, reason: `no source given for chain ${chain}` });
      continue;
    }
    for (const direction of directions) {
      const cp = await opts.store.getCheckpoint(`expand:${opts.kase.name}:${chain}:${direction}`);
      if (cp) report.resumed.push(`${chain} ${direction}: ${cp}`);
    }
    const checks = new HaltCheck({ store: opts.store, source, chain, stopAt: opts.stopAt ?? opts.kase.stopAt, busyThreshold: opts.busyThreshold ?? 1000 });
    if (chainInfo(chain)?.model === 'utxo') {
      const forward: Coin[] = [];
      const backward: Coin[] = [];
      for (const p of payments) {
        const [txid, voutText] = (p.output as string).split(':');
        const tx = await loadTx(ctx, source, chain, txid);
        const out = tx?.outputs[Number(voutText)];
        if (!tx || !out) {
          report.missing.push({ ref: `${p.id} ${p.output}`, reason: tx ? 'no such output' : 'transaction not found' });
          continue;
        }
        forward.push({ txid, vout: out.n, address: out.address });
        for (const i of tx.inputs) if (!i.coinbase) backward.push({ txid: i.prevTxid as string, vout: i.prevVout as number, address: i.address });
      }
      await flush(ctx, source, 'victim payments');
      await walkUtxo(ctx, source, chain, 'forward', new Map([[2, forward]]), checks);
      if (opts.backward && !report.interrupted) await walkUtxo(ctx, source, chain, 'backward', new Map([[2, backward]]), checks);
    } else {
      const forward: Holder[] = [];
      const backward: Holder[] = [];
      for (const p of payments) {
        const t = await opts.store.getTransfer(chain, p.transfer as string);
        if (!t) {
          report.missing.push({ ref: `${p.id} ${p.transfer}`, reason: 'transfer not in the store (import or ingest it first)' });
          continue;
        }
        if (t.to !== null) forward.push({ address: t.to, pos: positionOf(t) });
        backward.push({ address: t.from, pos: positionOf(t) });
      }
      await walkAccount(ctx, source, chain, 'forward', new Map([[2, forward]]), checks);
      if (opts.backward && !report.interrupted) await walkAccount(ctx, source, chain, 'backward', new Map([[2, backward]]), checks);
    }
    await flush(ctx, source, 'end');
  }
  await followLandings(ctx);
  return report;
}

/**
 * The sha256 of what one expansion fetched, for its source row: the raw responses' hashes when the source
 * recorded them, else the records themselves (so the same fetch again is the same source).
 */
export function fetchedContentHash(refs: readonly RawRef[], txs: readonly UtxoTransaction[], transfers: readonly AccountTransfer[]): string {
  if (refs.length > 0) return createHash('sha256').update(refs.map((r) => r.sha256).join('\n')).digest('hex');
  return createHash('sha256')
    .update(JSON.stringify([txs.map(utxoTransactionToJson), transfers.map((t) => ({ ...t, amount: t.amount.toString() }))]))
    .digest('hex');
}
