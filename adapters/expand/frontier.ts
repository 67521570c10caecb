// Shared pieces of case-scoped expansion: the per-address checks made before following money further
// (a tag in a stop category ends the walk there; a very busy address, such as an exchange hot wallet
// that is not tagged, is skipped and reported), and chain-order positions for account transfers.

import type { AccountTransfer } from '../../src/model/transfer.js';
import type { TagCategory } from '../../src/model/tag.js';
import type { ExpansionSource, GraphStore } from '../../src/ports.js';

/** Why the walk did not go past an address. */
export type Halt = { kind: 'stop'; category: TagCategory; label: string } | { kind: 'busy'; activity: number } | undefined;

export interface HaltCheckOptions {
  store: GraphStore;
  source: ExpansionSource;
  chain: string;
  stopAt: readonly TagCategory[];
  /** Addresses with more transactions than this are not expanded. */
  busyThreshold: number;
}

/** Decides, once per address, whether the walk stops there (tag) or skips it (busy). */
export class HaltCheck {
  private readonly cache = new Map<string, Halt>();
  constructor(private readonly opts: HaltCheckOptions) {}

  async check(address: string | null): Promise<Halt> {
    if (address === null) return undefined;
    if (this.cache.has(address)) return this.cache.get(address);
    let halt: Halt;
    const tags = await this.opts.store.tagsOf(this.opts.chain, address);
    const stopTag = tags.filter((t) => this.opts.stopAt.includes(t.category)).sort((a, b) => b.confidence - a.confidence)[0];
    if (stopTag) halt = { kind: 'stop', category: stopTag.category, label: stopTag.label };
    else if (this.opts.source.getActivityCount) {
      const activity = await this.opts.source.getActivityCount(address);
      if (activity !== undefined && activity > this.opts.busyThreshold) halt = { kind: 'busy', activity };
    }
    this.cache.set(address, halt);
    return halt;
  }
}

/** Chain-order position of an account transfer: block, txIndex, index. */
export function positionOf(t: Pick<AccountTransfer, 'block' | 'txIndex' | 'index'>): [number, number, number] {
  return [t.block, t.txIndex, t.index];
}

/** Compares two positions in chain order. */
export function comparePositions(a: readonly number[], b: readonly number[]): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}
