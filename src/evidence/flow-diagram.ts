// Layout of the flow diagram (victims -> hops -> cash-out points) shared by the SVG (HTML report) and
// the PDF's vector drawing. Columns are hop numbers (victims first, cash-out points last), rows are
// ordered by amount. Big cases are capped: the most significant nodes are drawn and the rest are
// counted ("N more in flows.csv").

import { assetInfo } from '../model/asset.js';
import { formatAssetAmount } from './amount-format.js';
import { parseScaled } from './decimal.js';
import type { FlowEdge, FlowGraph, FlowNode, FlowNodeKind } from './flow-graph.js';

export interface DiagramOptions {
  /** Most nodes drawn (default 48). */
  maxNodes?: number;
}

export interface DiagramNode {
  id: string;
  kind: FlowNodeKind;
  x: number;
  y: number;
  w: number;
  h: number;
  title: string;
  subtitle: string;
}

export interface DiagramEdge {
  from: string;
  to: string;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  /** Amount label ('' when it would overlap another label or a node: the tables have every amount). */
  label: string;
  /** Centre of the label's baseline. */
  labelX: number;
  labelY: number;
}

export interface DiagramLayout {
  width: number;
  height: number;
  nodes: DiagramNode[];
  edges: DiagramEdge[];
  /** Column headings with their x centre. */
  columns: { x: number; title: string }[];
  omittedNodes: number;
  omittedEdges: number;
}

const NODE_W = 168;
const NODE_H = 40;
const COL_GAP = 96;
const ROW_GAP = 22;
const MARGIN = 24;
const HEADER = 28;

const KIND_ORDER: Record<FlowNodeKind, number> = { victim: 0, intermediate: 1, holding: 2, endpoint: 3, fee: 4 };

/** Shortens an address for display: 0x28C6c0...bF21d60 -> 0x28C6...1d60. */
export function shortAddress(address: string): string {
  return address.length > 16 ? `${address.slice(0, 8)}...${address.slice(-6)}` : address;
}

/** An amount in human units (scaled by 10^9), so assets of other decimals compare roughly. */
function humanWeight(chain: string, asset: string, scaled: bigint): bigint {
  return scaled / 10n ** BigInt(assetInfo(chain, asset).decimals ?? 0);
}

/** A node's largest inflow in human units. */
function nodeWeight(n: FlowNode): bigint {
  let best = 0n;
  for (const [asset, scaled] of n.inflow) {
    const w = humanWeight(n.chain, asset, scaled);
    if (w > best) best = w;
  }
  return best;
}

function compareBig(a: bigint, b: bigint): number {
  return a > b ? -1 : a < b ? 1 : 0;
}

/**
 * Picks the nodes to draw: the main routes (from each of the largest cash-out points back along the
 * heaviest incoming flows to a victim), then fee sinks and the largest holdings, then whatever room is
 * left for the largest remaining victims, cash-out points, holdings and intermediates.
 */
function selectNodes(graph: FlowGraph, maxNodes: number): FlowNode[] {
  if (graph.nodes.length <= maxNodes) return graph.nodes.slice();
  const weights = new Map(graph.nodes.map((n) => [n.id, nodeWeight(n)]));
  const byWeight = (a: FlowNode, b: FlowNode) => compareBig(weights.get(a.id)!, weights.get(b.id)!) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const byKind = (kind: FlowNodeKind) => graph.nodes.filter((n) => n.kind === kind).sort(byWeight);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const incoming = new Map<string, { from: string; w: bigint }[]>();
  for (const e of graph.edges) {
    const list = incoming.get(e.to) ?? [];
    list.push({ from: e.from, w: humanWeight(e.chain, e.asset, parseScaled(e.amount)) });
    incoming.set(e.to, list);
  }
  for (const list of incoming.values()) list.sort((a, b) => compareBig(a.w, b.w) || (a.from < b.from ? -1 : 1));

  const chosen = new Set<string>();
  const order: FlowNode[] = [];
  const add = (n: FlowNode): boolean => {
    if (chosen.size >= maxNodes || chosen.has(n.id)) return false;
    chosen.add(n.id);
    order.push(n);
    return true;
  };
  // The main routes: from each of the largest cash-out points back along its heaviest incoming flow,
  // hop by hop, to a victim (or to a node already drawn).
  for (const seed of byKind('endpoint').slice(0, Math.ceil(maxNodes * 0.2))) {
    if (!add(seed)) continue;
    let at = seed;
    for (;;) {
      const edge = (incoming.get(at.id) ?? []).find((e) => e.from !== at.id);
      const next = edge && byId.get(edge.from)!;
      if (!next || chosen.has(next.id) || !add(next)) break;
      at = next;
    }
  }
  for (const n of byKind('fee').slice(0, 2)) add(n);
  for (const n of byKind('holding').slice(0, Math.ceil(maxNodes * 0.1))) add(n);
  for (const kind of ['victim', 'endpoint', 'holding', 'intermediate'] as const) {
    for (const n of byKind(kind)) if (!add(n) && chosen.size >= maxNodes) break;
  }
  return order;
}

