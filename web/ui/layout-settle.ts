// ForceAtlas2 (Jacomy et al., "ForceAtlas2, a continuous graph layout algorithm", PLoS ONE 2014) in a web
// worker, run until the layout converges rather than for a fixed time: after every iteration the mean
// distance the nodes moved, relative to the extent of the drawing (the larger side of its bounding
// box), is measured; the layout is settled once that stays below `threshold` for `calm` iterations in a
// row, or after `maxIterations` / `maxMs` (a layout that keeps swinging still stops). The page keeps
// running meanwhile: the worker computes, the main thread only copies positions.

import type Graph from 'graphology';
import { inferSettings } from 'graphology-layout-forceatlas2';
import FA2Layout from 'graphology-layout-forceatlas2/worker';

export interface SettleOptions {
  /** Mean displacement per iteration / extent below which an iteration is calm (default 0.0005). */
  threshold?: number;
  /** Calm iterations in a row that settle the layout (default 5). */
  calm?: number;
  maxIterations?: number;
  maxMs?: number;
}

export interface SettleReport {
  iterations: number;
  ms: number;
  /** Last mean displacement / extent. */
  displacement: number;
  converged: boolean;
}

/** Starts ForceAtlas2 on `graph`; `onSettled` is called once when it converged (or hit a limit) and stopped. */
export function layoutUntilSettled(graph: Graph, onSettled: (report: SettleReport) => void, options: SettleOptions = {}): FA2Layout {
  const threshold = options.threshold ?? 0.0005;
  const calmNeeded = options.calm ?? 5;
  const maxIterations = options.maxIterations ?? 3000;
  const maxMs = options.maxMs ?? 60_000;
  const order = graph.order;
  const prev = new Float64Array(order * 2);
  let i = 0;
  graph.forEachNode((_n, a) => {
    prev[2 * i] = a.x as number;
    prev[2 * i + 1] = a.y as number;
    i++;
  });
  i = 0;
  let moved = 0;
  let minX = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  let iterations = 0;
  let calm = 0;
  let done = false;
  const started = performance.now();
  const layout: FA2Layout = new FA2Layout(graph, {
    settings: { ...inferSettings(graph), slowDown: 5 },
    // Called for every node, in the graph's order, each time the worker returns an iteration.
    outputReducer: (_key, attr) => {
      const x = attr.x as number;
      const y = attr.y as number;
      moved += Math.hypot(x - prev[2 * i], y - prev[2 * i + 1]);
      prev[2 * i] = x;
      prev[2 * i + 1] = y;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
      if (++i === order) {
        iterations++;
        const extent = Math.max(maxX - minX, maxY - minY) || 1;
        const displacement = moved / order / extent;
        calm = displacement < threshold ? calm + 1 : 0;
        const ms = performance.now() - started;
        if (!done && (calm >= calmNeeded || iterations >= maxIterations || ms >= maxMs)) {
          done = true;
          layout.stop();
          onSettled({ iterations, ms, displacement, converged: calm >= calmNeeded });
        }
        i = 0;
        moved = 0;
        minX = minY = Number.POSITIVE_INFINITY;
        maxX = maxY = Number.NEGATIVE_INFINITY;
      }
      return attr;
    },
  });
  layout.start();
  return layout;
}
