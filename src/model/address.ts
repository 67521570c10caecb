// Address validation and canonical forms per chain (FORMATS.md):
// - Bitcoin networks: base58check (P2PKH, P2SH) and bech32/bech32m (BIP-173, BIP-350) through
//   bitcoinjs-lib; bech32 is stored lower-case.
// - EVM chains: EIP-55 checksummed hex via ethers; all-lower or all-upper hex is accepted and
//   checksummed, mixed case with a wrong checksum is an error.
// - TRON: base58check of 21 bytes starting with the 0x41 prefix (addresses begin with "T").

import { createHash } from 'node:crypto';
import * as bitcoin from 'bitcoinjs-lib';
import { getAddress } from 'ethers';
import * as ecc from 'tiny-secp256k1';
import { invalidInput, type InputLocation } from '../errors.js';
import { chainInfo } from './chain.js';

bitcoin.initEccLib(ecc);

/** The bitcoinjs-lib network object for a Bitcoin chain name. */
export function bitcoinNetwork(chain: string): bitcoin.networks.Network {
  switch (chain) {
    case 'bitcoin':
      return bitcoin.networks.bitcoin;
    case 'bitcoin-testnet':
      return bitcoin.networks.testnet;
    case 'bitcoin-regtest':
      return bitcoin.networks.regtest;
    default:
      throw invalidInput(`not a Bitcoin chain: ${chain}`, {}, { chain });
  }
}

const EVM_HEX = /^0x[0-9a-fA-F]{40}$/;
const BASE58_ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const BASE58_INDEX = new Map([...BASE58_ALPHABET].map((c, i) => [c, BigInt(i)]));

// Canonicalisation is on every imported record's hot path; EIP-55 needs a keccak per address. Keyed by
// chain, then address: a lookup hashes the address string the parser made (its hash is kept on the string
// for the store's address ids after it), with no joined key string built per record.
const cache = new Map<string, Map<string, string>>();
let cached = 0;
const CACHE_LIMIT = 500_000;

/**
 * Returns the canonical form of `address` on `chain`, or throws INVALID_INPUT naming the place
 * (`location`, with `field` added when given).
 * The canonical form is what the stores keep and compare.
 */
export function normalizeAddress(chain: string, address: unknown, location: InputLocation = {}, field?: string): string {
  if (typeof address === 'string') {
    const hit = cache.get(chain)?.get(address);
    if (hit !== undefined) return hit;
  }
  // Hot path above allocates nothing; the location object is built only when it may be needed.
  const where = field === undefined ? location : { ...location, field };
  if (typeof address !== 'string' || address.length === 0) {
    throw invalidInput('address must be a non-empty string', where, { chain, address });
  }
  const info = chainInfo(chain);
  if (!info) throw invalidInput(`unknown chain "${chain}"`, where, { chain });
  let canonical: string;
  switch (info.family) {
    case 'utxo':
      canonical = normalizeBitcoin(chain, address, where);
      break;
    case 'evm':
      canonical = normalizeEvm(address, where);
      break;
    case 'tron':
      canonical = normalizeTron(address, where);
      break;
  }
  if (cached >= CACHE_LIMIT) {
    cache.clear();
    cached = 0;
  }
  let byAddress = cache.get(chain);
  if (byAddress === undefined) {
    byAddress = new Map();
    cache.set(chain, byAddress);
  }
  byAddress.set(address, canonical);
  cached++;
  return canonical;
}

/** True when `address` is valid on `chain`. */
export function isValidAddress(chain: string, address: string): boolean {
  try {
    normalizeAddress(chain, address);
    return true;
  } catch {
    return false;
  }
}

function normalizeBitcoin(chain: string, address: string, where: InputLocation): string {
  const network = bitcoinNetwork(chain);
  const lower = address.toLowerCase();
  const isBech32 = lower.startsWith(`${network.bech32}1`);
  if (isBech32 && address !== lower && address !== address.toUpperCase()) {
    throw invalidInput('bech32 address in mixed case', where, { chain, address });
  }
  const candidate = isBech32 ? lower : address;
  try {
    bitcoin.address.toOutputScript(candidate, network);
  } catch (e) {
    throw invalidInput(`invalid ${chain} address: ${(e as Error).message}`, where, { chain, address });
  }
  return candidate;
}

function normalizeEvm(address: string, where: InputLocation): string {
  if (!EVM_HEX.test(address)) {
    throw invalidInput('EVM address must be 0x followed by 40 hex digits', where, { address });
  }
  try {
    return getAddress(address);
  } catch (e) {
    throw invalidInput('EVM address has a wrong EIP-55 checksum (mixed case that does not match)', where, { address, library: (e as Error).message });
  }
}

function base58Decode(text: string): Uint8Array | undefined {
  let n = 0n;
  for (const c of text) {
    const v = BASE58_INDEX.get(c);
    if (v === undefined) return undefined;
    n = n * 58n + v;
  }
  const bytes: number[] = [];
  while (n > 0n) {
    bytes.unshift(Number(n & 0xffn));
    n >>= 8n;
  }
  for (const c of text) {
    if (c !== '1') break;
    bytes.unshift(0);
  }
  return Uint8Array.from(bytes);
}

function base58Encode(bytes: Uint8Array): string {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  let out = '';
  while (n > 0n) {
    out = BASE58_ALPHABET[Number(n % 58n)] + out;
    n /= 58n;
  }
  for (const b of bytes) {
    if (b !== 0) break;
    out = `1${out}`;
  }
  return out;
}

function doubleSha256(bytes: Uint8Array): Buffer {
  return createHash('sha256').update(createHash('sha256').update(bytes).digest()).digest();
}

function normalizeTron(address: string, where: InputLocation): string {
  const raw = base58Decode(address);
  if (raw?.length !== 25) {
    throw invalidInput('TRON address must be base58check of 25 bytes', where, { address });
  }
  const payload = raw.subarray(0, 21);
  const checksum = doubleSha256(payload).subarray(0, 4);
  if (!checksum.equals(raw.subarray(21))) {
    throw invalidInput('TRON address has a wrong base58check checksum', where, { address });
  }
  if (payload[0] !== 0x41) throw invalidInput('TRON address must have the 0x41 prefix', where, { address });
  return address;
}

/** TRON hex form (41 + 20 bytes, with or without 0x, or the 20-byte EVM form) to base58. */
export function tronHexToBase58(hex: string): string {
  let h = hex.toLowerCase().replace(/^0x/, '');
  if (h.length === 40) h = `41${h}`;
  if (!/^41[0-9a-f]{40}$/.test(h)) throw invalidInput('not a TRON hex address', {}, { address: hex });
  const payload = Buffer.from(h, 'hex');
  return base58Encode(Buffer.concat([payload, doubleSha256(payload).subarray(0, 4)]));
}

/** TRON base58 address to its hex form with the 41 prefix (no 0x). */
export function tronBase58ToHex(address: string): string {
  normalizeTron(address, {});
  return Buffer.from(base58Decode(address)!.subarray(0, 21)).toString('hex');
}