/** Lays out the flow graph for drawing. */
export function layoutFlowDiagram(graph: FlowGraph, options: DiagramOptions = {}): DiagramLayout {
  const maxNodes = options.maxNodes ?? 48;
  const chosen = selectNodes(graph, maxNodes);
  const chosenIds = new Set(chosen.map((n) => n.id));
  const edges = graph.edges.filter((e) => chosenIds.has(e.from) && chosenIds.has(e.to));

  // Columns: victims, then each hop that has an intermediate or holding, then cash-out points and fees.
  const middleHops = [...new Set(chosen.filter((n) => n.kind === 'intermediate' || n.kind === 'holding').map((n) => n.hop))].sort((a, b) => a - b);
  const columnOf = (n: FlowNode): number => {
    if (n.kind === 'victim') return 0;
    if (n.kind === 'endpoint' || n.kind === 'fee') return middleHops.length + 1;
    return middleHops.indexOf(n.hop) + 1;
  };
  const columns: FlowNode[][] = Array.from({ length: middleHops.length + 2 }, () => []);
  for (const n of chosen) columns[columnOf(n)].push(n);
  const weight = new Map(chosen.map((n) => [n.id, nodeWeight(n)]));
  const byWeight = (a: FlowNode, b: FlowNode) => compareBig(weight.get(a.id)!, weight.get(b.id)!) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  for (const col of columns) col.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || (a.chain < b.chain ? -1 : a.chain > b.chain ? 1 : 0) || byWeight(a, b));
  orderByBarycenter(columns, edges);
  const used = columns.map((c, i) => ({ c, i })).filter(({ c }) => c.length > 0);

  const rows = Math.max(1, ...used.map(({ c }) => c.length));
  const height = MARGIN * 2 + HEADER + rows * NODE_H + (rows - 1) * ROW_GAP;
  const width = MARGIN * 2 + used.length * NODE_W + Math.max(0, used.length - 1) * COL_GAP;
  const nodes: DiagramNode[] = [];
  const place = new Map<string, DiagramNode>();
  const headings: { x: number; title: string }[] = [];
  used.forEach(({ c, i }, colIndex) => {
    const x = MARGIN + colIndex * (NODE_W + COL_GAP);
    const title = i === 0 ? 'Victims' : i === columns.length - 1 ? 'Cash-out points' : `Hop ${middleHops[i - 1]}`;
    headings.push({ x: x + NODE_W / 2, title });
    const colHeight = c.length * NODE_H + (c.length - 1) * ROW_GAP;
    const top = MARGIN + HEADER + (height - 2 * MARGIN - HEADER - colHeight) / 2;
    c.forEach((n, row) => {
      const d: DiagramNode = { id: n.id, kind: n.kind, x, y: top + row * (NODE_H + ROW_GAP), w: NODE_W, h: NODE_H, title: nodeTitle(n), subtitle: nodeSubtitle(n) };
      nodes.push(d);
      place.set(n.id, d);
    });
  });
  const drawn: DiagramEdge[] = edges.map((e: FlowEdge) => {
    const a = place.get(e.from)!;
    const b = place.get(e.to)!;
    return {
      from: e.from,
      to: e.to,
      x1: a.x + a.w,
      y1: a.y + a.h / 2,
      x2: b.x,
      y2: b.y + b.h / 2,
      label: formatAssetAmount(e.chain, e.asset, e.amount, { compact: true }) + (e.count > 1 ? ` (${e.count} tx)` : ''),
      labelX: 0,
      labelY: 0,
    };
  });
  placeLabels(drawn, edges, nodes);
  return {
    width,
    height,
    nodes,
    edges: drawn,
    columns: headings,
    omittedNodes: graph.nodes.length - chosen.length,
    omittedEdges: graph.edges.length - edges.length,
  };
}

