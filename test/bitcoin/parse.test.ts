// Parsing real Bitcoin data: output scripts to addresses (bitcoinjs-lib address vectors), transactions
// (bitcoinjs-lib transaction vectors), full mainnet blocks (btcd wire test data: hash, counts, and every
// output's address cross-checked against bitcoinjs-lib's own decoder), and raw hex from BIP-69.

import { readFileSync } from 'node:fs';
import * as bitcoin from 'bitcoinjs-lib';
import { describe, expect, it } from 'vitest';
import { decodeBlock, decodeTransaction, checkBlockIntegrity } from '../../adapters/bitcoin/decode.js';
import { describeScript } from '../../adapters/bitcoin/script-address.js';
import { bitcoinNetwork } from '../../src/model/address.js';
import { loadFixtures, sharedData } from '../support/fixtures.js';

interface ScriptCase {
  chain: string;
  script: string;
}

describe('output script to address', () => {
  const table = loadFixtures<ScriptCase, { type?: string; address: string | null }>('bitcoin/scripts.json');
  for (const c of table.valid) {
    it(c.description, () => {
      const info = describeScript(Buffer.from(c.input.script, 'hex'), c.input.chain);
      expect(info.address).toBe(c.expected.address);
      if (c.expected.type) expect(info.type).toBe(c.expected.type);
    });
  }
});

