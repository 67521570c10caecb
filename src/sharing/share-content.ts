// What a case shares (issue 15): from a trace and the tags of the addresses it touched, the scam's
// wallets (where victims paid: `collection`; what the traced value passed through: `layering`; where it
// still sits: `holding`), the cash-out points with the exchange or service as entity, the victims'
// payments (an opaque id, the transaction and the amount: never the victim's name, wallet or tags), and
// the flows between shared wallets with exact amounts. TLP (tlp.ts) decides what may go out: a wallet
// that carries a tag stricter than the share's marking is left out with its flows, and every omission
// is listed with its reason. Pure: the STIX and MISP builders format this content.

import { assetInfo } from '../model/asset.js';
import { bestTag, isTagCategory, type Tag, type TagCategory, type Tlp } from '../model/tag.js';
import type { TraceFlow, TraceRun } from '../model/trace-result.js';
import { mayShareUnder } from './tlp.js';

export type ShareRole = 'collection' | 'layering' | 'holding' | 'cash-out';

/** The parts a share can include (`--include`); all by default. */
export const SHARE_PARTS = ['wallets', 'cash-out', 'payments', 'flows'] as const;
export type SharePart = (typeof SHARE_PARTS)[number];

/** Smallest amount a flow or payment must carry, in human units: one for every asset and/or per symbol. */
export interface MinAmount {
  all?: string;
  bySymbol?: Record<string, string>;
}

export interface ShareOptions {
  tlp: Tlp;
  minAmount?: MinAmount;
  include?: readonly SharePart[];
  /** The scam type for taxonomy tags (default "Pig Butchering Scam", cryptocurrency-threat taxonomy). */
  scamType?: string;
}

/** The tag shared for a wallet (its best tag that may be shared). */
export interface SharedTag {
  label: string;
  category: TagCategory;
  confidence: number;
  note?: string;
  tlp?: Tlp;
}

export interface SharedWallet {
  chain: string;
  address: string;
  role: ShareRole;
  /** Asset symbols the traced value moved in at this address, sorted. */
  symbols: string[];
  /** The wallet's best shareable tag; an untagged wallet gets one from its role (confidence 50). */
  tag: SharedTag;
  /** Cash-out points: the exchange or service (from the tag's label). */
  entity?: string;
  firstSeen?: string;
  lastSeen?: string;
}

export interface SharedFlow {
  chain: string;
  asset: string;
  symbol: string;
  decimals?: number;
  /** Transfer id or `<txid>:<vout>`. */
  ref: string;
  txHash: string;
  time?: string;
  from: string;
  to: string;
  /** Traced amount, decimal base units (up to 9 fractional digits under pro-rata rules). */
  amount: string;
}

export interface SharedPayment {
  /** Opaque id (`payment-1`...) in the case's order: case ids often carry victims' names. */
  id: string;
  chain: string;
  asset: string;
  symbol: string;
  decimals?: number;
  ref: string;
  txHash?: string;
  time?: string;
  /** The scam wallet the payment reached. */
  to: string;
  amount: string;
}

export interface ShareContent {
  caseName: string;
  tlp: Tlp;
  scamType: string;
  wallets: SharedWallet[];
  payments: SharedPayment[];
  flows: SharedFlow[];
  firstSeen?: string;
  lastSeen?: string;
}

export type LeftOutKind = 'tag' | 'wallet' | 'payment' | 'flow';

export interface LeftOut {
  kind: LeftOutKind;
  chain: string;
  address?: string;
  ref?: string;
  label?: string;
  tlp?: Tlp;
  reason: 'tlp' | 'victim' | 'min-amount' | 'not-included' | 'wallet-left-out';
  detail: string;
}

export interface ShareSelection {
  content: ShareContent;
  leftOut: LeftOut[];
}

export const DEFAULT_SCAM_TYPE = 'Pig Butchering Scam';

/** Confidence of the tag an untagged wallet gets from its role in the trace. */
export const UNTAGGED_CONFIDENCE = 50;

export const ROLE_NAMES: Record<ShareRole, string> = {
  collection: 'Collection wallet',
  layering: 'Layering wallet',
  holding: 'Holding wallet',
  'cash-out': 'Cash-out deposit address',
};

const key = (chain: string, address: string) => `${chain}/${address}`;

/**
 * Selects what a case shares under `options.tlp`. `tagsOf` gives the stored tags of an address (all of
 * them: the strictest marking among them decides whether the address may go out).
 */
