// THORChain (thornode docs `concepts/memos.md`, `concepts/asset-notation.md`, `aggregators/memos.md`, at
// code-423n4/2024-06-thorchain dc7c9db4; router `THORChain_Router.sol`): a cross-chain swap is an
// inbound transaction to a THORChain vault carrying a memo, and an outbound transaction from a vault on
// the destination chain whose memo is `OUT:<inbound tx hash>` (or `REFUND:<inbound tx hash>` when the
// swap failed). That hash is the protocol's own link key, so a pair found by it is a `bridge`
// conversion with confidence 100.
// - Memo grammar: `FUNCTION:PARAM1:PARAM2...`, empty parameters kept; swap is `SWAP`, `s` or `=`:
//   `SWAP:ASSET:DESTADDR:LIM/INTERVAL/QUANTITY:AFFILIATE:FEE[:DEXAggregatorAddr:FinalTokenAddr:MinAmountOut]`,
//   where LIM may be in scientific notation (`1e6`). Other functions are named but not parsed further.
// - Asset notation: `CHAIN.SYMBOL[-TICKER]` (layer 1; EVM tickers are the token contract), `CHAIN/SYMBOL`
//   (synthetic), `CHAIN~SYMBOL` (trade asset), `THOR.X` (derived), and one-letter short codes from the
//   memo-length-reduction guide (`b` BTC.BTC, `e` ETH.ETH, `r` THOR.RUNE ...).
// - Inbound memos sit in the ETH router's `Deposit(address indexed to, address indexed asset, uint256
//   amount, string memo)` event, or in a Bitcoin OP_RETURN output (at most 80 bytes). Outbound memos sit
//   in the router's `TransferOut(address indexed vault, address indexed to, address asset, uint256
//   amount, string memo)` or in the OP_RETURN of the vault's Bitcoin transaction.
// Known gaps: native ETH sent straight to a vault with the memo as input data (no router event), and
// vault addresses themselves (they rotate: /thorchain/inbound_addresses), are not handled here.

import { getAddress, toUtf8String } from 'ethers';
import type { Conversion, ConversionLeg } from '../../src/model/conversion.js';

export const ROUTER_DEPOSIT_TOPIC = '0xef519b7eb82aaf6ac376a6df2d793843ebfd593de5f1a0601d3cc6ab49ebb395';
export const ROUTER_TRANSFER_OUT_TOPIC = '0xa9cd03aa3c1b4515114539cd53d22085129d495cb9e9f9af77864526240f1bf7';

/** THORChain ETH routers (thornode `x/thorchain/router_upgrade_info.go` @dc7c9db4; the first is current). */
export const THORCHAIN_ETH_ROUTERS = ['0xD37BbE5744D730a1d98d8DC97c42F0Ca46aD7146', '0x3624525075b88B24ecc29CE226b0CEc1fFcB6976', '0xC145990E84155416144C532E31f89B840Ca8c2cE'];

/** One-letter asset short codes (thornode memo-length-reduction guide). */
export const SHORT_CODES: Record<string, string> = {
  a: 'AVAX.AVAX',
  b: 'BTC.BTC',
  c: 'BCH.BCH',
  d: 'DOGE.DOGE',
  e: 'ETH.ETH',
  g: 'GAIA.ATOM',
  l: 'LTC.LTC',
  n: 'BNB.BNB',
  r: 'THOR.RUNE',
  s: 'BSC.BNB',
};

export interface ThorAsset {
  /** THORChain chain code: BTC, ETH, THOR ... */
  chain: string;
  symbol: string;
  /** Token contract or id after the `-`, as written. */
  ticker?: string;
  kind: 'layer1' | 'synth' | 'trade' | 'derived';
  /** The full notation, short codes expanded. */
  text: string;
}

/** Parses THORChain asset notation (short codes included); undefined when it is not one. */
export function parseThorAsset(text: string): ThorAsset | undefined {
  const t = SHORT_CODES[text] ?? text;
  const m = /^([A-Za-z0-9]+)([./~])([A-Za-z0-9]+)(?:-([A-Za-z0-9]+))?$/.exec(t);
  if (!m) return undefined;
  const chain = m[1].toUpperCase();
  const kind = m[2] === '/' ? 'synth' : m[2] === '~' ? 'trade' : chain === 'THOR' && m[3].toUpperCase() !== 'RUNE' ? 'derived' : 'layer1';
  const a: ThorAsset = { chain, symbol: m[3].toUpperCase(), kind, text: `${chain}${m[2]}${m[3].toUpperCase()}${m[4] ? `-${m[4].toUpperCase()}` : ''}` };
  if (m[4]) a.ticker = m[4];
  return a;
}

