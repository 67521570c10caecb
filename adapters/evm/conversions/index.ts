// Conversion detection for one EVM transaction (docs/conversions.md "Detection"; FORMATS.md
// `conversions.jsonl`, TRACING.md v2 "Conversions"): the protocol detectors read the logs into venue
// events (pools, WETH9, routers' summaries), and the flow pairing (aggregator-flow.ts) turns the
// trader's payments and receipts into conversions. Pure: no I/O, the same input gives the same output.

import type { Conversion } from '../../../src/model/conversion.js';
import type { AccountTransfer } from '../../../src/model/transfer.js';
import { detectAggregator } from './aggregators.js';
import { pairFlows } from './aggregator-flow.js';
import { detectCurve } from './curve.js';
import type { ConversionTx, DetectContext, VenueDetector, VenueEvent } from './types.js';
import { detectUniswapV2 } from './uniswap-v2.js';
import { detectUniswapV3 } from './uniswap-v3.js';
import { detectUniswapV4 } from './uniswap-v4.js';
import { detectWeth, wrapTransfers } from './weth.js';

export type { ChainVenues, ConversionTx, DetectContext, TxLog, V2Factory, VenueEvent } from './types.js';
export { wrapTransfers } from './weth.js';

/** The protocol detectors, tried in this order on each log (the first that reads it wins). */
export const DETECTORS: readonly VenueDetector[] = [detectWeth, detectUniswapV2, detectUniswapV3, detectUniswapV4, detectCurve, detectAggregator];

/** The venue events of a transaction's logs, in log order. */
export function venueEvents(tx: ConversionTx, ctx: DetectContext): VenueEvent[] {
  const out: VenueEvent[] = [];
  for (const log of [...tx.logs].sort((a, b) => a.logIndex - b.logIndex)) {
    for (const d of DETECTORS) {
      const e = d(log, tx, ctx);
      if (e) {
        out.push(e);
        break;
      }
    }
  }
  return out;
}

/**
 * The conversions of one transaction. `tx.transfers` are the transaction's transfers as the adapter
 * makes them; WETH mints and burns (which WETH9 logs without a Transfer) are added from the logs when
 * missing, so callers should store `wrapTransfers` too (the conversions' refs point at them).
 */
export function detectConversions(tx: ConversionTx, ctx: DetectContext): Conversion[] {
  const pos = tx.position ?? tx.transfers[0];
  const extra = pos ? wrapTransfers(tx.logs, { chain: ctx.chain, txHash: tx.hash, block: pos.block, txIndex: pos.txIndex, time: pos.time }, ctx.venues) : [];
  const ids = new Set(tx.transfers.map((t) => t.id));
  const transfers: AccountTransfer[] = [...tx.transfers, ...extra.filter((t) => !ids.has(t.id))].sort((a, b) => a.index - b.index || (a.id < b.id ? -1 : 1));
  const full: ConversionTx = { ...tx, transfers };
  return pairFlows(full, transfers, venueEvents(full, ctx), ctx);
}
