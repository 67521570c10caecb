// How far V8 lets the old generation grow between full garbage collections (issue 19). After a full GC
// V8 sets the next limit at up to 4x the live heap (its heap-growing factor for a busy program). A trace
// or an export makes many objects that live a little while (scan pages, taint splits, result rows), so
// most of its peak RSS was garbage waiting for that GC: the 10^6 peel case held ~260 MiB live at its last
// full GC and peaked at 913-953 MiB. A factor of 2 (`--heap-growing-percent=100`) gave 662-702 MiB, the
// 10^6 layered haircut trace 298-308 MiB instead of 403-409, at CPU within run-to-run noise
// (docs/performance.md). Set at start-up through v8.setFlagsFromString (a GC heuristic, read at each
// collection); a `--heap-growing-percent` given to node itself wins.

// A large heap is held tighter: once V8's heap passes LARGE_HEAP_BYTES (checked as long work reports
// progress, `noteProgress`), the old generation may grow to 1.5x the live heap. The 10^6 peel traces
// (118-122 MB live at the walk's end) peaked at 430-452 MiB with 2x throughout, 357-389 MiB tightened
// from 128 MiB on (from 256 MiB on: 416-436, too late: the limit set at the last collection stands
// until the next); the 10^6 layered fifo trace (~175 MiB) never reaches it (docs/performance.md,
// twelfth landing).

import { getHeapStatistics, setFlagsFromString } from 'node:v8';

/** The old generation may grow to (1 + this / 100) x the live heap before the next full GC. */
export const HEAP_GROWING_PERCENT = 100;
/** The same once the heap is large. */
export const LARGE_HEAP_GROWING_PERCENT = 50;
/** V8's used heap (garbage included) from which it is large. */
export const LARGE_HEAP_BYTES = 128 * 1024 * 1024;
/** How often `noteProgress` looks at the heap at most. */
const CHECK_EVERY_MS = 100;

/** True while this process sets the growth and has not tightened it yet. */
let watching = false;
let lastCheck = 0;

/** Caps V8's old-generation growth for this process (the CLI and the bench children that stand for it). */
export function limitHeapGrowth(): void {
  if (process.execArgv.some((a) => a.startsWith('--heap-growing-percent') || a.startsWith('--heap_growing_percent'))) return;
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  watching = true;
}

/** Called as long work reports progress: tightens the growth once the heap is large (once; cheap when called often). */
export function noteProgress(): void {
  if (!watching) return;
  const now = Date.now();
  if (now - lastCheck < CHECK_EVERY_MS) return;
  lastCheck = now;
  if (getHeapStatistics().used_heap_size < LARGE_HEAP_BYTES) return;
  watching = false;
  setFlagsFromString(`--heap-growing-percent=${LARGE_HEAP_GROWING_PERCENT}`);
}
