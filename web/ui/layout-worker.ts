// The layout worker (bundled apart as dist/web/ui/layout-worker.js, web/ui/layout-settle.ts starts it):
// ForceAtlas2 iterations (graphology-layout-forceatlas2's own `iterate` on its node and edge matrices)
// run in slices of a few milliseconds, as many iterations as fit in a slice, each followed by the
// convergence measure: the mean distance the nodes moved, over the extent of the drawing. After each
// slice the positions go to the page; the worker stops once the measure stayed below the threshold for
// `calm` iterations in a row, or at the iteration or time cap. One message a slice, not one an
// iteration: on a loaded machine every wake-up of a thread costs more than an iteration of a few
// hundred nodes.

import iterate from 'graphology-layout-forceatlas2/iterate.js';

/** Values per node in the matrix (x, y, dx, dy, old dx, old dy, mass, convergence, size, fixed). */
const PPN = 10;

export interface LayoutJob {
  nodes: ArrayBuffer;
  edges: ArrayBuffer;
  settings: Record<string, unknown>;
  threshold: number;
  calm: number;
  maxIterations: number;
  maxMs: number;
  sliceMs: number;
}

export interface LayoutProgress {
  /** x, y per node, in the page graph's node order. */
  positions: Float32Array;
  iterations: number;
  displacement: number;
  ms: number;
  done: boolean;
  converged: boolean;
}

const scope = self as unknown as { postMessage(message: unknown, transfer: Transferable[]): void; onmessage: ((e: MessageEvent<LayoutJob>) => void) | null };

scope.onmessage = (event) => {
  const job = event.data;
  const nodes = new Float32Array(job.nodes);
  const edges = new Float32Array(job.edges);
  const order = nodes.length / PPN;
  const prev = new Float64Array(order * 2);
  for (let i = 0; i < order; i++) {
    prev[2 * i] = nodes[i * PPN];
    prev[2 * i + 1] = nodes[i * PPN + 1];
  }
  const started = performance.now();
  let iterations = 0;
  let calm = 0;
  let displacement = Number.POSITIVE_INFINITY;
  const slice = () => {
    const sliceStart = performance.now();
    let done = false;
    do {
      iterate(job.settings, nodes, edges);
      iterations++;
      let moved = 0;
      let minX = Number.POSITIVE_INFINITY;
      let maxX = Number.NEGATIVE_INFINITY;
      let minY = Number.POSITIVE_INFINITY;
      let maxY = Number.NEGATIVE_INFINITY;
      for (let i = 0; i < order; i++) {
        const x = nodes[i * PPN];
        const y = nodes[i * PPN + 1];
        moved += Math.hypot(x - prev[2 * i], y - prev[2 * i + 1]);
        prev[2 * i] = x;
        prev[2 * i + 1] = y;
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
      displacement = moved / order / (Math.max(maxX - minX, maxY - minY) || 1);
      calm = displacement < job.threshold ? calm + 1 : 0;
      done = calm >= job.calm || iterations >= job.maxIterations || performance.now() - started >= job.maxMs;
    } while (!done && performance.now() - sliceStart < job.sliceMs);
    const positions = new Float32Array(order * 2);
    for (let i = 0; i < order; i++) {
      positions[2 * i] = nodes[i * PPN];
      positions[2 * i + 1] = nodes[i * PPN + 1];
    }
    const progress: LayoutProgress = { positions, iterations, displacement, ms: performance.now() - started, done, converged: calm >= job.calm };
    scope.postMessage(progress, [positions.buffer]);
    if (!done) setTimeout(slice, 0);
  };
  slice();
};
