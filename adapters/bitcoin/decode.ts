// Raw Bitcoin transactions and blocks (consensus serialisation, BIP-144 witness form) decoded with
// bitcoinjs-lib into plain records: txid, the outpoints each input spends, and each output's value,
// script and address. Pure: no prevout is looked up here (see resolve-inputs.ts).

import * as bitcoin from 'bitcoinjs-lib';
import { invalidInput } from '../../src/errors.js';
import { describeScript } from './script-address.js';

/** An input as serialised: the outpoint it spends (none for coinbase). */
export interface DecodedInput {
  prevTxid?: string;
  prevVout?: number;
  coinbase?: true;
}

/** An output with its address (null when it has none) and script (hex). */
export interface DecodedOutput {
  n: number;
  value: bigint;
  script: string;
  address: string | null;
}

export interface DecodedTransaction {
  txid: string;
  inputs: DecodedInput[];
  outputs: DecodedOutput[];
}

export interface DecodedBlock {
  hash: string;
  /** Previous block hash (display order); all zeros for a genesis block. */
  prevHash: string;
  version: number;
  /** Block header time, ISO-8601 UTC. */
  time: string;
  /** BIP-34 height from the coinbase script (block version 2 and later), when present. */
  bip34Height?: number;
  transactions: DecodedTransaction[];
}

const ZERO_HASH = '0'.repeat(64);

function reverseHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).reverse().toString('hex');
}

/** Decodes a bitcoinjs Transaction on `chain` (the network decides the address encoding). */
export function decodeBitcoinjsTransaction(tx: bitcoin.Transaction, chain: string): DecodedTransaction {
  const coinbase = tx.isCoinbase();
  return {
    txid: tx.getId(),
    inputs: tx.ins.map((input) => (coinbase ? { coinbase: true as const } : { prevTxid: reverseHex(input.hash), prevVout: input.index })),
    outputs: tx.outs.map((out, n) => {
      const info = describeScript(out.script, chain);
      return { n, value: BigInt(out.value), script: Buffer.from(out.script).toString('hex'), address: info.address };
    }),
  };
}

/** Decodes a raw transaction (hex or bytes). INVALID_INPUT when it does not parse. */
export function decodeTransaction(raw: string | Uint8Array, chain: string, what = 'transaction'): DecodedTransaction {
  let tx: bitcoin.Transaction;
  try {
    tx = typeof raw === 'string' ? bitcoin.Transaction.fromHex(raw.trim()) : bitcoin.Transaction.fromBuffer(raw);
  } catch (e) {
    throw invalidInput(`${what} does not parse as a Bitcoin transaction: ${(e as Error).message}`, {}, { what });
  }
  return decodeBitcoinjsTransaction(tx, chain);
}

/** BIP-34: the coinbase script starts with a push of the block height (little-endian). */
export function readBip34Height(coinbase: bitcoin.Transaction, version: number): number | undefined {
  if (version < 2) return undefined;
  const script = coinbase.ins[0]?.script;
  if (!script || script.length < 2) return undefined;
  const len = script[0];
  if (len < 1 || len > 8 || script.length < 1 + len) return undefined;
  let h = 0;
  for (let i = len; i >= 1; i--) h = h * 256 + script[i];
  return h;
}

/** Decodes a raw block (hex or bytes, no magic/size prefix). INVALID_INPUT when it does not parse. */
export function decodeBlock(raw: string | Uint8Array, chain: string, what = 'block'): DecodedBlock {
  let block: bitcoin.Block;
  try {
    block = typeof raw === 'string' ? bitcoin.Block.fromHex(raw.trim()) : bitcoin.Block.fromBuffer(raw);
  } catch (e) {
    throw invalidInput(`${what} does not parse as a Bitcoin block: ${(e as Error).message}`, {}, { what });
  }
  const txs = block.transactions ?? [];
  const decoded: DecodedBlock = {
    hash: block.getId(),
    prevHash: block.prevHash ? reverseHex(block.prevHash) : ZERO_HASH,
    version: block.version,
    time: new Date(block.timestamp * 1000).toISOString().replace('.000Z', 'Z'),
    transactions: txs.map((tx) => decodeBitcoinjsTransaction(tx, chain)),
  };
  const h = txs.length > 0 ? readBip34Height(txs[0], block.version) : undefined;
  if (h !== undefined) decoded.bip34Height = h;
  return decoded;
}

/** Checks a block's merkle root (and witness commitment) against its transactions. */
export function checkBlockIntegrity(raw: Uint8Array): boolean {
  return bitcoin.Block.fromBuffer(raw).checkTxRoots();
}

export { ZERO_HASH };
