// `ledgerhound ingest evm` as a user runs it: from the geth dev node (blocks) and from an
// Etherscan-compatible API on 127.0.0.1 (address history, key from the environment only), with
// --json on stdout alone, exit codes by error kind, and a second run that resumes without duplicates.

import { join } from 'node:path';
import { parseEther } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../graph/sqlite/sqlite-store.js';
import { evmAddress, txid } from '../support/addresses.js';
import { tempDir } from '../support/stores.js';
import { runCliAsync } from './support/cli-async.js';
import { devProvider, runScenario, type Scenario } from './support/dev-chain.js';
import { type EtherscanServer, startEtherscanServer } from './support/etherscan-server.js';

let s: Scenario;
let api: EtherscanServer;
beforeAll(async () => {
  s = await runScenario(devProvider(), 'cli-test');
  api = await startEtherscanServer();
}, 120_000);
afterAll(async () => api?.close());

describe('ingest evm --rpc --blocks', () => {
  it('ingests the dev-node blocks, prints JSON only on stdout, and resumes on a second run', async () => {
    const store = join(tempDir(), 'case.db');
    const args = ['ingest', 'evm', '--rpc', process.env.GETH_RPC_URL!, '--chain', 'dev', '--blocks', `${s.firstBlock}..${s.lastBlock}`, '--confirmations', '0', '--batch', '3', '--store', store, '--json'];
    const first = await runCliAsync(args);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const out = JSON.parse(first.stdout);
    expect(out).toMatchObject({ mode: 'blocks', chain: 'dev', blocks: s.lastBlock - s.firstBlock + 1, traces: 'callTracer', interrupted: false });
    expect(out.transfers.added).toBeGreaterThan(20);
    const second = JSON.parse((await runCliAsync(args)).stdout);
    expect(second).toMatchObject({ blocks: 0, transfers: { added: 0, existing: 0 } });
    const db = openSqliteStore(store);
    const t = await db.getTransfer('dev', `${s.receipts.forward.hash}:call:1`);
    expect(t).toMatchObject({ from: s.forwarderAddress, to: s.carol, amount: parseEther('1.5') });
    expect((await db.stats()).transfers).toBe(out.transfers.added);
    await db.close();
  });

  it('--rpc --address reads the token transfers with eth_getLogs (geth has no trace_filter: traces none)', async () => {
    const store = join(tempDir(), 'case.db');
    const res = await runCliAsync(['ingest', 'evm', '--rpc', process.env.GETH_RPC_URL!, '--chain', 'dev', '--address', s.alice.address, '--from-block', String(s.firstBlock), '--confirmations', '0', '--store', store, '--json']);
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ mode: 'logs', address: s.alice.address, traces: 'none', transfers: { added: 2, existing: 0 } });
    const db = openSqliteStore(store);
    const got = [];
    for await (const t of db.ledger('dev', s.alice.address)) got.push([t.from, t.to, t.amount]);
    expect(got).toEqual([
      [s.receipts.tokenToAlice.from, s.alice.address, 5_000_000_000n],
      [s.alice.address, s.bob, 700_000_000n],
    ]);
    await db.close();
  });

  it('leaves unconfirmed blocks for later', async () => {
    const store = join(tempDir(), 'case.db');
    const res = await runCliAsync(['ingest', 'evm', '--rpc', process.env.GETH_RPC_URL!, '--chain', 'dev', '--blocks', `${s.lastBlock - 1}..${s.lastBlock}`, '--confirmations', '1000000', '--store', store, '--json']);
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ blocks: 0, skippedUnconfirmed: { from: s.lastBlock - 1, to: s.lastBlock } });
  });

  it('usage errors exit 2 and a node of the wrong chain is refused, with JSON errors on stderr', async () => {
    const store = join(tempDir(), 'case.db');
    const bad = await runCliAsync(['ingest', 'evm', '--rpc', process.env.GETH_RPC_URL!, '--blocks', '9..3', '--store', store, '--json']);
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.stderr).error).toMatchObject({ code: 'INVALID_INPUT', details: { field: '--blocks' } });
    const wrong = await runCliAsync(['ingest', 'evm', '--rpc', process.env.GETH_RPC_URL!, '--chain', 'ethereum', '--blocks', '1..1', '--confirmations', '0', '--store', store, '--json']);
    expect(wrong.code).toBe(2);
    expect(JSON.parse(wrong.stderr).error.details).toMatchObject({ chainId: '1337', expected: '1' });
    expect(wrong.stdout).toBe('');
  });
});

describe('ingest evm --etherscan --address', () => {
  const P = evmAddress('cli-payer');
  const Q = evmAddress('cli-payee');
  const row = (i: number) => ({
    blockNumber: String(200 + i), timeStamp: String(1_700_000_000 + i * 12), hash: `0x${txid(`cli-${i}`)}`, nonce: String(i), blockHash: `0x${txid(`cli-b${i}`)}`,
    transactionIndex: '0', from: P.toLowerCase(), to: Q.toLowerCase(), value: String(1000 + i), gas: '21000', gasPrice: '2', isError: '0', txreceipt_status: '1',
    input: '0x', contractAddress: '', cumulativeGasUsed: '21000', gasUsed: '21000', confirmations: '9', methodId: '0x', functionName: '',
  });

  it('ingests the history with the key from the environment, never printing it', async () => {
    api.setRows('txlist', P, [row(0), row(1), row(2)]);
    const store = join(tempDir(), 'case.db');
    const args = ['ingest', 'evm', '--etherscan', api.url, '--address', P, '--page-size', '2', '--store', store, '--json'];
    const res = await runCliAsync(args, { env: { ETHERSCAN_API_KEY: 'CLISECRET42' } });
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ mode: 'etherscan', address: P, transfers: { added: 6 } });
    expect(res.stdout + res.stderr).not.toContain('CLISECRET42');
    expect(api.queries.filter((q) => q.address?.toLowerCase() === P.toLowerCase()).every((q) => q.apikey === 'CLISECRET42' && q.chainid === '1')).toBe(true);
    api.injectFaults(Array(6).fill('rate-limit'));
    const limited = await runCliAsync([...args.slice(0, -1)], { env: { ETHERSCAN_API_KEY: 'CLISECRET42' } });
    expect(limited.code).toBe(5);
    expect(limited.stderr).toContain('RATE_LIMITED');
    expect(limited.stderr).not.toContain('CLISECRET42');
    api.injectFaults([]);
  }, 120_000);
});
