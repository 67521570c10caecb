// GEXF 1.3 export (gexf.net) for Gephi: nodes are addresses with their role, label and category; edges
// aggregate the flows between two addresses per asset (Gephi merges parallel edges), weighted by the
// traced amount in human units. Per-flow detail is in graph.graphml and flows.csv.

import type { TraceRun } from '../model/trace-result.js';
import { assetSymbol } from './amount-format.js';
import type { FlowGraph } from './flow-graph.js';
import { humanDecimal } from './graphml.js';
import { escapeXml } from './markup.js';

const NODE_ATTRS = ['chain', 'address', 'kind', 'category', 'hop', 'victims'] as const;
const EDGE_ATTRS = ['chain', 'asset', 'symbol', 'amount', 'flows', 'firstHop'] as const;

export interface GexfOptions {
  /** YYYY-MM-DD for `lastmodifieddate` (fixed, derived from the data, for reproducible files). */
  date: string;
  creator: string;
}

/** Writes the GEXF document from the run's flow graph. */
export function renderGexf(run: TraceRun, graph: FlowGraph, options: GexfOptions): string {
  const out: string[] = [];
  const attr = (i: number, v: string | number | undefined) => (v === undefined || v === '' ? '' : `<attvalue for="${i}" value="${escapeXml(String(v))}"/>`);
  out.push('<?xml version="1.0" encoding="UTF-8"?>');
  out.push('<gexf xmlns="http://gexf.net/1.3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">');
  out.push(`<meta lastmodifieddate="${escapeXml(options.date)}"><creator>${escapeXml(options.creator)}</creator><description>${escapeXml(`Traced flows of ${run.result.case} (${run.result.policy})`)}</description></meta>`);
  out.push('<graph defaultedgetype="directed" mode="static">');
  out.push('<attributes class="node">');
  NODE_ATTRS.forEach((name, i) => {
    out.push(`<attribute id="${i}" title="${name}" type="${name === 'hop' ? 'integer' : 'string'}"/>`);
  });
  out.push('</attributes>');
  out.push('<attributes class="edge">');
  EDGE_ATTRS.forEach((name, i) => {
    out.push(`<attribute id="${i}" title="${name}" type="${name === 'flows' || name === 'firstHop' ? 'integer' : 'string'}"/>`);
  });
  out.push('</attributes>');
  out.push('<nodes>');
  for (const n of graph.nodes) {
    const label = n.label ?? (n.kind === 'victim' ? `Victim ${n.victims.join(', ')}` : (n.address ?? n.id));
    out.push(
      `<node id="${escapeXml(n.id)}" label="${escapeXml(label)}"><attvalues>${attr(0, n.chain)}${attr(1, n.address ?? undefined)}${attr(2, n.kind)}${attr(3, n.category)}${attr(4, n.hop)}${attr(5, n.victims.join(' '))}</attvalues></node>`,
    );
  }
  out.push('</nodes>');
  out.push('<edges>');
  graph.edges.forEach((e, i) => {
    out.push(
      `<edge id="e${i + 1}" source="${escapeXml(e.from)}" target="${escapeXml(e.to)}" weight="${humanDecimal(e.chain, e.asset, e.amount)}"><attvalues>${attr(0, e.chain)}${attr(1, e.asset)}${attr(2, assetSymbol(e.chain, e.asset))}${attr(3, e.amount)}${attr(4, e.count)}${attr(5, e.hop)}</attvalues></edge>`,
    );
  });
  out.push('</edges>');
  out.push('</graph>');
  out.push('</gexf>');
  return `${out.join('\n')}\n`;
}
