// Collects what the walks find (endpoints, holdings, fees, dropped value, opening shortfalls, flows) and
// builds the trace result of FORMATS.md: every list sorted, keys in a fixed order, amounts as decimal
// strings of base units (scaled.ts). Rows are sums of exact scaled integers, so for conserving policies
// sources = endpoints + holdings + fees + dropped holds exactly, as printed.

import type { TagConflict as ResolvedConflict } from '../attribution/resolve-tags.js';
import type { Policy } from '../model/case.js';
import type { Conversion } from '../model/conversion.js';
import type { Tag } from '../model/tag.js';
import type {
  BySource,
  ConflictTag,
  EndpointTransfer,
  HoldingReason,
  OpeningShortfall,
  TagConflict,
  TraceDropped,
  TraceEndpoint,
  TraceFee,
  TraceFlow,
  TraceHolding,
  TraceResult,
  TraceSource,
  TraceConversion,
  TraceConversionLeg,
  TraceTotals,
  UnknownOrder,
} from '../model/trace-result.js';
import { formatScaled, toScaled } from './scaled.js';
import { SourceSums } from './source-sums.js';
import { stringRecord } from './string-record.js';
import { addTaint, type Taint, type TaintKeys } from './taint.js';

/** A victim payment as the walks know it. */
export interface SourceEntry {
  index: number;
  row: TraceSource;
  amount: bigint;
}

interface Row {
  chain: string;
  asset: string;
  address: string;
  /** Scaled; under poison the sum of exposures (each movement counted once), else the sum of bySource. */
  amount: bigint;
  bySource: SourceSums;
  /** Some of its taint passed through a probable conversion link. */
  viaProbable?: boolean;
}

interface EndpointRow extends Row {
  tag: Tag;
  hops: number;
  transfers: { ref: string; time?: string; amount: bigint }[];
  /** Conversion endpoints: `ambiguous conversion`, `conversion: <id>`. */
  notes?: Set<string>;
}

/** A conversion the taint passed through, as the result lists it (TRACING.md v2). */
export interface ConversionRow {
  conversion: Conversion;
  in: Taint;
  inAmount: bigint;
  out?: Taint;
  outAmount?: bigint;
}

interface HoldingRow extends Row {
  reason: HoldingReason;
  /** The UTXO outputs it holds, when any (none on account chains). */
  outputs?: string[];
}

interface ShortfallRow {
  chain: string;
  asset: string;
  address: string;
  amount: bigint;
  ref: string;
}

/** Taint gathered in one place, with its figure (under poison not the sum of its components). */
export interface Bucket {
  taint: Taint;
  amount: bigint;
}

export function emptyBucket(): Bucket {
  return { taint: new Map(), amount: 0n };
}

/** A flow as the walks report it: a TraceFlow with its taint vector in place of hop, amount and bySource. */
export type FlowInput = Omit<TraceFlow, 'hop' | 'amount' | 'bySource' | 'outcome'> & {
  taint: Taint;
  outcome: NonNullable<TraceFlow['outcome']>;
};

/** Scratch lists for formatBySource (single-threaded, never held across calls). */
const scratchIds: string[] = [];
const scratchFigures: string[] = [];

