// Minimal test-side decoding of real mainnet blocks (btcd and bitcoinjs-lib fixtures) into model
// transactions for clustering tests. Raw blocks carry no prevouts, so an input's address is taken from
// the spent output when it is in the same block, else from the public key the input reveals (P2PKH
// scriptSig <sig> <pubkey>, P2WPKH witness [sig, pubkey]); otherwise it is null. Input values are known
// only for same-block prevouts (0 otherwise). The real parser lives in adapters/bitcoin.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as bitcoin from 'bitcoinjs-lib';
import * as ecc from 'tiny-secp256k1';
import type { UtxoTransaction } from '../../../src/model/utxo.js';

bitcoin.initEccLib(ecc);

export const DATA = '/work/shared/data';

/** Decompresses a bzip2 file with seek-bzip (CommonJS, no types). */
export function readBzip2(path: string): Buffer {
  const bz = createRequire(import.meta.url)('seek-bzip') as { decode(b: Buffer): Buffer };
  return bz.decode(readFileSync(path));
}

/** The raw blocks of a `blk*.dat` image (magic, 4-byte little-endian length, block). */
export function splitBlkFile(data: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let at = 0;
  while (at + 8 <= data.length && data.readUInt32LE(at) === 0xd9b4bef9) {
    const len = data.readUInt32LE(at + 4);
    out.push(data.subarray(at + 8, at + 8 + len));
    at += 8 + len;
  }
  return out;
}

function outputAddress(script: Uint8Array): string | null {
  try {
    return bitcoin.address.fromOutputScript(script, bitcoin.networks.bitcoin);
  } catch {
    return null;
  }
}

const isPubkey = (b: Uint8Array) => (b.length === 33 && (b[0] === 2 || b[0] === 3)) || (b.length === 65 && b[0] === 4);

function revealedAddress(input: bitcoin.Transaction['ins'][number]): string | null {
  const network = bitcoin.networks.bitcoin;
  try {
    if (input.witness.length === 2 && isPubkey(input.witness[1])) {
      const p2wpkh = bitcoin.payments.p2wpkh({ pubkey: input.witness[1], network });
      // Native P2WPKH has an empty scriptSig; P2SH-P2WPKH pushes the witness program.
      return input.script.length === 0 ? (p2wpkh.address ?? null) : (bitcoin.payments.p2sh({ redeem: p2wpkh, network }).address ?? null);
    }
    if (input.witness.length > 2) {
      // P2WSH (or P2SH-P2WSH): the last witness item is the witness script.
      const p2wsh = bitcoin.payments.p2wsh({ redeem: { output: input.witness[input.witness.length - 1] }, network });
      return input.script.length === 0 ? (p2wsh.address ?? null) : (bitcoin.payments.p2sh({ redeem: p2wsh, network }).address ?? null);
    }
    const chunks = bitcoin.script.decompile(input.script);
    const last = chunks?.[chunks.length - 1];
    if (!chunks || chunks.length < 2 || !(last instanceof Uint8Array)) return null;
    if (chunks.length === 2 && isPubkey(last)) return bitcoin.payments.p2pkh({ pubkey: last, network }).address ?? null;
    // P2SH: the last push is the redeem script (multisig spends start with OP_0).
    return bitcoin.payments.p2sh({ redeem: { output: last }, network }).address ?? null;
  } catch {
    return null;
  }
}

/** Decodes a raw block into model transactions (chain `bitcoin`, block height `height`). */
export function decodeBlockForClustering(raw: Buffer, height: number): { id: string; transactions: UtxoTransaction[] } {
  const block = bitcoin.Block.fromBuffer(raw);
  const txs = block.transactions ?? [];
  const outputs = new Map<string, { address: string | null; value: bigint }>();
  const transactions: UtxoTransaction[] = txs.map((tx, txIndex) => {
    const txid = tx.getId();
    const model: UtxoTransaction = {
      chain: 'bitcoin',
      txid,
      block: height,
      txIndex,
      inputs: tx.isCoinbase()
        ? [{ address: null, value: 0n, coinbase: true }]
        : tx.ins.map((i) => {
            const prevTxid = Buffer.from(i.hash).reverse().toString('hex');
            const prev = outputs.get(`${prevTxid}:${i.index}`);
            return { prevTxid, prevVout: i.index, address: prev?.address ?? revealedAddress(i), value: prev?.value ?? 0n };
          }),
      outputs: tx.outs.map((o, n) => {
        const address = outputAddress(o.script);
        const out = { n, address, value: BigInt(o.value) } as UtxoTransaction['outputs'][number];
        if (address === null) out.script = Buffer.from(o.script).toString('hex');
        return out;
      }),
    };
    for (const o of model.outputs) outputs.set(`${txid}:${o.n}`, { address: o.address, value: o.value });
    return model;
  });
  return { id: block.getId(), transactions };
}
