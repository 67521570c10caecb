// A reorganisation under the confirmations threshold (btcd regtest, `invalidateblock`): with
// --confirmations 2 the block holding a move has 1 confirmation at the next poll, so nothing is ingested
// and no alert is raised from it; the block is then orphaned and the chain grows past it (btcd returns its
// transactions to the mempool, so the move is mined again at another height). The watch goes on without
// INTEGRITY and raises one `moved` alert for the move as it stands on the best chain, once. It runs on a
// btcd of its own, so that the reorganisation touches no other suite's blocks.

import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ingestRpcBlocks } from '../../adapters/bitcoin/ingest-rpc.js';
import { readCaseFile } from '../../app/trace-case-file.js';
import { type Alert, type AlertSink, type PollStatus, watchCase } from '../../app/watch-case.js';
import { openSqliteStore } from '../../graph/sqlite/sqlite-store.js';
import { btcdFromEnv, keyOf, miner, p2pkhOf, p2wpkhOf, RegtestWallet } from '../bitcoin/support/regtest-wallet.js';
import { usePrivateBtcd } from '../bitcoin/support/private-btcd.js';
import { tempDir } from '../support/stores.js';
import { writeFileSync } from 'node:fs';

const CHAIN = 'bitcoin-regtest';
const PAID = 1_000_000_000n;
const FEE = 10_000n;
const H = keyOf('watch reorg holding');
const Y = keyOf('watch reorg receiver');

let wallet: RegtestWallet;
let dir: string;
let pay: string;

async function poll(sink: AlertSink): Promise<PollStatus> {
  const loaded = await readCaseFile(join(dir, 'case.yaml'));
  const store = await openSqliteStore(join(dir, '.ledgerhound', 'case.db'));
  const out: PollStatus[] = [];
  try {
    await watchCase(store, loaded, { sources: [{ family: 'utxo', rpc: process.env.BTCD_RPC_URL as string }], sinks: [sink], transport: {}, confirmations: 2, everyMs: 1000, once: true, onPoll: (s) => out.push(s) });
  } finally {
    await store.close();
  }
  return out[0];
}

// A node of its own: `invalidateblock` would orphan blocks that other suites, running at the same time on
// the shared node, have just mined.
usePrivateBtcd();

beforeAll(async () => {
  process.env.BITCOIN_RPC_USER = process.env.BTCD_RPC_USER;
  process.env.BITCOIN_RPC_PASSWORD = process.env.BTCD_RPC_PASS;
  wallet = new RegtestWallet(btcdFromEnv());
  const cb = await wallet.coinbaseOf((await wallet.mine(101))[0]);
  pay = await wallet.send(
    [{ txid: cb.txid, vout: 0, value: cb.value, key: miner, kind: 'p2pkh' }],
    [
      { address: p2wpkhOf(H), value: PAID },
      { address: p2pkhOf(miner), value: cb.value - PAID - FEE },
    ],
  );
  await wallet.mine(2);
  const h = (await wallet.height()) - 1;
  dir = tempDir('lh-watch-reorg-');
  const store = await openSqliteStore(join(dir, '.ledgerhound', 'case.db'));
  await ingestRpcBlocks(btcdFromEnv(), store, { from: h, to: h, chain: CHAIN, confirmations: 2 });
  await store.close();
  writeFileSync(join(dir, 'case.yaml'), ['name: watch reorg', 'victimPayments:', `  - { id: r1, chain: ${CHAIN}, output: "${pay}:0" }`, ''].join('\n'));
}, 180_000);

describe('watch through a one-block reorganisation under --confirmations', () => {
  it('raises nothing from the orphaned block and one alert for the move on the best chain', async () => {
    const got: Alert[] = [];
    const sink: AlertSink = { name: 'memory', deliver: async (a) => void got.push(a) };
    await poll(sink); // baseline

    const move = await wallet.send([{ txid: pay, vout: 0, value: PAID, key: H, kind: 'p2wpkh' }], [{ address: p2wpkhOf(Y), value: PAID - FEE }]);
    const [orphan] = await wallet.mine(1);
    const under = await poll(sink);
    expect(under.sources[0].error).toBeUndefined();
    expect(got).toEqual([]);

    await wallet.node.rpc.call('invalidateblock', [orphan]);
    await wallet.mine(3);
    const after = await poll(sink);
    expect(after.sources[0].error).toBeUndefined();
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ id: `moved:${CHAIN}:${move}:${p2wpkhOf(H)}:BTC`, amount: String(PAID - FEE), bySource: { r1: String(PAID - FEE) } });
    const minedIn = (await wallet.node.rpc.call<{ blockhash?: string }>('getrawtransaction', [move, 1])) as { blockhash?: string };
    expect(minedIn.blockhash).toBeDefined();
    expect(minedIn.blockhash).not.toBe(orphan);

    const again = await poll(sink);
    expect(again).toMatchObject({ alerts: 0, delivered: 0 });
    expect(got).toHaveLength(1);
  }, 300_000);
});