export class TraceCollector {
  readonly keys: TaintKeys;
  private readonly sources: SourceEntry[];
  private readonly exposure: boolean;
  private readonly endpoints = new Map<string, EndpointRow>();
  /**
   * `<chain>\0<asset>\0<reason>` -> address -> row: no key string per holding (a key built by
   * concatenation was a chain of ~6 cons strings, 192 bytes, for each of a peel case's 283,818 holdings).
   */
  private readonly holdings = new Map<string, Map<string, HoldingRow>>();
  /** The rows of the group of the last holding (a walk reports the holdings of one asset). */
  private lastHoldings: { chain: string; asset: string; reason: HoldingReason; rows: Map<string, HoldingRow> } | undefined;
  private readonly fees = new Map<string, Row>();
  private readonly dropped = new Map<string, Row>();
  /** `<chain>\0<asset>` -> address -> row. */
  private readonly shortfalls = new Map<string, Map<string, ShortfallRow>>();
  /** The rows of the chain and asset of the last shortfall (a walk is of one asset: no key string per outflow). */
  private lastShortfalls: { chain: string; asset: string; rows: Map<string, ShortfallRow> } | undefined;
  private readonly notes = new Set<string>();
  /** `<chain>\0<address>` -> conflict. */
  private readonly conflicts = new Map<string, TagConflict>();
  private readonly unknownOrder: UnknownOrder[] = [];
  /** `<chain>/<asset>` -> tainted value that left (out) or entered (in) the asset by conversion. */
  private readonly converted = new Map<string, { out: bigint; in: bigint }>();
  private conversionRows: ConversionRow[] = [];
  readonly flows: TraceFlow[] = [];
  /** False when the caller does not need the flows (a plain `trace` without --explain): saves memory. */
  readonly collectsFlows: boolean;

  constructor(keys: TaintKeys, sources: SourceEntry[], options: { exposure: boolean; flows?: boolean }) {
    this.keys = keys;
    this.sources = sources;
    this.exposure = options.exposure;
    this.collectsFlows = options.flows ?? true;
  }

  /** The figure a taint vector stands for: its sum, or under poison the exposure of one movement. */
  amountOf(taint: Taint): bigint {
    let out = 0n;
    for (const v of taint.values()) {
      if (this.exposure) {
        if (v > out) out = v;
      } else out += v;
    }
    return out;
  }

  addEndpoint(chain: string, asset: string, address: string, tag: Tag, taint: Taint, hop: number, transfer: { ref: string; time?: string }, note?: string): void {
    const key = `${chain}\u0000${asset}\u0000${address}`;
    let row = this.endpoints.get(key);
    if (!row) {
      row = { chain, asset, address, amount: 0n, bySource: new SourceSums(), tag, hops: hop, transfers: [] };
      this.endpoints.set(key, row);
    }
    const amount = this.addTo(row, taint);
    if (note !== undefined) {
      row.notes ??= new Set();
      row.notes.add(note);
    }
    row.hops = Math.min(row.hops, hop);
    row.transfers.push({ ...transfer, amount });
  }

  addHolding(chain: string, asset: string, address: string, reason: HoldingReason, held: Bucket, outputs: string[] = []): void {
    if (held.taint.size === 0) return;
    let last = this.lastHoldings;
    if (last?.chain !== chain || last.asset !== asset || last.reason !== reason) {
      const group = `${chain}\u0000${asset}\u0000${reason}`;
      let rows = this.holdings.get(group);
      if (!rows) {
        rows = new Map();
        this.holdings.set(group, rows);
      }
      last = { chain, asset, reason, rows };
      this.lastHoldings = last;
    }
    let row = last.rows.get(address);
    if (!row) {
      row = { chain, asset, address, amount: 0n, bySource: new SourceSums(), reason };
      last.rows.set(address, row);
    }
    this.addTo(row, held.taint, held.amount);
    if (outputs.length > 0) {
      row.outputs ??= [];
      row.outputs.push(...outputs);
    }
  }

  /** Every holding row, group by group. */
  private *holdingRows(): Generator<HoldingRow> {
    for (const rows of this.holdings.values()) yield* rows.values();
  }

  addFee(chain: string, asset: string, taint: Taint): void {
    if (taint.size === 0) return;
    const key = `${chain}\u0000${asset}`;
    let row = this.fees.get(key);
    if (!row) {
      row = { chain, asset, address: '', amount: 0n, bySource: new SourceSums() };
      this.fees.set(key, row);
    }
    this.addTo(row, taint);
  }

