// The Esplora adapter on real mainnet transactions in Esplora's response shape (fixtures README),
// replayed on loopback: transaction ingest with its position from /block/:hash/txids, address paging,
// resume from the paging checkpoint, confirmations, and every fault the transport must survive or
// report: 429 with Retry-After, 500, truncated body, malformed JSON.

import { afterEach, describe, expect, it } from 'vitest';
import { createEsploraClient, detectEsploraChain, parseEsploraTx, type EsploraTx } from '../../adapters/bitcoin/esplora.js';
import { ingestEsplora } from '../../adapters/bitcoin/ingest-esplora.js';
import { isLedgerhoundError } from '../../src/errors.js';
import { sqliteFactory } from '../support/stores.js';
import { type Fault, ROUTES, startEsploraReplay } from './support/esplora-replay.js';
import type { LocalServer } from './support/local-server.js';

const T1 = '7940cdde4d713e171849efc6bd89939185be270266c94e92369e3877ad89455a';
const T2 = 'f84761459a00c6df3176ae5d94c99e69f25100d09548e5686bd0c354bb8cc60a';
const ADDR = '1HaHTfmvoUW6i6nhJf8jJs6tU4cHNmBQHQ';
const BLOCK = '000000001c920d495e1eeef2452b6d1c6c229a919b28196c103ecffebabee141';

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function clientFor(url: string, sleeps: number[] = []) {
  return createEsploraClient({ url, maxAttempts: 5, sleep: async (ms) => void sleeps.push(ms) });
}

