// Change-address heuristics: table-driven cases per heuristic, the one-time-change (reuse) rule with
// its chain-order context, and the off-by-default switch in the UTXO pass.

import { describe, expect, it } from 'vitest';
import { changeLink, type ChangeGuess } from '../../src/clustering/change-context.js';
import { detectChangeByOptimal } from '../../src/clustering/change-optimal.js';
import { detectChangeByReuse } from '../../src/clustering/change-reuse.js';
import { detectChangeByRoundPayment } from '../../src/clustering/change-round-payment.js';
import { detectChangeByScriptType, scriptTypeOf } from '../../src/clustering/change-script-type.js';
import { clusterUtxoTransactions } from '../../src/clustering/cluster-utxo.js';
import type { UtxoTransaction } from '../../src/model/utxo.js';
import { btcAddress } from './support/addresses.js';
import { loadFixture } from './support/fixtures.js';
import { buildTx, type TxSpec } from './support/tx-spec.js';

interface ChangeTable {
  valid: { description: string; heuristic: string; input: TxSpec; expected: ChangeGuess }[];
  invalid: { description: string; heuristic: string; input: TxSpec }[];
}

const DETECT: Record<string, (tx: UtxoTransaction) => ChangeGuess | undefined> = {
  'change-script-type': detectChangeByScriptType,
  'change-round-payment': detectChangeByRoundPayment,
  'change-optimal': detectChangeByOptimal,
};

const table = loadFixture<ChangeTable>('change');

describe('change heuristics', () => {
  for (const c of table.valid) {
    it(`${c.heuristic}: ${c.description}`, () => {
      const tx = buildTx(c.input);
      expect(DETECT[c.heuristic](tx)).toEqual(c.expected);
      const link = changeLink(tx, c.heuristic, c.expected);
      expect(link).toMatchObject({ a: tx.inputs[0].address, b: tx.outputs[c.expected.n].address, heuristic: c.heuristic, evidence: tx.txid });
    });
  }
  for (const c of table.invalid) {
    it(`${c.heuristic} makes no guess: ${c.description}`, () => {
      expect(DETECT[c.heuristic](buildTx(c.input))).toBeUndefined();
    });
  }

  it('reads script types from addresses', () => {
    expect(scriptTypeOf('bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq')).toBe('p2wpkh');
    expect(scriptTypeOf('bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3')).toBe('p2wsh');
    expect(scriptTypeOf('bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg3297')).toBe('p2tr');
    expect(scriptTypeOf('1BoatSLRHtKNngkdXEeobR76b53LETtpyT')).toBe('p2pkh');
    expect(scriptTypeOf('3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy')).toBe('p2sh');
    expect(scriptTypeOf(btcAddress('x', 'p2sh'))).toBe('p2sh');
  });

  it('reuse: the only never-seen output is the change', () => {
    const payee = btcAddress('merchant');
    const tx = buildTx({ name: 'reuse', inputs: [{ value: '5000000' }], outputs: [{ value: '1000000', address: payee }, { value: '3999000' }] });
    expect(detectChangeByReuse(tx, { seenBefore: (a) => a === payee })).toEqual({ n: 1, confidence: 60 });
    expect(detectChangeByReuse(tx, { seenBefore: () => false })).toBeUndefined();
    expect(detectChangeByReuse(tx, { seenBefore: () => true })).toBeUndefined();
  });

  it('reuse in a pass: the payee seen earlier in chain order makes the other output change', () => {
    const payee = btcAddress('shop');
    const earlier = buildTx({ name: 'earlier', inputs: [{ value: '900000' }], outputs: [{ value: '800000', address: payee }] }, { txIndex: 0 });
    const later = buildTx({ name: 'later', inputs: [{ value: '5000000', seed: 'spender' }], outputs: [{ value: '1000000', address: payee }, { value: '3999000', seed: 'change' }] }, { txIndex: 1 });
    const off = clusterUtxoTransactions([earlier, later]);
    expect(off.links).toEqual([]);
    const on = clusterUtxoTransactions([earlier, later], { heuristics: ['multi-input', 'change-reuse'] });
    expect(on.links).toEqual([
      { chain: 'bitcoin', a: later.inputs[0].address, b: later.outputs[1].address, heuristic: 'change-reuse', confidence: 60, evidence: later.txid, note: 'change output 1' },
    ]);
  });

  it('does not guess change inside a CoinJoin', () => {
    const mix = buildTx({ name: 'mix', inputs: [{ count: 5, value: '1000000' }], outputs: [{ count: 5, value: '1000000', type: 'p2pkh' }] });
    mix.outputs[0].value = 999_000n;
    const res = clusterUtxoTransactions([mix], { heuristics: ['multi-input', 'change-reuse', 'change-script-type', 'change-round-payment', 'change-optimal'] });
    expect(res.links).toEqual([]);
    expect(res.coinJoins.map((c) => c.verdict.kind)).toEqual(['joinmarket']);
  });
});
