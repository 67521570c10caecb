// Explorer exports completed from a real EVM node (`import --complete-from`, adapters/files/
// explorer-completion.ts): geth --dev runs the known history of test/evm/support/dev-chain.ts, the EVM
// adapter ingests it block by block, and Etherscan-layout exports (token transfers, transactions,
// internal transactions) of the same movements are imported into another store with the node as chain
// source. Every imported transfer must equal the adapter's: id (log index, trace address), block,
// txIndex, index, time, addresses, amount; the failed transaction gives its fee only. Needs
// LEDGERHOUND_SERVICES=geth.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatUnits } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EvmRpc } from '../../adapters/evm/evm-rpc.js';
import { ingestBlocks } from '../../adapters/evm/ingest-blocks.js';
import { importFile } from '../../adapters/files/import-files.js';
import type { AccountTransfer } from '../../src/model/transfer.js';
import type { GraphStore } from '../../src/ports.js';
import { devProvider, runScenario, type Scenario } from '../evm/support/dev-chain.js';
import { sqliteFactory, tempDir } from '../support/stores.js';

const CHAIN = 'dev';
let s: Scenario;
let adapter: GraphStore;
let fromAdapter: AccountTransfer[];
const dir = tempDir();

const q = (cells: (string | number)[]) => cells.map((c) => `"${c}"`).join(',');
const unix = (t: AccountTransfer) => Date.parse(t.time!) / 1000;
const dt = (t: AccountTransfer) => t.time!.replace('T', ' ').replace('Z', '');
const lower = (a: string | null) => (a ?? '').toLowerCase();
const byId = (a: AccountTransfer, b: AccountTransfer) => a.id.localeCompare(b.id);

async function all(store: GraphStore): Promise<AccountTransfer[]> {
  const out: AccountTransfer[] = [];
  for await (const t of store.transfers({ chain: CHAIN })) out.push(t);
  return out.sort(byId);
}

beforeAll(async () => {
  s = await runScenario(devProvider(), 'explorer-import-test');
  adapter = await sqliteFactory.create();
  await ingestBlocks(adapter, new EvmRpc({ baseUrl: process.env.GETH_RPC_URL! }), { chain: CHAIN, from: s.firstBlock, to: s.lastBlock, batchBlocks: 4 });
  fromAdapter = await all(adapter);
}, 180_000);

afterAll(async () => adapter?.close());

describe('explorer exports completed from geth', () => {
  it('token transfers, transactions and internal transactions equal the adapter transfers exactly', async () => {
    const alice = s.alice.address;
    const tokenRows = fromAdapter.filter((t) => t.asset.startsWith('erc20:') && (t.from === alice || t.to === alice));
    expect(tokenRows).toHaveLength(2);
    const tokens = join(dir, 'tokens.csv');
    writeFileSync(
      tokens,
      `${[
        q(['Transaction Hash', 'Blockno', 'UnixTimestamp', 'DateTime (UTC)', 'From', 'To', 'TokenValue', 'USDValueDayOfTx', 'ContractAddress', 'TokenName', 'TokenSymbol']),
        ...tokenRows.map((t) => q([t.txHash, t.block, unix(t), dt(t), lower(t.from), lower(t.to), formatUnits(t.amount, 6), '$0.00', lower(t.asset.slice(6)), 'Test Token', 'TT'])),
      ].join('\n')}\n`,
    );

    // Alice's transactions: value and fee, the failed one with its fee only.
    const hashes = [...new Set(fromAdapter.filter((t) => !t.id.includes(':call:') && t.asset === 'ETH' && (t.from === alice || t.to === alice)).map((t) => t.txHash))];
    const txRows = fromAdapter.filter((t) => hashes.includes(t.txHash) && t.asset === 'ETH' && !t.id.includes(':call:'));
    const txs = join(dir, 'txs.csv');
    const lines = [q(['Transaction Hash', 'Blockno', 'UnixTimestamp', 'DateTime (UTC)', 'From', 'To', 'ContractAddress', 'Value_IN(ETH)', 'Value_OUT(ETH)', 'CurrentValue @ $3450.12/Eth', 'TxnFee(ETH)', 'TxnFee(USD)', 'Historical $Price/Eth', 'Status', 'ErrCode', 'Method'])];
    for (const h of hashes) {
      const fee = txRows.find((t) => t.id === `${h}:fee`)!;
      const value = txRows.find((t) => t.id === `${h}:native`);
      const failed = h === s.receipts.failed.hash;
      const receipt = Object.values(s.receipts).find((r) => r.hash === h)!;
      const to = value?.to ?? receipt.to ?? '';
      const amount = failed ? '1' : value ? formatUnits(value.amount, 18) : '0';
      const incoming = value?.to === alice;
      lines.push(q([h, fee.block, unix(fee), dt(fee), lower(fee.from), lower(to), '', incoming ? amount : '0', incoming ? '0' : amount, '0', formatUnits(fee.amount, 18), '0.1', '2351.87', failed ? 'Error(0)' : '', failed ? 'execution reverted' : '', 'Transfer']));
    }
    writeFileSync(txs, `${lines.join('\n')}\n`);

    // Bob's internal transactions.
    const callRows = fromAdapter.filter((t) => t.id.includes(':call:') && t.to === s.bob);
    expect(callRows.length).toBeGreaterThan(0);
    const internal = join(dir, 'internal.csv');
    writeFileSync(
      internal,
      `${[
        q(['Transaction Hash', 'Blockno', 'UnixTimestamp', 'DateTime (UTC)', 'ParentTxFrom', 'ParentTxTo', 'ParentTxETH_Value', 'From', 'TxTo', 'ContractAddress', 'Value_IN(ETH)', 'Value_OUT(ETH)', 'CurrentValue @ $3450.12/Eth', 'Historical $Price/Eth', 'Status', 'ErrCode', 'Type']),
        ...callRows.map((t) => q([t.txHash, t.block, unix(t), dt(t), lower(alice), lower(s.forwarderAddress), '3', lower(t.from), lower(t.to), '', formatUnits(t.amount, 18), '0', '0', '2351.87', '0', '', 'call'])),
      ].join('\n')}\n`,
    );

    const store = await sqliteFactory.create();
    try {
      const explorer = { chain: CHAIN, completeFrom: process.env.GETH_RPC_URL! };
      const r1 = await importFile(store, tokens, { explorer });
      expect(r1.explorer).toMatchObject({ format: 'etherscan-tokens', completion: { source: 2, export: 0, positionUnknown: 0 } });
      const r2 = await importFile(store, txs, { explorer });
      expect(r2.skipped).toEqual({ 'failed transaction': 1, 'no value moved': 2 });
      const r3 = await importFile(store, internal, { explorer });
      expect(r3.explorer?.completion).toMatchObject({ source: callRows.length, positionUnknown: 0 });
      expect(await all(store)).toEqual([...tokenRows, ...txRows, ...callRows].sort(byId));
      // No provisional id: the adapter's data imported later would add nothing.
      for (const t of await all(store)) expect(t.id).not.toContain(':export:');
    } finally {
      await store.close();
    }
  }, 120_000);
});
