// Quantity and data decoding for EVM JSON-RPC and Etherscan-family answers: hex quantities
// ("0x1b", and the "0x" that some APIs answer for zero), decimal strings, 32-byte words. Every
// failure is an RPC_FAILURE naming the call and the field, since a malformed answer comes from the source.

import { getAddress } from 'ethers';
import { LedgerhoundError } from '../../src/errors.js';

/** Where a value came from, for error messages: the RPC method or API action, and the field. */
export interface FieldPlace {
  call: string;
  field: string;
}

function bad(place: FieldPlace, value: unknown, expected: string): LedgerhoundError {
  return new LedgerhoundError('RPC_FAILURE', `${place.call}: field ${place.field} is not ${expected}`, {
    call: place.call,
    field: place.field,
    value: typeof value === 'string' ? value.slice(0, 80) : value,
  });
}

/** A hex quantity ("0x1b"; "0x" is read as zero, as Etherscan answers it) or a decimal string, as bigint. */
export function readBigInt(value: unknown, place: FieldPlace): bigint {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  if (typeof value !== 'string') throw bad(place, value, 'a quantity');
  if (value === '0x' || value === '0X') return 0n;
  if (/^0x[0-9a-fA-F]+$/.test(value)) return BigInt(value);
  if (/^[0-9]+$/.test(value)) return BigInt(value);
  throw bad(place, value, 'a quantity');
}

/** A quantity that must fit a JS safe integer (block numbers, indexes, timestamps). */
export function readInt(value: unknown, place: FieldPlace): number {
  const n = readBigInt(value, place);
  if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw bad(place, value, 'a safe integer');
  return Number(n);
}

/** A 20-byte address in EIP-55 form. */
export function readAddress(value: unknown, place: FieldPlace): string {
  if (typeof value !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(value)) throw bad(place, value, 'a 20-byte address');
  return getAddress(value.toLowerCase());
}

/** The address held in a 32-byte topic (left-padded), or undefined when the upper 12 bytes are not zero. */
export function topicToAddress(topic: string): string | undefined {
  if (!/^0x0{24}[0-9a-fA-F]{40}$/.test(topic)) return undefined;
  return getAddress(`0x${topic.slice(26).toLowerCase()}`);
}

/** A 32-byte topic for an address filter (eth_getLogs, Etherscan logs). */
export function addressToTopic(address: string): string {
  return `0x${'0'.repeat(24)}${address.slice(2).toLowerCase()}`;
}

/** Unix seconds to ISO-8601 UTC without milliseconds (FORMATS.md). */
export function isoFromUnix(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}

/** `0x`-prefixed hex of a number for JSON-RPC parameters. */
export function toQuantity(n: number | bigint): string {
  return `0x${n.toString(16)}`;
}

/** A 32-byte hash (transaction, block), lower-case. */
export function readHash(value: unknown, place: FieldPlace): string {
  if (typeof value !== 'string' || !/^0x[0-9a-fA-F]{64}$/.test(value)) throw bad(place, value, 'a 32-byte hash');
  return value.toLowerCase();
}