  addDropped(chain: string, asset: string, address: string, taint: Taint, amount: bigint = this.amountOf(taint)): void {
    if (taint.size === 0) return;
    const key = `${chain}\u0000${asset}\u0000${address}`;
    let row = this.dropped.get(key);
    if (!row) {
      row = { chain, asset, address, amount: 0n, bySource: new SourceSums() };
      this.dropped.set(key, row);
    }
    this.addTo(row, taint, amount);
  }

  /** Records an outflow that exceeded the known balance; one row per address sums them, naming the first. */
  addShortfall(chain: string, asset: string, address: string, amount: bigint, ref: string): void {
    let last = this.lastShortfalls;
    if (last?.chain !== chain || last.asset !== asset) {
      const group = `${chain}\u0000${asset}`;
      let rows = this.shortfalls.get(group);
      if (!rows) {
        rows = new Map();
        this.shortfalls.set(group, rows);
      }
      last = { chain, asset, rows };
      this.lastShortfalls = last;
    }
    const rows = last.rows;
    const row = rows.get(address);
    if (row) row.amount += amount;
    else rows.set(address, { chain, asset, address, amount, ref });
  }

  /** Tainted value that left `asset` by conversion (an in-ref's taint, `amount` its figure). */
  addConverted(chain: string, asset: string, taint: Taint, amount: bigint = this.amountOf(taint)): void {
    if (taint.size === 0) return;
    this.convertedAt(chain, asset).out += amount;
  }

  /** Tainted value that entered `asset` by conversion (a landing). */
  addLanded(chain: string, asset: string, taint: Taint): void {
    if (taint.size === 0) return;
    this.convertedAt(chain, asset).in += this.amountOf(taint);
  }

  /** The conversions the taint passed through (listed in the result in the order given). */
  setConversions(rows: ConversionRow[]): void {
    this.conversionRows = rows;
  }

  private convertedAt(chain: string, asset: string): { out: bigint; in: bigint } {
    const key = `${chain}/${asset}`;
    let c = this.converted.get(key);
    if (!c) {
      c = { out: 0n, in: 0n };
      this.converted.set(key, c);
    }
    return c;
  }

  /** Adds `taint` into a bucket, counting its figure once. */
  fill(bucket: Bucket, taint: Taint): void {
    if (taint.size === 0) return;
    bucket.amount += this.amountOf(taint);
    addTaint(bucket.taint, taint);
  }

  addNote(note: string): void {
    this.notes.add(note);
  }

  /** Records, once per address, that a direct tag won over disagreeing inherited or inferred ones. */
  addTagConflict(chain: string, address: string, conflict: ResolvedConflict, cashOut: boolean): void {
    const key = `${chain}\u0000${address}`;
    if (this.conflicts.has(key)) return;
    const inherited = conflict.inherited.map(conflictTag).sort((a, b) => cmp(a.category, b.category) || cmp(a.label, b.label) || cmp(a.source, b.source));
    this.conflicts.set(key, { chain, address, direct: conflictTag(conflict.direct), inherited, cashOut });
  }

  /** Records an address's events in one block of unknown order. */
  addUnknownOrder(row: UnknownOrder): void {
    this.unknownOrder.push(row);
  }

  addFlow(f: FlowInput): void {
    if (!this.collectsFlows) return;
    let hop = Number.POSITIVE_INFINITY;
    for (const k of f.taint.keys()) hop = Math.min(hop, this.keys.hopOf(k));
    const flow: TraceFlow = {
      chain: f.chain,
      asset: f.asset,
      ref: f.ref,
      txHash: f.txHash,
      block: f.block,
      ...(f.time !== undefined ? { time: f.time } : {}),
      from: f.from,
      to: f.to,
      hop,
      amount: formatScaled(this.amountOf(f.taint)),
      bySource: this.formatBySource(this.bySourceOf(f.taint)),
      outcome: f.outcome,
      ...(f.parents && f.parents.length > 0 ? { parents: f.parents } : {}),
      ...(f.source !== undefined ? { source: f.source } : {}),
      ...(f.conversion !== undefined ? { conversion: f.conversion } : {}),
      ...(f.fromConversion !== undefined ? { fromConversion: f.fromConversion } : {}),
    };
    this.flows.push(flow);
  }

