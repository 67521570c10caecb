// The UTXO walk (TRACING.md, The walk and UTXO model) for one chain: each tainted coin is followed to the
// transaction that spends it (store.spenderOf), and transactions are processed once each, in chain order
// (block, txIndex). A transaction turns the taint of its inputs into the taint of its outputs and fee by
// the chosen rule (utxo/*.ts). Only transactions that taint reaches are read.
// Conversions (TRACING.md v2): an output that is a conversion's in-ref (a coin paid into a venue, such as a
// THORChain inbound) is not the venue's coin: its taint goes into the conversion (conversion-step.ts). An
// output that is an out-ref with a landing (a THORChain BTC outbound) takes the landing's taint, one hop
// after the in-ref, on top of whatever the rule gives it; its transaction is processed in chain order.

import { utxoFee, type UtxoTransaction } from '../model/utxo.js';
import { compareUtxoTransactions } from '../model/utxo.js';
import { MinHeap } from './heap.js';
import { toScaled } from './scaled.js';
import { addTaint, advanceHops, emptyTaint, minHop, type Taint } from './taint.js';
import type { UtxoInputTaint, UtxoRule } from './utxo/coin-rule.js';
import { isAfterUntil, reportHolding, stopTagOf, type WalkContext } from './walk-context.js';
import { type Bucket, emptyBucket, type TraceCollector } from './collector.js';
import type { Landing } from './conversion-book.js';
import { enterConversion } from './conversion-step.js';
import type { HoldingReason } from '../model/trace-result.js';
import type { ResumableWalk } from './resumable-walk.js';

export interface UtxoPayment {
  sourceIndex: number;
  sourceId: string;
  txid: string;
  vout: number;
}

interface Coin {
  address: string;
  taint: Taint;
  /** Its spender lies after `until`. */
  cut: boolean;
}

const ASSET = 'BTC';

/**
 * Walks one UTXO chain from its victim payments; reports to ctx.collector. Returns events processed.
 * With `keep`, the walk is handed over open instead of reporting its end (resumable-walk.ts).
 */
