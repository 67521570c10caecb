// Chains: which data model each chain follows (UTXO coins or account balances), its native asset and
// the decimals of that asset. FORMATS.md: `bitcoin`, `bitcoin-testnet`, `bitcoin-regtest`, `ethereum`,
// `tron`, or another EVM chain name.

export type ChainFamily = 'bitcoin' | 'evm' | 'tron';
export type ChainModel = 'utxo' | 'account';

export interface ChainInfo {
  name: string;
  family: ChainFamily;
  model: ChainModel;
  nativeSymbol: string;
  nativeDecimals: number;
}

const BITCOIN_CHAINS = ['bitcoin', 'bitcoin-testnet', 'bitcoin-regtest'] as const;

/** EVM chains we know by name, with their native asset. Any other lower-case name is taken as EVM with ETH. */
const EVM_NATIVE: Record<string, string> = {
  ethereum: 'ETH',
  sepolia: 'ETH',
  holesky: 'ETH',
  arbitrum: 'ETH',
  optimism: 'ETH',
  base: 'ETH',
  bsc: 'BNB',
  polygon: 'POL',
  avalanche: 'AVAX',
  fantom: 'FTM',
  gnosis: 'XDAI',
  hardhat: 'ETH',
  dev: 'ETH',
};

const CHAIN_NAME = /^[a-z][a-z0-9-]{1,31}$/;

/** Describes a chain, or returns undefined for a name that is not a valid chain name. */
export function chainInfo(chain: string): ChainInfo | undefined {
  if ((BITCOIN_CHAINS as readonly string[]).includes(chain)) {
    return { name: chain, family: 'bitcoin', model: 'utxo', nativeSymbol: 'BTC', nativeDecimals: 8 };
  }
  if (chain === 'tron') return { name: chain, family: 'tron', model: 'account', nativeSymbol: 'TRX', nativeDecimals: 6 };
  if (chain.startsWith('bitcoin') || !CHAIN_NAME.test(chain)) return undefined;
  return { name: chain, family: 'evm', model: 'account', nativeSymbol: EVM_NATIVE[chain] ?? 'ETH', nativeDecimals: 18 };
}

export function isUtxoChain(chain: string): boolean {
  return chainInfo(chain)?.model === 'utxo';
}

export function isKnownEvmChain(chain: string): boolean {
  return chain in EVM_NATIVE;
}

/** The chain names this toolkit knows by name (others are taken as EVM chains when data uses them). */
export function knownChainNames(): string[] {
  return [...BITCOIN_CHAINS, 'tron', ...Object.keys(EVM_NATIVE)];
}

/**
 * The canonical (lower-case) name of a chain a person typed, case-insensitively: `Ethereum` and
 * `BITCOIN` are `ethereum` and `bitcoin`. Returns undefined for a name that is neither a known chain nor
 * one of `alsoKnown` (say, the chains a store holds), so that a typo is not taken as a new EVM chain.
 */
export function resolveChainName(name: string, alsoKnown: Iterable<string> = []): string | undefined {
  const lower = name.trim().toLowerCase();
  if (knownChainNames().includes(lower)) return lower;
  for (const chain of alsoKnown) if (chain.toLowerCase() === lower) return chain;
  return undefined;
}