  private addTo(row: Row, taint: Taint, amount: bigint = this.amountOf(taint)): bigint {
    row.amount += amount;
    if (!row.viaProbable && this.anyProbable(taint)) row.viaProbable = true;
    for (const [k, v] of taint) row.bySource.add(this.keys.sourceOf(k), v);
    return amount;
  }

  private anyProbable(taint: Taint): boolean {
    for (const k of taint.keys()) if (this.keys.isProbable(k)) return true;
    return false;
  }

  private bySourceOf(taint: Taint): Map<number, bigint> {
    const out = new Map<number, bigint>();
    for (const [k, v] of taint) {
      const s = this.keys.sourceOf(k);
      out.set(s, (out.get(s) ?? 0n) + v);
    }
    return out;
  }

  private formatBySource(bySource: Map<number, bigint> | SourceSums): BySource {
    const ids = scratchIds;
    const figures = scratchFigures;
    ids.length = 0;
    figures.length = 0;
    for (const src of this.sources) {
      const v = bySource.get(src.index);
      if (v !== undefined && v !== 0n) {
        ids.push(src.row.id);
        figures.push(formatScaled(v));
      }
    }
    return stringRecord(ids, figures);
  }

  /**
   * Removes and returns the flows and unknown-order rows gathered so far (a resumable trace keeps them per
   * walk, to list them in the order of a full trace: walk by walk, src/tracing/resumable-trace.ts).
   */
  takeOutput(): { flows: TraceFlow[]; unknownOrder: UnknownOrder[] } {
    return { flows: this.flows.splice(0), unknownOrder: this.unknownOrder.splice(0) };
  }

  /** An independent copy of every row gathered so far, without flows and unknown-order rows. */
  copy(): TraceCollector {
    const c = new TraceCollector(this.keys, this.sources, { exposure: this.exposure, flows: this.collectsFlows });
    const row = <R extends Row>(r: R): R => ({ ...r, bySource: r.bySource.copy() });
    for (const [k, r] of this.endpoints) c.endpoints.set(k, { ...row(r), transfers: [...r.transfers], ...(r.notes ? { notes: new Set(r.notes) } : {}) });
    for (const [k, rows] of this.holdings) {
      c.holdings.set(k, new Map([...rows].map(([a, r]) => [a, { ...row(r), ...(r.outputs ? { outputs: [...r.outputs] } : {}) }])));
    }
    for (const [k, r] of this.fees) c.fees.set(k, row(r));
    for (const [k, r] of this.dropped) c.dropped.set(k, row(r));
    for (const [k, rows] of this.shortfalls) c.shortfalls.set(k, new Map([...rows].map(([a, r]) => [a, { ...r }])));
    for (const n of this.notes) c.notes.add(n);
    for (const [k, v] of this.conflicts) c.conflicts.set(k, v);
    for (const [k, v] of this.converted) c.converted.set(k, { ...v });
    c.conversionRows = [...this.conversionRows];
    return c;
  }

  /** The holding addresses of each chain, each once (for labels; the address strings the rows hold, no new key). */
  holdingAddresses(): Map<string, Set<string>> {
    const out = new Map<string, Set<string>>();
    for (const r of this.holdingRows()) {
      let addresses = out.get(r.chain);
      if (!addresses) {
        addresses = new Set();
        out.set(r.chain, addresses);
      }
      addresses.add(r.address);
    }
    return out;
  }

