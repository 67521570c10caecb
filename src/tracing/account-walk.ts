// The account-model walk (TRACING.md, The walk and Account model) for one chain and asset: a merge, in
// chain order (block, txIndex, index), of the ledgers of the addresses that taint has reached. Only those
// ledgers are read (store.ledger per address and asset), so the work grows with the transfers taint
// reaches, not with the store. When taint first reaches an address, its earlier events are replayed as
// clean money to know its balance (and lots) at that point; the walk then follows it to the end.
// When taint has spread to very many addresses (more than ctx.scanAfter), one ledger query per address
// costs more than reading the chain once: the walk then switches to a single chain-order scan
// (store.transfers) that keeps the clean balance of every untracked address instead of replaying
// ledgers. Both modes give the same result (tested).

import type { AccountTransfer } from '../model/transfer.js';
import { compareTransfers } from '../model/transfer.js';
import type { AccountPolicy, AccountState } from './account/account-policy.js';
import { MinHeap } from './heap.js';
import { toScaled } from './scaled.js';
import { advanceHops, emptyTaint, minHop, type Taint } from './taint.js';
import { type Bucket, emptyBucket, type FlowInput } from './collector.js';
import { type BlockGroup, extendGroup, UnknownOrderWatch } from './unknown-order.js';
import { isAfterUntil, reportHolding, stopTagOf, type WalkContext } from './walk-context.js';

export interface AccountPayment {
  sourceIndex: number;
  sourceId: string;
  transfer: AccountTransfer;
}

interface Tracked {
  address: string;
  state: AccountState;
  /** Merge mode: the address's ledger, positioned after the events already seen. */
  iterator?: AsyncIterator<AccountTransfer>;
  /** An event of this address was cut by `until`. */
  cut: boolean;
  /** Taint that would have moved past maxHops (holding `hop-limit`). */
  hopLimited: Bucket;
  /** Taint a victim's own payment would have carried out (held here, see docs/tracing.md). */
  parked: Bucket;
}

/** Scan mode: what an untracked address did so far, as clean money. */
interface CleanRecord {
  balance: bigint;
  shortfall: bigint;
  shortfallRef?: string;
  cut: boolean;
  /** Its events in its latest block (for unknown-order reporting). */
  group?: BlockGroup;
}

interface Pending {
  transfer: AccountTransfer;
  owner?: Tracked;
}

