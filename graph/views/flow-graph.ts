// The value-flow graph of a case as a graphology DirectedGraph: one node per (chain, address), one edge
// per ordered pair of addresses that value moved between, carrying the exact amounts per asset and a
// Louvain weight. Account transfers give an edge from -> to. A UTXO transaction spreads each output's
// value over the input addresses in proportion to what each put in (the haircut view), so an edge
// holds value, not a count of transactions. Fees, burns, self-transfers and null addresses are left out.
// Weights: amounts of different assets are not comparable (wei vs satoshi), so an edge's weight is the
// sum, over its assets, of its share of that asset's total flow in the graph, times 10^6.

import { DirectedGraph } from 'graphology';
import type { FlowEdgeAttributes, FlowGraph, FlowNodeAttributes } from '../../src/clustering/communities.js';
import { type FlowEdges, FlowEdgesBuilder } from '../../src/clustering/flow-edges.js';
import { FlowSums } from '../../src/clustering/flow-sums.js';
import { chainInfo } from '../../src/model/chain.js';
import type { AccountTransfer } from '../../src/model/transfer.js';
import type { UtxoTransaction } from '../../src/model/utxo.js';
import type { AccountFlows, GraphStore } from '../../src/ports.js';

export interface FlowGraphOptions {
  /** Only this asset (e.g. `erc20:0xdAC1...`, `BTC`). */
  asset?: string;
  /** Only these chains. */
  chains?: readonly string[];
}

interface PendingEdge {
  chain: string;
  from: string;
  to: string;
  amounts: Record<string, bigint>;
  count: number;
}

/** Accumulates transfers and transactions into a flow graph; call `finish()` to build it. */
export class FlowGraphBuilder {
  // Flows are summed in a plain map first and the graph is built once: far cheaper than looking up
  // and updating graphology edges on every transfer.
  private readonly edges = new Map<string, PendingEdge>();
  private readonly totals = new Map<string, bigint>();

  constructor(private readonly options: FlowGraphOptions = {}) {}

  /** Distinct (from, to) pairs so far. */
  get edgeCount(): number {
    return this.edges.size;
  }

  /** Adds `amount` of `asset` moving from `from` to `to` on `chain`. */
  addFlow(chain: string, from: string, to: string, asset: string, amount: bigint): void {
    if (from === to || amount <= 0n) return;
    if (this.options.asset !== undefined && asset !== this.options.asset) return;
    const key = `${chain}/${from}\u0000${to}`;
    const edge = this.edges.get(key);
    if (edge === undefined) {
      this.edges.set(key, { chain, from, to, amounts: { [asset]: amount }, count: 1 });
    } else {
      edge.amounts[asset] = (edge.amounts[asset] ?? 0n) + amount;
      edge.count++;
    }
    this.totals.set(asset, (this.totals.get(asset) ?? 0n) + amount);
  }

  addTransfer(t: AccountTransfer): void {
    if (t.to === null) return;
    if (this.options.chains && !this.options.chains.includes(t.chain)) return;
    this.addFlow(t.chain, t.from, t.to, t.asset, t.amount);
  }

  addTransaction(tx: UtxoTransaction): void {
    if (this.options.chains && !this.options.chains.includes(tx.chain)) return;
    const asset = chainInfo(tx.chain)?.nativeSymbol ?? 'BTC';
    const byInput = new Map<string, bigint>();
    let total = 0n;
    for (const i of tx.inputs) {
      if (i.address === null || i.coinbase) continue;
      byInput.set(i.address, (byInput.get(i.address) ?? 0n) + i.value);
      total += i.value;
    }
    if (total === 0n) return;
    for (const o of tx.outputs) {
      if (o.address === null) continue;
      for (const [from, v] of byInput) this.addFlow(tx.chain, from, o.address, asset, (o.value * v) / total);
    }
  }

  /** Adds the pairs so far to `out` as flow entries (one per pair and asset, a pair's entries together). */
  addTo(out: FlowEdgesBuilder): void {
    for (const e of this.edges.values()) {
      const s = out.node(e.chain, e.from);
      const t = out.node(e.chain, e.to);
      for (const [asset, v] of Object.entries(e.amounts)) out.add(s, t, asset, v, e.count);
    }
  }

