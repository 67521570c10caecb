// Conversions in a trace (TRACING.md v2, "Conversions"): the conversions of the chains a trace reaches,
// read once per chain and indexed by ref, and, per pass of the walks, the taint that reached each
// conversion's in-refs. From that taint it computes the landings: the taint carried by all in-refs
// together, times out.amount / in.amount (exact rational, rounded once), shared over the out-refs by
// amount (largest remainder), each to land with its out-ref's inflow one hop after the in-ref. Under
// poison a conversion passes exposure instead: every out-ref is tainted by every source that reached an
// in-ref. An out-ref that comes before the conversion's last in-ref on the same chain lands just after it.
// A conversion with confidence below 100 is followed only with followProbable (its landings are marked
// via-probable); an `ambiguous` one (no out) is never followed.

import { LedgerhoundError } from '../errors.js';
import { chainInfo } from '../model/chain.js';
import type { Conversion } from '../model/conversion.js';
import type { AccountTransfer } from '../model/transfer.js';
import { compareTransfers } from '../model/transfer.js';
import type { UtxoTransaction } from '../model/utxo.js';
import type { GraphStore } from '../ports.js';
import { apportion, mulDivRound, toScaled } from './scaled.js';
import { addTaint, noteReached, splitByWeights, type Taint, type TaintKeys, taintTotal } from './taint.js';

/** A place in a chain's order (block, txIndex, index, then id), as compareTransfers reads it. */
export type Position = Pick<AccountTransfer, 'block' | 'txIndex' | 'index' | 'id'>;

/** What the walk does with taint reaching a conversion's in-refs. */
export type ConversionMode = 'follow' | 'ambiguous' | 'probable';

/** Taint landing on one out-ref. */
export interface Landing {
  conversion: Conversion;
  chain: string;
  asset: string;
  /** The out-ref: a transfer id, or `<txid>:<vout>`. */
  ref: string;
  /** In-ref hop keys: the walk moves it one hop on as it lands. */
  taint: Taint;
  /** Account model: the out-ref's transfer. */
  transfer?: AccountTransfer;
  /** Account model: where the out-ref is taken to happen when that is just after the last in-ref. */
  at?: Position;
  /** UTXO model: the transaction holding the out-ref output. */
  tx?: UtxoTransaction;
}

interface InRecord {
  conversion: Conversion;
  taint: Taint;
  /** Figure of the taint (under poison an exposure: the largest component of each movement, summed). */
  amount: bigint;
  last?: Position;
}

/** A conversion the taint passed through in the last pass, with what went in and came out. */
export interface ConversionPassage {
  conversion: Conversion;
  mode: ConversionMode;
  in: Taint;
  inAmount: bigint;
  /** Landings' taint summed over out-refs (follow only). */
  out?: Taint;
  outAmount?: bigint;
}

export class ConversionBook {
  private readonly loaded = new Set<string>();
  /** `<chain>\0<ref>` -> conversion, for in-refs and out-refs. */
  private readonly ins = new Map<string, Conversion>();
  private readonly outs = new Map<string, Conversion>();
  private readonly transfers = new Map<string, AccountTransfer>();
  private readonly transactions = new Map<string, UtxoTransaction>();
  private record = new Map<string, InRecord>();
  private stops = new Map<string, InRecord>();
  /** Conversions indexed so far. */
  count = 0;

  constructor(
    private readonly store: GraphStore,
    private readonly keys: TaintKeys,
    private readonly options: { followProbable: boolean; exposure: boolean },
  ) {}

  /** Reads and indexes the conversions with a leg on `chain` (once per chain). */
  async load(chain: string): Promise<void> {
    if (this.loaded.has(chain)) return;
    this.loaded.add(chain);
    for await (const c of this.store.conversions({ chain })) {
      let indexed = false;
      const legs = c.out ? [c.in, c.out] : [c.in];
      for (const leg of legs) {
        if (leg.chain !== chain) continue;
        const index = leg === c.in ? this.ins : this.outs;
        // A ref listed by several conversions belongs to the first by id (the store lists them in id order).
        for (const ref of leg.refs) if (!index.has(`${chain}\u0000${ref}`)) {
          index.set(`${chain}\u0000${ref}`, c);
          indexed = true;
        }
      }
      if (indexed) this.count++;
    }
  }

