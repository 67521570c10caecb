// Batched reads for the walks on a server store (GraphStore.batchReads, issue 18): instead of one round
// trip per address that taint reaches, the account walk reads ahead. In scan mode it buffers a window
// of the chain-order scan and reads the tags of every address the window can bring taint to in one
// batch; in merge mode, when taint reaches an address not read yet, it reads the tags and ledgers of the
// whole frontier (the recipients of the next pending event of every followed address) at once. Reading
// ahead only fills caches: the walk makes the same decisions in the same order, so results are
// byte-identical with or without it (an address the look-ahead missed is read on its own, as before).

import type { AccountTransfer } from '../model/transfer.js';

/** Transfers of one scan window read before any of them is processed. */
export const SCAN_WINDOW = 5_000;
/** Addresses read together when taint reaches a new one in merge mode. */
export const FRONTIER_BATCH = 500;
/** Ledgers longer than this are streamed as before (a busy address is not held in memory). */
export const LEDGER_LIMIT = 2_000;
/** Transfers kept in prefetched ledgers before the cache is dropped. */
const LEDGER_CACHE_EVENTS = 500_000;

/** Yields `source` unchanged, calling `before(window)` for each window of `size` items before yielding it. */
export async function* inWindows<T>(source: AsyncIterable<T>, size: number, before: (window: readonly T[]) => Promise<void>): AsyncIterable<T> {
  let window: T[] = [];
  for await (const item of source) {
    window.push(item);
    if (window.length >= size) {
      await before(window);
      yield* window;
      window = [];
    }
  }
  if (window.length > 0) {
    await before(window);
    yield* window;
  }
}

/**
 * The recipients a window of transfers can bring taint to: those paid by an address already reached, by
 * a source payment, or by an address the window itself reached earlier (an over-estimate is harmless).
 */
export function reachableIn(window: readonly AccountTransfer[], reached: (address: string) => boolean, isSource: (t: AccountTransfer) => boolean): string[] {
  const found = new Set<string>();
  for (const t of window) {
    if (t.to === null || reached(t.to) || found.has(t.to)) continue;
    if (isSource(t) || reached(t.from) || found.has(t.from)) found.add(t.to);
  }
  return [...found];
}

/** Prefetched ledgers of one (chain, asset) walk, taken once each. */
export class LedgerCache {
  private readonly ledgers = new Map<string, AccountTransfer[]>();
  /** Addresses asked for already (prefetched, too busy, or taken). */
  private readonly asked = new Set<string>();
  private events = 0;

  has(address: string): boolean {
    return this.asked.has(address);
  }

  /** Stores the ledgers read for `addresses` (those absent from `found` were too busy: streamed later). */
  put(addresses: readonly string[], found: Map<string, AccountTransfer[]>): void {
    if (this.events > LEDGER_CACHE_EVENTS) {
      this.ledgers.clear();
      this.events = 0;
    }
    for (const a of addresses) {
      this.asked.add(a);
      const list = found.get(a);
      if (list) {
        this.ledgers.set(a, list);
        this.events += list.length;
      }
    }
  }

  /** The prefetched ledger of `address`, removed from the cache; undefined: stream it from the store. */
  take(address: string): AccountTransfer[] | undefined {
    const list = this.ledgers.get(address);
    if (list) {
      this.ledgers.delete(address);
      this.events -= list.length;
    }
    return list;
  }
}
