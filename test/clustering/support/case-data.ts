// A small mixed case for store-backed clustering tests: a generated Bitcoin world (valid addresses,
// known owners, CoinJoins) plus an Ethereum USDT deposit-address scenario around a real Binance
// wallet from the GraphSense tag pack.

import { getAddress } from 'ethers';
import type { Tag } from '../../../src/model/tag.js';
import type { AccountTransfer } from '../../../src/model/transfer.js';
import type { GraphStore } from '../../../src/ports.js';
import { evmAddress, txidOf } from './addresses.js';
import { generateWorld, type World } from './ground-truth.js';
import { transfer } from './transfers.js';

export const BINANCE = getAddress('0xbe0eb53f46cd790cd13851d5eff43d12404d33e8');
export const DEPOSIT = evmAddress('case-deposit');
export const CUSTOMERS = [evmAddress('case-customer-1'), evmAddress('case-customer-2'), evmAddress('case-customer-3')];
export const STRANGER = evmAddress('case-stranger');

export interface CaseData {
  world: World;
  transfers: AccountTransfer[];
  tags: Tag[];
}

export function caseData(): CaseData {
  const world = generateWorld({ seed: 21, users: 40, events: 250, addresses: 'valid' });
  const E = 'ethereum';
  const transfers = [
    transfer(E, 'k1', 1_000, CUSTOMERS[0], DEPOSIT, 1_000_000_000n),
    transfer(E, 'k2', 1_010, CUSTOMERS[1], DEPOSIT, 500_000_000n),
    transfer(E, 'k3', 1_020, CUSTOMERS[2], DEPOSIT, 300_000_000n),
    transfer(E, 'sweep', 1_100, DEPOSIT, BINANCE, 1_800_000_000n),
    transfer(E, 'stranger', 1_200, STRANGER, CUSTOMERS[0], 42_000_000n),
  ];
  const tags: Tag[] = [
    { chain: E, address: BINANCE, label: 'Binance', category: 'exchange', source: 'graphsense-tagpacks/exchange-wallets-binance.yaml', confidence: 90 },
  ];
  return { world, transfers, tags };
}

/** Loads the case into a store, in one atomic batch. */
export async function loadCase(store: GraphStore, data: CaseData): Promise<void> {
  await store.importBatch({
    source: { name: 'clustering-case', sha256: txidOf('clustering-case'), kind: 'file' },
    transactions: data.world.transactions,
    transfers: data.transfers,
    tags: data.tags,
  });
}
