// Wrapped native coin (WETH9, gnosis/canonical-weth `contracts/WETH9.sol`): `deposit()` takes ETH and
// emits `Deposit(address indexed dst, uint wad)`, `withdraw(wad)` burns WETH, sends ETH back by an
// internal call and emits `Withdrawal(address indexed src, uint wad)`. WETH9 emits no `Transfer` for
// either, so a ledger built from Transfer logs alone never sees WETH minted or burnt: `wrapTransfers`
// adds them as the zero-address mint and burn that other tokens log (ids `<txHash>:<logIndex>`).
// Recognised by the contract's address per chain, never by topic0 alone: GraphSense lists the same
// `Withdrawal(address,uint256)` topic for bridges, and any contract may emit it.

import { getAddress } from 'ethers';
import { chainInfo } from '../../../src/model/chain.js';
import type { AccountTransfer } from '../../../src/model/transfer.js';
import { type ChainVenues, type ConversionTx, dataWords, type DetectContext, sameAddress, type TxLog, type VenueEvent, wordToAddress, wordToUint } from './types.js';

export const DEPOSIT_TOPIC = '0xe1fffcc4923d04b559f4d29a8bfc6cda04eb5b0d3c460751c2402c5c5cc9109c';
export const WITHDRAWAL_TOPIC = '0x7fcf532c15f0a6db0bd6d0e038bea71d30d808c7d98cb3bf7268a95bf5081b65';

/** The canonical wrapped native coin per chain (WETH9 and its copies: WBNB, WPOL, WAVAX, WXDAI). */
export const WRAPPED_NATIVE: Record<string, { address: string; symbol: string }> = {
  ethereum: { address: '0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2', symbol: 'WETH' },
  sepolia: { address: '0xfFf9976782d46CC05630D1f6eBAb18b2324d6B14', symbol: 'WETH' },
  optimism: { address: '0x4200000000000000000000000000000000000006', symbol: 'WETH' },
  base: { address: '0x4200000000000000000000000000000000000006', symbol: 'WETH' },
  arbitrum: { address: '0x82aF49447D8a07e3bd95BD0d56f35241523fBab1', symbol: 'WETH' },
  polygon: { address: '0x0d500B1d8E8eF31E21C99d1Db9A6444d3ADf1270', symbol: 'WPOL' },
  bsc: { address: '0xbb4CdB9CBd36B01bD1cBaEBF2De08d9173bc095c', symbol: 'WBNB' },
  avalanche: { address: '0xB31f66AA3C1e785363F0875A1B74E27b85FD66c7', symbol: 'WAVAX' },
  gnosis: { address: '0xe91D153E0b41518A2Ce8Dd3D7944Fa863463a97d', symbol: 'WXDAI' },
};

const ZERO = '0x0000000000000000000000000000000000000000';

/** The wrapped native contract and symbol of a chain: the one `venues` names, else the table's. */
export function wrappedNativeOf(chain: string, venues?: ChainVenues): { address: string; symbol: string } | undefined {
  const w = venues?.wrappedNative ?? WRAPPED_NATIVE[chain];
  return w && { address: getAddress(w.address.toLowerCase()), symbol: w.symbol };
}

/** The wrapped native contract of a chain, EIP-55, if known. */
export function wrappedNative(chain: string, venues?: ChainVenues): string | undefined {
  return wrappedNativeOf(chain, venues)?.address;
}

function isWrapLog(log: { address: string; topics: readonly string[] }, chain: string, venues?: ChainVenues): 'wrap' | 'unwrap' | undefined {
  const weth = wrappedNative(chain, venues);
  if (!weth || !sameAddress(log.address, weth) || log.topics.length !== 2) return undefined;
  const t0 = log.topics[0]?.toLowerCase();
  return t0 === DEPOSIT_TOPIC ? 'wrap' : t0 === WITHDRAWAL_TOPIC ? 'unwrap' : undefined;
}

/** Deposit / Withdrawal of the chain's WETH9 as a venue event (ETH <-> WETH, 1:1, no fee). */
export function detectWeth(log: TxLog, _tx: ConversionTx, ctx: DetectContext): VenueEvent | undefined {
  const role = isWrapLog(log, ctx.chain, ctx.venues);
  if (!role) return undefined;
  const who = wordToAddress(log.topics[1]);
  const wad = wordToUint(dataWords(log.data)[0] ?? '');
  const weth = `erc20:${getAddress(log.address.toLowerCase())}`;
  const native = chainInfo(ctx.chain)?.nativeSymbol ?? 'ETH';
  const symbol = wrappedNativeOf(ctx.chain, ctx.venues)?.symbol ?? 'WETH';
  return {
    logIndex: log.logIndex,
    role,
    protocol: 'WETH9',
    label: role === 'wrap' ? 'Deposit (WETH9)' : 'Withdrawal (WETH9)',
    venue: getAddress(log.address.toLowerCase()),
    name: `${symbol} ${getAddress(log.address.toLowerCase())}`,
    recognised: true,
    recipient: who,
    trader: who,
    assetIn: role === 'wrap' ? native : weth,
    assetOut: role === 'wrap' ? weth : native,
    amountIn: wad,
    amountOut: wad,
  };
}

/** Where the transfers of a transaction sit. */
export interface WrapPosition {
  chain: string;
  txHash: string;
  block: number;
  txIndex: number;
  time?: string;
}

/**
 * The WETH mints and burns a transaction's logs show, as transfers: Deposit = zero address -> dst,
 * Withdrawal = src -> zero address, asset `erc20:<WETH>`, id `<txHash>:<logIndex>`.
 */
export function wrapTransfers(logs: readonly TxLog[], pos: WrapPosition, venues?: ChainVenues): AccountTransfer[] {
  const out: AccountTransfer[] = [];
  for (const log of logs) {
    const role = isWrapLog(log, pos.chain, venues);
    if (!role) continue;
    const who = wordToAddress(log.topics[1]);
    const t: AccountTransfer = {
      id: `${pos.txHash}:${log.logIndex}`,
      chain: pos.chain,
      asset: `erc20:${getAddress(log.address.toLowerCase())}`,
      txHash: pos.txHash,
      block: pos.block,
      txIndex: pos.txIndex,
      index: log.logIndex,
      from: role === 'wrap' ? ZERO : who,
      to: role === 'wrap' ? who : ZERO,
      amount: wordToUint(dataWords(log.data)[0] ?? ''),
    };
    if (pos.time !== undefined) t.time = pos.time;
    out.push(t);
  }
  return out;
}
