// Output script to address, for every standard type (BIP-13 p2sh, p2pkh, BIP-141 p2wpkh/p2wsh,
// BIP-341 p2tr, BIP-350 future witness versions), by matching the script templates directly (much
// faster than trying each bitcoinjs payment in turn) and encoding with bitcoinjs-lib. Outputs with no
// address (p2pk, bare multisig, OP_RETURN, non-standard) get `null` and keep their script.

import * as bitcoin from 'bitcoinjs-lib';
import * as ecc from 'tiny-secp256k1';
import { bitcoinNetwork } from '../../src/model/address.js';

export type ScriptType = 'p2pkh' | 'p2sh' | 'p2wpkh' | 'p2wsh' | 'p2tr' | 'witness_unknown' | 'p2pk' | 'multisig' | 'nulldata' | 'nonstandard';

export interface ScriptInfo {
  type: ScriptType;
  /** Encoded address, or null when the script has none. */
  address: string | null;
}

const OP_0 = 0x00;
const OP_1 = 0x51;
const OP_16 = 0x60;
const OP_RETURN = 0x6a;
const OP_DUP = 0x76;
const OP_EQUAL = 0x87;
const OP_EQUALVERIFY = 0x88;
const OP_HASH160 = 0xa9;
const OP_CHECKSIG = 0xac;
const OP_CHECKMULTISIG = 0xae;

/** Classifies an output script and encodes its address on `chain` (a Bitcoin network name). */
export function describeScript(script: Uint8Array, chain: string): ScriptInfo {
  const network = bitcoinNetwork(chain);
  const n = script.length;
  if (n === 25 && script[0] === OP_DUP && script[1] === OP_HASH160 && script[2] === 0x14 && script[23] === OP_EQUALVERIFY && script[24] === OP_CHECKSIG) {
    return { type: 'p2pkh', address: bitcoin.address.toBase58Check(script.subarray(3, 23), network.pubKeyHash) };
  }
  if (n === 23 && script[0] === OP_HASH160 && script[1] === 0x14 && script[22] === OP_EQUAL) {
    return { type: 'p2sh', address: bitcoin.address.toBase58Check(script.subarray(2, 22), network.scriptHash) };
  }
  // Witness program: version opcode then one push of 2..40 bytes (BIP-141).
  if (n >= 4 && n <= 42 && (script[0] === OP_0 || (script[0] >= OP_1 && script[0] <= OP_16)) && script[1] === n - 2) {
    const version = script[0] === OP_0 ? 0 : script[0] - OP_1 + 1;
    const program = script.subarray(2);
    if (version === 0) {
      if (program.length === 20) return { type: 'p2wpkh', address: bitcoin.address.toBech32(program, 0, network.bech32) };
      if (program.length === 32) return { type: 'p2wsh', address: bitcoin.address.toBech32(program, 0, network.bech32) };
      return { type: 'nonstandard', address: null };
    }
    if (version === 1 && program.length === 32) {
      // An x-only key that is not on the curve has no spendable address; bitcoinjs refuses to decode it.
      if (!ecc.isXOnlyPoint(program)) return { type: 'nonstandard', address: null };
      return { type: 'p2tr', address: bitcoin.address.toBech32(program, 1, network.bech32) };
    }
    return { type: 'witness_unknown', address: bitcoin.address.toBech32(program, version, network.bech32) };
  }
  if ((n === 35 && script[0] === 33 && script[34] === OP_CHECKSIG) || (n === 67 && script[0] === 65 && script[66] === OP_CHECKSIG)) {
    return { type: 'p2pk', address: null };
  }
  if (n > 0 && script[0] === OP_RETURN) return { type: 'nulldata', address: null };
  if (n >= 37 && script[n - 1] === OP_CHECKMULTISIG && script[0] >= OP_1 && script[0] <= OP_16) return { type: 'multisig', address: null };
  return { type: 'nonstandard', address: null };
}

/** The address of an output script, or null (see describeScript). */
export function addressOfScript(script: Uint8Array, chain: string): string | null {
  return describeScript(script, chain).address;
}
