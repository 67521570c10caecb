// The 7 real mainnet swap transactions of round2/dex/swap_fixtures (blocks 17,173,049-50; verbatim
// ethereum-etl lines, SOURCES.md) as the node adapter sees them, through its own parsers, and the call
// traces GENERATED for two of them (not recordings: callTracer frames built to match the logs, stated
// below). Shared by the detector tests and the tracer's fixture trace.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getAddress } from 'ethers';
import type { ConversionTx } from '../../../adapters/evm/conversions/types.js';
import { transactionTransfers, type RpcReceipt, type RpcTransaction } from '../../../adapters/evm/parse-block.js';
import { type CallFrame, flattenCallFrames, internalTransfers } from '../../../adapters/evm/parse-traces.js';
import type { AccountTransfer } from '../../../src/model/transfer.js';
import { SHARED_DATA } from './oracle.js';

export const DIR = join(SHARED_DATA, 'round2/dex/swap_fixtures');

/** JSON Lines with long integers kept exact (ethereum-etl writes values above 2^53 as bare numbers). */
export function lines(name: string): Record<string, unknown>[] {
  return readFileSync(join(DIR, name), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l.replace(/(:\s*)(\d{16,})(?=\s*[,}])/g, '$1"$2"')) as Record<string, unknown>);
}

export const hex = (n: unknown) => `0x${BigInt(n as string | number).toString(16)}`;
export const TXS = lines('transactions.jsonl');
export const LOGS = lines('logs.jsonl');
export const INDEX = JSON.parse(readFileSync(join(DIR, 'index.json'), 'utf8')) as { transactions: { tx: string; user: string }[] };

/** One fixture transaction as the node adapter would see it, through its own parsers. */
export function fixtureTx(prefix: string, trace?: CallFrame): ConversionTx {
  const tx = TXS.find((t) => (t.hash as string).startsWith(prefix));
  if (!tx) throw new Error(`no fixture transaction ${prefix}`);
  const hash = tx.hash as string;
  const logs = LOGS.filter((l) => l.transaction_hash === hash).map((l) => ({
    address: l.address as string,
    topics: l.topics as string[],
    data: l.data as string,
    logIndex: hex(l.log_index),
    blockNumber: hex(l.block_number),
    transactionHash: hash,
    transactionIndex: hex(l.transaction_index),
  }));
  const rpcTx: RpcTransaction = { hash, from: tx.from_address as string, to: tx.to_address as string, value: hex(tx.value), transactionIndex: hex(tx.transaction_index), gasPrice: hex(tx.gas_price) };
  const receipt: RpcReceipt = { transactionHash: hash, status: hex(tx.receipt_status), gasUsed: hex(tx.receipt_gas_used), effectiveGasPrice: hex(tx.receipt_effective_gas_price), logs };
  const header = { number: Number(tx.block_number), hash: tx.block_hash as string, time: new Date(Number(tx.block_timestamp) * 1000).toISOString().replace('.000Z', 'Z') };
  const transfers: AccountTransfer[] = transactionTransfers('ethereum', header, rpcTx, receipt);
  if (trace) {
    const rows = flattenCallFrames(trace, Number(tx.transaction_index), hash);
    transfers.push(...internalTransfers(rows, { chain: 'ethereum', txHash: hash, block: header.number, txIndex: Number(tx.transaction_index), time: header.time }));
  }
  return {
    hash,
    from: getAddress(tx.from_address as string),
    to: getAddress(tx.to_address as string),
    logs: logs.map((l) => ({ address: l.address, topics: l.topics, data: l.data, logIndex: Number(BigInt(l.logIndex)) })),
    transfers,
    traces: trace !== undefined,
  };
}

export const call = (from: string, to: string, value: bigint, calls: CallFrame[] = []): CallFrame => ({ type: 'CALL', from, to, value: hex(value), calls });

/**
 * GENERATED call trace of 0xd5b8... (not a recording): the MetaMask router calls its spender 0x74de...,
 * which runs 1inch; 1inch unwraps the WETH (WETH9 pays it 108949043932854608 wei) and hands the ETH to
 * the spender, which pays MetaMask's fee (953355369997688 wei, the amount log 6 states) and the user
 * (the rest, 107995688562856920 wei, at trace address 0_3).
 */
export const TRACE_D5B8 = call('0xd532ee613138b2cbfdd30d6310fba06270e66bc8', '0x881d40237659c251811cec9c364ef91dc08d300c', 0n, [
  call('0x881d40237659c251811cec9c364ef91dc08d300c', '0x74de5d4fcbf63e00296fd95d33236b9794016631', 0n, [
    call('0x74de5d4fcbf63e00296fd95d33236b9794016631', '0xdac17f958d2ee523a2206206994597c13d831ec7', 0n),
    call('0x74de5d4fcbf63e00296fd95d33236b9794016631', '0x1111111254eeb25477b68fb85ed929f73a960582', 0n, [
      call('0x1111111254eeb25477b68fb85ed929f73a960582', '0x0d4a11d5eeaac28ec3f61d100daf4d40471f1852', 0n),
      call('0x1111111254eeb25477b68fb85ed929f73a960582', '0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2', 0n, [
        call('0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2', '0x1111111254eeb25477b68fb85ed929f73a960582', 108949043932854608n),
      ]),
      call('0x1111111254eeb25477b68fb85ed929f73a960582', '0x74de5d4fcbf63e00296fd95d33236b9794016631', 108949043932854608n),
    ]),
    call('0x74de5d4fcbf63e00296fd95d33236b9794016631', '0xf326e4de8f66a0bdc0970b79e0924e33c79f1915', 953355369997688n),
    call('0x74de5d4fcbf63e00296fd95d33236b9794016631', '0xd532ee613138b2cbfdd30d6310fba06270e66bc8', 107995688562856920n),
  ]),
]);

/** GENERATED call trace of 0x085e...: WETH9 pays the Universal Router, which pays the user (trace 1). */
export const TRACE_085E = call('0x8cc7be9770cf2a874212945205be06035fad54b1', '0xef1c6e67703c7bd7107eed8303fbe6ec2554bf6b', 0n, [
  call('0xef1c6e67703c7bd7107eed8303fbe6ec2554bf6b', '0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2', 0n, [
    call('0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2', '0xef1c6e67703c7bd7107eed8303fbe6ec2554bf6b', 56334553206473788n),
  ]),
  call('0xef1c6e67703c7bd7107eed8303fbe6ec2554bf6b', '0x8cc7be9770cf2a874212945205be06035fad54b1', 56334553206473788n),
]);