export function selectShareContent(caseName: string, run: TraceRun, tagsOf: (chain: string, address: string) => readonly Tag[], options: ShareOptions): ShareSelection {
  const include = new Set<SharePart>(options.include ?? SHARE_PARTS);
  const leftOut: LeftOut[] = [];
  const r = run.result;

  // Victims' own wallets: the sender of each victim payment and any address tagged `victim`.
  const victimFlows = run.flows.filter((f) => f.source !== undefined);
  const victims = new Set(victimFlows.map((f) => key(f.chain, f.from)));

  const roles = new Map<string, { chain: string; address: string; role: ShareRole }>();
  const setRole = (chain: string, address: string, role: ShareRole) => {
    if (!roles.has(key(chain, address))) roles.set(key(chain, address), { chain, address, role });
  };
  for (const s of r.sources) if (s.address) setRole(s.chain, s.address, 'collection');
  for (const e of r.endpoints) setRole(e.chain, e.address, 'cash-out');
  for (const h of r.holdings) setRole(h.chain, h.address, 'holding');
  for (const f of run.flows) {
    if (f.outcome === 'fee' || f.outcome === 'dropped' || f.to === null || f.source !== undefined) continue;
    setRole(f.chain, f.from, 'layering');
    setRole(f.chain, f.to, 'layering');
  }

  const shared = new Map<string, SharedWallet>();
  for (const [k, { chain, address, role }] of roles) {
    const tags = tagsOf(chain, address);
    if (victims.has(k) || tags.some((t) => t.category === 'victim')) {
      for (const t of tags) leftOut.push({ kind: 'tag', chain, address, label: t.label, ...(t.tlp ? { tlp: t.tlp } : {}), reason: 'victim', detail: 'victim data is never shared' });
      leftOut.push({ kind: 'wallet', chain, address, reason: 'victim', detail: "a victim's own wallet is never shared" });
      continue;
    }
    const part: SharePart = role === 'cash-out' ? 'cash-out' : 'wallets';
    if (!include.has(part)) {
      leftOut.push({ kind: 'wallet', chain, address, reason: 'not-included', detail: `part "${part}" not included` });
      continue;
    }
    const strict = tags.filter((t) => !mayShareUnder(t.tlp, options.tlp));
    if (strict.length > 0) {
      for (const t of strict) {
        leftOut.push({ kind: 'tag', chain, address, label: t.label, tlp: t.tlp, reason: 'tlp', detail: `marked TLP:${t.tlp?.toUpperCase()}, stricter than TLP:${options.tlp.toUpperCase()}` });
      }
      leftOut.push({ kind: 'wallet', chain, address, reason: 'tlp', detail: 'carries a tag under a stricter marking' });
      continue;
    }
    const best = bestTag(tags.filter((t) => !t.inferredFrom));
    let tag: SharedTag;
    if (best) {
      tag = { label: best.label, category: best.category, confidence: best.confidence };
      if (best.note !== undefined) tag.note = best.note;
      if (best.tlp !== undefined) tag.tlp = best.tlp;
    } else {
      const endpoint = r.endpoints.find((e) => e.chain === chain && e.address === address);
      const category = role === 'cash-out' ? (isTagCategory(endpoint?.category) ? endpoint.category : 'other') : 'scam';
      tag = { label: endpoint?.label ?? `${ROLE_NAMES[role]} (${caseName})`, category, confidence: UNTAGGED_CONFIDENCE, note: 'untagged: role from the trace' };
    }
    const wallet: SharedWallet = { chain, address, role, symbols: [], tag };
    if (role === 'cash-out') wallet.entity = entityName(tag.label);
    shared.set(k, wallet);
  }

  const symbolsAt = new Map<string, Set<string>>();
  const seen = (chain: string, address: string, symbol: string, time: string | undefined) => {
    const w = shared.get(key(chain, address));
    if (!w) return;
    const set = symbolsAt.get(key(chain, address)) ?? new Set<string>();
    set.add(symbol);
    symbolsAt.set(key(chain, address), set);
    if (time !== undefined) {
      if (w.firstSeen === undefined || time < w.firstSeen) w.firstSeen = time;
      if (w.lastSeen === undefined || time > w.lastSeen) w.lastSeen = time;
    }
  };

  const payments: SharedPayment[] = [];
  r.sources.forEach((s, i) => {
    const info = assetInfo(s.chain, s.asset);
    const id = `payment-${i + 1}`;
    if (!s.address || !shared.has(key(s.chain, s.address))) {
      leftOut.push({ kind: 'payment', chain: s.chain, ref: s.ref, reason: 'wallet-left-out', detail: `${id}: the receiving wallet is left out` });
      return;
    }
    if (!include.has('payments')) {
      leftOut.push({ kind: 'payment', chain: s.chain, ref: s.ref, reason: 'not-included', detail: `${id}: part "payments" not included` });
      return;
    }
    if (belowMinimum(s.amount, info.symbol, info.decimals, options.minAmount)) {
      leftOut.push({ kind: 'payment', chain: s.chain, ref: s.ref, reason: 'min-amount', detail: `${id}: below --min-amount` });
      return;
    }
    const flow = victimFlows.find((f) => f.source === s.id);
    const p: SharedPayment = { id, chain: s.chain, asset: s.asset, symbol: info.symbol, ref: s.ref, to: s.address, amount: s.amount };
    if (info.decimals !== undefined) p.decimals = info.decimals;
    if (flow) p.txHash = flow.txHash;
    if (s.time !== undefined) p.time = s.time;
    payments.push(p);
    seen(s.chain, s.address, info.symbol, s.time);
  });

  const flows = new Map<string, SharedFlow & { scaled: bigint }>();
  let leftOutFlows = 0;
  for (const f of run.flows) {
    if (f.outcome === 'fee' || f.outcome === 'dropped' || f.to === null || f.source !== undefined) continue;
    if (!shared.has(key(f.chain, f.from)) || !shared.has(key(f.chain, f.to))) {
      leftOutFlows++;
      continue;
    }
    const k = `${f.chain}|${f.ref}|${f.from}|${f.to}|${f.asset}`;
    const existing = flows.get(k);
    if (existing) existing.scaled += scaled(f.amount);
    else flows.set(k, { ...flowOf(f), scaled: scaled(f.amount) });
  }
  if (leftOutFlows > 0) {
    leftOut.push({ kind: 'flow', chain: '*', reason: 'wallet-left-out', detail: `${leftOutFlows} traced movement(s) from or to a wallet that is left out` });
  }
  const sharedFlows: SharedFlow[] = [];
  for (const { scaled: amount, ...f } of flows.values()) {
    const flow = { ...f, amount: unscaled(amount) };
    if (!include.has('flows')) {
      leftOut.push({ kind: 'flow', chain: f.chain, ref: f.ref, reason: 'not-included', detail: 'part "flows" not included' });
      continue;
    }
    if (belowMinimum(flow.amount, f.symbol, f.decimals, options.minAmount)) {
      leftOut.push({ kind: 'flow', chain: f.chain, ref: f.ref, reason: 'min-amount', detail: `${f.from} -> ${f.to}: below --min-amount` });
      continue;
    }
    sharedFlows.push(flow);
    seen(f.chain, f.from, f.symbol, f.time);
    seen(f.chain, f.to, f.symbol, f.time);
  }
  for (const e of r.endpoints) seen(e.chain, e.address, assetInfo(e.chain, e.asset).symbol, undefined);
  for (const h of r.holdings) seen(h.chain, h.address, assetInfo(h.chain, h.asset).symbol, undefined);

  const wallets = [...shared.values()].sort((a, b) => cmp(a.chain, b.chain) || cmp(a.address, b.address));
  for (const w of wallets) w.symbols = [...(symbolsAt.get(key(w.chain, w.address)) ?? [])].sort();
  const times = wallets.flatMap((w) => [w.firstSeen, w.lastSeen]).filter((t): t is string => t !== undefined).sort();
  const content: ShareContent = {
    caseName,
    tlp: options.tlp,
    scamType: options.scamType ?? DEFAULT_SCAM_TYPE,
    wallets,
    payments,
    flows: sharedFlows.sort((a, b) => cmp(a.chain, b.chain) || cmp(a.time ?? '', b.time ?? '') || cmp(a.ref, b.ref) || cmp(a.from, b.from) || cmp(a.to, b.to)),
  };
  if (times.length > 0) {
    content.firstSeen = times[0];
    content.lastSeen = times[times.length - 1];
  }
  return { content, leftOut };
}