  /** True when some conversion has a ref on `chain`. */
  hasRefs(chain: string): boolean {
    return this.count > 0 && this.loaded.has(chain);
  }

  inRef(chain: string, ref: string): Conversion | undefined {
    return this.ins.get(`${chain}\u0000${ref}`);
  }

  outRef(chain: string, ref: string): Conversion | undefined {
    return this.outs.get(`${chain}\u0000${ref}`);
  }

  modeOf(c: Conversion): ConversionMode {
    if (!c.out || c.kind === 'ambiguous') return 'ambiguous';
    if (c.confidence < 100 && !this.options.followProbable) return 'probable';
    return 'follow';
  }

  /** Starts a pass of the walks: forgets the taint the previous pass recorded. */
  beginPass(): void {
    this.record = new Map();
    this.stops = new Map();
  }

  /**
   * An in-ref was processed (its payer followed): `taint` (already moved one hop on, the in-ref's own hop)
   * goes into the conversion. Clean in-refs are recorded too: their position tells where the last one is.
   */
  addIn(c: Conversion, at: Position | undefined, taint: Taint, amount: bigint): void {
    const book = this.modeOf(c) === 'follow' ? this.record : this.stops;
    let r = book.get(c.id);
    if (!r) {
      r = { conversion: c, taint: new Map(), amount: 0n };
      book.set(c.id, r);
    }
    addTaint(r.taint, taint);
    r.amount += amount;
    if (at && (!r.last || compareTransfers(at as AccountTransfer, r.last as AccountTransfer) > 0)) r.last = at;
  }

  /** The conversions the taint passed through in this pass, by id. */
  passages(landings: Landing[]): ConversionPassage[] {
    const out = new Map<string, { taint: Taint; amount: bigint }>();
    for (const l of landings) {
      const o = out.get(l.conversion.id) ?? { taint: new Map(), amount: 0n };
      addTaint(o.taint, l.taint);
      o.amount += this.options.exposure ? largest(l.taint) : taintTotal(l.taint);
      out.set(l.conversion.id, o);
    }
    const rows: ConversionPassage[] = [];
    for (const r of [...this.record.values(), ...this.stops.values()]) {
      if (r.taint.size === 0) continue;
      const o = out.get(r.conversion.id);
      rows.push({ conversion: r.conversion, mode: this.modeOf(r.conversion), in: r.taint, inAmount: r.amount, ...(o ? { out: o.taint, outAmount: o.amount } : {}) });
    }
    return rows.sort((a, b) => (a.conversion.id < b.conversion.id ? -1 : a.conversion.id > b.conversion.id ? 1 : 0));
  }

  /** The landings of this pass: per out-ref of each followed conversion that taint reached. */
  async landings(): Promise<Landing[]> {
    const out: Landing[] = [];
    const ids = [...this.record.keys()].sort();
    for (const id of ids) {
      const r = this.record.get(id)!;
      if (r.taint.size === 0) continue;
      const c = r.conversion;
      const leg = c.out!;
      await this.load(leg.chain);
      const model = chainInfo(leg.chain)?.model;
      const targets = await Promise.all(leg.refs.map((ref) => (model === 'utxo' ? this.outputOf(c, leg.chain, ref) : this.transferOf(c, leg.chain, ref))));
      const weights = targets.map((t) => t.amount);
      const probable = c.confidence < 100;
      const shares = this.options.exposure ? this.exposureShares(r.taint, weights, probable) : this.conservedShares(c, r.taint, weights, probable);
      leg.refs.forEach((ref, j) => {
        if (shares[j].size === 0) return;
        const landing: Landing = { conversion: c, chain: leg.chain, asset: leg.asset, ref, taint: shares[j] };
        const target = targets[j];
        if (target.transfer) {
          landing.transfer = target.transfer;
          if (c.in.chain === leg.chain && r.last && compareTransfers(target.transfer, r.last as AccountTransfer) < 0) {
            // Just after the last in-ref, before anything else at its place; several out-refs in id order.
            landing.at = { block: r.last.block, txIndex: r.last.txIndex, index: r.last.index, id: `${r.last.id}\u0000${ref}` };
          }
        }
        if (target.tx) landing.tx = target.tx;
        out.push(landing);
      });
    }
    return out;
  }

