// The value-flow graph of a case as a graphology DirectedGraph: one node per (chain, address), one edge
// per ordered pair of addresses that value moved between, carrying the exact amounts per asset and a
// Louvain weight. Account transfers give an edge from -> to. A UTXO transaction spreads each output's
// value over the input addresses in proportion to what each put in (the haircut view), so an edge
// holds value, not a count of transactions. Fees, burns, self-transfers and null addresses are left out.
// Weights: amounts of different assets are not comparable (wei vs satoshi), so an edge's weight is the
// sum, over its assets, of its share of that asset's total flow in the graph, times 10^6.

import { DirectedGraph } from 'graphology';
import type { FlowEdgeAttributes, FlowGraph, FlowNodeAttributes } from '../../src/clustering/communities.js';
import { chainInfo } from '../../src/model/chain.js';
import type { AccountTransfer } from '../../src/model/transfer.js';
import type { UtxoTransaction } from '../../src/model/utxo.js';
import type { GraphStore } from '../../src/ports.js';

export interface FlowGraphOptions {
  /** Only this asset (e.g. `erc20:0xdAC1...`, `BTC`). */
  asset?: string;
  /** Only these chains. */
  chains?: readonly string[];
}

/** Accumulates transfers and transactions into a flow graph; call `finish()` to compute weights. */
export class FlowGraphBuilder {
  readonly graph: FlowGraph = new DirectedGraph<FlowNodeAttributes, FlowEdgeAttributes>();
  private readonly totals = new Map<string, bigint>();

  constructor(private readonly options: FlowGraphOptions = {}) {}

  /** Adds `amount` of `asset` moving from `from` to `to` on `chain`. */
  addFlow(chain: string, from: string, to: string, asset: string, amount: bigint): void {
    if (from === to || amount <= 0n) return;
    if (this.options.asset !== undefined && asset !== this.options.asset) return;
    const s = `${chain}/${from}`;
    const t = `${chain}/${to}`;
    if (!this.graph.hasNode(s)) this.graph.addNode(s, { chain, address: from });
    if (!this.graph.hasNode(t)) this.graph.addNode(t, { chain, address: to });
    const edge = this.graph.edge(s, t);
    if (edge === undefined) {
      this.graph.addDirectedEdge(s, t, { weight: 0, amounts: { [asset]: amount }, count: 1 });
    } else {
      const attr = this.graph.getEdgeAttributes(edge);
      attr.amounts[asset] = (attr.amounts[asset] ?? 0n) + amount;
      attr.count++;
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

  /** Sets every edge's weight from its share of each asset's total flow; returns the graph. */
  finish(): FlowGraph {
    const scale = 1_000_000_000_000_000n;
    this.graph.forEachEdge((_e, attr) => {
      let w = 0;
      for (const [asset, v] of Object.entries(attr.amounts)) {
        const total = this.totals.get(asset) as bigint;
        w += Number((v * scale) / total) / 1e9;
      }
      attr.weight = w > 0 ? w : 1e-6;
    });
    return this.graph;
  }
}

/** Builds the flow graph of everything in `store` (every chain, or the chosen ones). */
export async function buildStoreFlowGraph(store: GraphStore, options: FlowGraphOptions = {}): Promise<FlowGraph> {
  const builder = new FlowGraphBuilder(options);
  for await (const t of store.transfers()) builder.addTransfer(t);
  for await (const tx of store.transactions()) builder.addTransaction(tx);
  return builder.finish();
}
