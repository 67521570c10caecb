// Small builders for account-model test data: transfers in chain order with generated hashes.

import type { AccountTransfer } from '../../../src/model/transfer.js';
import { txidOf } from './addresses.js';

export const USDT = 'erc20:0xdAC17F958D2ee523a2206206994597C13D831ec7';

/** A transfer of `amount` (base units) at `block`; id `<hash>:<index>` as FORMATS.md. */
export function transfer(chain: string, name: string, block: number, from: string, to: string | null, amount: bigint, asset = USDT): AccountTransfer {
  const txHash = `0x${txidOf(name)}`;
  const index = asset.startsWith('erc20:') || asset.startsWith('trc20:') ? 0 : -1;
  return {
    id: index === -1 ? `${txHash}:${to === null ? 'fee' : 'native'}` : `${txHash}:0`,
    chain,
    asset,
    txHash,
    block,
    txIndex: 0,
    index,
    from,
    to,
    amount,
  };
}
