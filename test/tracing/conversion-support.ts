// Test helpers for tracing through conversions (TRACING.md v2): compact fixtures over several chains and
// assets (addresses and txids as aliases), conversions whose leg amounts are the sums of their refs, a
// trace on an in-memory SQLite store, and the v2 totals identity as a check.

import { expect } from 'vitest';
import { openSqliteStore } from '../../graph/sqlite/sqlite-store.js';
import { DEFAULT_STOP_AT, type CaseFile, type Policy } from '../../src/model/case.js';
import { chainInfo } from '../../src/model/chain.js';
import { type Conversion, parseConversion } from '../../src/model/conversion.js';
import { parseTag, type Tag } from '../../src/model/tag.js';
import type { TraceResult } from '../../src/model/trace-result.js';
import { type AccountTransfer, parseTransfer } from '../../src/model/transfer.js';
import { parseUtxoTransaction, type UtxoTransaction } from '../../src/model/utxo.js';
import type { TraceOptions } from '../../src/tracing/trace-case.js';
import { traceCase } from '../../src/tracing/trace-case.js';
import { parseScaled } from '../../src/tracing/scaled.js';
import { btcAddress, evmAddress, tronAddress, txid } from '../support/addresses.js';
import { blockTime } from './support.js';

/** Short asset names used by the fixtures. */
export const ASSETS: Record<string, string> = {
  ETH: 'ETH',
  USDT: 'erc20:0xdAC17F958D2ee523a2206206994597C13D831ec7',
  WETH: 'erc20:0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2',
  TRX: 'TRX',
  'TRC-USDT': 'trc20:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t',
  BTC: 'BTC',
};

export interface ConvTransfer {
  id: string;
  chain?: string;
  /** Short name (ASSETS); default ETH. */
  asset?: string;
  block: number;
  txIndex?: number;
  index?: number;
  from: string;
  to: string | null;
  amount: string;
}

export interface ConvTransaction {
  txid: string;
  block: number;
  txIndex?: number;
  inputs: { prev: string; address: string; value: string }[];
  outputs: { address: string | null; value: string }[];
}

export interface ConvLeg {
  chain?: string;
  address: string;
  asset: string;
  /** Transfer ids, or `<tx alias>:<vout>` on a UTXO chain. */
  refs: string[];
}

export interface ConvRecord {
  id: string;
  kind?: string;
  venue?: string;
  in: ConvLeg;
  out?: ConvLeg;
  confidence?: number;
}

export interface ConvFixture {
  transfers?: ConvTransfer[];
  transactions?: ConvTransaction[];
  conversions: ConvRecord[];
  /** `chain/alias` or alias (ethereum) -> category. */
  tags?: Record<string, string>;
  victims: { id: string; chain?: string; transfer?: string; output?: string }[];
  maxHops?: number;
  followProbable?: boolean;
}

export interface BuiltConv {
  transfers: AccountTransfer[];
  transactions: UtxoTransaction[];
  conversions: Conversion[];
  tags: Tag[];
  kase: CaseFile;
  /** Real address, txid or output back to its alias. */
  alias(value: string): string;
  address(chain: string, alias: string): string;
}

