// Property-based checks (fast-check, fixed seeds): a Transfer log built from any (token, from, to,
// value) decodes back to exactly those; any other event signature is never a transfer; and Etherscan
// paging with a moving startblock delivers every row exactly once for any block layout and page size
// (busy blocks included).

import fc from 'fast-check';
import { getAddress } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EtherscanClient } from '../../adapters/evm/etherscan-client.js';
import { fetchAddressTransfers } from '../../adapters/evm/etherscan-history.js';
import { addressToTopic } from '../../adapters/evm/hex.js';
import { decodeTransferLog, TRANSFER_TOPIC } from '../../adapters/evm/parse-logs.js';
import { evmAddress, txid } from '../support/addresses.js';
import { type EtherscanServer, startEtherscanServer } from './support/etherscan-server.js';

const address = fc.uint8Array({ minLength: 20, maxLength: 20 }).map((b) => getAddress(`0x${Buffer.from(b).toString('hex')}`));
const uint256 = fc.bigInt({ min: 0n, max: (1n << 256n) - 1n });
const word = (v: bigint) => v.toString(16).padStart(64, '0');

describe('Transfer log decoding', () => {
  it('round-trips any token, sender, receiver and amount', () => {
    fc.assert(
      fc.property(address, address, address, uint256, (token, from, to, value) => {
        const d = decodeTransferLog({ address: token.toLowerCase(), topics: [TRANSFER_TOPIC, addressToTopic(from), addressToTopic(to)], data: `0x${word(value)}` });
        expect(d).toEqual({ standard: 'erc20', token, from, to, value });
      }),
      { seed: 2026, numRuns: 300 },
    );
  });

  it('never decodes another event signature', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), address, address, uint256, (sig, from, to, value) => {
        const topic0 = `0x${Buffer.from(sig).toString('hex')}`;
        fc.pre(topic0 !== TRANSFER_TOPIC);
        expect(decodeTransferLog({ address: from, topics: [topic0, addressToTopic(from), addressToTopic(to)], data: `0x${word(value)}` })).toBeUndefined();
      }),
      { seed: 7, numRuns: 200 },
    );
  });
});

describe('Etherscan paging', () => {
  let api: EtherscanServer;
  beforeAll(async () => {
    api = await startEtherscanServer();
  });
  afterAll(async () => api.close());

  it('delivers every row exactly once for any block layout and page size', async () => {
    const P = evmAddress('prop-payer');
    const Q = evmAddress('prop-payee');
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 1, max: 6 })), { minLength: 0, maxLength: 12 }), fc.integer({ min: 1, max: 7 }), async (blocks, pageSize) => {
        run++;
        const rows = blocks.flatMap(([b, n], i) =>
          Array.from({ length: n }, (_, k) => ({
            blockNumber: String(1000 + b), timeStamp: String(1_600_000_000 + b), hash: `0x${txid(`prop-${run}-${i}-${k}`)}`, transactionIndex: String(k), from: P, to: Q,
            value: String(1 + i * 10 + k), gas: '21000', gasPrice: '0', gasUsed: '21000', isError: '0', txreceipt_status: '1', contractAddress: '', input: '0x',
          })),
        );
        api.setRows('txlist', P, rows);
        const client = new EtherscanClient({ url: api.url, apiKey: 'k', requestsPerSecond: 0, sleep: async () => {} });
        const got = await fetchAddressTransfers(client, 'ethereum', P, { pageSize, lists: ['txlist'] });
        expect(got.map((t) => t.txHash).sort()).toEqual(rows.map((r) => r.hash).sort());
      }),
      { seed: 42, numRuns: 40 },
    );
  });
});
