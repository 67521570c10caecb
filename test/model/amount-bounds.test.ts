// Amounts beyond what a chain can hold are refused at import (issue 11, item 12): EVM and TRON values are
// uint256 (at most 2^256-1), a Bitcoin value is at most 21,000,000 BTC (MAX_MONEY, 2.1e15 satoshi).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isLedgerhoundError } from '../../src/errors.js';
import { MAX_BITCOIN_SATOSHI, MAX_UINT256, maxAmountOf } from '../../src/model/amount.js';
import { parseTransfer } from '../../src/model/transfer.js';
import { parseUtxoTransaction } from '../../src/model/utxo.js';
import { btcAddress, evmAddress, tronAddress, txid } from '../support/addresses.js';

function transfer(chain: string, amount: string) {
  const evm = chain !== 'tron';
  return {
    id: `${txid('x')}:0`,
    chain,
    asset: evm ? 'ETH' : 'TRX',
    txHash: txid('x'),
    block: 1,
    txIndex: 0,
    index: 0,
    from: evm ? evmAddress('a') : tronAddress('a'),
    to: evm ? evmAddress('b') : tronAddress('b'),
    amount,
  };
}

function bitcoinTx(inputValue: string, outputValue: string) {
  return {
    chain: 'bitcoin',
    txid: txid('b'),
    block: 1,
    txIndex: 1,
    inputs: [{ prevTxid: txid('p'), prevVout: 0, address: btcAddress('a'), value: inputValue }],
    outputs: [{ n: 0, address: btcAddress('b'), value: outputValue }],
  };
}

function codeAndField(fn: () => unknown): { code?: string; field?: unknown } {
  try {
    fn();
  } catch (e) {
    if (isLedgerhoundError(e)) return { code: e.code, field: e.details.field };
    throw e;
  }
  return {};
}

describe('amount bounds per chain', () => {
  it('accepts 2^256-1 on Ethereum, another EVM chain and TRON, and refuses 2^256 naming the field', () => {
    for (const chain of ['ethereum', 'arbitrum', 'tron']) {
      expect(parseTransfer(transfer(chain, MAX_UINT256.toString())).amount).toBe(MAX_UINT256);
      expect(codeAndField(() => parseTransfer(transfer(chain, (MAX_UINT256 + 1n).toString()), { file: 'f.jsonl', line: 3 }))).toEqual({
        code: 'INVALID_INPUT',
        field: 'amount',
      });
    }
  });

  it('accepts 21,000,000 BTC in one output and refuses one satoshi more in an input or an output', () => {
    const max = MAX_BITCOIN_SATOSHI.toString();
    const over = (MAX_BITCOIN_SATOSHI + 1n).toString();
    expect(parseUtxoTransaction(bitcoinTx(max, max)).outputs[0].value).toBe(MAX_BITCOIN_SATOSHI);
    expect(codeAndField(() => parseUtxoTransaction(bitcoinTx(over, max)))).toEqual({ code: 'INVALID_INPUT', field: 'value' });
    expect(codeAndField(() => parseUtxoTransaction(bitcoinTx(max, over)))).toEqual({ code: 'INVALID_INPUT', field: 'value' });
  });

  it('property: an amount is accepted exactly when it is at most the chain maximum', () => {
    const chains = ['ethereum', 'tron', 'bitcoin'] as const;
    fc.assert(
      fc.property(
        fc
          .constantFrom(...chains)
          .chain((chain) =>
            fc.tuple(
              fc.constant(chain),
              fc.oneof(fc.bigInt({ min: 0n, max: 1n << 260n }), fc.bigInt({ min: maxAmountOf(chain) - 1000n, max: maxAmountOf(chain) + 1000n })),
            ),
          ),
        ([chain, amount]) => {
        const parse = () =>
          chain === 'bitcoin' ? parseUtxoTransaction(bitcoinTx(amount.toString(), '0')).inputs[0].value : parseTransfer(transfer(chain, amount.toString())).amount;
        if (amount <= maxAmountOf(chain)) expect(parse()).toBe(amount);
        else expect(codeAndField(parse).code).toBe('INVALID_INPUT');
        },
      ),
      { seed: 11, numRuns: 300 },
    );
  });
});
