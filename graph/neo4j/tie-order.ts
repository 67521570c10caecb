// Chain order (TRACING.md, The walk: block, txIndex, index, then id in code-point order) for transfers a
// Cypher query returns ordered by (block, txIndex, index) only: Cypher compares strings by UTF-16 code
// units, so the rare runs that tie on the position are re-sorted here by id. Synchronous, so that the
// streaming readers that use it add no async step per transfer.

import type { AccountTransfer } from '../../src/model/transfer.js';
import { compareCodePoints } from './records.js';

const samePlace = (a: AccountTransfer, b: AccountTransfer) => a.chain === b.chain && a.block === b.block && a.txIndex === b.txIndex && a.index === b.index;

/** Collects a run of transfers at one place; hands the previous run back, sorted by id, when the place changes. */
export class TieSorter {
  private run: AccountTransfer[] = [];

  /** Adds `t`; returns the finished run before it, if `t` starts a new place. */
  push(t: AccountTransfer): AccountTransfer[] | undefined {
    const done = this.run.length > 0 && !samePlace(this.run[0], t) ? this.end() : undefined;
    this.run.push(t);
    return done;
  }

  /** The last run, sorted by id. */
  end(): AccountTransfer[] {
    const out = this.run;
    this.run = [];
    if (out.length > 1) out.sort((a, b) => compareCodePoints(a.id, b.id));
    return out;
  }
}
