// Transaction positions inside a TRON block. TronGrid's account lists give no position (txIndex), yet
// FIFO/LIFO need the order of an address's events in one block. `/wallet/getblockbynum` lists a
// block's transactions in execution order: a transfer's txIndex is its transaction's place in that list.
// Answers come through the raw cache (immutable: the lists hold confirmed transactions only).
// Where the order cannot be had (the node has no such block, answers another one, does not list the
// transaction, or the call fails for any reason but rate limiting), the transfer keeps txIndex 0 and
// carries the extra field `positionUnknown: true`, which the stores keep and the tracer reports.

import { isLedgerhoundError, LedgerhoundError } from '../../src/errors.js';
import type { AccountTransfer } from '../../src/model/transfer.js';
import type { TronGridClient } from './trongrid-client.js';

/** `/wallet/getblockbynum` (only what is read). An unknown block is answered `{}`. */
export interface TronBlock {
  blockID?: string;
  block_header?: { raw_data?: { number?: number; timestamp?: number } };
  transactions?: { txID?: string }[];
}

/** The extra field marking a transfer whose position in its block is unknown. */
export const POSITION_UNKNOWN = 'positionUnknown';

/** Blocks whose positions are kept in memory (the raw cache keeps all of them on disk). */
const MEMO_BLOCKS = 256;

/**
 * Positions (0-based) of the transactions of a `/wallet/getblockbynum` answer by lower-case txID, or
 * undefined when the answer holds no block. RPC_FAILURE when it holds another block than `num`.
 */
export function tronBlockPositions(num: number, block: TronBlock): Map<string, number> | undefined {
  const call = 'trongrid /wallet/getblockbynum';
  if (!block || typeof block !== 'object' || block.block_header === undefined) return undefined;
  // Protobuf JSON leaves out zero values: block 0 has no `number`.
  const number = block.block_header.raw_data?.number ?? 0;
  if (number !== num) throw new LedgerhoundError('RPC_FAILURE', `${call}: asked for block ${num}, answered block ${number}`, { call, field: 'block_header.raw_data.number', value: number });
  const positions = new Map<string, number>();
  (block.transactions ?? []).forEach((tx, i) => {
    if (typeof tx.txID === 'string') positions.set(tx.txID.toLowerCase().replace(/^0x/, ''), i);
  });
  return positions;
}

/** True when `t` carries the `positionUnknown` mark. */
export function isPositionUnknown(t: AccountTransfer): boolean {
  return t.extra?.[POSITION_UNKNOWN] === true;
}

/** Places transfers in their blocks: fills txIndex from `/wallet/getblockbynum`, or marks them unknown. */
export class TronBlockOrder {
  private readonly memo = new Map<number, Promise<Map<string, number> | undefined>>();

  constructor(private readonly client: TronGridClient) {}

  /** Positions in block `num`, or undefined when the block cannot be had. RATE_LIMITED is thrown. */
  positions(num: number): Promise<Map<string, number> | undefined> {
    let p = this.memo.get(num);
    if (!p) {
      p = this.fetch(num);
      this.memo.set(num, p);
      if (this.memo.size > MEMO_BLOCKS) this.memo.delete(this.memo.keys().next().value as number);
    }
    return p;
  }

  private async fetch(num: number): Promise<Map<string, number> | undefined> {
    try {
      const block = await this.client.wallet<TronBlock>('wallet/getblockbynum', { num }, { immutable: true });
      return tronBlockPositions(num, block);
    } catch (e) {
      if (isLedgerhoundError(e, 'RPC_FAILURE') || isLedgerhoundError(e, 'NOT_FOUND')) return undefined;
      // Rate limited: not remembered, so that a later run asks again.
      this.memo.delete(num);
      throw e;
    }
  }

  /** `transfers` with txIndex set from their blocks; those of unknown position marked `positionUnknown`. */
  async place(transfers: readonly AccountTransfer[]): Promise<AccountTransfer[]> {
    const out: AccountTransfer[] = [];
    for (const t of transfers) {
      const pos = (await this.positions(t.block))?.get(t.txHash);
      out.push(pos !== undefined ? { ...t, txIndex: pos } : { ...t, txIndex: 0, extra: { ...t.extra, [POSITION_UNKNOWN]: true } });
    }
    return out;
  }
}
