// The graph on screen: sigma v3 (WebGL) over a graphology graph, with a layered layout (trace view) or
// ForceAtlas2 run in a web worker until it converges (layout-settle.ts; neighbourhoods, communities), so
// the page never freezes. Export of the current view: PNG (sigma's canvases composed on white) and SVG
// (written from the graph's positions; text as text nodes, so escaped by the serializer).

import { MultiDirectedGraph } from 'graphology';
import Sigma from 'sigma';
import { layoutUntilSettled, type SettlingLayout } from './layout-settle.js';

export interface NodeSpec {
  id: string;
  label: string;
  color: string;
  size: number;
  x?: number;
  y?: number;
  /** Pinned: the layout does not move it from (x, y). */
  fixed?: boolean;
}

export interface EdgeSpec {
  id: string;
  source: string;
  target: string;
  color: string;
  size: number;
  label?: string;
}

export interface GraphViewOptions {
  layout: 'given' | 'force';
  onClickNode?(id: string): void;
}

let current: { sigma: Sigma; graph: MultiDirectedGraph; layout?: SettlingLayout; highlighted: Set<string> } | undefined;

/** Draws a graph in the container (replacing the previous one). */
export function showGraph(container: HTMLElement, nodes: NodeSpec[], edges: EdgeSpec[], options: GraphViewOptions): void {
  clearGraph();
  const graph = new MultiDirectedGraph();
  nodes.forEach((n, i) => {
    const angle = (2 * Math.PI * i) / Math.max(1, nodes.length);
    graph.addNode(n.id, { label: n.label, color: n.color, size: n.size, x: n.x ?? Math.cos(angle), y: n.y ?? Math.sin(angle), ...(n.fixed ? { fixed: true } : {}) });
  });
  for (const e of edges) {
    if (!graph.hasNode(e.source) || !graph.hasNode(e.target)) continue;
    graph.addDirectedEdgeWithKey(e.id, e.source, e.target, { color: e.color, size: e.size, label: e.label, type: 'arrow' });
  }
  const highlighted = new Set<string>();
  const sigma = new Sigma(graph, container, {
    renderEdgeLabels: false,
    labelRenderedSizeThreshold: 4,
    defaultEdgeType: 'arrow',
    allowInvalidContainer: true,
    edgeReducer: (edge, data) => (highlighted.size === 0 ? data : highlighted.has(edge) ? { ...data, color: '#d11a2a', zIndex: 1 } : { ...data, color: '#e3e6ea' }),
  });
  if (options.onClickNode) {
    const click = options.onClickNode;
    sigma.on('clickNode', ({ node }) => click(node));
  }
  current = { sigma, graph, highlighted };
  if (options.layout === 'force' && graph.order > 1) {
    const layout: SettlingLayout = layoutUntilSettled(graph, (report) => {
      if (current?.layout !== layout) return;
      document.body.dataset.layoutIterations = String(report.iterations);
      document.body.dataset.layout = 'settled';
    });
    current.layout = layout;
  } else document.body.dataset.layout = 'settled';
}

export function clearGraph(): void {
  if (!current) return;
  current.layout?.kill();
  current.sigma.kill();
  current = undefined;
  document.body.dataset.layout = '';
  delete document.body.dataset.layoutIterations;
}

/** Lights the given edges (the rest fade); none: back to normal. */
export function highlightEdges(ids: Iterable<string>): void {
  if (!current) return;
  current.highlighted.clear();
  for (const id of ids) if (current.graph.hasEdge(id)) current.highlighted.add(id);
  current.sigma.refresh();
}

/** Where the layout put a node, in graph coordinates (what a pin keeps). */
export function nodePosition(id: string): { x: number; y: number } | undefined {
  if (!current?.graph.hasNode(id)) return undefined;
  const a = current.graph.getNodeAttributes(id) as { x: number; y: number };
  return { x: a.x, y: a.y };
}

/** Where a node is drawn, in page pixels (for tests and keyboard focus). */
export function nodeOnPage(id: string): { x: number; y: number } | undefined {
  if (!current?.graph.hasNode(id)) return undefined;
  const a = current.graph.getNodeAttributes(id) as { x: number; y: number };
  const p = current.sigma.graphToViewport({ x: a.x, y: a.y });
  const box = current.sigma.getContainer().getBoundingClientRect();
  return { x: box.left + p.x, y: box.top + p.y };
}

function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The view as a PNG file. */
export function exportPng(name: string): void {
  if (!current) return;
  current.sigma.refresh();
  const canvases = Object.entries(current.sigma.getCanvases()).filter(([layer]) => layer !== 'mouse');
  const first = canvases[0][1];
  const out = document.createElement('canvas');
  out.width = first.width;
  out.height = first.height;
  const ctx = out.getContext('2d');
  if (!ctx) return;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, out.width, out.height);
  for (const [, c] of canvases) ctx.drawImage(c, 0, 0, out.width, out.height);
  out.toBlob((blob) => blob && download(blob, name), 'image/png');
}

/** The view as an SVG file (positions as on screen). */
export function exportSvg(name: string): void {
  if (!current) return;
  const { sigma, graph } = current;
  const NS = 'http://www.w3.org/2000/svg';
  const { width, height } = sigma.getDimensions();
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('xmlns', NS);
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  const bg = document.createElementNS(NS, 'rect');
  for (const [k, v] of [['width', '100%'], ['height', '100%'], ['fill', '#ffffff']]) bg.setAttribute(k, v);
  svg.append(bg);
  const at = (node: string) => {
    const a = graph.getNodeAttributes(node) as { x: number; y: number };
    return sigma.graphToViewport({ x: a.x, y: a.y });
  };
  graph.forEachEdge((edge, attrs, source, target) => {
    const p = at(source);
    const q = at(target);
    const line = document.createElementNS(NS, 'line');
    for (const [k, v] of [['x1', p.x], ['y1', p.y], ['x2', q.x], ['y2', q.y], ['stroke', attrs.color], ['stroke-width', attrs.size], ['stroke-opacity', 0.8]]) line.setAttribute(k, String(v));
    const title = document.createElementNS(NS, 'title');
    title.textContent = String(attrs.label ?? edge);
    line.append(title);
    svg.append(line);
  });
  graph.forEachNode((node, attrs) => {
    const p = at(node);
    const circle = document.createElementNS(NS, 'circle');
    for (const [k, v] of [['cx', p.x], ['cy', p.y], ['r', attrs.size], ['fill', attrs.color]]) circle.setAttribute(k, String(v));
    svg.append(circle);
    const text = document.createElementNS(NS, 'text');
    for (const [k, v] of [['x', p.x + attrs.size + 2], ['y', p.y + 4], ['font-size', 11], ['font-family', 'sans-serif']]) text.setAttribute(k, String(v));
    text.textContent = String(attrs.label ?? node);
    svg.append(text);
  });
  download(new Blob([new XMLSerializer().serializeToString(svg)], { type: 'image/svg+xml' }), name);
}
