// Imports of any size on the real Neo4j test server (issue 18, graph/neo4j/import-staging.ts): bounded
// transactions made visible all at once. A reader polling during an import sees none or all of it; a
// failed import leaves nothing (no record, no marker); an importer killed with SIGKILL leaves records
// no reader sees, removed on the next open, and a rerun imports everything exactly once.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateTransfers } from '../../bench/generate-transfers.js';
import { connect } from '../../graph/neo4j/connection.js';
import { stagedImport } from '../../graph/neo4j/import-staging.js';
import { type Neo4jStore, openNeo4jStore } from '../../graph/neo4j/neo4j-store.js';
import { Runner } from '../../graph/neo4j/runner.js';
import { isLedgerhoundError } from '../../src/errors.js';
import type { AccountTransfer } from '../../src/model/transfer.js';
import type { ImportPart, ImportSource } from '../../src/ports.js';
import { evmAddress, txid } from '../support/addresses.js';
import { startCli } from '../support/cli.js';
import { tempDir } from '../support/stores.js';
import { neo4jWanted } from './support/dump-store.js';

const USDT = 'erc20:0xdAC17F958D2ee523a2206206994597C13D831ec7';
const HUB = evmAddress('hub');

function transfer(n: number, over: Partial<AccountTransfer> = {}): AccountTransfer {
  return {
    id: `${txid(`s${n}`)}:0`,
    chain: 'ethereum',
    asset: USDT,
    txHash: txid(`s${n}`),
    block: 19_000_000 + Math.floor(n / 100),
    txIndex: n % 100,
    index: 0,
    from: n % 3 === 0 ? HUB : evmAddress(`a${n % 500}`),
    to: evmAddress(`b${n % 700}`),
    amount: 1000n + BigInt(n),
    ...over,
  };
}

const source = (name: string): ImportSource => ({ name, sha256: txid(name), kind: 'file' });

function storeUrl(namespace: string): string {
  const url = new URL(process.env.NEO4J_URL as string);
  url.searchParams.set('namespace', namespace);
  return url.toString();
}

const open = (namespace: string): Promise<Neo4jStore> => openNeo4jStore({ url: storeUrl(namespace) });

/** Every TRANSFER of the namespace, visible or not (what a reader must never see is counted here). */
async function rawTransfers(store: Neo4jStore): Promise<number> {
  return (await store.query('MATCH ()-[t:TRANSFER {ns: $ns}]->() RETURN count(t) AS n'))[0].n as number;
}

