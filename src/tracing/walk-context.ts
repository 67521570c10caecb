// What both walks (account and UTXO) share: the store they read, the taint keys, the collector they
// report to, the tag resolver for stop decisions, and the case's limits (until, dust, stopAt).

import type { TagResolver } from '../attribution/resolve-tags.js';
import type { Tag } from '../model/tag.js';
import type { GraphStore } from '../ports.js';
import type { HoldingReason } from '../model/trace-result.js';
import type { Bucket, TraceCollector } from './collector.js';
import type { ConversionBook } from './conversion-book.js';
import type { TaintKeys } from './taint.js';

export interface WalkContext {
  store: GraphStore;
  keys: TaintKeys;
  collector: TraceCollector;
  tags: TagResolver;
  stopAt: ReadonlySet<string>;
  /** Events with a time after this (ms since epoch) are ignored. */
  untilMs?: number;
  /** Dust threshold in scaled units for a chain and asset (0n: none). */
  dustOf(chain: string, asset: string): bigint;
  /** Called with the number of events processed so far. */
  progress(done: number): void;
  /** Account model: switch from per-address ledgers to one chain scan beyond this many tracked addresses. */
  scanAfter?: number;
  /** Account model: unknown-order groups held before those of blocks left are dropped (TraceOptions). */
  unknownOrderSweepFrom?: number;
  /** The conversions of the chains reached (TRACING.md v2); absent when the store has none. */
  conversions?: ConversionBook;
}

/** True when an event's time is after `until` (events without a time are never cut). */
export function isAfterUntil(time: string | undefined, untilMs: number | undefined): boolean {
  return untilMs !== undefined && time !== undefined && Date.parse(time) > untilMs;
}

/**
 * The tag that stops the trace at `address`, if its deciding tag's category is in stopAt (a direct tag
 * wins over inherited ones; a disagreement between them is recorded in the result).
 */
export async function stopTagOf(ctx: WalkContext, chain: string, address: string): Promise<Tag | undefined> {
  const tag = await ctx.tags.bestOf(chain, address);
  const stop = tag && ctx.stopAt.has(tag.category) ? tag : undefined;
  const conflict = await ctx.tags.conflictOf(chain, address);
  if (conflict) ctx.collector.addTagConflict(chain, address, conflict, stop !== undefined);
  return stop;
}

/** A holding row, or dropped value when it is below the dust threshold. */
export function reportHolding(ctx: WalkContext, chain: string, asset: string, address: string, reason: HoldingReason, held: Bucket, dust: bigint, outputs: string[] = []): void {
  if (held.taint.size === 0) return;
  if (dust > 0n && held.amount < dust) ctx.collector.addDropped(chain, asset, address, held.taint, held.amount);
  else ctx.collector.addHolding(chain, asset, address, reason, held, outputs);
}
