// GEXF 1.3 export (gexf.net) for Gephi: nodes are addresses with their role, label and category; edges
// aggregate the flows between two addresses per asset (Gephi merges parallel edges), weighted by the
// traced amount in human units. Per-flow detail is in graph.graphml and flows.csv.

import type { TraceRun } from '../model/trace-result.js';
import { assetSymbol } from './amount-format.js';
import type { FlowGraph } from './flow-graph.js';
import { chunkLines } from './csv.js';
import { humanDecimal } from './graphml.js';
import { escapeXml } from './markup.js';

const NODE_ATTRS = ['chain', 'address', 'kind', 'category', 'hop', 'victims'] as const;
const EDGE_ATTRS = ['chain', 'asset', 'symbol', 'amount', 'flows', 'firstHop'] as const;

export interface GexfOptions {
  /** YYYY-MM-DD for `lastmodifieddate` (fixed, derived from the data, for reproducible files). */
  date: string;
  creator: string;
}

/** The GEXF document from the run's flow graph, in chunks of lines (the pack streams it to disk). */
export function* renderGexf(run: TraceRun, graph: FlowGraph, options: GexfOptions): Generator<string> {
  yield* chunkLines(gexfLines(run, graph, options));
}

function* gexfLines(run: TraceRun, graph: FlowGraph, options: GexfOptions): Generator<string> {
  const attr = (i: number, v: string | number | undefined) => (v === undefined || v === '' ? '' : `<attvalue for="${i}" value="${escapeXml(String(v))}"/>`);
  yield '<?xml version="1.0" encoding="UTF-8"?>\n';
  yield '<gexf xmlns="http://gexf.net/1.3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">\n';
  yield `<meta lastmodifieddate="${escapeXml(options.date)}"><creator>${escapeXml(options.creator)}</creator><description>${escapeXml(`Traced flows of ${run.result.case} (${run.result.policy})`)}</description></meta>\n`;
  yield '<graph defaultedgetype="directed" mode="static">\n';
  yield '<attributes class="node">\n';
  for (const [i, name] of NODE_ATTRS.entries()) {
    yield `<attribute id="${i}" title="${name}" type="${name === 'hop' ? 'integer' : 'string'}"/>\n`;
  }
  yield '</attributes>\n';
  yield '<attributes class="edge">\n';
  for (const [i, name] of EDGE_ATTRS.entries()) {
    yield `<attribute id="${i}" title="${name}" type="${name === 'flows' || name === 'firstHop' ? 'integer' : 'string'}"/>\n`;
  }
  yield '</attributes>\n';
  yield '<nodes>\n';
  for (const n of graph.nodes) {
    const label = n.label ?? (n.kind === 'victim' ? `Victim ${n.victims.join(', ')}` : (n.address ?? n.id));
    yield `<node id="${escapeXml(n.id)}" label="${escapeXml(label)}"><attvalues>${attr(0, n.chain)}${attr(1, n.address ?? undefined)}${attr(2, n.kind)}${attr(3, n.category)}${attr(4, n.hop)}${attr(5, n.victims.join(' '))}</attvalues></node>\n`;
  }
  yield '</nodes>\n';
  yield '<edges>\n';
  for (const [i, e] of graph.edges.entries()) {
    yield `<edge id="e${i + 1}" source="${escapeXml(e.from)}" target="${escapeXml(e.to)}" weight="${humanDecimal(e.chain, e.asset, e.amount)}"><attvalues>${attr(0, e.chain)}${attr(1, e.asset)}${attr(2, assetSymbol(e.chain, e.asset))}${attr(3, e.amount)}${attr(4, e.count)}${attr(5, e.hop)}</attvalues></edge>\n`;
  }
  yield '</edges>\n';
  yield '</graph>\n';
  yield '</gexf>\n';
}
