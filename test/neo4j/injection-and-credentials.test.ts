// Cypher injection and secrets (issue 5, common rules): text that looks like Cypher in an address, a tag
// label, a source name or a checkpoint is stored literally (the store sends parameters only) and harms
// nothing; the password comes from the environment and never appears in an error or a location; URLs
// with credentials are refused; namespaces keep two cases apart; `openStore` routes neo4j:// URLs here.

import { afterEach, describe, expect, it } from 'vitest';
import { openNeo4jStore } from '../../graph/neo4j/neo4j-store.js';
import { openStore } from '../../graph/open-store.js';
import { isLedgerhoundError } from '../../src/errors.js';
import type { AccountTransfer } from '../../src/model/transfer.js';
import type { GraphStore } from '../../src/ports.js';
import { evmAddress, txid } from '../support/addresses.js';
import { neo4jFactory } from '../support/stores.js';
import { neo4jWanted } from './support/dump-store.js';

const PAYLOADS = [
  "x'}) MATCH (n) DETACH DELETE n //",
  '") WITH 1 AS x MATCH (n) DETACH DELETE n RETURN 1 //',
  '$ns} ) MATCH (n) SET n.pwned = true //',
  '`Address` {ns: "default"}) DETACH DELETE',
];

function transfer(n: number, from: string, to: string | null): AccountTransfer {
  return { id: `${txid(`i${n}`)}:0`, chain: 'ethereum', asset: 'ETH', txHash: txid(`i${n}`), block: n, txIndex: 0, index: 0, from, to, amount: BigInt(n) * 10n ** 18n };
}

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection');
}

