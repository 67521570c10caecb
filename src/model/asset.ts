// Assets (FORMATS.md): the chain's native symbol (`BTC`, `ETH`, `TRX`, `BNB`...), `erc20:<EIP-55 contract>`
// or `trc20:<base58 contract>`. Decimals and display symbols for the tokens investigators meet most.

import { invalidInput, type InputLocation } from '../errors.js';
import { normalizeAddress } from './address.js';
import { chainInfo } from './chain.js';

export interface AssetInfo {
  /** Canonical asset id as stored. */
  id: string;
  kind: 'native' | 'erc20' | 'trc20';
  /** Token contract in canonical form, for tokens. */
  contract?: string;
  /** Display symbol (USDT, BTC...); the id itself when unknown. */
  symbol: string;
  /** Decimals when known; unknown tokens are shown in base units. */
  decimals?: number;
}

/** Tokens common in scam-centre cases, keyed by `<chain>/<asset id>`. */
const KNOWN_TOKENS: Record<string, { symbol: string; decimals: number }> = {
  'ethereum/erc20:0xdAC17F958D2ee523a2206206994597C13D831ec7': { symbol: 'USDT', decimals: 6 },
  'ethereum/erc20:0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48': { symbol: 'USDC', decimals: 6 },
  'ethereum/erc20:0x6B175474E89094C44Da98b954EedeAC495271d0F': { symbol: 'DAI', decimals: 18 },
  'tron/trc20:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t': { symbol: 'USDT', decimals: 6 },
  'tron/trc20:TEkxiTehnzSmSe2XqrBj4w32RUN966rdz8': { symbol: 'USDC', decimals: 6 },
  'bsc/erc20:0x55d398326f99059fF775485246999027B3197955': { symbol: 'USDT', decimals: 18 },
  'polygon/erc20:0xc2132D05D31c914a87C6611C10748AEb04B58e8F': { symbol: 'USDT', decimals: 6 },
};

/** Token metadata learnt at run time (an adapter reading `decimals()`), consulted after the table. */
const learnt = new Map<string, { symbol: string; decimals: number }>();

export function registerTokenInfo(chain: string, asset: string, info: { symbol: string; decimals: number }): void {
  learnt.set(`${chain}/${asset}`, info);
}

/** Token asset ids already validated, by `<chain>\0<asset as written>` (the import hot path). */
const canonicalAssets = new Map<string, string>();

/** Validates an asset id for `chain` and returns its canonical form. */
export function normalizeAsset(chain: string, asset: unknown, location: InputLocation = {}, field?: string): string {
  const info = chainInfo(chain);
  if (info && asset === info.nativeSymbol) return asset;
  if (typeof asset === 'string') {
    const hit = canonicalAssets.get(`${chain}\u0000${asset}`);
    if (hit !== undefined) return hit;
  }
  const where = field === undefined ? location : { ...location, field };
  if (!info) throw invalidInput(`unknown chain "${chain}"`, where, { chain });
  if (typeof asset !== 'string' || asset.length === 0) throw invalidInput('asset must be a string', where, { asset });
  const colon = asset.indexOf(':');
  const kind = colon > 0 ? asset.slice(0, colon).toLowerCase() : '';
  const contract = asset.slice(colon + 1);
  if ((kind === 'erc20' && info.family === 'evm') || (kind === 'trc20' && info.family === 'tron')) {
    const canonical = `${kind}:${normalizeAddress(chain, contract, where)}`;
    if (canonicalAssets.size < 100_000) canonicalAssets.set(`${chain}\u0000${asset}`, canonical);
    return canonical;
  }
  throw invalidInput(`asset "${asset}" is not valid on ${chain} (expected ${info.nativeSymbol}${info.model === 'account' ? `, ${info.family === 'tron' ? 'trc20' : 'erc20'}:<contract>` : ''})`, where, {
    chain,
    asset,
  });
}

/** What is known about an asset: symbol and decimals for display. */
export function assetInfo(chain: string, asset: string): AssetInfo {
  const info = chainInfo(chain);
  if (info && asset === info.nativeSymbol) {
    return { id: asset, kind: 'native', symbol: asset, decimals: info.nativeDecimals };
  }
  const [kind, contract] = asset.split(':', 2);
  const known = KNOWN_TOKENS[`${chain}/${asset}`] ?? learnt.get(`${chain}/${asset}`);
  return {
    id: asset,
    kind: kind === 'trc20' ? 'trc20' : 'erc20',
    contract,
    symbol: known?.symbol ?? asset,
    decimals: known?.decimals,
  };
}
