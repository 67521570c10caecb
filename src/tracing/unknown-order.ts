// Events of unknown order inside a block (TRACING.md, The walk: events are processed by block, then
// txIndex, then index). Some sources cannot give the position of a transfer inside its block (TronGrid
// reports txIndex 0 for every TRON transfer); their adapters mark such transfers `positionUnknown: true`
// (kept in `transfer.extra`). Where an address the trace follows has two or more events in one block and
// any of them has an unknown position, its figures rest on the stored order, so the result says so.
// Each address's events arrive in chain order, so only its latest block is held (one group per address;
// past many addresses, only while the walk is in that block: UnknownOrderWatch).

import type { AccountTransfer } from '../model/transfer.js';
import type { UnknownOrder } from '../model/trace-result.js';

/** True when the transfer's position inside its block is not known (`extra.positionUnknown: true`). */
export function hasUnknownPosition(t: AccountTransfer): boolean {
  return t.extra?.positionUnknown === true;
}

/** An address's events in its latest block so far. */
export interface BlockGroup {
  block: number;
  events: string[];
  unknown: boolean;
}

/**
 * Adds `t` to an address's group: the same group while the block is the same, else a new one (the
 * previous group is handed to `closed`). An event already last in the group (a self-transfer) counts once.
 */
export function extendGroup(group: BlockGroup | undefined, t: AccountTransfer, closed?: (g: BlockGroup) => void): BlockGroup {
  if (group && group.block === t.block) {
    if (group.events[group.events.length - 1] !== t.id) {
      group.events.push(t.id);
      if (hasUnknownPosition(t)) group.unknown = true;
    }
    return group;
  }
  if (group) closed?.(group);
  return { block: t.block, events: [t.id], unknown: hasUnknownPosition(t) };
}

/**
 * As extendGroup, for a group that nobody else holds: a new block reuses the group in place (no object
 * per block; the walk keeps one group per address it follows or replays as clean money). A group of one
 * event keeps an array of one (an event written in place; an array grown by push would hold 16 slots), a
 * group of two an array of two.
 */
export function advanceGroup(group: BlockGroup | undefined, t: AccountTransfer): BlockGroup {
  if (!group) return { block: t.block, events: [t.id], unknown: hasUnknownPosition(t) };
  const events = group.events;
  if (group.block === t.block) {
    if (events.length === 0) group.events = [t.id];
    else if (events[events.length - 1] === t.id) return group;
    // A second event makes an array of two (a push would reserve 17 slots: 168 bytes a group).
    else if (events.length === 1) group.events = [events[0], t.id];
    else events.push(t.id);
    if (hasUnknownPosition(t)) group.unknown = true;
    return group;
  }
  group.block = t.block;
  if (events.length === 1) events[0] = t.id;
  else group.events = [t.id];
  group.unknown = hasUnknownPosition(t);
  return group;
}

/** Whether a group is one of unknown order: two or more events, one of them of unknown position. */
export function isUnknownOrder(group: BlockGroup): boolean {
  return group.unknown && group.events.length >= 2;
}

/**
 * Groups held before the watch first drops those of blocks the walk has left. A group costs ~250 bytes
 * with its event ids; a peel chain's scan held ~63,000 of them (15 MB) under a floor of 65,536.
 */
const SWEEP_FROM = 8_192;

/**
 * Watches the addresses a walk follows on one chain and reports their blocks of unknown order. Events
 * arrive in chain order, so a group of a block the walk has left can only be closed. While few addresses
 * are followed each keeps its group (reused in place from block to block: no garbage per event); past
 * `sweepFrom` groups, those of blocks left are reported (if they must be) and dropped, so a walk that
 * follows millions of addresses (a peel chain) holds the groups of recent blocks only. Blocks of events
 * that may still arrive out of place (landings applied after their own place) keep their groups.
 */
export class UnknownOrderWatch {
  private readonly groups = new Map<string, BlockGroup>();
  /** The block the walk is in: its next events are there or later (landings aside). */
  private block = Number.NEGATIVE_INFINITY;
  private sweepAt: number;

  constructor(
    private readonly chain: string,
    private readonly report: (row: UnknownOrder) => void,
    /** Whether the walk follows `address`, a party of `t` (a followed address without a group gets one at its next event). */
    private readonly follows: (address: string, t: AccountTransfer) => boolean,
    /** Blocks whose groups are never dropped early (blocks of landings, which may be applied after later events). */
    private readonly lateBlocks: ReadonlySet<number> = new Set(),
    private readonly sweepFrom = SWEEP_FROM,
  ) {
    this.sweepAt = sweepFrom;
  }

  /** Starts watching `address`; `carried` is its group from before taint arrived (replayed history). */
  start(address: string, carried: BlockGroup | undefined, at: AccountTransfer): void {
    this.add(address, carried && carried.block === at.block ? carried : { block: at.block, events: [], unknown: false });
  }

  /**
   * Notes an event of a watched address. A new block reports the group if it must, then reuses it for the
   * new block (as extendGroup, without an object and a closure per event: the trace notes every event).
   */
  note(address: string, t: AccountTransfer): void {
    let group = this.groups.get(address);
    if (!group) {
      if (!this.follows(address, t)) return;
      group = { block: t.block, events: [], unknown: false };
      this.add(address, group);
    } else if (group.block !== t.block) this.flush(address, group);
    advanceGroup(group, t);
  }

  /** The walk's next events are at `block` or later (landings aside). */
  leaveBlocksBefore(block: number): void {
    if (block > this.block) this.block = block;
  }

  /** Reports the groups still open to `report` without closing them (a resumable walk reports at each end). */
  open(report: (row: UnknownOrder) => void): void {
    for (const [address, g] of this.groups) if (isUnknownOrder(g)) report({ chain: this.chain, address, block: g.block, events: [...g.events] });
  }

  private add(address: string, group: BlockGroup): void {
    this.groups.set(address, group);
    if (this.groups.size < this.sweepAt) return;
    // Closes the groups of blocks left (amortized: the next sweep waits until the groups double).
    for (const [a, g] of this.groups) {
      if (g.block >= this.block || this.lateBlocks.has(g.block)) continue;
      this.flush(a, g);
      this.groups.delete(a);
    }
    this.sweepAt = Math.max(this.sweepFrom, this.groups.size * 2);
  }

  private flush(address: string, g: BlockGroup): void {
    if (isUnknownOrder(g)) this.report({ chain: this.chain, address, block: g.block, events: [...g.events] });
  }
}
