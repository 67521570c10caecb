// Pairing by asset flows (the GraphSense approach, graphsense-lib `defi/swaps.py`, reduced to the
// trader's view): whatever routers, executors and pools do inside a transaction, the conversion is what
// the trader paid and what came back to the trader or to the recipient the transaction names.
// - Trader: the transaction's sender. Recipients: the trader, the `dstReceiver` of a known router's
//   summary, and a swap event's recipient that is no contract of the transaction (an address the swap
//   was sent to). Paid: the trader's transfers to anyone else (fee excluded); got: transfers to a
//   recipient from anyone else. An asset both paid and got is a refund and not part of the conversion.
// - One asset paid and one asset got: one conversion, whatever the route (aggregators, multi-hop).
// - Several: each chain of swap events that starts with a transfer from the trader into a pool and ends
//   with a pool's transfer to a recipient (a hop's output going to the next pool) is one conversion;
//   assets paid that no chain explains become `ambiguous` conversions (no `out`).
// - Nothing got, but WETH was unwrapped and the transfers hold no call traces: the ETH payout is an
//   internal call that was not read. There is no transfer to use as out-ref, so the conversion is
//   written as `ambiguous` (no `out`: the tracer stops the taint at the venue) with confidence 50, a note
//   saying why, and the probable payout (recipient, unwrapped amount before any router fee) kept as
//   `extra.inferredOut`. With traces the payout is a `call` transfer like any other.
// Fees: whatever an aggregator or router keeps is inside the rate out/in of the conversion.

import { chainInfo } from '../../../src/model/chain.js';
import type { Conversion, ConversionKind } from '../../../src/model/conversion.js';
import type { AccountTransfer } from '../../../src/model/transfer.js';
import { TRANSFER_TOPIC } from '../parse-logs.js';
import { routerName } from './aggregators.js';
import { type ConversionTx, type DetectContext, sameAddress, shortAddress, type VenueEvent } from './types.js';
import { wrappedNative } from './weth.js';

/** Confidence of a conversion whose ETH payout was inferred from an unwrap without call traces. */
export const NO_TRACE_CONFIDENCE = 50;

interface Pairing {
  kind: ConversionKind;
  paid: AccountTransfer[];
  got: AccountTransfer[];
  events: VenueEvent[];
  /** For the inferred (no-trace) payout. */
  inferred?: { address: string; asset: string; amount: bigint; note: string };
  note?: string;
}

const key = (a: string) => a.toLowerCase();

/** Pairs the trader's flows of one transaction into conversions (ids `<chain>:<tx>:swap:<n>`). */
export function pairFlows(tx: ConversionTx, transfers: readonly AccountTransfer[], events: readonly VenueEvent[], ctx: DetectContext): Conversion[] {
  if (events.length === 0) return [];
  const native = chainInfo(ctx.chain)?.nativeSymbol ?? 'ETH';
  const trader = tx.from;
  const contracts = new Set<string>([...tx.logs.map((l) => key(l.address)), ...events.map((e) => key(e.venue)), '0x0000000000000000000000000000000000000000']);
  if (tx.to) contracts.add(key(tx.to));
  for (const t of transfers) if (routerName(ctx.chain, t.to)) contracts.add(key(t.to as string));
  const recipients = new Set<string>([key(trader)]);
  for (const e of events) {
    if (e.role === 'summary' && e.recipient && (!e.trader || sameAddress(e.trader, trader))) recipients.add(key(e.recipient));
    if (e.role === 'swap' && e.recipient && !contracts.has(key(e.recipient))) recipients.add(key(e.recipient));
  }
  const isRecipient = (a: string | null) => a !== null && recipients.has(key(a));
  const flows = transfers.filter((t) => !t.id.endsWith(':fee'));
  const paid = flows.filter((t) => sameAddress(t.from, trader) && !isRecipient(t.to));
  const paidAssets = new Set(paid.map((t) => t.asset));
  const got = flows.filter((t) => isRecipient(t.to) && !isRecipient(t.from) && !paidAssets.has(t.asset));
  const refunds = flows.filter((t) => isRecipient(t.to) && !isRecipient(t.from) && paidAssets.has(t.asset));
  if (paid.length === 0) return [];
  const gotGroups = groupBy(got, (t) => `${t.asset}|${key(t.to as string)}`);
  const paidGroups = groupBy(paid, (t) => t.asset);
  const swaps = events.filter((e) => e.role !== 'summary');
  const pairings: Pairing[] = [];
  const refundNote = refunds.length ? `refunded to the trader outside the conversion: ${refunds.map((t) => t.id).join(', ')}` : undefined;
  if (paidGroups.size === 1 && gotGroups.size === 1) {
    const [p] = paidGroups.values();
    const [g] = gotGroups.values();
    pairings.push({ kind: kindOf(p[0].asset, g[0].asset, swaps, ctx), paid: p, got: g, events: [...events], note: refundNote });
  } else if (paidGroups.size === 1 && gotGroups.size === 0) {
    const [p] = paidGroups.values();
    const unwraps = swaps.filter((e) => e.role === 'unwrap');
    if (!tx.traces && unwraps.length > 0) {
      const amount = unwraps.reduce((s, e) => s + (e.amountOut ?? 0n), 0n);
      // WETH9 pays msg.sender: an unwrap by a recipient itself pays that recipient.
      const own = unwraps.find((e) => isRecipient(e.recipient ?? null))?.recipient;
      const to = own ? key(own) : ([...recipients].find((r) => r !== key(trader)) ?? key(trader));
      const address = own ?? (to === key(trader) ? trader : (transfers.find((t) => t.to && key(t.to) === to)?.to ?? to));
      const by = unwraps.map((e) => `${shortAddress(e.recipient as string)} (Withdrawal, log ${e.logIndex})`).join(', ');
      pairings.push({
        kind: kindOf(p[0].asset, native, swaps, ctx),
        paid: p,
        got: [],
        events: [...events],
        inferred: { address, asset: native, amount, note: `${native} payout not seen: no call traces; amount is the WETH unwrapped by ${by}, before any router fee` },
      });
    } else {
      pairings.push({ kind: 'ambiguous', paid: p, got: [], events: [...events], note: 'ambiguous conversion: nothing came back to the trader or a named recipient' });
    }
  } else {
    pairings.push(...pairByChains(paid, got, swaps, trader, isRecipient, transfers));
  }
  return pairings
    .sort((a, b) => a.paid[0].index - b.paid[0].index || (a.paid[0].id < b.paid[0].id ? -1 : 1))
    .map((p, n) => toConversion(p, n, tx, ctx));
}

