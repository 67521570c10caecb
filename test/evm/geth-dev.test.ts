// Integration test against a real Ethereum node: geth --dev on loopback (test/services/geth). A known
// history (test/evm/support/dev-chain.ts: ERC-20 deploy and transfers, native transfers, internal
// transfers through a forwarding contract, a reverted internal call, a failed transaction) is ingested
// block by block, and every transfer, amount, fee and ordering is checked in the store, then every
// account's balance change on the node is reproduced from the stored transfers alone.

import { formatUnits, type JsonRpcProvider, parseEther } from 'ethers';
import { beforeAll, describe, expect, it } from 'vitest';
import { EvmRpc } from '../../adapters/evm/evm-rpc.js';
import { fetchBlockTransfers } from '../../adapters/evm/fetch-block.js';
import { ingestBlocks } from '../../adapters/evm/ingest-blocks.js';
import { assetInfo } from '../../src/model/asset.js';
import type { AccountTransfer } from '../../src/model/transfer.js';
import type { GraphStore } from '../../src/ports.js';
import { sqliteFactory } from '../support/stores.js';
import { devProvider, runScenario, type Scenario } from './support/dev-chain.js';

const CHAIN = 'dev';
let provider: JsonRpcProvider;
let s: Scenario;
let store: GraphStore;
let all: AccountTransfer[];

function feeOf(r: { gasUsed: bigint; gasPrice: bigint }): bigint {
  return r.gasUsed * r.gasPrice;
}

async function ledgerOf(address: string): Promise<AccountTransfer[]> {
  const out: AccountTransfer[] = [];
  for await (const t of store.ledger(CHAIN, address)) out.push(t);
  return out;
}

function netOf(ledger: AccountTransfer[], address: string, asset: string): bigint {
  let net = 0n;
  for (const t of ledger) {
    if (t.asset !== asset) continue;
    if (t.to === address) net += t.amount;
    if (t.from === address) net -= t.amount;
  }
  return net;
}

beforeAll(async () => {
  provider = devProvider();
  s = await runScenario(provider, 'geth-dev-test');
  store = await sqliteFactory.create();
  const rpc = new EvmRpc({ baseUrl: process.env.GETH_RPC_URL! });
  const res = await ingestBlocks(store, rpc, { chain: CHAIN, from: s.firstBlock, to: s.lastBlock, batchBlocks: 4 });
  expect(res.traces).toBe('callTracer');
  all = [];
  for await (const t of store.transfers({ chain: CHAIN })) all.push(t);
}, 120_000);

