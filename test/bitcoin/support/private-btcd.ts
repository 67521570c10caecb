// A btcd of a suite's own, for suites that mine blocks during their run or reorganise the chain: on the
// node the global setup shares, their blocks would land in the middle of other suites that count blocks
// and confirmations. The BTCD_* variables point at it in this test process only (vitest forks a process
// per file); btcdFromEnv() and spawned CLIs then use it.

import { afterAll, beforeAll } from 'vitest';
import { type BtcdNode, startBtcd } from '../../services/btcd/service.js';

/** Starts a private regtest btcd before the suite's other hooks and stops it after the suite. */
export function usePrivateBtcd(): void {
  let node: BtcdNode | undefined;
  beforeAll(async () => {
    node = await startBtcd();
    process.env.BTCD_RPC_URL = node.url;
    process.env.BTCD_RPC_USER = node.user;
    process.env.BTCD_RPC_PASS = node.pass;
  }, 120_000);
  afterAll(async () => {
    await node?.stop();
  });
}
