// An address's history from a plain node, on recorded mainnet answers replayed on 127.0.0.1: token
// transfers through eth_getLogs topic filters (a window the node refuses as too large is halved), and
// native / internal transfers through trace_filter + trace_transaction (Parity format, block 1,011,973's
// selfdestruct), with the same ids and amounts as the block adapter.

import { getAddress } from 'ethers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fetchAddressTokenTransfers, fetchAddressTraceTransfers } from '../../adapters/evm/address-logs.js';
import { EvmRpc } from '../../adapters/evm/evm-rpc.js';
import { addressToTopic } from '../../adapters/evm/hex.js';
import { TRANSFER_TOPIC, type RpcLog } from '../../adapters/evm/parse-logs.js';
import type { ParityTrace } from '../../adapters/evm/parse-traces.js';
import { readCsv, readRpcResult } from './support/oracle.js';
import { type ReplayServer, startReplayServer } from './support/rpc-replay.js';

let node: ReplayServer;
beforeEach(async () => {
  node = await startReplayServer();
});
afterEach(async () => node.close());

const rpc = () => new EvmRpc({ baseUrl: node.url, maxAttempts: 2, backoff: { baseMs: 1, maxMs: 2 } });

describe('eth_getLogs address history', () => {
  it('finds the sent and received transfers of block 483,920, halving a refused window', async () => {
    const logs = readRpcResult<RpcLog[]>('test_export_token_transfers_job/block_with_transfers/web3_response.eth_getFilterLogs_0x0.json');
    const block = readRpcResult<object>('test_export_blocks_job/block_with_logs/web3_response.eth_getBlockByNumber_0x76250_true.json');
    const expected = readCsv('test_export_token_transfers_job/block_with_transfers/expected_token_transfers.csv');
    node.answer('eth_getBlockByNumber', ['0x76250', false], block);
    node.fail('eth_getLogs', { code: -32005, message: 'query returned more than 10000 results' });
    for (const e of expected) {
      for (const [field, topics] of [
        ['from_address', (a: string) => [TRANSFER_TOPIC, addressToTopic(a)]],
        ['to_address', (a: string) => [TRANSFER_TOPIC, null, addressToTopic(a)]],
      ] as const) {
        const a = e[field];
        const mine = logs.filter((l) => l.topics[field === 'from_address' ? 1 : 2] === addressToTopic(a));
        node.answer('eth_getLogs', [{ fromBlock: '0x7624f', toBlock: '0x7624f', topics: topics(a) }], []);
        node.answer('eth_getLogs', [{ fromBlock: '0x76250', toBlock: '0x76250', topics: topics(a) }], mine);
        node.answer('eth_getLogs', [{ fromBlock: '0x7624f', toBlock: '0x7624f', topics: field === 'from_address' ? [TRANSFER_TOPIC, null, addressToTopic(a)] : [TRANSFER_TOPIC, addressToTopic(a)] }], []);
        node.answer('eth_getLogs', [{ fromBlock: '0x76250', toBlock: '0x76250', topics: field === 'from_address' ? [TRANSFER_TOPIC, null, addressToTopic(a)] : [TRANSFER_TOPIC, addressToTopic(a)] }], []);
        const got = await fetchAddressTokenTransfers(rpc(), getAddress(a), { chain: 'ethereum', fromBlock: 483919, toBlock: 483920 });
        expect(got.map((t) => [t.id, t.from.toLowerCase(), t.to?.toLowerCase(), t.amount.toString(), t.time])).toEqual([
          [`${e.transaction_hash}:${e.log_index}`, e.from_address, e.to_address, e.value, '2015-11-03T14:44:40Z'],
        ]);
      }
    }
    // The refused two-block window was split into single blocks.
    expect(node.calls.some((c) => c.method === 'eth_getLogs' && (c.params[0] as { fromBlock: string }).fromBlock === '0x7624f' && (c.params[0] as { toBlock: string }).toBlock === '0x76250')).toBe(true);
  });
});

describe('trace_filter address history', () => {
  it('gives the selfdestruct refund of block 1,011,973 as an internal transfer, like trace_block', async () => {
    const traces = readRpcResult<ParityTrace[]>('test_export_traces_job/block_with_suicide/web3_response.trace_block_0xf7105.json');
    const owner = '0x83973747eec131bf9a08ac64fb1a518e891bdf4b';
    const hash = '0x91acb43c5f141c393a189e091c190c9ffb20e4e8a502e4cc3087be9587bdbc89';
    const txTraces = traces.filter((t) => t.transactionHash === hash);
    node.answer('trace_filter', [{ fromBlock: '0xf7105', toBlock: '0xf7105', fromAddress: [owner] }], [txTraces[0]]);
    node.answer('trace_filter', [{ fromBlock: '0xf7105', toBlock: '0xf7105', toAddress: [owner] }], [txTraces[1]]);
    node.answer('trace_transaction', [hash], txTraces);
    node.answer('eth_getBlockByNumber', ['0xf7105', false], { number: '0xf7105', hash: `0x${'00'.repeat(32)}`, timestamp: '0x56cb8b40', transactions: [] });
    const got = await fetchAddressTraceTransfers(rpc(), getAddress(owner), { chain: 'ethereum', fromBlock: 1011973, toBlock: 1011973 });
    const expected = readCsv('test_export_traces_job/block_with_suicide/expected_traces.csv').find((r) => r.trace_type === 'suicide')!;
    expect(got).toEqual([
      {
        id: `${hash}:call:0`, chain: 'ethereum', asset: 'ETH', txHash: hash, block: 1011973, txIndex: 0, index: 0, time: '2016-02-22T22:27:12Z',
        from: getAddress(expected.from_address), to: getAddress(expected.to_address), amount: BigInt(expected.value),
      },
    ]);
  });

  it('a node without trace_filter says so (-32601), which the CLI treats as "no traces"', async () => {
    await expect(fetchAddressTraceTransfers(rpc(), getAddress('0x83973747eec131bf9a08ac64fb1a518e891bdf4b'), { chain: 'ethereum', fromBlock: 1, toBlock: 2 })).rejects.toMatchObject({ code: 'RPC_FAILURE', details: { rpcCode: -32601 } });
  });
});
