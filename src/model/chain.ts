// Chains: which family each chain belongs to (UTXO coins, EVM accounts, TRON accounts), its data model,
// its native asset and the decimals of that asset. FORMATS.md: `bitcoin`, `bitcoin-testnet`,
// `bitcoin-regtest`, `ethereum`, `tron`, or another EVM chain known by name. Families are explicit: a
// name this module does not know is not a chain (an error where it is used), never silently an EVM
// chain; another EVM chain is made known with registerEvmChain (LEDGERHOUND_EVM_CHAINS, see the README).

export const CHAIN_FAMILIES = ['utxo', 'evm', 'tron'] as const;
export type ChainFamily = (typeof CHAIN_FAMILIES)[number];
export type ChainModel = 'utxo' | 'account';

export interface ChainInfo {
  name: string;
  family: ChainFamily;
  model: ChainModel;
  nativeSymbol: string;
  nativeDecimals: number;
}

const BITCOIN_CHAINS = ['bitcoin', 'bitcoin-testnet', 'bitcoin-regtest'] as const;

/** EVM chains known by name, with their native asset (18 decimals). */
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
    return { name: chain, family: 'utxo', model: 'utxo', nativeSymbol: 'BTC', nativeDecimals: 8 };
  }
  if (chain === 'tron') return { name: chain, family: 'tron', model: 'account', nativeSymbol: 'TRX', nativeDecimals: 6 };
  const native = Object.hasOwn(EVM_NATIVE, chain) ? EVM_NATIVE[chain] : undefined;
  if (native === undefined) return undefined;
  return { name: chain, family: 'evm', model: 'account', nativeSymbol: native, nativeDecimals: 18 };
}

/**
 * Makes another EVM chain known by name (a testnet, a private chain, an L2 not listed here), with the
 * symbol of its native asset. The name must be a lower-case chain name not already taken.
 */
export function registerEvmChain(name: string, nativeSymbol = 'ETH'): void {
  if (!CHAIN_NAME.test(name) || name.startsWith('bitcoin') || name === 'tron') throw new Error(`not a usable EVM chain name: ${name}`);
  if (!/^[A-Z][A-Z0-9]{0,9}$/.test(nativeSymbol)) throw new Error(`not a usable native symbol: ${nativeSymbol}`);
  EVM_NATIVE[name] = nativeSymbol;
}

export function isUtxoChain(chain: string): boolean {
  return chainInfo(chain)?.model === 'utxo';
}

/** The chain names this toolkit knows. */
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