async function markers(store: Neo4jStore): Promise<number> {
  return (await store.query('MATCH (i:Import {ns: $ns}) RETURN count(i) AS n'))[0].n as number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const SMALL = evmAddress('b1');

/** What a reader sees of the import: the count, the hub's ledger, the last transfer by id, a batched ledger. */
async function observe(store: Neo4jStore, last: AccountTransfer): Promise<[number, number, boolean, number]> {
  const count = (await store.stats()).transfers;
  let ledger = 0;
  for await (const _ of store.ledger('ethereum', HUB)) ledger++;
  const batched = (await store.ledgersOf('ethereum', [SMALL], { limit: 1_000 })).get(SMALL)?.length ?? -1;
  return [count, ledger, (await store.getTransfer('ethereum', last.id)) !== undefined, batched];
}

describe.runIf(neo4jWanted())('staged imports on Neo4j', () => {
  const stores: Neo4jStore[] = [];
  afterAll(async () => {
    for (const s of stores) await s.close();
  });

  it('a reader polling during an import sees none of it or all of it', { timeout: 300_000 }, async () => {
    const ns = `staged-read-${process.pid}`;
    const writer = await open(ns);
    const reader = await open(ns);
    stores.push(writer, reader);
    const all = Array.from({ length: 24_000 }, (_, i) => transfer(i));
    async function* parts(): AsyncIterable<ImportPart> {
      for (let i = 0; i < all.length; i += 4_000) {
        yield { transfers: all.slice(i, i + 4_000) };
        await sleep(1_000);
      }
    }
    const hubCount = all.filter((t) => t.from === HUB).length;
    const smallCount = all.filter((t) => t.from === SMALL || t.to === SMALL).length;
    const seen: [number, number, boolean, number][] = [];
    let done = false;
    // A store opened while the import runs finds its marker, probes the lock (held) and opens anyway,
    // without waiting for the import and without touching its records.
    let openedDuring: boolean | undefined;
    const polling = (async () => {
      while (!done) {
        seen.push(await observe(reader, all[all.length - 1]));
        if (openedDuring === undefined && (await rawTransfers(reader)) > 0 && !done) {
          stores.push(await open(ns));
          openedDuring = !done;
        }
      }
    })();
    const summary = await writer.importStream(source('many.jsonl'), parts()).finally(() => {
      done = true;
    });
    await polling;
    seen.push(await observe(reader, all[all.length - 1]));
    expect(summary.transfers).toEqual({ added: all.length, existing: 0 });
    expect(openedDuring).toBe(true);
    expect(seen.length).toBeGreaterThan(2);
    // Each statement sees the import wholly or not at all, and once seen it stays.
    let visibleFrom = [Infinity, Infinity, Infinity, Infinity];
    seen.forEach(([count, ledger, found, batched], k) => {
      expect([0, all.length]).toContain(count);
      expect([0, hubCount]).toContain(ledger);
      expect([0, smallCount]).toContain(batched);
      if (count > 0) visibleFrom[0] = Math.min(visibleFrom[0], k);
      if (ledger > 0) visibleFrom[1] = Math.min(visibleFrom[1], k);
      if (found) visibleFrom[2] = Math.min(visibleFrom[2], k);
      if (batched > 0) visibleFrom[3] = Math.min(visibleFrom[3], k);
    });
    visibleFrom = visibleFrom.map((k) => Math.min(k, seen.length - 1));
    seen.forEach(([count, ledger, found, batched], k) => {
      expect([count > 0, ledger > 0, found, batched > 0]).toEqual(visibleFrom.map((from) => k >= from));
    });
    expect(seen.at(-1)).toEqual([all.length, hubCount, true, smallCount]);
    // Importing the same records again adds nothing.
    expect((await writer.importStream(source('again.jsonl'), parts())).transfers).toEqual({ added: 0, existing: all.length });
    expect(await rawTransfers(writer)).toBe(all.length);
  });

  it('a failed import leaves nothing: a reader error mid-file or a conflict in a later part', { timeout: 300_000 }, async () => {
    const ns = `staged-fail-${process.pid}`;
    const store = await open(ns);
    stores.push(store);
    await store.importBatch({ source: source('first.jsonl'), transfers: [transfer(5)] });
    async function* parts(kind: 'throw' | 'conflict'): AsyncIterable<ImportPart> {
      yield { transfers: Array.from({ length: 12_000 }, (_, i) => transfer(1_000 + i)) };
      if (kind === 'throw') throw new Error('reader failed mid-file');
      yield { transfers: [transfer(5, { amount: 1n })] };
    }
    await expect(store.importStream(source('broken.jsonl'), parts('throw'))).rejects.toThrow(/mid-file/);
    const err = await store.importStream(source('conflict.jsonl'), parts('conflict')).catch((e: unknown) => e);
    expect(isLedgerhoundError(err, 'INTEGRITY')).toBe(true);
    expect((err as { details: Record<string, unknown> }).details).toMatchObject({ incomingSource: 'conflict.jsonl', storedSource: 'first.jsonl' });
    expect(await rawTransfers(store)).toBe(1);
    expect(await markers(store)).toBe(0);
    expect((await store.stats()).sources).toBe(1);
    expect(await store.query('MATCH (a:Address {ns: $ns}) RETURN count(a) AS n')).toEqual([{ n: 2 }]);
  });

  it('a part that meets stored records (and repeats its own) is written again with the lookup: counts exact', { timeout: 300_000 }, async () => {
    const ns = `staged-mixed-${process.pid}`;
    const store = await open(ns);
    stores.push(store);
    await store.importBatch({ source: source('old.jsonl'), transfers: Array.from({ length: 100 }, (_, i) => transfer(i)) });
    async function* parts(): AsyncIterable<ImportPart> {
      // Fresh, then fresh mixed with stored ones and a repeat of the first part.
      yield { transfers: Array.from({ length: 3_000 }, (_, i) => transfer(1_000 + i)) };
      yield { transfers: [...Array.from({ length: 3_000 }, (_, i) => transfer(5_000 + i)), ...Array.from({ length: 50 }, (_, i) => transfer(i)), transfer(1_000)] };
      yield { transfers: Array.from({ length: 2_000 }, (_, i) => transfer(9_000 + i)) };
    }
    const summary = await store.importStream(source('mixed.jsonl'), parts());
    expect(summary.transfers).toEqual({ added: 8_000, existing: 51 });
    expect((await store.stats()).transfers).toBe(8_100);
    expect(await rawTransfers(store)).toBe(8_100);
    expect(await markers(store)).toBe(0);
  });

  it('an import outliving its transaction timeout fails with STORE_FAILURE naming db.transaction.timeout; nothing visible', { timeout: 300_000 }, async () => {
    const ns = `staged-timeout-${process.pid}`;
    const store = await open(ns);
    stores.push(store);
    // The holder's timeout set by the client ends it as the server's db.transaction.timeout would.
    const conn = connect({ url: storeUrl(ns) });
    async function* parts(): AsyncIterable<ImportPart> {
      yield { transfers: Array.from({ length: 2_000 }, (_, i) => transfer(i)) };
      await sleep(4_000);
      yield { transfers: Array.from({ length: 2_000 }, (_, i) => transfer(2_000 + i)) };
    }
    try {
      const err = await stagedImport(new Runner(conn), conn, source('slow.jsonl'), parts(), { holderTimeoutMs: 2_000 }).catch((e: unknown) => e);
      expect(isLedgerhoundError(err, 'STORE_FAILURE'), String(err)).toBe(true);
      expect((err as Error).message).toMatch(/db\.transaction\.timeout/);
    } finally {
      await conn.driver.close();
    }
    expect((await store.stats()).transfers).toBe(0);
    expect((await store.stats()).sources).toBe(0);
    // The next open removes what the ended import wrote.
    const next = await open(ns);
    stores.push(next);
    expect(await rawTransfers(next)).toBe(0);
    expect(await markers(next)).toBe(0);
  });

  it('imports of one namespace run one after the other, each exactly once', { timeout: 300_000 }, async () => {
    const ns = `staged-two-${process.pid}`;
    const [a, b] = await Promise.all([open(ns), open(ns)]);
    stores.push(a, b);
    const part = (from: number) => ({ transfers: Array.from({ length: 11_000 }, (_, i) => transfer(from + i)) });
    const [ra, rb] = await Promise.all([a.importBatch({ source: source('a.jsonl'), ...part(0) }), b.importBatch({ source: source('b.jsonl'), ...part(5_500) })]);
    expect(ra.transfers.added + rb.transfers.added).toBe(16_500);
    expect(ra.transfers.existing + rb.transfers.existing).toBe(5_500);
    expect((await a.stats()).transfers).toBe(16_500);
    expect(await rawTransfers(a)).toBe(16_500);
  });

  // Parts of 1,000 (LEDGERHOUND_NEO4J_PART_ROWS) so that a 20,000-transfer file is killed after several
  // committed parts, as a large file would be.
  it('an importer killed with SIGKILL leaves nothing visible; the next open removes it and a rerun imports it once', { timeout: 600_000 }, async () => {
    const ns = `staged-kill-${process.pid}`;
    const dir = join(tempDir(), 'kill');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'transfers.jsonl');
    const N = 20_000;
    await generateTransfers(file, N, 5_000);
    const env = { LEDGERHOUND_NEO4J_PART_ROWS: '1000' };
    const reader = await open(ns);
    stores.push(reader);
    const child = startCli(['import', '--store', storeUrl(ns), file], { env });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    // Kill it once a good part of the file is written (but not all of it).
    const t0 = Date.now();
    let written = 0;
    while (written < 5_000) {
      expect(Date.now() - t0, stderr).toBeLessThan(600_000);
      expect(child.exitCode, stderr).toBeNull();
      await sleep(100);
      written = await rawTransfers(reader);
      expect((await reader.stats()).transfers).toBe(0);
    }
    child.kill('SIGKILL');
    await exited;
    const left = await rawTransfers(reader);
    expect(left).toBeGreaterThanOrEqual(5_000);
    expect(left).toBeLessThan(N);
    expect((await reader.stats()).transfers).toBe(0);
    expect((await reader.stats()).sources).toBe(0);
    // The next open removes the dead import's records (the server has rolled its lock back).
    const next = await open(ns);
    stores.push(next);
    expect(await rawTransfers(next)).toBe(0);
    expect(await markers(next)).toBe(0);
    const rerun = startCli(['import', '--store', storeUrl(ns), '--json', file], { env });
    let out = '';
    rerun.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    rerun.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const code = await new Promise((resolve) => rerun.once('exit', resolve));
    expect(code, stderr).toBe(0);
    expect(out).toContain(`"added": ${N}`);
    expect((await reader.stats()).transfers).toBe(N);
    expect(await rawTransfers(reader)).toBe(N);
    expect((await reader.query('MATCH ()-[t:TRANSFER {ns: $ns}]->() WITH t.id AS id, count(*) AS n WHERE n > 1 RETURN count(id) AS dups'))[0].dups).toBe(0);
  });
});