/** A Ledgerhound asset id for a layer-1 THORChain asset: `BTC`, `ETH`, `erc20:<contract>`; else undefined. */
export function thorAssetToLedger(a: ThorAsset): { chain: string; asset: string } | undefined {
  if (a.kind !== 'layer1') return undefined;
  const chains: Record<string, string> = { BTC: 'bitcoin', ETH: 'ethereum', BSC: 'bsc', AVAX: 'avalanche', BASE: 'base' };
  const chain = chains[a.chain];
  if (!chain) return undefined;
  if (!a.ticker) return a.symbol === a.chain || (a.chain === 'BSC' && a.symbol === 'BNB') || (a.chain === 'BASE' && a.symbol === 'ETH') ? { chain, asset: a.symbol } : undefined;
  return /^0x[0-9a-fA-F]{40}$/.test(a.ticker) ? { chain, asset: `erc20:${getAddress(a.ticker.toLowerCase())}` } : undefined;
}

export type ThorMemo =
  | {
      type: 'swap';
      asset: ThorAsset;
      destination: string;
      limit?: bigint;
      interval?: number;
      quantity?: number;
      affiliate?: string;
      feeBps?: number;
      aggregator?: string;
      finalToken?: string;
      minAmountOut?: string;
    }
  | { type: 'out' | 'refund'; inboundHash: string }
  | { type: 'other'; function: string; params: string[] };

/** `1e6`, `10000000` -> bigint; undefined for an empty or unreadable amount. */
export function parseThorAmount(s: string | undefined): bigint | undefined {
  if (!s) return undefined;
  if (/^\d+$/.test(s)) return BigInt(s);
  const m = /^(\d+)[eE](\d+)$/.exec(s);
  return m ? BigInt(m[1]) * 10n ** BigInt(m[2]) : undefined;
}

/** Parses a memo; undefined when it is empty or a swap memo that breaks the grammar. */
export function parseThorMemo(memo: string): ThorMemo | undefined {
  const text = memo.trim().split('|')[0];
  if (!text) return undefined;
  const [fn, ...params] = text.split(':');
  const f = fn.toUpperCase();
  if (f === 'OUT' || f === 'REFUND') {
    const h = params[0]?.trim();
    return h && /^(0x)?[0-9a-fA-F]{64}$/.test(h) ? { type: f === 'OUT' ? 'out' : 'refund', inboundHash: normalizeHash(h) } : undefined;
  }
  if (f === 'SWAP' || f === 'S' || f === '=') {
    const asset = parseThorAsset(params[0] ?? '');
    const destination = params[1] ?? '';
    if (!asset || !destination) return undefined;
    const out: ThorMemo & { type: 'swap' } = { type: 'swap', asset, destination };
    const [lim, interval, quantity] = (params[2] ?? '').split('/');
    const limit = parseThorAmount(lim);
    if (lim && limit === undefined) return undefined;
    if (limit !== undefined) out.limit = limit;
    if (interval) out.interval = Number(interval);
    if (quantity) out.quantity = Number(quantity);
    if (params[3]) out.affiliate = params[3];
    if (params[4]) out.feeBps = Number(params[4]);
    if (params[5]) out.aggregator = params[5];
    if (params[6]) out.finalToken = params[6];
    if (params[7]) out.minAmountOut = params[7];
    return out;
  }
  return { type: 'other', function: f, params };
}

/** THORChain writes hashes upper-case without 0x; chains write them lower-case, EVM with 0x. */
export function normalizeHash(h: string): string {
  return h.replace(/^0x/i, '').toLowerCase();
}

function dataWords(data: string): string[] {
  const hex = data.replace(/^0x/i, '');
  const out: string[] = [];
  for (let i = 0; i + 64 <= hex.length; i += 64) out.push(hex.slice(i, i + 64));
  return out;
}

function abiString(data: string, offsetWord: string): string {
  const hex = data.replace(/^0x/i, '');
  const offset = Number(BigInt(`0x${offsetWord}`)) * 2;
  const len = Number(BigInt(`0x${hex.slice(offset, offset + 64)}`)) * 2;
  return toUtf8String(`0x${hex.slice(offset + 64, offset + 64 + len)}`);
}

const wordAddress = (w: string) => getAddress(`0x${w.slice(-40).toLowerCase()}`);

export interface RouterEvent {
  kind: 'deposit' | 'transferOut';
  router: string;
  /** Deposit: the vault; TransferOut: the recipient. */
  to: string;
  /** TransferOut: the vault paying out. */
  vault?: string;
  /** Token contract, or the zero address for ETH. */
  token: string;
  amount: bigint;
  memo: string;
}