describe('Esplora adapter', () => {
  it('parses a transaction to the values bitcoin-etl expects (p2pk inputs without address)', () => {
    const tx = parseEsploraTx(ROUTES[`/tx/${T1}`] as EsploraTx, 'bitcoin', 1);
    expect(tx).toEqual({
      chain: 'bitcoin',
      txid: T1,
      block: 50001,
      txIndex: 1,
      time: '2010-04-10T16:31:40Z',
      inputs: [
        { prevTxid: '76a8d70a757be5055f60be076b683897cadaad6b7bdf78c43e39b9d59cb4a6ea', prevVout: 0, address: null, value: 5_000_000_000n },
        { prevTxid: '0dd0394c6240355f4e4b3c88028f678ed746cebee3b3e8509620733f018914c9', prevVout: 0, address: null, value: 5_000_000_000n },
      ],
      outputs: [{ n: 0, address: ADDR, value: 10_000_000_000n }],
    });
  });

  it('ingests a transaction through 500, truncated body, malformed JSON and a 429 with Retry-After', async () => {
    const faults: Record<string, Fault[]> = { [`/tx/${T1}`]: ['500', 'truncated', 'malformed'], [`/block/${BLOCK}/txids`]: ['429'] };
    server = await startEsploraReplay({ faults });
    const sleeps: number[] = [];
    const client = clientFor(server.url, sleeps);
    expect(await detectEsploraChain(client)).toBe('bitcoin');
    const store = await sqliteFactory.create();
    const sum = await ingestEsplora(client, store, { chain: 'bitcoin', txids: [T1] });
    expect(sum).toMatchObject({ batches: 1, transactions: { added: 1, existing: 0 }, lastBlock: 50001 });
    expect(sleeps).toHaveLength(4);
    expect(sleeps[3]).toBe(1000);
    expect(server.requests.filter((r) => r.path === `/api/tx/${T1}`)).toHaveLength(4);
    expect(await store.getTransaction('bitcoin', T1)).toMatchObject({ block: 50001, txIndex: 1, outputs: [{ address: ADDR, value: 10_000_000_000n }] });
    const [source] = await store.listSources();
    expect(source).toMatchObject({ kind: 'adapter', format: 'esplora', name: `esplora:${server.url} tx ${T1}` });
    expect(source.sha256).toMatch(/^[0-9a-f]{64}$/);
    await store.close();
  });

  it('reports a persistent 500 as RPC_FAILURE after the last attempt, writing nothing', async () => {
    server = await startEsploraReplay({ faults: { [`/tx/${T1}`]: ['500', '500', '500', '500', '500'] } });
    const store = await sqliteFactory.create();
    let err: unknown;
    try {
      await ingestEsplora(clientFor(server.url), store, { chain: 'bitcoin', txids: [T1] });
    } catch (e) {
      err = e;
    }
    expect(isLedgerhoundError(err, 'RPC_FAILURE')).toBe(true);
    expect((err as { details: Record<string, unknown> }).details).toMatchObject({ status: 500, attempts: 5 });
    expect((await store.stats()).transactions).toBe(0);
    await store.close();
  });

  it('reports JSON that never parses, naming it', async () => {
    server = await startEsploraReplay({ faults: { [`/tx/${T1}`]: ['malformed', 'malformed', 'malformed', 'malformed', 'malformed'] } });
    const store = await sqliteFactory.create();
    const err = await ingestEsplora(clientFor(server.url), store, { chain: 'bitcoin', txids: [T1] }).catch((e) => e);
    expect(isLedgerhoundError(err, 'RPC_FAILURE')).toBe(true);
    expect(String(err.details.reason)).toContain('malformed JSON');
    await store.close();
  });

  it('pages through an address history and resumes from the paging checkpoint', async () => {
    server = await startEsploraReplay({ faults: { [`/address/${ADDR}/txs/chain/${T2}`]: ['429'] } });
    const store = await sqliteFactory.create();
    const abort = new AbortController();
    const first = await ingestEsplora(clientFor(server.url), store, { chain: 'bitcoin', addresses: [ADDR], signal: abort.signal, onBatch: () => abort.abort() });
    expect(first).toMatchObject({ interrupted: true, batches: 1, transactions: { added: 1 } });
    expect(await store.getCheckpoint(`esplora:bitcoin:address:${ADDR}`)).toBe(T2);
    const before = server.requests.length;
    const second = await ingestEsplora(clientFor(server.url), store, { chain: 'bitcoin', addresses: [ADDR] });
    expect(second).toMatchObject({ interrupted: false, resumedAfter: `${ADDR} page ending ${T2}`, transactions: { added: 1, existing: 0 } });
    const paths = server.requests.slice(before).map((r) => r.path);
    expect(paths).not.toContain(`/api/address/${ADDR}/txs`);
    expect(paths).toContain(`/api/address/${ADDR}/txs/chain/${T1}`);
    expect(await store.getCheckpoint(`esplora:bitcoin:address:${ADDR}`)).toBe('complete');
    const txids = [];
    for await (const tx of store.transactionsOf('bitcoin', ADDR)) txids.push(tx.txid);
    expect(txids).toEqual([T1, T2]);
    await store.close();
  });

  it('skips transactions with fewer confirmations than required and says so', async () => {
    server = await startEsploraReplay({ overrides: { '/blocks/tip/height': '50003' } });
    const store = await sqliteFactory.create();
    const sum = await ingestEsplora(clientFor(server.url), store, { chain: 'bitcoin', txids: [T1] });
    expect(sum.batches).toBe(0);
    expect(sum.skipped).toEqual([{ what: `transaction ${T1}`, reason: 'fewer than 6 confirmations (tip 50003)' }]);
    const deep = await ingestEsplora(clientFor(server.url), store, { chain: 'bitcoin', txids: [T1], confirmations: 3 });
    expect(deep.transactions.added).toBe(1);
    await store.close();
  });

  it('reports an unknown transaction as NOT_FOUND', async () => {
    server = await startEsploraReplay();
    const store = await sqliteFactory.create();
    const err = await ingestEsplora(clientFor(server.url), store, { chain: 'bitcoin', txids: ['ab'.repeat(32)] }).catch((e) => e);
    expect(isLedgerhoundError(err, 'NOT_FOUND')).toBe(true);
    await store.close();
  });
});
