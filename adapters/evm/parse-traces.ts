// Internal value transfers from execution traces: geth's `callTracer` frames (debug_traceTransaction,
// debug_traceBlockByNumber) and Parity/OpenEthereum/Erigon flat traces (trace_block, trace_filter,
// trace_transaction). Both are first flattened to the rows ethereum-etl exports (our oracle: its
// expected_traces.csv), then turned into account transfers:
// - CALL, CREATE, CREATE2 with value > 0 move value from `from` to `to` (the created contract);
// - SELFDESTRUCT / suicide moves the contract's balance to the beneficiary;
// - CALLCODE, DELEGATECALL and STATICCALL move nothing (the value stays in the caller's context);
// - a frame with an error, and every frame below it, moved nothing (reverted); a failed top frame
//   means the whole transaction moved nothing but its fee;
// - the top frame (empty trace address) is the transaction's own value: `<txHash>:native` (parse-block.ts).
// Id `<txHash>:call:<traceAddress>` with the trace address joined by "_" (Etherscan's `traceId`
// form, so node and Etherscan ingests give the same ids). All internal calls of a transaction share
// index 0 (after the native value and fee at -1) and sort among themselves by id: execution order
// for calls with fewer than 10 siblings at each level. Index 0 is shared with a token log 0 of the
// same transaction, which is another asset, so no balance depends on their relative order.

import { chainInfo } from '../../src/model/chain.js';
import type { AccountTransfer } from '../../src/model/transfer.js';
import { readAddress, readBigInt } from './hex.js';

/** One frame of geth's callTracer. */
export interface CallFrame {
  type?: string;
  from?: string;
  to?: string;
  value?: string;
  gas?: string;
  gasUsed?: string;
  input?: string;
  output?: string;
  error?: string;
  calls?: CallFrame[];
  [key: string]: unknown;
}

/** One Parity-style flat trace. */
export interface ParityTrace {
  type: string;
  action: Record<string, unknown>;
  result?: Record<string, unknown> | null;
  error?: string;
  subtraces?: number;
  traceAddress: number[];
  transactionHash?: string | null;
  transactionPosition?: number | null;
  blockNumber?: number;
  [key: string]: unknown;
}

/** A trace flattened as ethereum-etl exports it. */
export interface TraceRow {
  txIndex: number | null;
  txHash?: string;
  traceAddress: number[];
  /** call, create, suicide, reward */
  traceType: string;
  /** call, callcode, delegatecall, staticcall ('' for others) */
  callType: string;
  from: string | null;
  to: string | null;
  value: bigint | null;
  error: string | null;
  subtraces: number;
  /** False when this frame or one above it failed. */
  succeeded: boolean;
}

const CALL_TYPES = new Set(['CALL', 'CALLCODE', 'DELEGATECALL', 'STATICCALL']);
const place = (field: string) => ({ call: 'callTracer', field });

function lowerOrNull(v: unknown): string | null {
  return typeof v === 'string' && v.length > 0 ? v.toLowerCase() : null;
}

/** Flattens one transaction's callTracer tree, depth first (ethereum-etl's geth trace rows). */
export function flattenCallFrames(root: CallFrame, txIndex: number | null, txHash?: string): TraceRow[] {
  const rows: TraceRow[] = [];
  const visit = (frame: CallFrame, path: number[], parentOk: boolean) => {
    const type = (frame.type ?? '').toUpperCase();
    const ok = parentOk && !frame.error;
    const calls = frame.calls ?? [];
    let row: TraceRow;
    if (type === 'SELFDESTRUCT') {
      row = {
        txIndex, txHash, traceAddress: path, traceType: 'suicide', callType: '',
        from: lowerOrNull(frame.from), to: lowerOrNull(frame.to),
        value: frame.value !== undefined ? readBigInt(frame.value, place('value')) : null,
        error: frame.error ?? null, subtraces: calls.length, succeeded: ok,
      };
    } else {
      const isCall = CALL_TYPES.has(type);
      row = {
        txIndex, txHash, traceAddress: path, traceType: isCall ? 'call' : type.startsWith('CREATE') ? 'create' : type.toLowerCase(),
        callType: isCall ? type.toLowerCase() : '',
        from: lowerOrNull(frame.from), to: lowerOrNull(frame.to),
        value: readBigInt(frame.value ?? '0x0', place('value')),
        error: frame.error ?? null, subtraces: calls.length, succeeded: ok,
      };
    }
    rows.push(row);
    for (const [i, c] of calls.entries()) visit(c, [...path, i], ok);
  };
  visit(root, [], true);
  return rows;
}

