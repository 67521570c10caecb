// Deterministic, valid test addresses from a seed string: Bitcoin P2WPKH / P2PKH / P2SH (hash of the
// seed as the key hash) and EIP-55 EVM addresses, so fixtures pass the model's address validation.

import { createHash } from 'node:crypto';
import * as bitcoin from 'bitcoinjs-lib';
import { getAddress } from 'ethers';

function hash20(seed: string): Uint8Array {
  return Uint8Array.from(createHash('sha256').update(seed).digest().subarray(0, 20));
}

export type BtcAddressType = 'p2wpkh' | 'p2pkh' | 'p2sh';

/** A valid mainnet Bitcoin address of the given type, derived from `seed`. */
export function btcAddress(seed: string, type: BtcAddressType = 'p2wpkh'): string {
  const hash = hash20(seed);
  const network = bitcoin.networks.bitcoin;
  const payment =
    type === 'p2wpkh' ? bitcoin.payments.p2wpkh({ hash, network }) : type === 'p2pkh' ? bitcoin.payments.p2pkh({ hash, network }) : bitcoin.payments.p2sh({ hash, network });
  return payment.address as string;
}

/** A valid EIP-55 EVM address derived from `seed`. */
export function evmAddress(seed: string): string {
  return getAddress(`0x${Buffer.from(hash20(seed)).toString('hex')}`);
}

/** A 64-hex-digit transaction id derived from `seed`. */
export function txidOf(seed: string): string {
  return createHash('sha256').update(`tx:${seed}`).digest('hex');
}