  /**
   * Builds the result; `labels` gives the best tag of the holding addresses that have one (chain ->
   * address -> tag). Spends the collector: each holding row is let go once its result row is made (a peel
   * case's 283,818 rows were held twice, as rows and as result rows, at the trace's peak), so a collector
   * is built once (a resumable trace builds a copy each time).
   */
  build(meta: { caseName: string; policy: Policy }, labels: ReadonlyMap<string, ReadonlyMap<string, Tag>> = new Map()): TraceResult {
    const totals = this.totals();
    const byPlace = (a: { chain: string; asset: string; address: string }, b: { chain: string; asset: string; address: string }) =>
      cmp(a.chain, b.chain) || cmp(a.asset, b.asset) || cmp(a.address, b.address);
    const endpoints: TraceEndpoint[] = [...this.endpoints.values()].sort(byPlace).map((r) => {
      const e: TraceEndpoint = {
        chain: r.chain,
        address: r.address,
        asset: r.asset,
        amount: formatScaled(r.amount),
        bySource: this.formatBySource(r.bySource),
        label: r.tag.label,
        category: r.tag.category,
        tagSource: r.tag.source,
        ...(r.tag.inferredFrom ? { inferredFrom: r.tag.inferredFrom } : {}),
        hops: r.hops,
        transfers: r.transfers.map(
          (t): EndpointTransfer => ({ ref: t.ref, ...(t.time !== undefined ? { time: t.time } : {}), amount: formatScaled(t.amount) }),
        ),
      };
      if (r.notes) e.note = [...r.notes].sort(cmp).join('; ');
      if (r.viaProbable) e.viaProbable = true;
      return e;
    });
    const rows: (HoldingRow | undefined)[] = [...this.holdingRows()].sort((a, b) => byPlace(a, b) || cmp(a.reason, b.reason));
    this.holdings.clear();
    this.lastHoldings = undefined;
    const holdings: TraceHolding[] = [];
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      rows[i] = undefined;
      holdings.push(this.holdingOf(r, labels.get(r.chain)?.get(r.address)));
    }
    const fees: TraceFee[] = [...this.fees.values()]
      .sort((a, b) => cmp(a.chain, b.chain) || cmp(a.asset, b.asset))
      .map((r) => ({
        chain: r.chain,
        asset: r.asset,
        amount: formatScaled(r.amount),
        bySource: this.formatBySource(r.bySource),
        ...(r.viaProbable ? { viaProbable: true as const } : {}),
      }));
    const openingShortfalls: OpeningShortfall[] = [...this.shortfalls.values()]
      .flatMap((rows) => [...rows.values()])
      .sort(byPlace)
      .map((r) => ({ chain: r.chain, address: r.address, asset: r.asset, amount: r.amount.toString(), ref: r.ref }));
    const dropped: TraceDropped[] = [...this.dropped.values()]
      .sort(byPlace)
      .map((r) => ({
        chain: r.chain,
        address: r.address,
        asset: r.asset,
        amount: formatScaled(r.amount),
        bySource: this.formatBySource(r.bySource),
        ...(r.viaProbable ? { viaProbable: true as const } : {}),
      }));
    const result: TraceResult = {
      version: 1,
      case: meta.caseName,
      policy: meta.policy,
      ...(this.notes.size > 0 ? { notes: [...this.notes].sort(cmp) } : {}),
      sources: this.sources.map((s) => s.row),
      endpoints,
      holdings,
      fees,
      openingShortfalls,
      dropped,
      ...(this.conflicts.size > 0 ? { tagConflicts: [...this.conflicts.values()].sort((a, b) => cmp(a.chain, b.chain) || cmp(a.address, b.address)) } : {}),
      ...(this.unknownOrder.length > 0
        ? { unknownOrder: [...this.unknownOrder].sort((a, b) => cmp(a.chain, b.chain) || cmp(a.address, b.address) || a.block - b.block) }
        : {}),
      ...(this.conversionRows.length > 0 ? { conversions: this.conversionRows.map((r) => this.conversionOf(r)) } : {}),
      totals,
    };
    return result;
  }

  /** The result row of holding row `r`, with the best tag of its address if it has one. */
  private holdingOf(r: HoldingRow, tag: Tag | undefined): TraceHolding {
    const h: TraceHolding = {
      chain: r.chain,
      address: r.address,
      asset: r.asset,
      amount: formatScaled(r.amount),
      bySource: this.formatBySource(r.bySource),
      reason: r.reason,
    };
    if (r.outputs !== undefined) h.outputs = [...new Set(r.outputs)].sort(cmp);
    if (tag) {
      h.label = tag.label;
      h.category = tag.category;
      if (tag.inferredFrom) h.inferredFrom = tag.inferredFrom;
    }
    if (r.viaProbable) h.viaProbable = true;
    return h;
  }

  private conversionOf(r: ConversionRow): TraceConversion {
    const c = r.conversion;
    const leg = (l: NonNullable<Conversion['out']>, taint: Taint, amount: bigint): TraceConversionLeg => ({
      chain: l.chain,
      address: l.address,
      asset: l.asset,
      amount: formatScaled(amount),
      bySource: this.formatBySource(this.bySourceOf(taint)),
    });
    const row: TraceConversion = {
      id: c.id,
      kind: c.kind,
      venue: c.venue,
      in: leg(c.in, r.in, r.inAmount),
      ...(c.out && r.out ? { out: leg(c.out, r.out, r.outAmount ?? 0n) } : {}),
      rate: { in: c.in.amount.toString(), out: c.out ? c.out.amount.toString() : null },
      confidence: c.confidence,
      viaProbable: this.anyProbable(r.in) || (r.out !== undefined && this.anyProbable(r.out)),
    };
    if (!r.out) row.stopped = c.kind === 'ambiguous' || !c.out ? 'ambiguous conversion' : 'probable link not followed';
    return row;
  }

  private totals(): Record<string, TraceTotals> {
    const sums = new Map<string, { sources: bigint; endpoints: bigint; holdings: bigint; fees: bigint; dropped: bigint }>();
    const at = (chain: string, asset: string) => {
      const key = `${chain}/${asset}`;
      let s = sums.get(key);
      if (!s) {
        s = { sources: 0n, endpoints: 0n, holdings: 0n, fees: 0n, dropped: 0n };
        sums.set(key, s);
      }
      return s;
    };
    for (const s of this.sources) at(s.row.chain, s.row.asset).sources += toScaled(s.amount);
    for (const r of this.endpoints.values()) at(r.chain, r.asset).endpoints += r.amount;
    for (const r of this.holdingRows()) at(r.chain, r.asset).holdings += r.amount;
    for (const r of this.fees.values()) at(r.chain, r.asset).fees += r.amount;
    for (const r of this.dropped.values()) at(r.chain, r.asset).dropped += r.amount;
    for (const key of this.converted.keys()) {
      const [chain, ...asset] = key.split('/');
      at(chain, asset.join('/'));
    }
    const withConversions = this.converted.size > 0;
    const out: Record<string, TraceTotals> = {};
    for (const key of [...sums.keys()].sort(cmp)) {
      const s = sums.get(key)!;
      out[key] = {
        sources: formatScaled(s.sources),
        endpoints: formatScaled(s.endpoints),
        holdings: formatScaled(s.holdings),
        fees: formatScaled(s.fees),
        dropped: formatScaled(s.dropped),
      };
      if (withConversions) {
        const c = this.converted.get(key);
        out[key].convertedIn = formatScaled(c?.in ?? 0n);
        out[key].convertedOut = formatScaled(c?.out ?? 0n);
      }
    }
    return out;
  }
}

function conflictTag(t: Tag): ConflictTag {
  return { label: t.label, category: t.category, source: t.source, confidence: t.confidence, ...(t.inferredFrom ? { inferredFrom: t.inferredFrom } : {}) };
}

/** Code-unit string order (locale-independent, so results are byte-identical everywhere). */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