export function buildConv(input: ConvFixture, policy: Policy = 'fifo'): BuiltConv {
  const back = new Map<string, string>();
  const address = (chain: string, alias: string) => {
    const info = chainInfo(chain)!;
    const a = info.model === 'utxo' ? btcAddress(alias, chain) : info.family === 'tron' ? tronAddress(alias) : evmAddress(alias);
    back.set(a, alias);
    return a;
  };
  const tx = (alias: string) => {
    const t = txid(alias);
    back.set(t, alias);
    return t;
  };
  const outpoint = (ref: string) => {
    const [a, vout] = ref.split(':');
    return `${tx(a)}:${vout}`;
  };
  const transfers = (input.transfers ?? []).map((t) => {
    const chain = t.chain ?? 'ethereum';
    return parseTransfer({
      id: t.id,
      chain,
      asset: ASSETS[t.asset ?? (chain === 'tron' ? 'TRX' : 'ETH')],
      txHash: `tx-${t.id.split(':')[0]}`,
      block: t.block,
      txIndex: t.txIndex ?? 0,
      index: t.index ?? 0,
      time: blockTime(t.block),
      from: address(chain, t.from),
      to: t.to === null ? null : address(chain, t.to),
      amount: t.amount,
    });
  });
  const transactions = (input.transactions ?? []).map((t) =>
    parseUtxoTransaction({
      chain: 'bitcoin',
      txid: tx(t.txid),
      block: t.block,
      txIndex: t.txIndex ?? 0,
      time: blockTime(t.block),
      inputs: t.inputs.map((i) => {
        const [prev, vout] = i.prev.split(':');
        return { prevTxid: tx(prev), prevVout: Number(vout), address: address('bitcoin', i.address), value: i.value };
      }),
      outputs: t.outputs.map((o, n) => ({ n, address: o.address === null ? null : address('bitcoin', o.address), value: o.value })),
    }),
  );
  const amountOf = (chain: string, ref: string): bigint => {
    if (chain === 'bitcoin') {
      const [a, vout] = ref.split(':');
      const t = (input.transactions ?? []).find((x) => x.txid === a)!;
      return BigInt(t.outputs[Number(vout)].value);
    }
    return BigInt((input.transfers ?? []).find((t) => t.id === ref && (t.chain ?? 'ethereum') === chain)!.amount);
  };
  const leg = (l: ConvLeg) => {
    const chain = l.chain ?? 'ethereum';
    return {
      chain,
      address: address(chain, l.address),
      asset: ASSETS[l.asset],
      amount: l.refs.reduce((sum, r) => sum + amountOf(chain, r), 0n).toString(),
      refs: chain === 'bitcoin' ? l.refs.map(outpoint) : l.refs,
    };
  };
  const conversions = input.conversions.map((c) =>
    parseConversion({
      id: c.id,
      kind: c.kind ?? (c.out ? 'swap' : 'ambiguous'),
      venue: c.venue ?? `venue of ${c.id}`,
      in: leg(c.in),
      ...(c.out ? { out: leg(c.out) } : {}),
      confidence: c.confidence ?? 100,
      method: 'fixture',
      evidence: [],
    }),
  );
  const tags = Object.entries(input.tags ?? {}).map(([key, category]) => {
    const [chain, alias] = key.includes('/') ? key.split('/') : ['ethereum', key];
    return parseTag({ chain, address: address(chain, alias), label: alias, category, source: 'fixture', confidence: 80 });
  });
  const kase: CaseFile = {
    name: 'conversions',
    sources: [],
    victimPayments: input.victims.map((v) => ({
      id: v.id,
      chain: v.chain ?? 'ethereum',
      ...(v.transfer ? { transfer: v.transfer } : {}),
      ...(v.output ? { output: outpoint(v.output) } : {}),
    })),
    policy,
    maxHops: input.maxHops ?? 20,
    stopAt: [...DEFAULT_STOP_AT],
    inheritTags: false,
    ...(input.followProbable !== undefined ? { followProbable: input.followProbable } : {}),
  };
  const alias = (value: string) => {
    const direct = back.get(value);
    if (direct) return direct;
    const m = /^([0-9a-f]{64}):(.+)$/.exec(value);
    return m && back.has(m[1]) ? `${back.get(m[1])}:${m[2]}` : value;
  };
  return { transfers, transactions, conversions, tags, kase, alias, address };
}

/** Imports and traces; checks reproducibility and that a chain scan gives the same JSON as ledgers. */
export async function traceConv(built: BuiltConv, options: TraceOptions = {}) {
  const store = openSqliteStore(':memory:');
  try {
    const source = (name: string) => ({ name, sha256: name.padEnd(64, '0').slice(0, 64), kind: 'file' as const });
    if (built.transfers.length > 0) await store.importBatch({ source: source('t'), transfers: built.transfers });
    if (built.transactions.length > 0) await store.importBatch({ source: source('x'), transactions: built.transactions });
    await store.importBatch({ source: source('c'), conversions: built.conversions, tags: built.tags });
    const run = await traceCase(store, built.kase, options);
    const scanned = await traceCase(store, built.kase, { ...options, scanAfter: 0 });
    expect(JSON.stringify(scanned.result), 'a chain scan gives the same result').toBe(JSON.stringify(run.result));
    return run;
  } finally {
    await store.close();
  }
}