function flowOf(f: TraceFlow): SharedFlow {
  const info = assetInfo(f.chain, f.asset);
  const out: SharedFlow = { chain: f.chain, asset: f.asset, symbol: info.symbol, ref: f.ref, txHash: f.txHash, from: f.from, to: f.to as string, amount: f.amount };
  if (info.decimals !== undefined) out.decimals = info.decimals;
  if (f.time !== undefined) out.time = f.time;
  return out;
}

/**
 * The exchange or service behind a wallet label: the words before the first one that names a chain,
 * asset or wallet kind ("bitfinex ETH/ERC20 hot wallet" -> "bitfinex"); the whole label otherwise.
 */
export function entityName(label: string): string {
  const words = label.trim().split(/\s+/);
  const stop = /^(eth|erc-?20|trx|tron|trc-?(10|20)|btc|usdt|hot|cold|reserves?|wallets?|deposit|withdrawal|[a-z0-9]+\/[a-z0-9/]+)$/i;
  const i = words.findIndex((w, n) => n > 0 && stop.test(w));
  return i > 0 ? words.slice(0, i).join(' ') : label.trim();
}

const SCALE = 10n ** 9n;

/** Decimal base units (up to 9 fractional digits) as an integer of 10^-9 units. */
function scaled(value: string): bigint {
  const [whole, fraction = ''] = value.split('.');
  return BigInt(whole) * SCALE + BigInt(fraction.padEnd(9, '0').slice(0, 9));
}

function unscaled(value: bigint): string {
  const whole = value / SCALE;
  const fraction = (value % SCALE).toString().padStart(9, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : whole.toString();
}

function belowMinimum(amount: string, symbol: string, decimals: number | undefined, min: MinAmount | undefined): boolean {
  const human = min?.bySymbol?.[symbol] ?? min?.all;
  if (human === undefined || decimals === undefined) return false;
  const [whole, fraction = ''] = human.split('.');
  const threshold = BigInt(whole + fraction.padEnd(decimals, '0').slice(0, decimals)) * SCALE;
  return scaled(amount) < threshold;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
