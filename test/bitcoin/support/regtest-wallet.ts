// A minimal wallet for the regtest integration tests: deterministic keys, transactions built and signed
// with bitcoinjs-lib + ecpair (p2pkh, p2wpkh and p2tr key-path inputs), sent with sendrawtransaction,
// and blocks mined with btcd's `generate` (coinbases pay the service's miner key).

import * as bitcoin from 'bitcoinjs-lib';
import { ECPairFactory, type ECPairInterface } from 'ecpair';
import * as ecc from 'tiny-secp256k1';
import { type BitcoinRpc, createBitcoinRpc } from '../../../adapters/bitcoin/rpc.js';
import { minerKey } from '../../services/btcd/service.js';

const ECPair = ECPairFactory(ecc);
const network = bitcoin.networks.regtest;

/** A deterministic test key from a name. */
export function keyOf(name: string): ECPairInterface {
  return ECPair.fromPrivateKey(bitcoin.crypto.sha256(new TextEncoder().encode(`ledgerhound regtest ${name}`)), { network });
}

export const miner = minerKey();
export const p2pkhOf = (k: ECPairInterface) => bitcoin.payments.p2pkh({ pubkey: k.publicKey, network }).address as string;
export const p2wpkhOf = (k: ECPairInterface) => bitcoin.payments.p2wpkh({ pubkey: k.publicKey, network }).address as string;
export const p2trOf = (k: ECPairInterface) => bitcoin.payments.p2tr({ internalPubkey: bitcoin.toXOnly(k.publicKey), network }).address as string;
export const p2wshOf = (k: ECPairInterface) =>
  bitcoin.payments.p2wsh({ redeem: bitcoin.payments.p2ms({ m: 1, pubkeys: [k.publicKey], network }), network }).address as string;

export type InputKind = 'p2pkh' | 'p2wpkh' | 'p2tr';

export interface SpendInput {
  txid: string;
  vout: number;
  value: bigint;
  key: ECPairInterface;
  kind: InputKind;
}

export type SpendOutput = { address: string; value: bigint } | { script: Uint8Array; value: bigint };

/** The btcd service's node, from the env set by the global setup. */
export function btcdFromEnv(): BitcoinRpc {
  const url = process.env.BTCD_RPC_URL;
  if (!url) throw new Error('BTCD_RPC_URL is not set: run with LEDGERHOUND_SERVICES including btcd');
  return createBitcoinRpc({ url, credentials: { user: process.env.BTCD_RPC_USER ?? '', password: process.env.BTCD_RPC_PASS ?? '' } });
}

export class RegtestWallet {
  constructor(readonly node: BitcoinRpc) {}

  async mine(n: number): Promise<string[]> {
    return (await this.node.rpc.call<string[]>('generate', [n])) as string[];
  }

  async height(): Promise<number> {
    return (await this.node.rpc.call<number>('getblockcount')) as number;
  }

  /** The coinbase of a block: txid and its single output value. */
  async coinbaseOf(blockHash: string): Promise<{ txid: string; value: bigint }> {
    const hex = (await this.node.rpc.call<string>('getblock', [blockHash, 0])) as string;
    const block = bitcoin.Block.fromHex(hex);
    const cb = (block.transactions ?? [])[0];
    return { txid: cb.getId(), value: BigInt(cb.outs[0].value) };
  }

  async rawTx(txid: string): Promise<string> {
    return (await this.node.rpc.call<string>('getrawtransaction', [txid, 0])) as string;
  }

  /** Builds, signs and sends a transaction; returns its txid. */
  async send(inputs: SpendInput[], outputs: SpendOutput[]): Promise<string> {
    const psbt = new bitcoin.Psbt({ network });
    for (const input of inputs) {
      if (input.kind === 'p2pkh') {
        psbt.addInput({ hash: input.txid, index: input.vout, nonWitnessUtxo: Buffer.from(await this.rawTx(input.txid), 'hex') });
      } else if (input.kind === 'p2wpkh') {
        const script = bitcoin.payments.p2wpkh({ pubkey: input.key.publicKey, network }).output as Uint8Array;
        psbt.addInput({ hash: input.txid, index: input.vout, witnessUtxo: { script, value: input.value } });
      } else {
        const internal = bitcoin.toXOnly(input.key.publicKey);
        const script = bitcoin.payments.p2tr({ internalPubkey: internal, network }).output as Uint8Array;
        psbt.addInput({ hash: input.txid, index: input.vout, witnessUtxo: { script, value: input.value }, tapInternalKey: internal });
      }
    }
    for (const o of outputs) psbt.addOutput('address' in o ? { address: o.address, value: o.value } : { script: o.script, value: o.value });
    inputs.forEach((input, i) => {
      if (input.kind === 'p2tr') {
        const tweaked = input.key.tweak(bitcoin.crypto.taggedHash('TapTweak', bitcoin.toXOnly(input.key.publicKey)));
        psbt.signInput(i, tweaked);
      } else psbt.signInput(i, input.key);
    });
    psbt.finalizeAllInputs();
    const tx = psbt.extractTransaction();
    const sent = await this.node.rpc.call<string>('sendrawtransaction', [tx.toHex()]);
    if (sent !== tx.getId()) throw new Error(`sendrawtransaction returned ${sent}, expected ${tx.getId()}`);
    return tx.getId();
  }
}