function groupBy<T>(xs: readonly T[], f: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) {
    const k = f(x);
    const list = m.get(k);
    if (list) list.push(x);
    else m.set(k, [x]);
  }
  return m;
}

function kindOf(assetIn: string, assetOut: string, swaps: readonly VenueEvent[], ctx: DetectContext): ConversionKind {
  const weth = wrappedNative(ctx.chain, ctx.venues);
  const native = chainInfo(ctx.chain)?.nativeSymbol ?? 'ETH';
  const onlyWraps = swaps.length > 0 && swaps.every((e) => e.role === 'wrap' || e.role === 'unwrap');
  if (onlyWraps && weth && assetIn === native && sameAddress(assetOut.slice(6), weth)) return 'wrap';
  if (onlyWraps && weth && assetOut === native && sameAddress(assetIn.slice(6), weth)) return 'unwrap';
  return 'swap';
}

/** Several assets: follow each chain of pools from a trader's payment to a recipient. */
function pairByChains(paid: AccountTransfer[], got: AccountTransfer[], swaps: readonly VenueEvent[], trader: string, isRecipient: (a: string | null) => boolean, transfers: readonly AccountTransfer[]): Pairing[] {
  const out: Pairing[] = [];
  const usedIn = new Set<string>();
  const usedOut = new Set<string>();
  const legOf = (e: VenueEvent, dir: 'into' | 'outOf', amount: bigint | undefined, asset: string | undefined) =>
    [...transfers].reverse().find((t) => t.index < e.logIndex && t.asset === asset && t.amount === amount && sameAddress(dir === 'into' ? t.to : t.from, e.venue));
  for (const start of swaps) {
    if (start.role !== 'swap') continue;
    const inLeg = legOf(start, 'into', start.amountIn, start.assetIn);
    if (!inLeg || !sameAddress(inLeg.from, trader) || usedIn.has(inLeg.id)) continue;
    const hops = [start];
    let e = start;
    let outLeg = legOf(e, 'outOf', e.amountOut, e.assetOut);
    while (outLeg && !isRecipient(outLeg.to) && hops.length < 16) {
      const leg: AccountTransfer = outLeg;
      const next = swaps.find((s) => s.role === 'swap' && sameAddress(s.venue, leg.to) && s.assetIn === leg.asset && s.logIndex > e.logIndex);
      if (!next) break;
      hops.push(next);
      e = next;
      outLeg = legOf(e, 'outOf', e.amountOut, e.assetOut);
    }
    if (!outLeg || !isRecipient(outLeg.to) || usedOut.has(outLeg.id)) continue;
    usedIn.add(inLeg.id);
    usedOut.add(outLeg.id);
    out.push({ kind: 'swap', paid: [inLeg], got: [outLeg], events: hops });
  }
  for (const [asset, list] of groupBy(paid.filter((t) => !usedIn.has(t.id)), (t) => t.asset)) {
    void asset;
    out.push({ kind: 'ambiguous', paid: list, got: [], events: [...swaps], note: 'ambiguous conversion: the trader paid or received several assets and the logs do not pair this one' });
  }
  void got;
  return out;
}