describe('bitcoinjs-lib transaction vectors', () => {
  const fixtures = JSON.parse(readFileSync(sharedData('bitcoinjs-lib/test/fixtures/transaction.json'), 'utf8')) as {
    valid: { description: string; id: string; hex: string; whex?: string; raw: { ins: { hash: string; index: number }[]; outs: { value: number; script?: string; data?: string }[] } }[];
  };
  for (const f of fixtures.valid) {
    it(f.description, () => {
      const tx = decodeTransaction(f.whex || f.hex, 'bitcoin');
      expect(tx.txid).toBe(f.id);
      expect(tx.inputs).toHaveLength(f.raw.ins.length);
      const coinbase = f.raw.ins.length === 1 && /^0{64}$/.test(f.raw.ins[0].hash);
      f.raw.ins.forEach((input, i) => {
        if (coinbase) expect(tx.inputs[i].coinbase).toBe(true);
        else expect(tx.inputs[i]).toEqual({ prevTxid: Buffer.from(input.hash, 'hex').reverse().toString('hex'), prevVout: input.index });
      });
      expect(tx.outputs.map((o) => o.value)).toEqual(f.raw.outs.map((o) => BigInt(o.value)));
      expect(tx.outputs.map((o) => o.script)).toEqual(f.raw.outs.map((o) => o.data ?? Buffer.from(bitcoin.script.fromASM(o.script as string)).toString('hex')));
    });
  }

  it('rejects bytes that are not a transaction with INVALID_INPUT', () => {
    expect(() => decodeTransaction('0100', 'bitcoin')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});

function bitcoinjsAddress(script: string, chain: string): string | null {
  try {
    return bitcoin.address.fromOutputScript(Buffer.from(script, 'hex'), bitcoinNetwork(chain));
  } catch {
    return null;
  }
}

describe('mainnet blocks (btcd wire test data)', () => {
  const blocks = [
    // Counts from /work/shared/data/SOURCES.md (recomputed there with an independent parser).
    { file: 'block-0000000000000000001602407ac49862a7bca9d00f7f402db20b7be2f5de59d2.blk', height: 574200, txs: 3315, multiInput: 556, maxInputs: 100 },
    { file: 'block-00000000000000000021868c2cefc52a480d173c849412fe81c4e5ab806f94ab.blk', height: 540107, txs: 230, multiInput: 92, maxInputs: 200 },
  ];
  for (const b of blocks) {
    it(`block ${b.height}: hash, BIP-34 height, counts, merkle root, and every output address`, () => {
      const raw = readFileSync(sharedData(`btcd/wire/testdata/${b.file}`));
      const block = decodeBlock(raw, 'bitcoin');
      expect(block.hash).toBe(b.file.slice(6, 70));
      expect(block.bip34Height).toBe(b.height);
      expect(checkBlockIntegrity(raw)).toBe(true);
      expect(block.transactions).toHaveLength(b.txs);
      expect(block.transactions.filter((t) => t.inputs.length > 1)).toHaveLength(b.multiInput);
      expect(Math.max(...block.transactions.map((t) => t.inputs.length))).toBe(b.maxInputs);
      let withAddress = 0;
      for (const tx of block.transactions) {
        for (const o of tx.outputs) {
          expect(o.address, `${tx.txid}:${o.n}`).toBe(bitcoinjsAddress(o.script, 'bitcoin'));
          if (o.address) withAddress++;
        }
      }
      expect(withAddress).toBeGreaterThan(b.txs);
    });
  }

  it('block 574200: a known segwit transaction decodes to explorer values', () => {
    const raw = readFileSync(sharedData(`btcd/wire/testdata/${blocks[0].file}`));
    const block = decodeBlock(raw, 'bitcoin');
    const fixture = JSON.parse(readFileSync(new URL('../fixtures/bitcoin/block-574200-sample.json', import.meta.url), 'utf8')) as {
      txIndex: number;
      txid: string;
      inputs: { prevTxid: string; prevVout: number }[];
      outputs: { n: number; address: string | null; value: string }[];
    }[];
    for (const f of fixture) {
      const tx = block.transactions[f.txIndex];
      expect(tx.txid).toBe(f.txid);
      expect(tx.inputs).toEqual(f.inputs);
      expect(tx.outputs.map((o) => ({ n: o.n, address: o.address, value: o.value.toString() }))).toEqual(f.outputs);
    }
  });
});

describe('BIP-69 raw hex transactions (btcd txsort test data)', () => {
  const cases = [
    { file: 'bip69-1.hex', txid: '0a6a357e2f7796444e02638749d9611c008b253fb55f5dc88b739b230ed0c4c3', inputs: 17, outputs: 2 },
    { file: 'bip69-2.hex', txid: '28204cad1d7fc1d199e8ef4fa22f182de6258a3eaafe1bbe56ebdcacd3069a5f', inputs: 2 },
  ];
  for (const c of cases) {
    it(c.file, () => {
      const tx = decodeTransaction(readFileSync(sharedData(`btcd/btcutil/txsort/testdata/${c.file}`), 'utf8'), 'bitcoin');
      expect(tx.txid).toBe(c.txid);
      expect(tx.inputs).toHaveLength(c.inputs);
      if (c.outputs) expect(tx.outputs).toHaveLength(c.outputs);
    });
  }
});

describe('raw hex blocks (bitcoinjs-lib block vectors)', () => {
  const fixtures = JSON.parse(readFileSync(sharedData('bitcoinjs-lib/test/fixtures/block.json'), 'utf8')) as {
    valid: { description: string; id: string; prevHash: string; timestamp: number; hex: string; height?: number; valid: boolean }[];
  };
  for (const f of fixtures.valid.filter((v) => v.valid && v.hex.length > 160)) {
    it(f.description, () => {
      const block = decodeBlock(f.hex, 'bitcoin');
      expect(block.hash).toBe(f.id);
      expect(block.prevHash).toBe(Buffer.from(f.prevHash, 'hex').reverse().toString('hex'));
      expect(block.time).toBe(new Date(f.timestamp * 1000).toISOString().replace('.000Z', 'Z'));
      expect(block.transactions.length).toBeGreaterThan(0);
      if (f.height !== undefined && f.height > 227_930) expect(block.bip34Height).toBe(f.height);
    });
  }

  it('rejects a truncated block with INVALID_INPUT', () => {
    expect(() => decodeBlock(fixtures.valid[0].hex.slice(0, 100), 'bitcoin')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});

describe('script-address properties', () => {
  it('every p2pkh/p2sh/p2wpkh/p2wsh/p2tr script maps to an address that maps back to the same script', async () => {
    const fc = (await import('fast-check')).default;
    const ecc = await import('tiny-secp256k1');
    const chains = ['bitcoin', 'bitcoin-testnet', 'bitcoin-regtest'] as const;
    const script = fc.oneof(
      fc.uint8Array({ minLength: 20, maxLength: 20 }).map((h) => Buffer.concat([Buffer.from([0x76, 0xa9, 0x14]), h, Buffer.from([0x88, 0xac])])),
      fc.uint8Array({ minLength: 20, maxLength: 20 }).map((h) => Buffer.concat([Buffer.from([0xa9, 0x14]), h, Buffer.from([0x87])])),
      fc.uint8Array({ minLength: 20, maxLength: 20 }).map((h) => Buffer.concat([Buffer.from([0x00, 0x14]), h])),
      fc.uint8Array({ minLength: 32, maxLength: 32 }).map((h) => Buffer.concat([Buffer.from([0x00, 0x20]), h])),
      fc
        .uint8Array({ minLength: 32, maxLength: 32 })
        .filter((k) => ecc.isXOnlyPoint(k))
        .map((k) => Buffer.concat([Buffer.from([0x51, 0x20]), k])),
    );
    fc.assert(
      fc.property(script, fc.constantFrom(...chains), (s, chain) => {
        const address = describeScript(s, chain).address;
        return address !== null && Buffer.from(bitcoin.address.toOutputScript(address, bitcoinNetwork(chain))).equals(s);
      }),
      { seed: 42, numRuns: 500 },
    );
  });
});