describe.runIf(neo4jWanted())('Neo4j store: injection, credentials, namespaces', () => {
  const open: GraphStore[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });
  const create = async () => {
    const s = await neo4jFactory.create();
    open.push(s);
    return s;
  };

  it('stores Cypher-looking addresses, labels, sources and checkpoints literally', async () => {
    const store = await create();
    const bystander = await create();
    const A = evmAddress('a');
    await bystander.importBatch({ source: { name: 'other case', sha256: txid('o'), kind: 'file' }, transfers: [transfer(1, A, evmAddress('b'))] });
    await store.importBatch({ source: { name: 'clean', sha256: txid('c'), kind: 'file' }, transfers: [transfer(2, A, evmAddress('b'))] });
    for (const [k, payload] of PAYLOADS.entries()) {
      // The store does not validate addresses (the parsers do): a hostile one must still be inert.
      const summary = await store.importBatch({
        source: { name: payload, sha256: txid(`p${k}`), kind: 'file', format: payload },
        transfers: [transfer(10 + k, payload, A)],
        tags: [{ chain: 'ethereum', address: A, label: payload, category: 'scam', source: payload, confidence: 90, note: payload }],
        checkpoint: { key: payload, value: payload },
      });
      expect(summary.transfers.added).toBe(1);
      expect(summary.tags.added).toBe(1);
      expect(await store.getCheckpoint(payload)).toBe(payload);
      const ledger: AccountTransfer[] = [];
      for await (const t of store.ledger('ethereum', payload)) ledger.push(t);
      expect(ledger.map((t) => t.from)).toEqual([payload]);
    }
    const labels = (await store.tagsOf('ethereum', A)).map((t) => t.label);
    expect([...labels].sort()).toEqual([...PAYLOADS].sort());
    expect((await store.listSources()).map((s) => s.name)).toEqual(['clean', ...PAYLOADS]);
    const stats = await store.stats();
    expect(stats.transfers).toBe(1 + PAYLOADS.length);
    expect(stats.tags).toBe(PAYLOADS.length);
    // Nothing was deleted or marked, in this namespace or another.
    expect((await bystander.stats()).transfers).toBe(1);
    const pwned = await (store as Awaited<ReturnType<typeof openNeo4jStore>>).query('MATCH (n) WHERE n.pwned IS NOT NULL RETURN count(n) AS n');
    expect(pwned[0].n).toBe(0);
  });

  it('refuses a namespace that is not a plain name', async () => {
    const url = new URL(process.env.NEO4J_URL as string);
    url.searchParams.set('namespace', PAYLOADS[0]);
    const e = await rejection(openNeo4jStore({ url: url.toString() }));
    expect(isLedgerhoundError(e, 'INVALID_INPUT')).toBe(true);
  });

  it('keeps the password out of errors and locations, and refuses credentials in the URL', async () => {
    const password = process.env.NEO4J_PASSWORD as string;
    expect(password.length).toBeGreaterThan(7);
    const wrong = `${password}-wrong`;
    const e = await rejection(openNeo4jStore({ url: process.env.NEO4J_URL as string, user: 'neo4j', password: wrong }));
    expect(isLedgerhoundError(e, 'STORE_FAILURE')).toBe(true);
    expect(e.message).toMatch(/NEO4J_USER \/ NEO4J_PASSWORD/);
    expect(`${e.message} ${JSON.stringify((e as { details?: unknown }).details)}`).not.toContain(wrong);

    const withCreds = new URL(process.env.NEO4J_URL as string);
    withCreds.username = 'neo4j';
    withCreds.password = 's3cret-in-argv';
    const refused = await rejection(openStore(withCreds.toString()));
    expect(isLedgerhoundError(refused, 'INVALID_INPUT')).toBe(true);
    expect(refused.message).not.toContain('s3cret-in-argv');

    const store = await create();
    expect(store.kind).toBe('neo4j');
    expect(store.location).not.toContain(password);
  });

  it('uses the database named by NEO4J_DATABASE / the database option, and fails cleanly on a missing one', async () => {
    const url = new URL(process.env.NEO4J_URL as string);
    url.searchParams.set('namespace', `db-${process.pid}`);
    const named = await openNeo4jStore({ url: url.toString(), database: 'neo4j' });
    open.push(named);
    await named.importBatch({ source: { name: 'd', sha256: txid('d'), kind: 'file' }, transfers: [transfer(5, evmAddress('a'), null)] });
    const viaDefault = await openNeo4jStore({ url: url.toString() });
    open.push(viaDefault);
    expect((await viaDefault.stats()).transfers).toBe(1);
    const missing = await rejection(openNeo4jStore({ url: url.toString(), database: 'nosuchdb', retryTimeMs: 1000 }));
    expect(isLedgerhoundError(missing, 'STORE_FAILURE')).toBe(true);
  });

  it('reports an unreachable server as STORE_FAILURE', async () => {
    const e = await rejection(openNeo4jStore({ url: 'bolt://127.0.0.1:1', user: 'neo4j', password: 'irrelevant-pass', retryTimeMs: 1000 }));
    expect(isLedgerhoundError(e, 'STORE_FAILURE')).toBe(true);
    expect(e.message).toContain('bolt://127.0.0.1:1');
  });

  it('opens neo4j:// locations through openStore, and a namespace reopens with its data', async () => {
    const store = await create();
    await store.importBatch({ source: { name: 'f', sha256: txid('f'), kind: 'file' }, transfers: [transfer(3, evmAddress('a'), null)] });
    const again = await openStore(store.location);
    open.push(again);
    expect(again.kind).toBe('neo4j');
    expect(again.location).toBe(store.location);
    expect(await again.getTransfer('ethereum', transfer(3, evmAddress('a'), null).id)).toEqual(transfer(3, evmAddress('a'), null));
    const other = await create();
    expect((await other.stats()).transfers).toBe(0);
    // wipe() empties one namespace and leaves the others alone.
    await other.importBatch({ source: { name: 'g', sha256: txid('g'), kind: 'file' }, transfers: [transfer(4, evmAddress('c'), evmAddress('d'))] });
    await (store as Awaited<ReturnType<typeof openNeo4jStore>>).wipe();
    expect(await store.stats()).toEqual({ transfers: 0, transactions: 0, tags: 0, conversions: 0, addresses: 0, sources: 0, clusterLinks: 0, chains: {} });
    expect((await other.stats()).transfers).toBe(1);
  });
});
