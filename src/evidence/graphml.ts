// GraphML export of a trace (graphml.graphdrawing.org schema) for i2 Analyst's Notebook, Maltego, yEd
// and Gephi: one node per address that carried traced value, one edge per flow (transfer or UTXO
// output) with its reference, transaction, asset and traced amount (base units, and human units as the
// numeric `weight`) and the victim payments whose money it carried (amounts per victim: flows.csv).

import { amountText } from '../model/amount-text.js';
import type { TraceRun } from '../model/trace-result.js';
import { assetSymbol } from './amount-format.js';
import type { FlowGraph } from './flow-graph.js';
import { nodeId } from './flow-graph.js';
import { chunkLines } from './csv.js';
import { escapeXml } from './markup.js';

const NODE_KEYS = [
  ['chain', 'string'],
  ['address', 'string'],
  ['kind', 'string'],
  ['label', 'string'],
  ['category', 'string'],
  ['hop', 'int'],
  ['victims', 'string'],
] as const;

const EDGE_KEYS = [
  ['ref', 'string'],
  ['txHash', 'string'],
  ['chain', 'string'],
  ['asset', 'string'],
  ['symbol', 'string'],
  ['amount', 'string'],
  ['weight', 'double'],
  ['hop', 'int'],
  ['block', 'long'],
  ['time', 'string'],
  ['victims', 'string'],
] as const;

/** Human-unit amount as a plain decimal (no grouping), for numeric attributes read by graph tools. */
export function humanDecimal(chain: string, asset: string, baseUnits: string): string {
  return amountText(chain, asset, baseUnits, { digits: 'exact', group: false }).number;
}

function data(key: string, value: string | number | undefined): string {
  return value === undefined || value === '' ? '' : `<data key="${key}">${escapeXml(String(value))}</data>`;
}

/** The GraphML document in chunks; `graph` is the run's flow graph (for node attributes). */
export function* renderGraphml(run: TraceRun, graph: FlowGraph): Generator<string> {
  yield* chunkLines(graphmlLines(run, graph));
}

function* graphmlLines(run: TraceRun, graph: FlowGraph): Generator<string> {
  yield '<?xml version="1.0" encoding="UTF-8"?>\n';
  yield '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n';
  for (const [name, type] of NODE_KEYS) yield `<key id="n_${name}" for="node" attr.name="${name}" attr.type="${type}"/>\n`;
  for (const [name, type] of EDGE_KEYS) yield `<key id="e_${name}" for="edge" attr.name="${name}" attr.type="${type}"/>\n`;
  yield `<graph id="${escapeXml(run.result.case)}" edgedefault="directed">\n`;
  for (const n of graph.nodes) {
    yield `<node id="${escapeXml(n.id)}">${data('n_chain', n.chain)}${data('n_address', n.address ?? undefined)}${data('n_kind', n.kind)}${data('n_label', n.label)}${data('n_category', n.category)}${data('n_hop', n.hop)}${data('n_victims', n.victims.join(' '))}</node>\n`;
  }
  for (const [i, f] of run.flows.entries()) {
    yield `<edge id="f${i + 1}" source="${escapeXml(nodeId(f.chain, f.from))}" target="${escapeXml(nodeId(f.chain, f.to))}">${data('e_ref', f.ref)}${data('e_txHash', f.txHash)}${data('e_chain', f.chain)}${data('e_asset', f.asset)}${data('e_symbol', assetSymbol(f.chain, f.asset))}${data('e_amount', f.amount)}${data('e_weight', humanDecimal(f.chain, f.asset, f.amount))}${data('e_hop', f.hop)}${data('e_block', f.block)}${data('e_time', f.time)}${data('e_victims', Object.keys(f.bySource).sort().join(' '))}</edge>\n`;
  }
  yield '</graph>\n</graphml>\n';
}
