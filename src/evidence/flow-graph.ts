// The flow of traced funds as a graph: one node per (chain, address) that carried traced value, plus
// one node per victim payment's sender and one fee sink per chain; edges aggregate the flows between two
// nodes per asset. Used by the flow diagram (SVG and PDF), GraphML and GEXF exports. Deterministic:
// nodes and edges come sorted by id.

import type { TraceRun } from '../model/trace-result.js';
import { formatScaled, parseScaled } from './decimal.js';

export type FlowNodeKind = 'victim' | 'intermediate' | 'endpoint' | 'holding' | 'fee';

export interface FlowNode {
  /** `<chain>:<address>`, `<chain>:fees`, or `victim:<payment id>` when the sender is unknown. */
  id: string;
  chain: string;
  address: string | null;
  kind: FlowNodeKind;
  label?: string;
  category?: string;
  /** Smallest hop at which traced value arrived (victims 0). */
  hop: number;
  /** Traced value received, per asset (scaled by 10^9). */
  inflow: Map<string, bigint>;
  /** Victim payment ids whose money reached the node (victims: their own payments), sorted. */
  victims: string[];
}

type BuildingNode = Omit<FlowNode, 'victims'> & { victims: Set<string> };

export interface FlowEdge {
  id: string;
  from: string;
  to: string;
  chain: string;
  asset: string;
  /** Sum of traced amounts, decimal base units. */
  amount: string;
  /** Number of flows (transfers or outputs) aggregated. */
  count: number;
  /** Smallest hop among the flows. */
  hop: number;
}

export interface FlowGraph {
  nodes: FlowNode[];
  edges: FlowEdge[];
}

/** Node id of an address on a chain. */
export function nodeId(chain: string, address: string | null): string {
  return address === null ? `${chain}:fees` : `${chain}:${address}`;
}

/** Builds the aggregated flow graph of a trace run. */
export function buildFlowGraph(run: TraceRun): FlowGraph {
  const { result, flows } = run;
  const nodes = new Map<string, BuildingNode>();
  const touch = (id: string, init: () => BuildingNode): BuildingNode => {
    let n = nodes.get(id);
    if (!n) {
      n = init();
      nodes.set(id, n);
    }
    return n;
  };
  const endpointKeys = new Map(result.endpoints.map((e) => [nodeId(e.chain, e.address), e]));
  const holdingKeys = new Map(result.holdings.map((h) => [nodeId(h.chain, h.address), h]));
  const sourceByRef = new Map(result.sources.map((s) => [`${s.chain}/${s.ref}`, s]));
  const addressNode = (chain: string, address: string | null, hop: number): BuildingNode => {
    const id = nodeId(chain, address);
    const n = touch(id, () => {
      const endpoint = endpointKeys.get(id);
      const holding = holdingKeys.get(id);
      const kind: FlowNodeKind = address === null ? 'fee' : endpoint ? 'endpoint' : holding ? 'holding' : 'intermediate';
      const node: BuildingNode = { id, chain, address, kind, hop, inflow: new Map(), victims: new Set() };
      const label = endpoint?.label ?? holding?.label;
      const category = endpoint?.category ?? holding?.category;
      if (label !== undefined) node.label = label;
      if (category !== undefined) node.category = category;
      return node;
    });
    if (hop < n.hop) n.hop = hop;
    return n;
  };

  const edges = new Map<string, FlowEdge & { scaled: bigint }>();
  const seenVictims = new Set<string>();
  for (const f of flows) {
    const source = f.hop === 1 ? sourceByRef.get(`${f.chain}/${f.ref}`) : undefined;
    let fromNode: BuildingNode;
    if (source) {
      fromNode = touch(nodeId(f.chain, f.from), () => ({ id: nodeId(f.chain, f.from), chain: f.chain, address: f.from, kind: 'victim', hop: 0, inflow: new Map(), victims: new Set<string>() }));
      fromNode.kind = 'victim';
      fromNode.hop = 0;
      fromNode.victims.add(source.id);
      seenVictims.add(source.id);
    } else {
      fromNode = addressNode(f.chain, f.from, f.hop - 1);
    }
    const toNode = addressNode(f.chain, f.to, f.hop);
    const scaled = parseScaled(f.amount);
    toNode.inflow.set(f.asset, (toNode.inflow.get(f.asset) ?? 0n) + scaled);
    for (const v of Object.keys(f.bySource)) toNode.victims.add(v);
    const key = `${fromNode.id}>${toNode.id}>${f.asset}`;
    const e = edges.get(key);
    if (e) {
      e.scaled += scaled;
      e.count++;
      if (f.hop < e.hop) e.hop = f.hop;
    } else {
      edges.set(key, { id: key, from: fromNode.id, to: toNode.id, chain: f.chain, asset: f.asset, amount: '', count: 1, hop: f.hop, scaled });
    }
  }
  // Victim payments without a recorded first flow still appear, so the diagram shows every victim.
  for (const s of result.sources) {
    if (seenVictims.has(s.id)) continue;
    const id = `victim:${s.id}`;
    touch(id, () => ({ id, chain: s.chain, address: null, kind: 'victim', hop: 0, inflow: new Map(), victims: new Set([s.id]) }));
  }
  const sortedNodes: FlowNode[] = [...nodes.values()]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((n) => ({ ...n, victims: [...n.victims].sort() }));
  const sortedEdges = [...edges.values()]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map(({ scaled, ...e }) => ({ ...e, amount: formatScaled(scaled) }));
  return { nodes: sortedNodes, edges: sortedEdges };
}
