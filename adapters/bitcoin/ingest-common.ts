// What every Bitcoin ingest shares: the summary it returns, its options (confirmations, progress,
// interruption) and the checkpoint value format. Each batch is written with GraphStore.importBatch
// together with its checkpoint, so a crash or Ctrl-C loses nothing committed and the next run resumes.

import type { ImportSummary } from '../../src/ports.js';

/** Default confirmations required before a block is ingested (reorganisation safety). */
export const DEFAULT_CONFIRMATIONS = 6;

export interface IngestSummary {
  chain: string;
  /** Batches committed (blocks for --rpc and --blk-files, pages or transactions for --esplora). */
  batches: number;
  transactions: { added: number; existing: number };
  /** Highest block ingested, if any. */
  lastBlock?: number;
  /** Where a previous interrupted run had stopped (the checkpoint found), if any. */
  resumedAfter?: string;
  /** Things not ingested, and why (not enough confirmations, stale blocks, unconfirmed transactions). */
  skipped: { what: string; reason: string }[];
  /** Transactions fetched from the source only to resolve inputs. */
  prevoutFetches: number;
  /** True when stopped early by the signal (Ctrl-C); run again to resume. */
  interrupted: boolean;
}

export interface IngestProgress {
  /** Called after each committed batch. */
  onBatch?: (info: { label: string; transactions: number; block?: number }) => void;
  /** Total batches expected, once known. */
  onTotal?: (total: number) => void;
}

export interface BaseIngestOptions extends IngestProgress {
  /** Blocks need at least this many confirmations (default 6). */
  confirmations?: number;
  /** Stop cleanly between batches when aborted (Ctrl-C). */
  signal?: AbortSignal;
}

/** A fresh, empty summary. */
export function emptySummary(chain: string): IngestSummary {
  return { chain, batches: 0, transactions: { added: 0, existing: 0 }, skipped: [], prevoutFetches: 0, interrupted: false };
}

/** Adds a committed batch's counts to the summary. */
export function addCounts(summary: IngestSummary, result: ImportSummary): void {
  summary.batches++;
  summary.transactions.added += result.transactions.added;
  summary.transactions.existing += result.transactions.existing;
}

/** The checkpoint value of a block ingest: the last committed block. */
export interface BlockCheckpoint {
  height: number;
  hash: string;
}

export function parseBlockCheckpoint(value: string | undefined): BlockCheckpoint | undefined {
  if (value === undefined) return undefined;
  try {
    const v = JSON.parse(value) as BlockCheckpoint;
    if (Number.isSafeInteger(v.height) && typeof v.hash === 'string') return v;
  } catch {
    // An unreadable checkpoint restarts from the beginning; imports are idempotent.
  }
  return undefined;
}