const LABEL_CHAR_W = 5.6;
const LABEL_H = 12;

/** A point of the edge's cubic curve (the same curve both renderers draw) at parameter t. */
export function edgePoint(e: Pick<DiagramEdge, 'x1' | 'y1' | 'x2' | 'y2'>, t: number): { x: number; y: number } {
  const dx = Math.max(40, (e.x2 - e.x1) / 2);
  const u = 1 - t;
  const [x0, x1, x2, x3] = [e.x1, e.x1 + dx, e.x2 - dx, e.x2];
  const [y0, y1, y2, y3] = [e.y1, e.y1, e.y2, e.y2];
  return {
    x: u * u * u * x0 + 3 * u * u * t * x1 + 3 * u * t * t * x2 + t * t * t * x3,
    y: u * u * u * y0 + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t * t * t * y3,
  };
}

/**
 * Places amount labels on their curves, largest flows first, at the middle or else a quarter from
 * either end; a label that would overlap a node or another label is left out (greedy, deterministic).
 */
function placeLabels(drawn: DiagramEdge[], edges: FlowEdge[], nodes: DiagramNode[]): void {
  type Box = { x0: number; y0: number; x1: number; y1: number };
  const taken: Box[] = nodes.map((n) => ({ x0: n.x, y0: n.y, x1: n.x + n.w, y1: n.y + n.h }));
  const hits = (b: Box) => taken.some((t) => b.x0 < t.x1 && t.x0 < b.x1 && b.y0 < t.y1 && t.y0 < b.y1);
  const weight = edges.map((e) => humanWeight(e.chain, e.asset, parseScaled(e.amount)));
  const order = drawn.map((_, i) => i).sort((a, b) => compareBig(weight[a], weight[b]) || a - b);
  for (const i of order) {
    const e = drawn[i];
    const w = e.label.length * LABEL_CHAR_W + 4;
    let placed = false;
    for (const t of [0.5, 0.3, 0.7, 0.2, 0.8]) {
      const p = edgePoint(e, t);
      const box = { x0: p.x - w / 2, y0: p.y - LABEL_H - 2, x1: p.x + w / 2, y1: p.y };
      if (!hits(box)) {
        taken.push(box);
        e.labelX = p.x;
        e.labelY = p.y - 4;
        placed = true;
        break;
      }
    }
    if (!placed) e.label = '';
  }
}

/**
 * Fewer crossings (Sugiyama-style barycenter pass): each column after the first is re-ordered by the
 * mean relative position of its nodes' predecessors; nodes without one keep their place.
 */
function orderByBarycenter(columns: FlowNode[][], edges: FlowEdge[]): void {
  const position = new Map<string, number>();
  const preds = new Map<string, string[]>();
  for (const e of edges) {
    const list = preds.get(e.to);
    if (list) list.push(e.from);
    else preds.set(e.to, [e.from]);
  }
  columns.forEach((col, ci) => {
    if (ci > 0 && col.length > 1) {
      const key = new Map<string, number>();
      col.forEach((n, i) => {
        const ps = (preds.get(n.id) ?? []).map((p) => position.get(p)).filter((p): p is number => p !== undefined);
        key.set(n.id, ps.length > 0 ? ps.reduce((a, b) => a + b, 0) / ps.length : (i + 0.5) / col.length);
      });
      col.sort((a, b) => key.get(a.id)! - key.get(b.id)! || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    }
    for (const [i, n] of col.entries()) position.set(n.id, (i + 0.5) / col.length);
  });
}

function nodeTitle(n: FlowNode): string {
  if (n.kind === 'victim') return `Victim ${n.victims.join(', ')}`.slice(0, 28);
  if (n.kind === 'fee') return `Fees (${n.chain})`;
  return n.label ? n.label.slice(0, 26) : shortAddress(n.address ?? n.id);
}

function nodeSubtitle(n: FlowNode): string {
  if (n.kind === 'fee') return 'miners / burnt';
  const where = n.address ? shortAddress(n.address) : n.chain;
  if (n.kind === 'victim') return where;
  if (n.kind === 'endpoint') return `${n.category ?? 'cash-out'} ${n.label ? where : ''}`.trim();
  if (n.kind === 'holding') return `holding${n.label ? ` ${where}` : ''}`;
  return `${n.chain} hop ${n.hop}`;
}
