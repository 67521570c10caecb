// Generates test/fixtures/bitcoin/esplora/routes.json (see the fixtures README): Esplora-shaped
// responses for mainnet blocks 50,001 and 50,002, built from bitcoin-etl's recorded Bitcoin Core
// responses. Run once: npx tsx test/bitcoin/support/generate-esplora-fixtures.ts

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as bitcoin from 'bitcoinjs-lib';
import { describeScript } from '../../../adapters/bitcoin/script-address.js';
import { sharedData } from '../../support/fixtures.js';

const dir = sharedData('bitcoin-etl/tests/resources/test_export_blocks_job/bitcoin/stream_50001_50002');
const out = fileURLToPath(new URL('../../fixtures/bitcoin/esplora/', import.meta.url));
const blocks = [
  JSON.parse(readFileSync(join(dir, 'rpc_response_getblock_000000001c920d495e1eeef2452b6d1c6c229a919b28196c103ecffebabee141_2.json'), 'utf8')),
  JSON.parse(readFileSync(join(dir, 'rpc_response_getblock_000000002066d7f9b134c30b5005b7bf5fbfa52f279883f1fde793dcdc964266_2.json'), 'utf8')),
];
const prev = new Map<string, bitcoin.Transaction>();
for (const id of ['0d37522b89f991f8433b80f709ad31862a54435cd003f25732fe405e9db93216', '0dd0394c6240355f4e4b3c88028f678ed746cebee3b3e8509620733f018914c9', '76a8d70a757be5055f60be076b683897cadaad6b7bdf78c43e39b9d59cb4a6ea']) {
  prev.set(id, bitcoin.Transaction.fromHex(JSON.parse(readFileSync(join(dir, `rpc_response_getrawtransaction_${id}.json`), 'utf8')).hex));
}
const typeName: Record<string, string> = { p2pkh: 'p2pkh', p2sh: 'p2sh', p2wpkh: 'v0_p2wpkh', p2wsh: 'v0_p2wsh', p2tr: 'v1_p2tr', p2pk: 'p2pk', multisig: 'multisig', nulldata: 'op_return', nonstandard: 'nonstandard', witness_unknown: 'unknown' };
const outJson = (script: Uint8Array, value: bigint) => {
  const info = describeScript(script, 'bitcoin');
  return { scriptpubkey: Buffer.from(script).toString('hex'), scriptpubkey_asm: bitcoin.script.toASM(script), scriptpubkey_type: typeName[info.type], ...(info.address ? { scriptpubkey_address: info.address } : {}), value: Number(value) };
};
const routes: Record<string, unknown> = {};
for (const b of blocks) {
  routes[`/block/${b.hash}/txids`] = b.tx.map((t: { txid: string }) => t.txid);
  for (const t of b.tx) {
    const tx = bitcoin.Transaction.fromHex(t.hex);
    prev.set(tx.getId(), tx);
    let inSum = 0n;
    const vin = tx.ins.map((i) => {
      const cb = tx.isCoinbase();
      const ptxid = Buffer.from(i.hash).reverse().toString('hex');
      const p = cb ? undefined : prev.get(ptxid)?.outs[i.index];
      if (p) inSum += BigInt(p.value);
      return { txid: ptxid, vout: i.index, prevout: p ? outJson(p.script, BigInt(p.value)) : null, scriptsig: Buffer.from(i.script).toString('hex'), scriptsig_asm: cb ? '' : bitcoin.script.toASM(i.script), is_coinbase: cb, sequence: i.sequence };
    });
    const outSum = tx.outs.reduce((a, o) => a + BigInt(o.value), 0n);
    routes[`/tx/${tx.getId()}`] = {
      txid: tx.getId(), version: tx.version, locktime: tx.locktime, vin, vout: tx.outs.map((o) => outJson(o.script, BigInt(o.value))), size: tx.byteLength(), weight: tx.weight(), fee: tx.isCoinbase() ? 0 : Number(inSum - outSum),
      status: { confirmed: true, block_height: b.height, block_hash: b.hash, block_time: b.time },
    };
  }
}
routes['/blocks/tip/height'] = '500000';
routes['/block-height/0'] = '000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f';
const addr = '1HaHTfmvoUW6i6nhJf8jJs6tU4cHNmBQHQ';
const t1 = '7940cdde4d713e171849efc6bd89939185be270266c94e92369e3877ad89455a';
const t2 = 'f84761459a00c6df3176ae5d94c99e69f25100d09548e5686bd0c354bb8cc60a';
routes[`/address/${addr}/txs`] = [routes[`/tx/${t2}`]];
routes[`/address/${addr}/txs/chain/${t2}`] = [routes[`/tx/${t1}`]];
routes[`/address/${addr}/txs/chain/${t1}`] = [];
routes[`/address/${addr}`] = { address: addr, chain_stats: { funded_txo_count: 2, funded_txo_sum: 15000000000, spent_txo_count: 0, spent_txo_sum: 0, tx_count: 2 }, mempool_stats: { funded_txo_count: 0, funded_txo_sum: 0, spent_txo_count: 0, spent_txo_sum: 0, tx_count: 0 } };
for (const [id, vout, spender, vinIdx] of [['76a8d70a757be5055f60be076b683897cadaad6b7bdf78c43e39b9d59cb4a6ea', 0, t1, 0], ['0dd0394c6240355f4e4b3c88028f678ed746cebee3b3e8509620733f018914c9', 0, t1, 1], ['0d37522b89f991f8433b80f709ad31862a54435cd003f25732fe405e9db93216', 0, t2, 0]] as const) {
  routes[`/tx/${id}/outspend/${vout}`] = { spent: true, txid: spender, vin: vinIdx, status: (routes[`/tx/${spender}`] as { status: unknown }).status };
}
routes[`/tx/${t1}/outspend/0`] = { spent: false };
routes[`/tx/${t2}/outspend/0`] = { spent: false };
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'routes.json'), `${JSON.stringify(routes, null, 1)}\n`);
console.log(`${Object.keys(routes).length} routes written`);