/** Flattens Parity traces, marking frames under a failed frame as not succeeded. */
export function flattenParityTraces(traces: readonly ParityTrace[]): TraceRow[] {
  const failed: { tx: string; path: number[] }[] = [];
  const rows: TraceRow[] = [];
  for (const t of traces) {
    const a = t.action ?? {};
    const tx = t.transactionHash ?? '';
    const under = failed.some((f) => f.tx === tx && f.path.length <= t.traceAddress.length && f.path.every((p, i) => t.traceAddress[i] === p));
    if (t.error) failed.push({ tx, path: t.traceAddress });
    const ok = !t.error && !under;
    const base = {
      txIndex: t.transactionPosition ?? null,
      txHash: t.transactionHash ?? undefined,
      traceAddress: t.traceAddress,
      error: t.error ?? null,
      subtraces: t.subtraces ?? 0,
      succeeded: ok,
    };
    switch (t.type) {
      case 'call':
        rows.push({ ...base, traceType: 'call', callType: String(a.callType ?? 'call'), from: lowerOrNull(a.from), to: lowerOrNull(a.to), value: readBigInt(a.value ?? '0x0', { call: 'trace', field: 'action.value' }) });
        break;
      case 'create':
        rows.push({ ...base, traceType: 'create', callType: '', from: lowerOrNull(a.from), to: lowerOrNull(t.result?.address), value: readBigInt(a.value ?? '0x0', { call: 'trace', field: 'action.value' }) });
        break;
      case 'suicide':
        rows.push({ ...base, traceType: 'suicide', callType: '', from: lowerOrNull(a.address), to: lowerOrNull(a.refundAddress), value: readBigInt(a.balance ?? '0x0', { call: 'trace', field: 'action.balance' }) });
        break;
      case 'reward':
        rows.push({ ...base, traceType: 'reward', callType: '', from: null, to: lowerOrNull(a.author), value: readBigInt(a.value ?? '0x0', { call: 'trace', field: 'action.value' }) });
        break;
      default:
        break;
    }
  }
  return rows;
}

/** Where the internal transfers of one transaction sit. */
export interface TxPosition {
  chain: string;
  txHash: string;
  block: number;
  txIndex: number;
  time?: string;
}

/** The trace address in transfer ids and Etherscan's `traceId`: "0_1_1". */
export function traceId(path: readonly number[]): string {
  return path.join('_');
}

/** Internal value transfers of one transaction's flattened rows (top frame excluded). */
export function internalTransfers(rows: readonly TraceRow[], pos: TxPosition): AccountTransfer[] {
  const native = chainInfo(pos.chain)?.nativeSymbol ?? 'ETH';
  const out: AccountTransfer[] = [];
  for (const r of rows) {
    if (r.traceAddress.length === 0 || !r.succeeded) continue;
    if (r.traceType === 'call' && r.callType !== 'call') continue;
    if (r.traceType !== 'call' && r.traceType !== 'create' && r.traceType !== 'suicide') continue;
    if (!r.value || r.value === 0n || !r.from || !r.to) continue;
    const t: AccountTransfer = {
      id: `${pos.txHash}:call:${traceId(r.traceAddress)}`,
      chain: pos.chain,
      asset: native,
      txHash: pos.txHash,
      block: pos.block,
      txIndex: pos.txIndex,
      index: 0,
      from: readAddress(r.from, place('from')),
      to: readAddress(r.to, place('to')),
      amount: r.value,
    };
    if (pos.time !== undefined) t.time = pos.time;
    out.push(t);
  }
  return out;
}