/** Rows of a result in alias form: `kind address asset` -> amount (and bySource). */
export function rowsOf(result: TraceResult, built: BuiltConv): Record<string, string> {
  const out: Record<string, string> = {};
  const name = (asset: string) => Object.entries(ASSETS).find(([, v]) => v === asset)?.[0] ?? asset;
  for (const e of result.endpoints) out[`endpoint ${built.alias(e.address)} ${name(e.asset)}`] = e.amount;
  for (const h of result.holdings) out[`holding ${built.alias(h.address)} ${name(h.asset)} ${h.reason}`] = h.amount;
  for (const f of result.fees) out[`fee ${f.chain} ${name(f.asset)}`] = f.amount;
  for (const d of result.dropped) out[`dropped ${built.alias(d.address)} ${name(d.asset)}`] = d.amount;
  return out;
}

/**
 * TRACING.md v2: per chain and asset, sources + convertedIn = endpoints + holdings + fees + dropped +
 * convertedOut, exactly as printed; and the same per victim, with each conversion's in and out bySource.
 */
export function expectTotalsIdentity(result: TraceResult): void {
  for (const [key, t] of Object.entries(result.totals)) {
    const left = parseScaled(t.sources) + parseScaled(t.convertedIn ?? '0');
    const right = parseScaled(t.endpoints) + parseScaled(t.holdings) + parseScaled(t.fees) + parseScaled(t.dropped) + parseScaled(t.convertedOut ?? '0');
    expect(right, `totals ${key}`).toBe(left);
  }
  const per = new Map<string, bigint>();
  const add = (key: string, v: bigint) => per.set(key, (per.get(key) ?? 0n) + v);
  for (const s of result.sources) add(`${s.chain}/${s.asset}|${s.id}`, parseScaled(s.amount));
  for (const c of result.conversions ?? []) {
    if (!c.out) continue;
    for (const [id, v] of Object.entries(c.in.bySource)) add(`${c.in.chain}/${c.in.asset}|${id}`, -parseScaled(v));
    for (const [id, v] of Object.entries(c.out.bySource)) add(`${c.out.chain}/${c.out.asset}|${id}`, parseScaled(v));
  }
  const rows = [...result.endpoints, ...result.holdings, ...result.dropped];
  for (const r of rows) for (const [id, v] of Object.entries(r.bySource)) add(`${r.chain}/${r.asset}|${id}`, -parseScaled(v));
  for (const f of result.fees) for (const [id, v] of Object.entries(f.bySource)) add(`${f.chain}/${f.asset}|${id}`, -parseScaled(v));
  for (const [key, v] of per) expect(v, `per victim ${key}`).toBe(0n);
}

/**
 * V pays A 100 USDT; A swaps 60 USDT at pool P for 30 ETH (rate 1/2, in-ref before out-ref); A had 10
 * clean ETH from F before; A then pays 25 ETH to the exchange X.
 */
export const swap = (over: Partial<ConvFixture> = {}): ConvFixture => ({
  transfers: [
    { id: 'f', block: 0, from: 'F', to: 'A', amount: '10' },
    { id: 'p1', asset: 'USDT', block: 1, from: 'V', to: 'A', amount: '100' },
    { id: 's:1', asset: 'USDT', block: 2, index: 1, from: 'A', to: 'P', amount: '60' },
    { id: 's:2', block: 2, index: 2, from: 'P', to: 'A', amount: '30' },
    { id: 'x', block: 3, from: 'A', to: 'X', amount: '25' },
  ],
  conversions: [{ id: 'c1', venue: 'Pool P', in: { address: 'A', asset: 'USDT', refs: ['s:1'] }, out: { address: 'A', asset: 'ETH', refs: ['s:2'] } }],
  tags: { X: 'exchange' },
  victims: [{ id: 'v1', transfer: 'p1' }],
  ...over,
});
