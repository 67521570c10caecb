// ForceAtlas2 (Jacomy et al., "ForceAtlas2, a continuous graph layout algorithm", PLoS ONE 2014) in a web
// worker (layout-worker.ts), run until the layout converges rather than for a fixed time: after every
// iteration the mean distance the nodes moved, relative to the extent of the drawing (the larger side
// of its bounding box), is measured; the layout is settled once that stays below `threshold` for `calm`
// iterations in a row, or after `maxIterations` / `maxMs` (a layout that keeps swinging still stops).
// The page keeps running meanwhile: the worker computes slices of iterations and sends positions after
// each; the page copies them onto the drawn graph.

import type Graph from 'graphology';
import { inferSettings } from 'graphology-layout-forceatlas2';
import type { LayoutJob, LayoutProgress } from './layout-worker.js';

export interface SettleOptions {
  /** Mean displacement per iteration / extent below which an iteration is calm (default 0.0005). */
  threshold?: number;
  /** Calm iterations in a row that settle the layout (default 5). */
  calm?: number;
  maxIterations?: number;
  maxMs?: number;
  /** Work of the worker between two position updates (default 30 ms). */
  sliceMs?: number;
}

export interface SettleReport {
  iterations: number;
  ms: number;
  /** Last mean displacement / extent. */
  displacement: number;
  converged: boolean;
}

export interface SettlingLayout {
  /** Stops the worker (the positions stay where they are). */
  kill(): void;
}

/** ForceAtlas2's defaults (graphology-layout-forceatlas2/defaults.js), which `iterate` expects complete. */
const DEFAULTS = {
  linLogMode: false,
  outboundAttractionDistribution: false,
  adjustSizes: false,
  edgeWeightInfluence: 1,
  scalingRatio: 1,
  strongGravityMode: false,
  gravity: 1,
  slowDown: 1,
  barnesHutOptimize: false,
  barnesHutTheta: 0.5,
};
const PPN = 10;
const PPE = 3;

/** Starts ForceAtlas2 on `graph`; `onSettled` is called once when it converged (or hit a limit). */
export function layoutUntilSettled(graph: Graph, onSettled: (report: SettleReport) => void, options: SettleOptions = {}): SettlingLayout {
  // The matrices as graphology-layout-forceatlas2 lays them out (helpers.graphToByteArrays), edge weight 1.
  const index = new Map<string, number>();
  const nodes = new Float32Array(graph.order * PPN);
  let j = 0;
  graph.forEachNode((node, a) => {
    index.set(node, j);
    nodes.set([a.x as number, a.y as number, 0, 0, 0, 0, 1, 1, (a.size as number) || 1, a.fixed ? 1 : 0], j);
    j += PPN;
  });
  const edges = new Float32Array(graph.size * PPE);
  j = 0;
  graph.forEachEdge((_e, _a, source, target) => {
    const s = index.get(source) as number;
    const t = index.get(target) as number;
    nodes[s + 6] += 1;
    nodes[t + 6] += 1;
    edges.set([s, t, 1], j);
    j += PPE;
  });
  const job: LayoutJob = {
    nodes: nodes.buffer,
    edges: edges.buffer,
    settings: { ...DEFAULTS, ...inferSettings(graph), slowDown: 5 },
    threshold: options.threshold ?? 0.0005,
    calm: options.calm ?? 5,
    maxIterations: options.maxIterations ?? 3000,
    maxMs: options.maxMs ?? 60_000,
    sliceMs: options.sliceMs ?? 30,
  };
  const worker = new Worker('layout-worker.js');
  let killed = false;
  worker.onmessage = (event: MessageEvent<LayoutProgress>) => {
    if (killed) return;
    const p = event.data;
    let i = 0;
    graph.updateEachNodeAttributes(
      (_node, attr) => {
        attr.x = p.positions[2 * i];
        attr.y = p.positions[2 * i + 1];
        i++;
        return attr;
      },
      { attributes: ['x', 'y'] },
    );
    if (p.done) {
      worker.terminate();
      onSettled({ iterations: p.iterations, ms: p.ms, displacement: p.displacement, converged: p.converged });
    }
  };
  worker.postMessage(job, [job.nodes, job.edges]);
  return {
    kill() {
      killed = true;
      worker.terminate();
    },
  };
}
