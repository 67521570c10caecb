// ERC-20 metadata read from the contract with eth_call: `decimals()` (0x313ce567) and `symbol()`
// (0x95d89b41), decoded as ABI `string` or, for early tokens such as EOS and MKR, `bytes32`. Results are
// cached for the process and registered with `registerTokenInfo` (src/model/asset.ts) so that amounts
// display in token units. A contract that answers nothing usable gets no entry: its amounts stay in
// base units (never a guessed number of decimals).

import { AbiCoder, toUtf8String } from 'ethers';
import { isLedgerhoundError } from '../../src/errors.js';
import { registerTokenInfo } from '../../src/model/asset.js';
import type { EvmRpc } from './evm-rpc.js';

export const DECIMALS_SELECTOR = '0x313ce567';
export const SYMBOL_SELECTOR = '0x95d89b41';

export interface TokenInfo {
  symbol: string;
  decimals: number;
}

const known = new Map<string, TokenInfo | null>();

/** Decodes a `decimals()` answer: a uint8 in one 32-byte word; undefined when not a sensible number. */
export function decodeDecimals(hex: string | undefined): number | undefined {
  if (!hex || !/^0x[0-9a-fA-F]{64,}$/.test(hex)) return undefined;
  const n = BigInt(hex.slice(0, 66));
  return n <= 255n ? Number(n) : undefined;
}

function stripTrailingNul(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 0) end--;
  return s.slice(0, end);
}

/** Decodes a `symbol()` answer: ABI string, else bytes32 (NUL-padded); undefined when unreadable. */
export function decodeSymbol(hex: string | undefined): string | undefined {
  if (!hex || !/^0x[0-9a-fA-F]*$/.test(hex) || hex.length < 66) return undefined;
  const clean = (s: string) => {
    const t = stripTrailingNul(s).trim();
    return t.length > 0 && t.length <= 64 && ![...t].some((c) => c.charCodeAt(0) < 32 || c === '\ufffd') ? t : undefined;
  };
  if (hex.length >= 130) {
    try {
      const [s] = AbiCoder.defaultAbiCoder().decode(['string'], hex);
      const out = clean(String(s));
      if (out) return out;
    } catch {
      // not an ABI string: try bytes32 below
    }
  }
  if (hex.length === 66) {
    try {
      return clean(toUtf8String(hex));
    } catch {
      return undefined;
    }
  }
  return undefined;
}

async function ethCall(rpc: EvmRpc, to: string, data: string): Promise<string | undefined> {
  try {
    return await rpc.call<string>('eth_call', [{ to, data }, 'latest'], true);
  } catch (e) {
    // A revert or a missing function is an answer ("no metadata"), not a transport failure.
    if (isLedgerhoundError(e, 'RPC_FAILURE') && e.details.rpcCode !== undefined) return undefined;
    throw e;
  }
}

/**
 * Reads and registers symbol and decimals of an ERC-20 contract on `chain`; cached per process.
 * Returns undefined when the contract does not answer `decimals()` sensibly.
 */
export async function readTokenInfo(rpc: EvmRpc, chain: string, contract: string): Promise<TokenInfo | undefined> {
  const key = `${chain}/${contract.toLowerCase()}`;
  if (known.has(key)) return known.get(key) ?? undefined;
  const decimals = decodeDecimals(await ethCall(rpc, contract, DECIMALS_SELECTOR));
  if (decimals === undefined) {
    known.set(key, null);
    return undefined;
  }
  const symbol = decodeSymbol(await ethCall(rpc, contract, SYMBOL_SELECTOR)) ?? `erc20:${contract}`;
  const info = { symbol, decimals };
  known.set(key, info);
  registerTokenInfo(chain, `erc20:${contract}`, info);
  return info;
}

/** Registers metadata learnt elsewhere (Etherscan's tokenSymbol/tokenDecimal, TronGrid's token_info). */
export function rememberTokenInfo(chain: string, asset: string, info: TokenInfo): void {
  const contract = asset.slice(asset.indexOf(':') + 1);
  known.set(`${chain}/${contract.toLowerCase()}`, info);
  registerTokenInfo(chain, asset, info);
}
