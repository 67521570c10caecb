// How far V8 lets the old generation grow between full garbage collections (issue 19). After a full GC
// V8 sets the next limit at up to 4x the live heap (its heap-growing factor for a busy program). A trace
// or an export makes many objects that live a little while (scan pages, taint splits, result rows), so
// most of its peak RSS was garbage waiting for that GC: the 10^6 peel case held ~260 MiB live at its last
// full GC and peaked at 913-953 MiB. A factor of 2 (`--heap-growing-percent=100`) gave 662-702 MiB, the
// 10^6 layered haircut trace 298-308 MiB instead of 403-409, at CPU within run-to-run noise
// (docs/performance.md). Set at start-up through v8.setFlagsFromString (a GC heuristic, read at each
// collection); a `--heap-growing-percent` given to node itself wins.

import { setFlagsFromString } from 'node:v8';

/** The old generation may grow to (1 + this / 100) x the live heap before the next full GC. */
export const HEAP_GROWING_PERCENT = 100;

/** Caps V8's old-generation growth for this process (the CLI and the bench children that stand for it). */
export function limitHeapGrowth(): void {
  if (process.execArgv.some((a) => a.startsWith('--heap-growing-percent') || a.startsWith('--heap_growing_percent'))) return;
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
