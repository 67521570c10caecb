// Deterministic valid addresses and hashes for tests: derived from a label by SHA-256, so fixtures read
// as names ("victim-1") and every address passes the chain's validation.

import { createHash } from 'node:crypto';
import * as bitcoin from 'bitcoinjs-lib';
import { getAddress } from 'ethers';
import { bitcoinNetwork, tronHexToBase58 } from '../../src/model/address.js';

function sha(label: string): Buffer {
  return createHash('sha256').update(label).digest();
}

/** A 64-hex transaction id / hash. */
export function txid(label: string): string {
  return sha(`tx:${label}`).toString('hex');
}

export function evmAddress(label: string): string {
  return getAddress(`0x${sha(`evm:${label}`).subarray(0, 20).toString('hex')}`);
}

export function tronAddress(label: string): string {
  return tronHexToBase58(`41${sha(`tron:${label}`).subarray(0, 20).toString('hex')}`);
}

/** A P2WPKH address on the given Bitcoin chain. */
export function btcAddress(label: string, chain = 'bitcoin'): string {
  return bitcoin.payments.p2wpkh({ hash: sha(`btc:${label}`).subarray(0, 20), network: bitcoinNetwork(chain) }).address!;
}