export async function walkUtxo(
  ctx: WalkContext,
  chain: string,
  rule: UtxoRule,
  payments: UtxoPayment[],
  first: Map<string, UtxoTransaction>,
  done0 = 0,
  landings: readonly Landing[] = [],
  keep?: (walk: ResumableWalk) => void,
): Promise<number> {
  const { keys, collector } = ctx;
  const dust = ctx.dustOf(chain, ASSET);
  const victims = new Map(payments.map((p) => [`${p.txid}:${p.vout}`, p]));
  const coins = new Map<string, Coin>();
  const scheduled = new Set<string>();
  const heap = new MinHeap<UtxoTransaction>(compareUtxoTransactions);
  const hopLimited = new Map<string, { held: Bucket; outputs: string[] }>();
  const parked = new Map<string, Bucket>();
  let done = done0;

  const schedule = (tx: UtxoTransaction) => {
    if (scheduled.has(tx.txid)) return;
    scheduled.add(tx.txid);
    heap.push(tx);
  };
  for (const tx of first.values()) schedule(tx);
  const book = ctx.conversions?.hasRefs(chain) ? ctx.conversions : undefined;
  const landed = new Map(landings.map((l) => [l.ref, l]));
  for (const l of landings) schedule(l.tx!);

  const deliverOutput = async (tx: UtxoTransaction, n: number, taint: Taint, parents: string[], from: string, source: string | undefined, landed?: string) => {
    const out = tx.outputs[n];
    const ref = `${tx.txid}:${n}`;
    const base = { chain, asset: ASSET, ref, txHash: tx.txid, block: tx.block, time: tx.time, from, taint, parents, source, ...(landed !== undefined ? { fromConversion: landed } : {}) };
    const into = book?.inRef(chain, ref);
    if (into) {
      const at = { block: tx.block, txIndex: tx.txIndex, index: n, id: ref };
      const outcome = await enterConversion(ctx, chain, ASSET, into, out.address, at, { ref, time: tx.time }, taint);
      if (outcome) collector.addFlow({ ...base, to: out.address ?? `nonstandard:${ref}`, outcome, conversion: into.id });
      return;
    }
    if (out.address === null && (out.script === undefined || out.script.startsWith('6a'))) {
      collector.addFee(chain, ASSET, taint);
      collector.addFlow({ ...base, to: null, outcome: 'fee' });
      return;
    }
    const address = out.address ?? `nonstandard:${ref}`;
    if (source === undefined && dust > 0n && collector.amountOf(taint) < dust) {
      collector.addDropped(chain, ASSET, address, taint);
      collector.addFlow({ ...base, to: address, outcome: 'dropped' });
      return;
    }
    const stop = out.address === null ? undefined : await stopTagOf(ctx, chain, out.address);
    if (stop) {
      collector.addEndpoint(chain, ASSET, address, stop, taint, minHop(taint, keys), { ref, time: tx.time });
      collector.addFlow({ ...base, to: address, outcome: 'endpoint' });
      return;
    }
    collector.addFlow({ ...base, to: address, outcome: 'followed' });
    const coin: Coin = { address, taint, cut: false };
    coins.set(ref, coin);
    const spender = await ctx.store.spenderOf(chain, tx.txid, n);
    if (!spender) return;
    if (isAfterUntil(spender.time, ctx.untilMs)) coin.cut = true;
    else schedule(spender);
  };

  const process = async (tx: UtxoTransaction) => {
    const inputs: UtxoInputTaint[] = [];
    const parents: string[] = [];
    let from: string | undefined;
    let tainted = false;
    for (const input of tx.inputs) {
      const outpoint = input.coinbase ? undefined : `${input.prevTxid}:${input.prevVout}`;
      const coin = outpoint === undefined ? undefined : coins.get(outpoint);
      if (!coin || outpoint === undefined) {
        inputs.push({ value: input.value, taint: emptyTaint() });
        continue;
      }
      coins.delete(outpoint);
      const { moved, blocked } = advanceHops(coin.taint, keys);
      if (blocked.size > 0) {
        const row = hopLimited.get(coin.address) ?? { held: emptyBucket(), outputs: [] };
        collector.fill(row.held, blocked);
        row.outputs.push(outpoint);
        hopLimited.set(coin.address, row);
      }
      if (moved.size > 0) {
        tainted = true;
        parents.push(outpoint);
        from ??= coin.address;
      }
      inputs.push({ value: input.value, taint: moved });
    }
    const fee = utxoFee(tx);
    const parts = [...tx.outputs.map((o) => o.value), fee > 0n ? fee : 0n];
    const taints: Taint[] = tainted ? rule.distribute(inputs, parts) : parts.map(() => emptyTaint());
    const sender = from ?? tx.inputs.find((i) => i.address !== null)?.address ?? '';
    // A server store: the tags of the outputs' addresses in one read (src/tracing/prefetch.ts).
    if (ctx.store.batchReads && tx.outputs.length > 1) {
      await ctx.tags.prefetch(chain, tx.outputs.filter((o, n) => o.address !== null && (taints[n].size > 0 || victims.has(`${tx.txid}:${n}`))).map((o) => o.address as string));
    }
    for (let n = 0; n < tx.outputs.length; n++) {
      const victim = victims.get(`${tx.txid}:${n}`);
      if (victim) {
        // The payment is wholly its victim's money; what the victim's coins carried stays with them.
        if (taints[n].size > 0 && !rule.exposure) {
          const b = parked.get(sender) ?? emptyBucket();
          collector.fill(b, taints[n]);
          parked.set(sender, b);
        }
        const own: Taint = new Map([[keys.key(victim.sourceIndex, 1), toScaled(tx.outputs[n].value)]]);
        await deliverOutput(tx, n, own, [], tx.inputs.find((i) => i.address !== null)?.address ?? '', victim.sourceId);
        continue;
      }
      const landing = landed.get(`${tx.txid}:${n}`);
      if (landing) {
        collector.addLanded(chain, ASSET, landing.taint);
        const { moved, blocked } = advanceHops(landing.taint, keys);
        if (blocked.size > 0) {
          const address = tx.outputs[n].address ?? `nonstandard:${tx.txid}:${n}`;
          const row = hopLimited.get(address) ?? { held: emptyBucket(), outputs: [] };
          collector.fill(row.held, blocked);
          row.outputs.push(`${tx.txid}:${n}`);
          hopLimited.set(address, row);
        }
        const taint = mergeTaint(taints[n], moved, rule.exposure);
        if (taint.size > 0) await deliverOutput(tx, n, taint, parents, sender, undefined, landing.conversion.id);
        continue;
      }
      if (taints[n].size > 0) await deliverOutput(tx, n, taints[n], parents, sender, undefined);
    }
    const feeTaint = taints[tx.outputs.length];
    if (feeTaint.size > 0) {
      collector.addFee(chain, ASSET, feeTaint);
      collector.addFlow({ chain, asset: ASSET, ref: `${tx.txid}:fee`, txHash: tx.txid, block: tx.block, time: tx.time, from: sender, to: null, taint: feeTaint, parents, outcome: 'fee' });
    }
  };

  /** The last transaction processed (a resumed walk goes on after it). */
  let lastTx: UtxoTransaction | undefined;
  const drain = async () => {
    for (;;) {
      const tx = heap.pop();
      if (!tx) break;
      lastTx = tx;
      await process(tx);
      done++;
      if (done % 10_000 === 0) ctx.progress(done);
    }
  };
  await drain();

  /** Holdings: coins still unspent (or spent after `until`), per address and reason; dust applies per row. */
  const report = (out: TraceCollector) => {
    const at = out === collector ? ctx : { ...ctx, collector: out };
    const rows = new Map<string, { address: string; reason: HoldingReason; held: Bucket; outputs: string[] }>();
    const rowOf = (address: string, reason: HoldingReason) => {
      const key = `${address}\u0000${reason}`;
      let row = rows.get(key);
      if (!row) {
        row = { address, reason, held: emptyBucket(), outputs: [] };
        rows.set(key, row);
      }
      return row;
    };
    for (const [outpoint, coin] of coins) {
      const row = rowOf(coin.address, coin.cut ? 'until' : 'unspent');
      out.fill(row.held, coin.taint);
      row.outputs.push(outpoint);
    }
    for (const [address, b] of hopLimited) {
      const row = rowOf(address, 'hop-limit');
      row.held.amount += b.held.amount;
      addTaint(row.held.taint, b.held.taint);
      row.outputs.push(...b.outputs);
    }
    for (const [address, b] of parked) {
      const row = rowOf(address, 'unspent');
      row.held.amount += b.amount;
      addTaint(row.held.taint, b.taint);
    }
    for (const r of rows.values()) reportHolding(at, chain, ASSET, r.address, r.reason, r.held, dust, r.outputs);
  };

  const walk: ResumableWalk = {
    get events() {
      return done - done0;
    },
    async resume(appended) {
      // Only spenders of tainted coins are read; a coin taint reaches later has its spender read then.
      const spenders = appended.transactions.filter((tx) => tx.chain === chain && tx.inputs.some((i) => !i.coinbase && coins.has(`${i.prevTxid}:${i.prevVout}`)));
      const early = lastTx === undefined ? undefined : spenders.find((tx) => compareUtxoTransactions(tx, lastTx!) <= 0);
      if (early) return `${chain} transaction ${early.txid} is not after the last transaction the trace read`;
      // (A case with `until` is not resumed: app/watch-trace.ts traces it in full.)
      for (const tx of spenders) schedule(tx);
      await drain();
      return undefined;
    },
    report,
  };
  if (keep) keep(walk);
  else report(collector);
  return done;
}

/** The rule's share of an output plus a landing; under poison (exposure) a source counts once, by its fewest hops. */
function mergeTaint(share: Taint, landing: Taint, exposure: boolean): Taint {
  if (share.size === 0) return landing;
  const out = new Map(share);
  if (!exposure) return addTaint(out, landing);
  for (const [k, v] of landing) if ((out.get(k) ?? 0n) < v) out.set(k, v);
  return out;
}
