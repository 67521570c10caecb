// A walk kept open after its last event, for the watch's incremental trace (issue 17). The walks are
// chain-order merges (TRACING.md, The walk), so a walk's state after its last event (the followed
// addresses and their rule states, scan mode's clean records, the tainted coins) is exactly where the
// events of later blocks continue from. `resume` feeds records appended after that point and walks them as a
// full walk would; `report` writes what a walk reports at its end (holdings, open unknown-order groups) to
// a collector of the caller's choosing, without changing the walk, so the walk can be resumed again.

import type { AccountTransfer } from '../model/transfer.js';
import type { UtxoTransaction } from '../model/utxo.js';
import type { TraceCollector } from './collector.js';

/** Records written to the store after the walks ran (whole later blocks, as the watch appends them). */
export interface AppendedEvents {
  transfers: readonly AccountTransfer[];
  transactions: readonly UtxoTransaction[];
}

export interface ResumableWalk {
  /**
   * Walks the appended records that concern this walk (already in the store). Returns undefined when
   * that was exact, else why it could not be (a record at or before the walk's last event): the walk is
   * then spoiled and the caller traces in full.
   */
  resume(appended: AppendedEvents): Promise<string | undefined>;
  /** Events this walk processed so far (its first run and every resume). */
  readonly events: number;
  /** Reports the end-of-walk rows to `out`; the walk's state is unchanged. */
  report(out: TraceCollector): void;
}