  /** Taint times out.amount / in.amount, rounded once, apportioned over its components, then over the out-refs. */
  private conservedShares(c: Conversion, taint: Taint, weights: bigint[], probable: boolean): Taint[] {
    const entries = [...taint];
    const total = taintTotal(taint);
    const scaledTotal = c.in.amount === 0n ? 0n : mulDivRound(total, c.out!.amount, c.in.amount);
    const parts = apportion(
      scaledTotal,
      entries.map(([, v]) => v),
    );
    const scaled: Taint = new Map();
    entries.forEach(([k, _], i) => {
      if (parts[i] === 0n) return;
      const key = probable ? this.keys.markProbable(k) : k;
      scaled.set(key, (scaled.get(key) ?? 0n) + parts[i]);
    });
    if (weights.every((w) => w === 0n)) return weights.map(() => new Map());
    return splitByWeights(scaled, weights);
  }

  /** Poison: every out-ref is exposed to every source that reached an in-ref, by its whole amount. */
  private exposureShares(taint: Taint, weights: bigint[], probable: boolean): Taint[] {
    const reached = new Map<number, number>();
    noteReached(reached, taint, this.keys);
    return weights.map((w) => {
      const t: Taint = new Map();
      if (w === 0n) return t;
      for (const k of reached.values()) t.set(probable ? this.keys.markProbable(k) : k, toScaled(w));
      return t;
    });
  }

  private async transferOf(c: Conversion, chain: string, ref: string): Promise<{ amount: bigint; transfer: AccountTransfer; tx?: undefined }> {
    const key = `${chain}\u0000${ref}`;
    let t = this.transfers.get(key);
    if (!t) {
      t = await this.store.getTransfer(chain, ref);
      if (!t) throw missingRef(c, chain, ref);
      if (t.asset !== c.out!.asset) throw new LedgerhoundError('INTEGRITY', `conversion ${c.id}: out-ref ${ref} is ${t.asset}, not ${c.out!.asset}`, { conversion: c.id, ref });
      this.transfers.set(key, t);
    }
    return { amount: t.amount, transfer: t };
  }

  private async outputOf(c: Conversion, chain: string, ref: string): Promise<{ amount: bigint; tx: UtxoTransaction; transfer?: undefined }> {
    const [txid, vout] = ref.split(':');
    const key = `${chain}\u0000${txid}`;
    let tx = this.transactions.get(key);
    if (!tx) {
      tx = await this.store.getTransaction(chain, txid);
      if (tx) this.transactions.set(key, tx);
    }
    const output = tx?.outputs[Number(vout)];
    if (!tx || !output) throw missingRef(c, chain, ref);
    return { amount: output.value, tx };
  }
}

function missingRef(c: Conversion, chain: string, ref: string): LedgerhoundError {
  return new LedgerhoundError('NOT_FOUND', `conversion ${c.id}: out-ref ${chain}/${ref} is not in the store`, { conversion: c.id, chain, ref });
}

function largest(t: Taint): bigint {
  let out = 0n;
  for (const v of t.values()) if (v > out) out = v;
  return out;
}

/** A canonical text of a pass's landings, to see whether another pass changed them. */
export function landingsKey(landings: Landing[]): string {
  return landings
    .map((l) => `${l.chain}\u0000${l.ref}\u0000${[...l.taint].map(([k, v]) => `${k}=${v}`).join(',')}\u0000${l.at?.id ?? ''}`)
    .sort()
    .join('\n');
}
