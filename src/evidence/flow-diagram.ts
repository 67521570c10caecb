// Layout of the flow diagram (victims -> hops -> cash-out points) shared by the SVG (HTML report) and
// the PDF's vector drawing. Columns are hop numbers (victims first, cash-out points last), rows are
// ordered by amount. Big cases are capped: the most significant nodes are drawn and the rest are
// counted ("N more in flows.csv").

import { assetInfo } from '../model/asset.js';
import { formatAssetAmount } from './amount-format.js';
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
  label: string;
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

/** A node's weight for ranking: its largest inflow in human units (scaled), so assets of other decimals compare roughly. */
function weight(node: FlowNode): bigint {
  let best = 0n;
  for (const [asset, scaled] of node.inflow) {
    const decimals = assetInfo(node.chain, asset).decimals ?? 0;
    const v = scaled / 10n ** BigInt(decimals);
    if (v > best) best = v;
  }
  return best;
}

function byWeight(a: FlowNode, b: FlowNode): number {
  const wa = weight(a);
  const wb = weight(b);
  return wa > wb ? -1 : wa < wb ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function selectNodes(graph: FlowGraph, maxNodes: number): FlowNode[] {
  const byKind = (kind: FlowNodeKind) => graph.nodes.filter((n) => n.kind === kind).sort(byWeight);
  const quotas: [FlowNodeKind, number][] = [
    ['victim', Math.ceil(maxNodes * 0.25)],
    ['endpoint', Math.ceil(maxNodes * 0.3)],
    ['fee', 4],
    ['holding', Math.ceil(maxNodes * 0.15)],
  ];
  const chosen: FlowNode[] = [];
  for (const [kind, quota] of quotas) chosen.push(...byKind(kind).slice(0, quota));
  const room = Math.max(0, maxNodes - chosen.length);
  chosen.push(...byKind('intermediate').slice(0, room));
  return chosen;
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
    };
  });
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