  /** Builds the graph: nodes in order of first appearance, each edge weighted by its share of each asset's total flow. */
  finish(): FlowGraph {
    const graph: FlowGraph = new DirectedGraph<FlowNodeAttributes, FlowEdgeAttributes>();
    const scale = 1_000_000_000_000_000n;
    for (const e of this.edges.values()) {
      const s = `${e.chain}/${e.from}`;
      const t = `${e.chain}/${e.to}`;
      if (!graph.hasNode(s)) graph.addNode(s, { chain: e.chain, address: e.from });
      if (!graph.hasNode(t)) graph.addNode(t, { chain: e.chain, address: e.to });
      let w = 0;
      for (const [asset, v] of Object.entries(e.amounts)) w += Number((v * scale) / (this.totals.get(asset) as bigint)) / 1e9;
      graph.addDirectedEdge(s, t, { weight: w > 0 ? w : 1e-6, amounts: e.amounts, count: e.count });
    }
    return graph;
  }
}

/** Builds the flow graph of everything in `store` (every chain, or the chosen ones). */
export async function buildStoreFlowGraph(store: GraphStore, options: FlowGraphOptions = {}): Promise<FlowGraph> {
  const builder = new FlowGraphBuilder(options);
  for await (const t of store.transfers()) builder.addTransfer(t);
  for await (const tx of store.transactions()) builder.addTransaction(tx);
  return builder.finish();
}

/**
 * The flow entries of everything in `store` for community detection: account transfers read over
 * integer address ids and summed per address pair (`accountFlows`, SQLite; `streamAccountFlows`, Neo4j;
 * src/clustering/flow-sums.ts) when the store can, else read one by one; UTXO transactions spread over their inputs as in
 * `FlowGraphBuilder`.
 */
export async function readStoreFlowEdges(store: GraphStore, options: FlowGraphOptions = {}): Promise<FlowEdges> {
  const out = new FlowEdgesBuilder();
  if (store.accountFlows) {
    addAccountFlows(store.accountFlows({ asset: options.asset, chains: options.chains }), out);
  } else if (store.streamAccountFlows) {
    const flows = store.streamAccountFlows({ asset: options.asset, chains: options.chains });
    const sums = new FlowSums();
    for await (const rows of flows.pages) for (const row of rows) sums.add(row);
    emitSums(sums, flows.addresses(), out);
  } else {
    const account = new FlowGraphBuilder(options);
    for await (const t of store.transfers()) account.addTransfer(t);
    account.addTo(out);
  }
  const utxo = new FlowGraphBuilder(options);
  for await (const tx of store.transactions()) utxo.addTransaction(tx);
  utxo.addTo(out);
  return out.finish();
}

function addAccountFlows({ addresses, pages }: AccountFlows, out: FlowEdgesBuilder): void {
  const sums = new FlowSums();
  for (const rows of pages) for (const row of rows) sums.add(row);
  emitSums(sums, addresses, out);
}

/** Adds the summed flows to `out`, numbering each address (`addresses`: [id, chain, address]) as first used. */
function emitSums(sums: FlowSums, addresses: Iterable<[number, string, string]>, out: FlowEdgesBuilder): void {
  const node = new Map<number, [string, string]>();
  let maxId = 0;
  for (const [id, chain, address] of addresses) {
    node.set(id, [chain, address]);
    if (id > maxId) maxId = id;
  }
  // Node number per address id (ids are the addresses table's rowids: dense), -1 until first seen.
  const number = new Int32Array(maxId + 1).fill(-1);
  const nodeOf = (id: number) => {
    let i = number[id];
    if (i < 0) {
      const [chain, address] = node.get(id) as [string, string];
      i = out.node(chain, address);
      number[id] = i;
    }
    return i;
  };
  sums.emit((from, to, asset, amount, count) => out.add(nodeOf(from), nodeOf(to), asset, amount, count));
}