describe('ingest from geth --dev', () => {
  it('every transaction pays its fee (to: null, ETH, id <hash>:fee, index -1), failed ones included', () => {
    for (const [name, r] of Object.entries(s.receipts)) {
      const fee = all.find((t) => t.id === `${r.hash}:fee`);
      expect(fee, name).toMatchObject({ asset: 'ETH', to: null, index: -1, amount: feeOf(r), from: r.from, block: r.blockNumber, txIndex: r.index });
    }
    expect(s.receipts.failed.status).toBe(0);
  });

  it('native value: funding, forward and plain payment; nothing for the failed transaction', () => {
    const native = (name: string) => all.find((t) => t.id === `${s.receipts[name].hash}:native`);
    expect(native('fund')).toMatchObject({ to: s.alice.address, amount: parseEther('10'), index: -1 });
    expect(native('forward')).toMatchObject({ from: s.alice.address, to: s.forwarderAddress, amount: parseEther('3') });
    expect(native('split')).toMatchObject({ from: s.alice.address, to: s.forwarderAddress, amount: parseEther('2') });
    expect(native('plain')).toMatchObject({ from: s.alice.address, to: s.carol, amount: parseEther('0.25') });
    expect(native('failed')).toBeUndefined();
    expect(all.filter((t) => t.txHash === s.receipts.failed.hash).map((t) => t.id)).toEqual([`${s.receipts.failed.hash}:fee`]);
  });

  it('internal transfers from the callTracer, reverted call left out', () => {
    const forward = all.filter((t) => t.txHash === s.receipts.forward.hash);
    expect(forward.map((t) => [t.id.slice(67), t.from, t.to, t.amount])).toEqual([
      ['fee', s.alice.address, null, feeOf(s.receipts.forward)],
      ['native', s.alice.address, s.forwarderAddress, parseEther('3')],
      ['call:0', s.forwarderAddress, s.bob, parseEther('1.5')],
      ['call:1', s.forwarderAddress, s.carol, parseEther('1.5')],
    ]);
    const split = all.filter((t) => t.txHash === s.receipts.split.hash && t.id.includes(':call:'));
    expect(split.map((t) => [t.id.slice(67), t.to, t.amount])).toEqual([['call:0', s.carol, parseEther('1')]]);
  });

  it('ERC-20 transfers: mint, transfer, transferFrom through the forwarder; decimals and symbol read from the contract', () => {
    const asset = `erc20:${s.tokenAddress}`;
    const tokens = all.filter((t) => t.asset === asset);
    const logIndex = (name: string) => s.receipts[name].logs.find((l) => l.address === s.tokenAddress && l.topics.length === 3)!.index;
    expect(tokens.map((t) => [t.id, t.from, t.to, t.amount, t.index])).toEqual([
      [`${s.receipts.deployToken.hash}:${logIndex('deployToken')}`, '0x0000000000000000000000000000000000000000', s.receipts.deployToken.from, 1_000_000_000_000n, logIndex('deployToken')],
      [`${s.receipts.tokenToAlice.hash}:${logIndex('tokenToAlice')}`, s.receipts.tokenToAlice.from, s.alice.address, 5_000_000_000n, logIndex('tokenToAlice')],
      [`${s.receipts.forwardToken.hash}:${logIndex('forwardToken')}`, s.alice.address, s.bob, 700_000_000n, logIndex('forwardToken')],
    ]);
    // The approve transaction emitted an Approval log only: no transfer but its fee.
    expect(all.filter((t) => t.txHash === s.receipts.approve.hash).map((t) => t.id)).toEqual([`${s.receipts.approve.hash}:fee`]);
    expect(assetInfo(CHAIN, asset)).toMatchObject({ symbol: 'LTUSD', decimals: 6 });
  });

  it('the store lists transfers in chain order: block, txIndex, then fee before native before calls and logs', () => {
    const keys = all.map((t) => [t.block, t.txIndex, t.index, t.id] as const);
    const sorted = [...keys].sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2] || (a[3] < b[3] ? -1 : 1));
    expect(keys).toEqual(sorted);
    const forward = all.filter((t) => t.txHash === s.receipts.forward.hash).map((t) => t.id.slice(67));
    expect(forward).toEqual(['fee', 'native', 'call:0', 'call:1']);
  });

  it("each account's balance change on the node equals its stored inflows minus outflows (ETH and token)", async () => {
    const before = s.firstBlock - 1;
    const accounts = [s.alice.address, s.bob, s.carol, s.forwarderAddress, s.refuserAddress];
    for (const a of accounts) {
      const delta = (await provider.getBalance(a, s.lastBlock)) - (await provider.getBalance(a, before));
      expect(netOf(await ledgerOf(a), a, 'ETH'), `ETH of ${a}`).toBe(delta);
    }
    expect(await provider.getBalance(s.forwarderAddress, s.lastBlock)).toBe(parseEther('1'));
    const asset = `erc20:${s.tokenAddress}`;
    for (const a of [s.alice.address, s.bob, s.receipts.deployToken.from]) {
      const balance = (await s.token.balanceOf(a)) as bigint;
      expect(formatUnits(netOf(await ledgerOf(a), a, asset), 6), `token of ${a}`).toBe(formatUnits(balance, 6));
    }
  });

  it('re-ingesting the same blocks (another range) adds nothing; debug_traceTransaction agrees with the block trace', async () => {
    const rpc = new EvmRpc({ baseUrl: process.env.GETH_RPC_URL! });
    const again = await ingestBlocks(store, rpc, { chain: CHAIN, from: s.firstBlock, to: s.lastBlock, batchBlocks: 50 });
    expect(again.transfers).toEqual({ added: 0, existing: 0 });
    const other = await ingestBlocks(store, rpc, { chain: CHAIN, from: s.firstBlock + 1, to: s.lastBlock });
    expect(other.transfers.added).toBe(0);
    expect(other.transfers.existing).toBeGreaterThan(0);
    const frame = await rpc.traceTransactionCalls(s.receipts.forward.hash);
    expect(frame.calls?.map((c) => BigInt(c.value ?? '0x0'))).toEqual([parseEther('1.5'), parseEther('1.5')]);
    const block = await fetchBlockTransfers(rpc, s.receipts.forward.blockNumber, { chain: CHAIN });
    expect(block.transfers.filter((t) => t.id.includes(':call:'))).toHaveLength(2);
  });
});