/** Walks one (chain, asset) from its victim payments; reports to ctx.collector. Returns events processed. */
export async function walkAccount(ctx: WalkContext, chain: string, asset: string, rule: AccountPolicy, payments: AccountPayment[], done0 = 0): Promise<number> {
  const { keys, collector } = ctx;
  const dust = ctx.dustOf(chain, asset);
  const victims = new Map(payments.map((p) => [p.transfer.id, p]));
  const tracked = new Map<string, Tracked>();
  const heap = new MinHeap<Pending>((a, b) => compareTransfers(a.transfer, b.transfer));
  for (const p of payments) heap.push({ transfer: p.transfer });
  let last: AccountTransfer | undefined;
  let done = done0;
  let scanning = false;
  const clean = new Map<string, CleanRecord>();
  const watch = new UnknownOrderWatch(chain, (row) => collector.addUnknownOrder(row));

  const advance = async (owner: Tracked) => {
    const next = await owner.iterator?.next();
    if (next && !next.done) heap.push({ transfer: next.value, owner });
  };

  const shortfall = (address: string, amount: bigint, t: AccountTransfer) => {
    if (amount > 0n) collector.addShortfall(chain, asset, address, amount, t.id);
  };

  /** Starts following `address`: its events before `at` become its clean opening balance. */
  const activate = async (address: string, at: AccountTransfer): Promise<Tracked> => {
    const t: Tracked = { address, state: rule.create(), cut: false, hopLimited: emptyBucket(), parked: emptyBucket() };
    tracked.set(address, t);
    if (scanning) {
      const rec = clean.get(address);
      if (rec) {
        clean.delete(address);
        rule.inflow(t.state, rec.balance, emptyTaint(), `${address}:opening`);
        if (rec.shortfall > 0n) collector.addShortfall(chain, asset, address, rec.shortfall, rec.shortfallRef!);
        t.cut = rec.cut;
      }
      watch.start(address, rec?.group, at);
      return t;
    }
    const iterator = ctx.store.ledger(chain, address, { asset })[Symbol.asyncIterator]();
    t.iterator = iterator;
    let group: BlockGroup | undefined;
    for (;;) {
      const next = await iterator.next();
      if (next.done) break;
      const e = next.value;
      if (compareTransfers(e, at) >= 0) {
        heap.push({ transfer: e, owner: t });
        break;
      }
      if (isAfterUntil(e.time, ctx.untilMs)) {
        t.cut = true;
        continue;
      }
      if (e.from === address) shortfall(address, rule.outflow(t.state, e.amount).shortfall, e);
      if (e.to === address) rule.inflow(t.state, e.amount, emptyTaint(), e.id);
      group = extendGroup(group, e);
    }
    watch.start(address, group, at);
    return t;
  };

  /** Scan mode: applies a transfer to the clean records of its untracked parties. */
  const record = (address: string): CleanRecord => {
    let rec = clean.get(address);
    if (!rec) {
      rec = { balance: 0n, shortfall: 0n, cut: false };
      clean.set(address, rec);
    }
    return rec;
  };
  const applyClean = (t: AccountTransfer) => {
    const fromTracked = tracked.has(t.from);
    const toTracked = t.to === null || tracked.has(t.to);
    if (fromTracked && toTracked) return;
    if (isAfterUntil(t.time, ctx.untilMs)) {
      if (!fromTracked) record(t.from).cut = true;
      if (!toTracked) record(t.to!).cut = true;
      return;
    }
    if (!fromTracked) record(t.from).group = extendGroup(record(t.from).group, t);
    if (!toTracked) record(t.to!).group = extendGroup(record(t.to!).group, t);
    if (!fromTracked) {
      const rec = record(t.from);
      if (t.amount > rec.balance) {
        if (rec.shortfall === 0n) rec.shortfallRef = t.id;
        rec.shortfall += t.amount - rec.balance;
        rec.balance = 0n;
      } else rec.balance -= t.amount;
    }
    if (!toTracked) record(t.to!).balance += t.amount;
  };

  const flow = (t: AccountTransfer, taint: Taint, outcome: FlowInput['outcome'], parents: string[] | undefined, source: string | undefined) => {
    if (!collector.collectsFlows) return;
    collector.addFlow({ chain, asset, ref: t.id, txHash: t.txHash, block: t.block, time: t.time, from: t.from, to: t.to, taint, outcome, parents, source });
  };

  /** Delivers moving taint to the recipient; returns a promise only when it must read the store. */
  const deliver = (t: AccountTransfer, moving: Taint, parents: string[] | undefined, source: string | undefined): Promise<void> | undefined => {
    const recipient = t.to === null ? undefined : tracked.get(t.to);
    if (moving.size === 0) {
      if (recipient) rule.inflow(recipient.state, t.amount, moving, t.id);
      return;
    }
    if (t.to === null) {
      collector.addFee(chain, asset, moving);
      flow(t, moving, 'fee', parents, source);
      return;
    }
    if (source === undefined && dust > 0n && collector.amountOf(moving) < dust) {
      collector.addDropped(chain, asset, t.to, moving);
      flow(t, moving, 'dropped', parents, source);
      if (recipient) rule.inflow(recipient.state, t.amount, emptyTaint(), t.id);
      return;
    }
    if (recipient) {
      rule.inflow(recipient.state, t.amount, moving, t.id);
      flow(t, moving, 'followed', parents, source);
      return;
    }
    return deliverToNew(t, t.to, moving, parents, source);
  };

  /** Taint reaching an address for the first time: an endpoint, or an address to follow from now on. */
  const deliverToNew = async (t: AccountTransfer, to: string, moving: Taint, parents: string[] | undefined, source: string | undefined) => {
    const stop = await stopTagOf(ctx, chain, to);
    if (stop) {
      collector.addEndpoint(chain, asset, to, stop, moving, minHop(moving, keys), { ref: t.id, time: t.time });
      flow(t, moving, 'endpoint', parents, source);
      return;
    }
    const fresh = await activate(to, t);
    // A self-transfer that first brings taint (a victim paying itself): its outflow side happens here.
    if (t.from === to) shortfall(t.from, rule.outflow(fresh.state, t.amount).shortfall, t);
    rule.inflow(fresh.state, t.amount, moving, t.id);
    flow(t, moving, 'followed', parents, source);
  };

  /** After an event was processed: notes it for the followed addresses it touches (unknown order). */
  const noteEvent = (t: AccountTransfer) => {
    if (!victims.has(t.id) && isAfterUntil(t.time, ctx.untilMs)) return;
    watch.note(t.from, t);
    if (t.to !== null && t.to !== t.from) watch.note(t.to, t);
  };

  /** Processes one event; returns a promise only when it must read the store. */
  const process = (t: AccountTransfer): Promise<void> | undefined => {
    const victim = victims.get(t.id);
    const sender = tracked.get(t.from);
    if (victim === undefined && isAfterUntil(t.time, ctx.untilMs)) {
      if (sender) sender.cut = true;
      const recipient = t.to === null ? undefined : tracked.get(t.to);
      if (recipient) recipient.cut = true;
      return;
    }
    let carried = emptyTaint();
    let parents: string[] | undefined;
    if (sender) {
      const out = rule.outflow(sender.state, t.amount);
      shortfall(sender.address, out.shortfall, t);
      carried = out.taint;
      parents = out.parents;
    }
    if (victim !== undefined) {
      // The payment is wholly its victim's money; what the victim's address held does not matter.
      if (sender && !rule.exposure) collector.fill(sender.parked, carried);
      const moving: Taint = new Map([[keys.key(victim.sourceIndex, 1), toScaled(t.amount)]]);
      const cut = () => {
        const r = t.to === null ? undefined : tracked.get(t.to);
        if (r && isAfterUntil(t.time, ctx.untilMs)) r.cut = true;
      };
      const pending = deliver(t, moving, undefined, victim.sourceId);
      if (pending) return pending.then(cut);
      cut();
      return;
    }
    if (carried.size === 0) return deliver(t, carried, undefined, undefined);
    const { moved, blocked } = advanceHops(carried, keys);
    if (sender && blocked.size > 0) collector.fill(sender.hopLimited, blocked);
    return deliver(t, moved, moved.size > 0 ? parents : undefined, undefined);
  };

  const scanAfter = ctx.scanAfter ?? Number.POSITIVE_INFINITY;
  while (!scanning) {
    if (tracked.size > scanAfter || scanAfter === 0) {
      scanning = true;
      break;
    }
    const next = heap.pop();
    if (!next) break;
    if (next.owner) await advance(next.owner);
    if (last && compareTransfers(next.transfer, last) <= 0) continue;
    last = next.transfer;
    const pending = process(next.transfer);
    if (pending) await pending;
    noteEvent(next.transfer);
    done++;
    if (done % 10_000 === 0) ctx.progress(done);
  }

  if (scanning) {
    // Close the ledgers (each holds a statement and a page of rows), then read the chain once.
    for (const t of tracked.values()) {
      await t.iterator?.return?.();
      t.iterator = undefined;
    }
    for await (const t of ctx.store.transfers({ chain })) {
      if (t.asset !== asset) continue;
      if (last && compareTransfers(t, last) <= 0) {
        applyClean(t);
        continue;
      }
      last = t;
      if (!victims.has(t.id) && !tracked.has(t.from) && (t.to === null || !tracked.has(t.to))) {
        applyClean(t);
        continue;
      }
      const pending = process(t);
      if (pending) await pending;
      noteEvent(t);
      applyClean(t);
      done++;
      if (done % 10_000 === 0) ctx.progress(done);
    }
  }

  watch.finish();
  for (const t of tracked.values()) {
    const held = emptyBucket();
    collector.fill(held, rule.held(t.state));
    collector.fill(held, t.parked.taint);
    reportHolding(ctx, chain, asset, t.address, t.cut ? 'until' : 'unspent', held, dust);
    reportHolding(ctx, chain, asset, t.address, 'hop-limit', t.hopLimited, dust);
  }
  return done;
}