function methodOf(p: Pairing, tx: ConversionTx, ctx: DetectContext): string {
  const labels: string[] = [];
  const refs = [...p.paid, ...p.got];
  const events = [...p.events].sort((a, b) => a.logIndex - b.logIndex);
  // WETH9 mints and burns are transfers made from Deposit / Withdrawal logs, not Transfer logs.
  const eventLogs = new Set(tx.logs.filter((l) => l.topics[0]?.toLowerCase() !== TRANSFER_TOPIC).map((l) => l.logIndex));
  const firstTransfer = refs.filter((t) => t.asset.startsWith('erc20:') && !t.id.includes(':call:') && !eventLogs.has(t.index)).reduce((m, t) => Math.min(m, t.index), Number.POSITIVE_INFINITY);
  let transferPlaced = false;
  for (const e of events) {
    if (!transferPlaced && firstTransfer <= e.logIndex) {
      labels.push('Transfer');
      transferPlaced = true;
    }
    if (!labels.includes(e.label)) labels.push(e.label);
  }
  if (!transferPlaced && Number.isFinite(firstTransfer)) labels.push('Transfer');
  const parts = [`logs: ${labels.join(', ')}`];
  if (refs.some((t) => t.id.endsWith(':native'))) parts.push('tx value');
  if (refs.some((t) => t.id.includes(':call:'))) parts.push('call traces');
  const routers = [...new Set([tx.to, ...tx.transfers.flatMap((t) => [t.from, t.to])].map((a) => routerName(ctx.chain, a)).filter((n): n is string => !!n))];
  if (routers.length) parts.push(`via ${routers.join(', ')}`);
  return parts.join('; ');
}

function venueOf(p: Pairing, tx: ConversionTx, ctx: DetectContext): string {
  const pools = p.events.filter((e) => e.role === 'swap').sort((a, b) => a.logIndex - b.logIndex);
  if (pools.length) return [...new Set(pools.map((e) => e.name))].join(' -> ');
  const wraps = p.events.filter((e) => e.role === 'wrap' || e.role === 'unwrap');
  if (wraps.length) return wraps[0].name;
  const summary = p.events.find((e) => e.role === 'summary');
  if (summary) return summary.name;
  return routerName(ctx.chain, tx.to) ?? (tx.to ? shortAddress(tx.to) : 'unknown venue');
}

function summaryNotes(p: Pairing, amountIn: bigint, amountOut: bigint | undefined): string[] {
  const notes: string[] = [];
  for (const s of p.events.filter((e) => e.role === 'summary' && e.amountIn !== undefined)) {
    if (s.assetIn === p.paid[0].asset && s.amountIn !== amountIn) {
      notes.push(`${s.name} logged ${s.amountIn} spent of ${amountIn} paid: the difference is the router's fee, inside the rate`);
    }
    if (amountOut !== undefined && p.got.length && s.assetOut === p.got[0].asset && s.amountOut !== amountOut) {
      notes.push(`${s.name} logged ${s.amountOut} returned, ${amountOut} arrived`);
    }
  }
  return notes;
}

function toConversion(p: Pairing, n: number, tx: ConversionTx, ctx: DetectContext): Conversion {
  const sum = (ts: AccountTransfer[]) => ts.reduce((s, t) => s + t.amount, 0n);
  const first = p.paid[0];
  const amountIn = sum(p.paid);
  const c: Conversion = {
    id: `${ctx.chain}:${tx.hash}:swap:${n}`,
    kind: p.kind,
    venue: venueOf(p, tx, ctx),
    in: { chain: ctx.chain, address: first.from, asset: first.asset, amount: amountIn, refs: p.paid.map((t) => t.id) },
    confidence: 100,
    method: methodOf(p, tx, ctx),
    evidence: [tx.hash],
  };
  const notes: string[] = [];
  if (p.got.length) {
    const g = p.got[0];
    const amountOut = sum(p.got);
    c.out = { chain: ctx.chain, address: g.to as string, asset: g.asset, amount: amountOut, refs: p.got.map((t) => t.id) };
    notes.push(...summaryNotes(p, amountIn, amountOut));
  } else if (p.inferred) {
    // No out-ref exists to point at, and a leg needs refs: the record is `ambiguous` (taint stops at
    // the venue), and the payout it most probably was is kept as `inferredOut`.
    c.kind = 'ambiguous';
    c.confidence = NO_TRACE_CONFIDENCE;
    c.extra = { inferredKind: p.kind, inferredOut: { chain: ctx.chain, address: p.inferred.address, asset: p.inferred.asset, amount: p.inferred.amount.toString() } };
    notes.push(p.inferred.note);
    notes.push(...summaryNotes(p, amountIn, undefined));
  }
  if (p.note) notes.push(p.note);
  if (notes.length) c.note = notes.join('; ');
  return c;
}
