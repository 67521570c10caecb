// Shared shapes of conversion detection (docs/conversions.md "Detection"): the logs of one transaction,
// the venue events the protocol detectors read from them, and the context (chain, optional facts learnt
// from a node such as a pair's `factory()` answer, token symbols). Pure data, no I/O.

import { getAddress } from 'ethers';
import type { AccountTransfer } from '../../../src/model/transfer.js';

/** One log of the transaction, as a receipt or ethereum-etl gives it (log index as a number). */
export interface TxLog {
  address: string;
  topics: readonly string[];
  data: string;
  logIndex: number;
}

/** What detection needs of one transaction. */
export interface ConversionTx {
  hash: string;
  /** The transaction's sender (the trader unless a summary event names another). */
  from: string;
  /** The contract called (a router), or null for a contract creation. */
  to?: string | null;
  logs: readonly TxLog[];
  /** The transaction's account transfers (native, fee, token logs and, with traces, internal calls). */
  transfers: readonly AccountTransfer[];
  /** True when `transfers` hold the internal transfers from call traces (debug_traceTransaction, trace_transaction). */
  traces?: boolean;
  /** Where the transaction sits, for the WETH9 mint/burn transfers; defaults to its first transfer's. */
  position?: { block: number; txIndex: number; time?: string };
}

/** A Uniswap V2 factory (or fork) and the init code hash of the pairs it makes with CREATE2. */
export interface V2Factory {
  protocol: string;
  factory: string;
  initCodeHash: string;
}

/**
 * Venues of a chain beyond the built-in tables: a dev or private chain, a fork, a new deployment
 * (docs/conversions.md "Venues of other chains"). Added to the tables, never replacing them, except
 * `wrappedNative`, which names the chain's WETH9 when the table has none or another.
 */
export interface ChainVenues {
  /** Extra V2 factories: a pair counts as theirs when its address is their CREATE2 address for its tokens. */
  v2Factories?: readonly V2Factory[];
  /** The chain's wrapped native coin (WETH9 or a copy). */
  wrappedNative?: { address: string; symbol: string };
}

export interface DetectContext {
  chain: string;
  /** Venues of this chain beyond the built-in tables. */
  venues?: ChainVenues;
  /** Pair or pool -> factory, learnt by asking the contract `factory()` (an RPC answer); EIP-55 or lower case. */
  factories?: ReadonlyMap<string, string>;
  /** Symbol of an asset (`erc20:0x...`), e.g. from the store's token info. */
  symbolOf?: (asset: string) => string | undefined;
}

/** One event that shows a venue acting: a pool swap, a wrap or unwrap, or a router's own summary. */
export interface VenueEvent {
  logIndex: number;
  role: 'swap' | 'wrap' | 'unwrap' | 'summary';
  /** Protocol as recognised (`Uniswap V2`, `SushiSwap`, `WETH9`, `KyberSwap` ...), or a `-type` name when only the event shape is known. */
  protocol: string;
  /** Event label for `method`, e.g. `Swap (V2)`. */
  label: string;
  /** The emitting contract, EIP-55. */
  venue: string;
  /** Human name, e.g. `Uniswap V2 USDT/WETH 0x0d4A...1852`. */
  name: string;
  /** True when the contract is known to belong to the protocol (factory, address table), not only by topic0. */
  recognised: boolean;
  /** Whoever the event names as receiving the output. */
  recipient?: string;
  /** The trader a summary event names. */
  trader?: string;
  assetIn?: string;
  assetOut?: string;
  amountIn?: bigint;
  amountOut?: bigint;
}

/** A protocol detector: reads one log (with the transaction around it) into a venue event, or not. */
export type VenueDetector = (log: TxLog, tx: ConversionTx, ctx: DetectContext) => VenueEvent | undefined;

/** The 32-byte words of a log's data. */
export function dataWords(data: string): string[] {
  const hex = data.replace(/^0x/i, '');
  const out: string[] = [];
  for (let i = 0; i + 64 <= hex.length; i += 64) out.push(hex.slice(i, i + 64));
  return out;
}

export function wordToUint(word: string): bigint {
  return BigInt(`0x${word || '0'}`);
}

/** Two's complement int256 of a word. */
export function wordToInt(word: string): bigint {
  const n = wordToUint(word);
  return n >= 1n << 255n ? n - (1n << 256n) : n;
}

/** The address in a word or topic (the last 20 bytes), EIP-55. */
export function wordToAddress(word: string): string {
  return getAddress(`0x${word.replace(/^0x/i, '').slice(-40).toLowerCase()}`);
}

export function sameAddress(a: string | null | undefined, b: string | null | undefined): boolean {
  return !!a && !!b && a.toLowerCase() === b.toLowerCase();
}

/** `0x0d4A...1852`: the EIP-55 address cut for names. */
export function shortAddress(address: string): string {
  const a = getAddress(address.toLowerCase());
  return `${a.slice(0, 6)}...${a.slice(-4)}`;
}

/** The ERC-20 asset id the adapter gives a token contract. */
export function erc20Asset(token: string): string {
  return `erc20:${getAddress(token.toLowerCase())}`;
}

/** Well-known token symbols per chain, for venue names when the context knows none. */
const SYMBOLS: Record<string, Record<string, string>> = {
  ethereum: {
    '0xdac17f958d2ee523a2206206994597c13d831ec7': 'USDT',
    '0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48': 'USDC',
    '0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2': 'WETH',
    '0x6b175474e89094c44da98b954eedeac495271d0f': 'DAI',
    '0x2260fac5e5542a773aa44fbcfedf7c193bc2c599': 'WBTC',
  },
};

/** A short label of an asset for venue names: its symbol, else its shortened contract. */
export function assetLabel(asset: string | undefined, ctx: DetectContext): string {
  if (!asset) return '?';
  if (!asset.startsWith('erc20:')) return asset;
  const wrapped = ctx.venues?.wrappedNative;
  if (wrapped && sameAddress(wrapped.address, asset.slice(6))) return wrapped.symbol;
  const known = ctx.symbolOf?.(asset) ?? SYMBOLS[ctx.chain]?.[asset.slice(6).toLowerCase()];
  return known ?? shortAddress(asset.slice(6));
}

/** Transfers of `asset` into and out of `venue` in the transaction. */
export function venueTransfers(tx: ConversionTx, venue: string): { into: AccountTransfer[]; outOf: AccountTransfer[] } {
  const into: AccountTransfer[] = [];
  const outOf: AccountTransfer[] = [];
  for (const t of tx.transfers) {
    if (t.id.endsWith(':fee')) continue;
    if (sameAddress(t.to, venue)) into.push(t);
    if (sameAddress(t.from, venue)) outOf.push(t);
  }
  return { into, outOf };
}

/**
 * The transfer of a pool's own leg: into (or out of) `venue`, of `amount`, logged before the pool's
 * event at `beforeLog` (pools move tokens, then log), the latest such; `asset` narrows when known.
 */
export function poolLeg(tx: ConversionTx, venue: string, dir: 'into' | 'outOf', amount: bigint, beforeLog: number, asset?: string): AccountTransfer | undefined {
  let best: AccountTransfer | undefined;
  for (const t of tx.transfers) {
    if (!t.asset.startsWith('erc20:') || t.amount !== amount || t.index >= beforeLog) continue;
    if (!sameAddress(dir === 'into' ? t.to : t.from, venue)) continue;
    if (asset && t.asset !== asset) continue;
    if (!best || t.index > best.index) best = t;
  }
  return best;
}
