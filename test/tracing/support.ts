// Test helpers for tracing: builds a store from compact, readable fixtures (addresses and txids as
// aliases, derived deterministically by test/support/addresses.ts), runs a trace, and maps the result
// back to aliases so that expected figures can be written by hand.

import type { GraphStore } from '../../src/ports.js';
import { parseTag, type Tag } from '../../src/model/tag.js';
import { parseTransfer, type AccountTransfer } from '../../src/model/transfer.js';
import { parseUtxoTransaction, type UtxoTransaction } from '../../src/model/utxo.js';
import type { CaseFile, Policy } from '../../src/model/case.js';
import { DEFAULT_STOP_AT } from '../../src/model/case.js';
import type { TraceResult } from '../../src/model/trace-result.js';
import { chainInfo } from '../../src/model/chain.js';
import { btcAddress, evmAddress, tronAddress, txid } from '../support/addresses.js';

export interface FixtureTransfer {
  id: string;
  block: number;
  txIndex?: number;
  index?: number;
  from: string;
  to: string | null;
  amount: string;
  time?: string;
}

export interface FixtureTransaction {
  txid: string;
  block: number;
  txIndex?: number;
  time?: string;
  inputs: ({ prev: string; address: string; value: string } | { coinbase: true; value: string })[];
  outputs: { address: string | null; value: string; script?: string }[];
}

export interface FixtureInput {
  chain?: string;
  asset?: string;
  transfers?: FixtureTransfer[];
  transactions?: FixtureTransaction[];
  /** alias -> category */
  tags?: Record<string, string>;
  case: {
    victimPayments: { id: string; transfer?: string; output?: string }[];
    maxHops?: number;
    until?: string;
    dust?: string | Record<string, string>;
    stopAt?: string[];
  };
}

export interface ExpectedRows {
  endpoints?: { address: string; amount: string; bySource: Record<string, string>; hops?: number }[];
  holdings?: { address: string; amount: string; bySource: Record<string, string>; reason: string; outputs?: string[] }[];
  fees?: { amount: string; bySource: Record<string, string> }[];
  dropped?: { address: string; amount: string; bySource: Record<string, string> }[];
  openingShortfalls?: { address: string; amount: string; ref: string }[];
  totals?: { sources: string; endpoints: string; holdings: string; fees: string; dropped: string };
  notes?: number;
}

const BASE_TIME = Date.parse('2024-01-01T00:00:00Z');

/** ISO time of a fixture block (one block a minute). */
export function blockTime(block: number): string {
  return new Date(BASE_TIME + block * 60_000).toISOString().replace('.000Z', 'Z');
}

/** Maps aliases to real-looking, valid addresses and back. */
export class Aliases {
  private readonly forward = new Map<string, string>();
  private readonly back = new Map<string, string>();
  constructor(readonly chain: string) {}

  address(alias: string): string {
    let a = this.forward.get(alias);
    if (!a) {
      const family = chainInfo(this.chain)?.family;
      a = family === 'utxo' ? btcAddress(alias, this.chain) : family === 'tron' ? tronAddress(alias) : evmAddress(alias);
      this.forward.set(alias, a);
      this.back.set(a, alias);
    }
    return a;
  }

  txid(alias: string): string {
    const t = txid(alias);
    this.back.set(t, alias);
    return t;
  }

  /** `alias:vout` -> `<txid>:<vout>`. */
  outpoint(ref: string): string {
    const [alias, vout] = ref.split(':');
    return `${this.txid(alias)}:${vout}`;
  }

  /** Real address or `<txid>:<vout>` back to its alias form. */
  alias(value: string): string {
    const direct = this.back.get(value);
    if (direct) return direct;
    const m = /^([0-9a-f]{64}):(.+)$/.exec(value);
    if (m && this.back.has(m[1])) return `${this.back.get(m[1])}:${m[2]}`;
    return value;
  }
}

export interface BuiltFixture {
  aliases: Aliases;
  transfers: AccountTransfer[];
  transactions: UtxoTransaction[];
  tags: Tag[];
  kase: CaseFile;
}