/** Decodes a THORChain router Deposit or TransferOut log (emitter checked against `routers`). */
export function decodeRouterLog(log: { address: string; topics: readonly string[]; data: string }, routers: readonly string[] = THORCHAIN_ETH_ROUTERS): RouterEvent | undefined {
  if (!routers.some((r) => r.toLowerCase() === log.address.toLowerCase())) return undefined;
  const t0 = log.topics[0]?.toLowerCase();
  const w = dataWords(log.data);
  const router = getAddress(log.address.toLowerCase());
  if (t0 === ROUTER_DEPOSIT_TOPIC && log.topics.length === 3 && w.length >= 2) {
    return { kind: 'deposit', router, to: wordAddress(log.topics[1]), token: wordAddress(log.topics[2]), amount: BigInt(`0x${w[0]}`), memo: abiString(log.data, w[1]) };
  }
  if (t0 === ROUTER_TRANSFER_OUT_TOPIC && log.topics.length === 3 && w.length >= 3) {
    return { kind: 'transferOut', router, vault: wordAddress(log.topics[1]), to: wordAddress(log.topics[2]), token: wordAddress(w[0]), amount: BigInt(`0x${w[1]}`), memo: abiString(log.data, w[2]) };
  }
  return undefined;
}

/** The text of a Bitcoin OP_RETURN output script (`6a` + one push), or undefined. */
export function opReturnMemo(scriptHex: string): string | undefined {
  const s = scriptHex.toLowerCase().replace(/^0x/, '');
  if (!s.startsWith('6a') || s.length < 4) return undefined;
  const op = Number.parseInt(s.slice(2, 4), 16);
  let start = 4;
  let len = op;
  if (op === 0x4c) {
    len = Number.parseInt(s.slice(4, 6), 16);
    start = 6;
  } else if (op > 0x4b) return undefined;
  const body = s.slice(start, start + len * 2);
  if (body.length !== len * 2) return undefined;
  return toUtf8String(`0x${body}`);
}

/** One side of a THORChain movement as found on its chain, with the refs of the value it moved. */
export interface ThorLeg extends ConversionLeg {
  txHash: string;
  memo: string;
  time?: string;
}

/**
 * Pairs inbounds with the outbounds whose memo is `OUT:<inbound hash>` or `REFUND:<inbound hash>`:
 * one `bridge` conversion per inbound (outbounds of one inbound to the same address and asset are
 * summed; an inbound without outbound yields nothing). Id `<in chain>:<in tx>:bridge:0`.
 */
export function linkThorchain(inbounds: readonly ThorLeg[], outbounds: readonly ThorLeg[]): Conversion[] {
  const byKey = new Map<string, { leg: ThorLeg; memo: ThorMemo & { type: 'out' | 'refund' } }[]>();
  for (const leg of outbounds) {
    const memo = parseThorMemo(leg.memo);
    if (memo?.type !== 'out' && memo?.type !== 'refund') continue;
    const list = byKey.get(memo.inboundHash) ?? [];
    list.push({ leg, memo });
    byKey.set(memo.inboundHash, list);
  }
  const out: Conversion[] = [];
  for (const inbound of inbounds) {
    const outs = byKey.get(normalizeHash(inbound.txHash));
    if (!outs?.length) continue;
    const first = outs[0].leg;
    const same = outs.filter((o) => o.leg.chain === first.chain && o.leg.address === first.address && o.leg.asset === first.asset);
    const refund = same.some((o) => o.memo.type === 'refund');
    const notes: string[] = [];
    if (refund) notes.push('refund: THORChain could not swap and sent the asset back');
    if (same.length < outs.length) notes.push(`other outbounds of this inbound not included: ${outs.filter((o) => !same.includes(o)).map((o) => o.leg.txHash).join(', ')}`);
    const swap = parseThorMemo(inbound.memo);
    const c: Conversion = {
      id: `${inbound.chain}:${inbound.txHash}:bridge:0`,
      kind: 'bridge',
      venue: 'THORChain',
      in: { chain: inbound.chain, address: inbound.address, asset: inbound.asset, amount: inbound.amount, refs: [...inbound.refs] },
      out: { chain: first.chain, address: first.address, asset: first.asset, amount: same.reduce((s, o) => s + o.leg.amount, 0n), refs: same.flatMap((o) => o.leg.refs) },
      confidence: 100,
      method: `THORChain memo ${refund ? 'REFUND' : 'OUT'}:<inbound hash>${swap?.type === 'swap' ? `; inbound memo ${swap.asset.text} to ${swap.destination}` : ''}`,
      evidence: [inbound.txHash, ...same.map((o) => o.leg.txHash)],
    };
    if (notes.length) c.note = notes.join('; ');
    out.push(c);
  }
  return out;
}
