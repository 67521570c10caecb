// ERC-20 `Transfer(address indexed from, address indexed to, uint256 value)` logs to account transfers.
// Rule (the same as ethereum-etl's token_transfers, which is our oracle): a log whose topic0 is the
// Transfer signature and whose topics plus 32-byte data words number exactly 4 is a transfer; the words
// after topic0 are from, to and value in that order. This also admits early tokens that declared no
// indexed fields (1 topic + 3 words) and ERC-721 transfers (4 topics, the token id as the 4th word):
// the decoder reports the latter as `erc721`, and `logToTransfer` refuses them because an NFT id is not
// an amount. Known false positives: any contract may emit a Transfer event without moving anything
// (fake-token address poisoning); the asset id keeps the emitting contract, so tracing never mixes it
// with the real token.

import type { AccountTransfer } from '../../src/model/transfer.js';
import { type FieldPlace, readHash, readInt } from './hex.js';
import { getAddress } from 'ethers';

/** keccak256("Transfer(address,address,uint256)"). */
export const TRANSFER_TOPIC = '0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef';

/** A log as JSON-RPC returns it (eth_getLogs, receipts); quantities are hex strings. */
export interface RpcLog {
  address: string;
  topics: string[];
  data: string;
  blockNumber?: string | null;
  transactionHash?: string | null;
  transactionIndex?: string | null;
  logIndex?: string | null;
  removed?: boolean;
  [key: string]: unknown;
}

/** A decoded Transfer event. */
export interface DecodedTransfer {
  standard: 'erc20' | 'erc721';
  /** Emitting contract, EIP-55. */
  token: string;
  from: string;
  to: string;
  /** Amount in base units (erc20) or token id (erc721). */
  value: bigint;
}

// EIP-55 needs a keccak per address; the same addresses recur in every block (tokens, routers).
const checksummed = new Map<string, string>();

function checksum(lower: string): string {
  let out = checksummed.get(lower);
  if (out === undefined) {
    out = getAddress(lower);
    if (checksummed.size >= 200_000) checksummed.clear();
    checksummed.set(lower, out);
  }
  return out;
}

function wordToAddress(word: string): string {
  return checksum(`0x${word.slice(-40).toLowerCase()}`);
}

/** Decodes one log by the ethereum-etl rule, or returns undefined when it is not a Transfer. */
export function decodeTransferLog(log: { address: string; topics: readonly string[]; data: string }): DecodedTransfer | undefined {
  const topics = log.topics;
  if (topics.length === 0 || topics[0]?.toLowerCase() !== TRANSFER_TOPIC) return undefined;
  const data = (log.data ?? '0x').replace(/^0x/i, '');
  if (data.length % 64 !== 0 || !/^[0-9a-fA-F]*$/.test(data)) return undefined;
  const words: string[] = topics.slice(1).map((t) => t.replace(/^0x/i, ''));
  for (let i = 0; i < data.length; i += 64) words.push(data.slice(i, i + 64));
  if (words.length !== 3) return undefined;
  return {
    standard: topics.length === 4 ? 'erc721' : 'erc20',
    token: checksum(log.address.toLowerCase()),
    from: wordToAddress(words[0]),
    to: wordToAddress(words[1]),
    value: BigInt(`0x${words[2] || '0'}`),
  };
}

/** Where a log sits in the chain, and when. */
export interface LogPosition {
  chain: string;
  block: number;
  txIndex: number;
  txHash: string;
  logIndex: number;
  time?: string;
}

/** Reads the position fields of a JSON-RPC log (hex quantities); `call` names the RPC method for errors. */
export function logPosition(chain: string, log: RpcLog, call: string, time?: string): LogPosition {
  const place = (field: string): FieldPlace => ({ call, field });
  return {
    chain,
    block: readInt(log.blockNumber, place('blockNumber')),
    txIndex: readInt(log.transactionIndex, place('transactionIndex')),
    txHash: readHash(log.transactionHash, place('transactionHash')),
    logIndex: readInt(log.logIndex, place('logIndex')),
    time,
  };
}

/**
 * The account transfer of a fungible Transfer log: id `<txHash>:<logIndex>`, index = log index,
 * asset `erc20:<contract>`. Returns undefined for non-Transfer logs and ERC-721 transfers.
 */
export function logToTransfer(log: { address: string; topics: readonly string[]; data: string }, pos: LogPosition): AccountTransfer | undefined {
  const d = decodeTransferLog(log);
  if (d?.standard !== 'erc20') return undefined;
  const t: AccountTransfer = {
    id: `${pos.txHash}:${pos.logIndex}`,
    chain: pos.chain,
    asset: `erc20:${d.token}`,
    txHash: pos.txHash,
    block: pos.block,
    txIndex: pos.txIndex,
    index: pos.logIndex,
    from: d.from,
    to: d.to,
    amount: d.value,
  };
  if (pos.time !== undefined) t.time = pos.time;
  return t;
}

/** Token transfers of a list of JSON-RPC logs (eth_getLogs or receipts); removed (reorged) logs are skipped. */
export function extractTokenTransfers(chain: string, logs: readonly RpcLog[], opts: { call: string; timeOfBlock?: (block: number) => string | undefined }): AccountTransfer[] {
  const out: AccountTransfer[] = [];
  for (const log of logs) {
    if (log.removed === true) continue;
    if (!log.topics?.length || log.topics[0]?.toLowerCase() !== TRANSFER_TOPIC) continue;
    const pos = logPosition(chain, log, opts.call);
    const time = opts.timeOfBlock?.(pos.block);
    const t = logToTransfer(log, { ...pos, time });
    if (t) out.push(t);
  }
  return out;
}