/** Turns a compact fixture into model records and a case. */
export function buildFixture(input: FixtureInput, policy: Policy = 'fifo'): BuiltFixture {
  const chain = input.chain ?? (input.transactions ? 'bitcoin' : 'ethereum');
  const aliases = new Aliases(chain);
  const asset = input.asset ?? chainInfo(chain)!.nativeSymbol;
  const transfers = (input.transfers ?? []).map((t) =>
    parseTransfer({
      id: t.id,
      chain,
      asset,
      txHash: `tx-${t.id.split(':')[0]}`,
      block: t.block,
      txIndex: t.txIndex ?? 0,
      index: t.index ?? 0,
      time: t.time ?? blockTime(t.block),
      from: aliases.address(t.from),
      to: t.to === null ? null : aliases.address(t.to),
      amount: t.amount,
    }),
  );
  const transactions = (input.transactions ?? []).map((tx) =>
    parseUtxoTransaction({
      chain,
      txid: aliases.txid(tx.txid),
      block: tx.block,
      txIndex: tx.txIndex ?? 0,
      time: tx.time ?? blockTime(tx.block),
      inputs: tx.inputs.map((i) => {
        if ('coinbase' in i) return { coinbase: true, value: i.value };
        const [prev, vout] = i.prev.split(':');
        return { prevTxid: aliases.txid(prev), prevVout: Number(vout), address: aliases.address(i.address), value: i.value };
      }),
      outputs: tx.outputs.map((o, n) => ({ n, address: o.address === null ? null : aliases.address(o.address), value: o.value, ...(o.script ? { script: o.script } : {}) })),
    }),
  );
  const tags = Object.entries(input.tags ?? {}).map(([alias, category]) =>
    parseTag({ chain, address: aliases.address(alias), label: alias, category, source: 'fixture', confidence: 80 }),
  );
  const kase: CaseFile = {
    name: 'fixture',
    sources: [],
    victimPayments: input.case.victimPayments.map((v) => ({
      id: v.id,
      chain,
      ...(v.transfer ? { transfer: v.transfer } : {}),
      ...(v.output ? { output: aliases.outpoint(v.output) } : {}),
    })),
    policy,
    maxHops: input.case.maxHops ?? 20,
    stopAt: (input.case.stopAt ?? DEFAULT_STOP_AT) as CaseFile['stopAt'],
    inheritTags: false,
  };
  if (input.case.until) kase.until = input.case.until;
  if (input.case.dust !== undefined) kase.dust = input.case.dust;
  return { aliases, transfers, transactions, tags, kase };
}

/** Imports a built fixture into a store (one batch per kind, like files). */
export async function importFixture(store: GraphStore, built: BuiltFixture): Promise<void> {
  if (built.transfers.length > 0) await store.importBatch({ source: { name: 'transfers.jsonl', sha256: 'a'.repeat(64), kind: 'file' }, transfers: built.transfers });
  if (built.transactions.length > 0) await store.importBatch({ source: { name: 'transactions.jsonl', sha256: 'b'.repeat(64), kind: 'file' }, transactions: built.transactions });
  if (built.tags.length > 0) await store.importBatch({ source: { name: 'tags.jsonl', sha256: 'c'.repeat(64), kind: 'file' }, tags: built.tags });
}

/** The result in the fixture's alias form (only the fields fixtures state). */
export function projectResult(result: TraceResult, aliases: Aliases): Required<ExpectedRows> {
  const a = (v: string) => aliases.alias(v);
  const totals = Object.values(result.totals);
  return {
    endpoints: result.endpoints.map((e) => ({ address: a(e.address), amount: e.amount, bySource: e.bySource, hops: e.hops })),
    holdings: result.holdings.map((h) => ({
      address: a(h.address),
      amount: h.amount,
      bySource: h.bySource,
      reason: h.reason,
      ...(h.outputs ? { outputs: h.outputs.map(a) } : {}),
    })),
    fees: result.fees.map((f) => ({ amount: f.amount, bySource: f.bySource })),
    dropped: result.dropped.map((d) => ({ address: a(d.address), amount: d.amount, bySource: d.bySource })),
    openingShortfalls: (result.openingShortfalls ?? []).map((s) => ({ address: a(s.address), amount: s.amount, ref: s.ref })),
    totals: totals[0],
    notes: result.notes?.length ?? 0,
  };
}
