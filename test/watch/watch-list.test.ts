// The case's `watch:` list: parsed by the case schema (chain checked, note kept), and its addresses'
// outgoing transactions after the baseline give `moved` alerts with the whole value sent and the note.

import { describe, expect, it } from 'vitest';
import { isLedgerhoundError } from '../../src/errors.js';
import { parseCase } from '../../src/model/case.js';
import type { AccountTransfer } from '../../src/model/transfer.js';
import type { UtxoTransaction } from '../../src/model/utxo.js';
import { watchListAlerts } from '../../src/watch/watch-list.js';

const base = { name: 'c', victimPayments: [{ id: 'v1', chain: 'ethereum', transfer: '0xabc:0' }] };
const ctx = { caseName: 'c', stopAt: ['exchange'], baselines: { ethereum: 10, bitcoin: 100 }, now: '2026-02-01T00:00:00Z' };

const transfer = (over: Partial<AccountTransfer>): AccountTransfer => ({ id: 'x', chain: 'ethereum', asset: 'native', txHash: '0xt', block: 11, txIndex: 0, index: 0, from: '0xw', to: '0xa', amount: 5n, ...over });

describe('watch list', () => {
  it('is part of the case schema, with the chain checked', () => {
    const kase = parseCase({ ...base, watch: [{ chain: 'ethereum', address: '0xw', note: 'scam wallet 2' }] });
    expect(kase.watch).toEqual([{ chain: 'ethereum', address: '0xw', note: 'scam wallet 2' }]);
    expect(kase.extra).toBeUndefined();
    let caught: unknown;
    try {
      parseCase({ ...base, watch: [{ chain: 'nochain', address: '0xw' }] });
    } catch (e) {
      caught = e;
    }
    expect(isLedgerhoundError(caught, 'INVALID_INPUT') && caught.details.field).toBe('watch.0.chain');
  });

  it('raises moved for outgoing transfers and transactions after the baseline only', () => {
    const entry = { chain: 'ethereum', address: '0xw', note: 'scam wallet 2' };
    const transfers = [
      transfer({ id: 'a', to: '0xa', amount: 5n }),
      transfer({ id: 'b', to: '0xb', amount: 7n }),
      transfer({ id: 'c', txHash: '0xold', block: 10 }),
      transfer({ id: 'd', txHash: '0xin', from: '0xz', to: '0xw' }),
    ];
    const tx: UtxoTransaction = {
      chain: 'bitcoin',
      txid: 'f'.repeat(64),
      block: 101,
      txIndex: 1,
      inputs: [{ prevTxid: 'e'.repeat(64), prevVout: 0, address: 'bc1w', value: 1000n }],
      outputs: [
        { n: 0, address: 'bc1x', value: 900n },
        { n: 1, address: 'bc1w', value: 90n },
      ],
    };
    const alerts = watchListAlerts([{ entry, transfers }, { entry: { chain: 'bitcoin', address: 'bc1w' }, transactions: [tx] }], ctx);
    expect(alerts).toEqual([
      expect.objectContaining({ id: 'moved:ethereum:0xt:0xw:native', amount: '12', bySource: {}, to: [{ address: '0xa', amount: '5' }, { address: '0xb', amount: '7' }], note: 'watch list: scam wallet 2' }),
      expect.objectContaining({ id: `moved:bitcoin:${'f'.repeat(64)}:bc1w:BTC`, amount: '900', to: [{ address: 'bc1x', amount: '900' }], note: 'watch list' }),
    ]);
  });
});
