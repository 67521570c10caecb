// Staged replacement of the clustering and the communities on the real Neo4j test server (issue 18,
// graph/neo4j/clustering-staging.ts): a re-run of `cluster build` / `communities` gives what the first
// run gave (and what SQLite gives); a reader polling during a replacement sees the old one or the new
// one in every statement, never a mix; a writer killed with SIGKILL midway leaves the old one visible,
// its records are removed on the next open, and a rerun completes.

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import neo4j from 'neo4j-driver';
import { afterAll, describe, expect, it } from 'vitest';
import { buildClusters } from '../../app/cluster.js';
import { findCommunities } from '../../app/communities.js';
import { generateTraceCase } from '../../bench/trace-generate.js';
import { type Neo4jStore, openNeo4jStore } from '../../graph/neo4j/neo4j-store.js';
import { openSqliteStore } from '../../graph/sqlite/sqlite-store.js';
import type { AccountTransfer } from '../../src/model/transfer.js';
import type { GraphStore } from '../../src/ports.js';
import { tempDir } from '../support/stores.js';
import { neo4jWanted } from './support/dump-store.js';
import { address, CHAIN, syntheticClustering, syntheticCommunities } from './support/synthetic-clustering.js';

const TSX = new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;
const CHILD = new URL('./support/replace-clustering-child.ts', import.meta.url).pathname;

function storeUrl(namespace: string): string {
  const url = new URL(process.env.NEO4J_URL as string);
  url.searchParams.set('namespace', namespace);
  return url.toString();
}

const open = (namespace: string): Promise<Neo4jStore> => openNeo4jStore({ url: storeUrl(namespace) });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

/** What the clustering and the communities answer, for every address of the case. */
async function clusteringSnapshot(store: GraphStore): Promise<string> {
  const addresses = new Set<string>();
  for await (const t of store.transfers({ chain: CHAIN })) {
    addresses.add(t.from);
    if (t.to !== null) addresses.add(t.to);
  }
  const sorted = [...addresses].sort();
  const clusters = [];
  const communities = [];
  for (const a of sorted) {
    clusters.push((await store.clusterOf(CHAIN, a)) ?? null);
    communities.push((await store.communityOf(CHAIN, a)) ?? null);
  }
  return JSON.stringify({ links: await collect(store.clusterLinks()), tags: await collect(store.tags()), clusters, stats: (await store.stats()).clusterLinks, communities });
}

/** Raw clustering records of the namespace, visible or not. */
async function raw(store: Neo4jStore): Promise<{ links: number; members: number; inferred: number; dirty: boolean }> {
  const [row] = await store.query(
    `RETURN COUNT { MATCH ()-[l:CLUSTER_LINK {ns: $ns}]->() } AS links, COUNT { MATCH (:Cluster {ns: $ns})<-[r:IN_CLUSTER]-() } AS members,
            COUNT { MATCH (g:Tag {ns: $ns}) WHERE g.inferredFrom IS NOT NULL } AS inferred,
            EXISTS { MATCH (r:ClusterRun {ns: $ns}) WHERE r.dirty } AS dirty`,
  );
  return row as { links: number; members: number; inferred: number; dirty: boolean };
}

/** Which variant (by its prefix) every statement of a reader sees of the synthetic clustering. */
async function observe(store: Neo4jStore, nB: number): Promise<string[]> {
  const seen: string[] = [];
  const cluster = await store.clusterOf(CHAIN, address(5));
  seen.push(cluster && cluster.members.length === 10 ? cluster.clusterId.split('-')[0] : `bad:${JSON.stringify(cluster)}`);
  const tags = await store.tagsOf(CHAIN, address(0));
  seen.push(tags.length === 1 ? String(tags[0].inferredFrom?.evidence[0]).split(':')[0] : `bad:${tags.length}`);
  const links = await store.linksOf(CHAIN, address(5));
  const variants = [...new Set(links.map((l) => l.evidence.split(':')[0]))];
  seen.push(links.length === 2 && variants.length === 1 ? variants[0] : `bad:${JSON.stringify(links)}`);
  const many = await store.clustersOfMany(CHAIN, [address(5), address(nB - 5)]);
  const inA = many.get(address(5))?.clusterId.split('-')[0];
  seen.push(many.has(address(nB - 5)) ? (inA === 'B' ? 'B' : `bad:${inA}`) : inA === 'A' ? 'A' : `bad:${inA}`);
  const count = (await store.stats()).clusterLinks;
  seen.push(count === (nB * 9) / 10 ? 'B' : count === (nB / 2) * (9 / 10) ? 'A' : `bad:${count}`);
  const inferred = (await collect(store.tags())).filter((t) => t.inferredFrom);
  seen.push(inferred.length === nB / 10 ? 'B' : inferred.length === nB / 20 ? 'A' : `bad:${inferred.length}`);
  // Two statements, so two entries: the replacement may land between them.
  const c1 = await store.communityOf(CHAIN, address(3));
  seen.push(c1 === 1003 ? 'A' : c1 === 2003 ? 'B' : `bad:${c1}`);
  const c2 = await store.communityOf(CHAIN, address(nB - 3));
  seen.push(c2 === undefined ? 'A' : c2 === 2000 + ((nB - 3) % 97) ? 'B' : `bad:${c2}`);
  return seen;
}

/** Every statement sees A or B, and once it has seen B it keeps seeing B. */
function expectOldThenNew(seen: string[][]): void {
  for (let k = 0; k < seen[0].length; k++) {
    const column = seen.map((s) => s[k]);
    for (const v of column) expect(['A', 'B'], `statement ${k}: ${column.join(',')}`).toContain(v);
    const firstB = column.indexOf('B');
    if (firstB >= 0) expect(column.slice(firstB).every((v) => v === 'B'), `statement ${k}: ${column.join(',')}`).toBe(true);
  }
}

describe.runIf(neo4jWanted())('staged clustering replacement on Neo4j', () => {
  const stores: Neo4jStore[] = [];
  afterAll(async () => {
    for (const s of stores) await s.close();
  });

  it('a re-run of cluster build and communities gives what the first run gave (the clustering as on SQLite)', { timeout: 600_000 }, async () => {
    const ns = `cluster-rerun-${process.pid}`;
    const db = join(tempDir(), 'case.db');
    await generateTraceCase(5_000, db);
    const sqlite = openSqliteStore(db);
    const neo = await open(ns);
    stores.push(neo);
    const source = (await sqlite.listSources())[0];
    async function* parts() {
      let batch: AccountTransfer[] = [];
      for await (const t of sqlite.transfers()) {
        batch.push(t);
        if (batch.length === 5_000) {
          yield { transfers: batch };
          batch = [];
        }
      }
      yield { transfers: batch, tags: await collect(sqlite.tags()) };
    }
    await neo.importStream(source, parts());
    const first = await buildClusters(neo, {});
    await findCommunities(neo, {});
    const afterFirst = await clusteringSnapshot(neo);
    const again = await buildClusters(neo, {});
    await findCommunities(neo, {});
    const afterRerun = await clusteringSnapshot(neo);
    await buildClusters(sqlite, {});
    await findCommunities(sqlite, {});
    const onSqlite = await clusteringSnapshot(sqlite);
    sqlite.close();
    expect(JSON.parse(afterFirst).communities.filter((c: unknown) => c !== null).length).toBeGreaterThan(100);
    expect(afterRerun).toBe(afterFirst);
    // The same communities as on SQLite: Louvain runs on the flow entries in canonical order
    // (src/clustering/flow-edges.ts), whatever order each store reads them in.
    expect(afterRerun).toBe(onSqlite);
    expect(JSON.stringify(again)).toBe(JSON.stringify(first));
    // Nothing of the first run is left behind.
    const after = await raw(neo);
    expect(after.links).toBe(JSON.parse(afterRerun).links.length);
    expect(after.dirty).toBe(false);
  });

  it('a reader during a replacement sees the old clustering or the new one, never a mix', { timeout: 600_000 }, async () => {
    const ns = `cluster-read-${process.pid}`;
    const nB = 6_000;
    const writer = await open(ns);
    const reader = await open(ns);
    stores.push(writer, reader);
    await writer.replaceClustering(syntheticClustering(nB / 2, 'A'));
    await writer.replaceCommunities(syntheticCommunities(nB / 2, 1));
    expect(await observe(reader, nB)).toEqual(['A', 'A', 'A', 'A', 'A', 'A', 'A', 'A']);
    const seen: string[][] = [];
    let done = false;
    const polling = (async () => {
      while (!done) seen.push(await observe(reader, nB));
    })();
    await writer.replaceClustering(syntheticClustering(nB, 'B')).finally(() => {
      done = true;
    });
    await polling;
    done = false;
    const pollingCommunities = (async () => {
      while (!done) seen.push(await observe(reader, nB));
    })();
    await writer.replaceCommunities(syntheticCommunities(nB, 2)).finally(() => {
      done = true;
    });
    await pollingCommunities;
    seen.push(await observe(reader, nB));
    expect(seen.length).toBeGreaterThan(3);
    expectOldThenNew(seen);
    expect(seen.at(-1)).toEqual(['B', 'B', 'B', 'B', 'B', 'B', 'B', 'B']);
    const after = await raw(reader);
    expect(after).toEqual({ links: (nB * 9) / 10, members: nB, inferred: nB / 10, dirty: false });
    // The same clustering again: the same answers, and the previous generation gone.
    const dump = async () => JSON.stringify([await collect(reader.clusterLinks()), await collect(reader.tags()), [...(await reader.clustersOfMany(CHAIN, [address(1), address(nB - 1)]))]]);
    const before = await dump();
    await writer.replaceClustering(syntheticClustering(nB, 'B'));
    expect(await dump()).toBe(before);
    expect(await raw(reader)).toEqual(after);
  });

  it('a writer killed with SIGKILL midway leaves the old clustering visible; the next open removes its records and a rerun completes', { timeout: 600_000 }, async () => {
    const ns = `cluster-kill-${process.pid}`;
    const nB = 6_000;
    const store = await open(ns);
    stores.push(store);
    await store.replaceClustering(syntheticClustering(nB / 2, 'A'));
    await store.replaceCommunities(syntheticCommunities(nB / 2, 1));
    const before = await raw(store);
    // The writer is held midway, deterministically: an open transaction of the test holds a node its
    // next part must lock (the last cluster's :Cluster node; an address of the third community part).
    const driver = neo4j.driver(process.env.NEO4J_URL as string, neo4j.auth.basic(process.env.NEO4J_USER ?? 'neo4j', process.env.NEO4J_PASSWORD ?? ''));
    const bigCommunities = 25_000;
    for (const kind of ['clustering', 'communities']) {
      const session = driver.session();
      const blocker = session.beginTransaction();
      await blocker.run(
        kind === 'clustering' ? 'CREATE (:Cluster {ns: $ns, chain: $chain, id: $id})' : 'CREATE (:Address {ns: $ns, chain: $chain, address: $id})',
        { ns, chain: CHAIN, id: kind === 'clustering' ? `B-${address(nB - 10)}` : address(bigCommunities - 1) },
      );
      const args = kind === 'clustering' ? [String(nB), 'B'] : [String(bigCommunities), '2'];
      const child = spawn(process.execPath, ['--import', TSX, CHILD, ns, ...args, kind], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
      });
      const exited = new Promise((resolve) => child.once('exit', resolve));
      // Killed once parts of the new generation are committed (its cluster links, or the first two
      // community parts) and the next one waits for the test's lock.
      const t0 = Date.now();
      for (;;) {
        expect(child.exitCode, stderr).toBeNull();
        expect(Date.now() - t0).toBeLessThan(300_000);
        await sleep(200);
        if (kind === 'clustering' && (await raw(store)).links > before.links) break;
        if (kind === 'communities' && ((await store.query('MATCH (a:Address {ns: $ns}) WHERE a.communityGen1 IS NOT NULL RETURN count(a) AS n'))[0].n as number) >= 20_000) break;
      }
      child.kill('SIGKILL');
      await exited;
      await blocker.rollback();
      await session.close();
      expect(await observe(store, nB)).toEqual(['A', 'A', 'A', 'A', 'A', 'A', 'A', 'A']);
      expect((await raw(store)).dirty).toBe(true);
    }
    await driver.close();
    // The server rolled the dead writer's lock back: the next open removes its records.
    const next = await open(ns);
    stores.push(next);
    expect(await raw(next)).toEqual({ ...before, dirty: false });
    expect((await next.query('MATCH (a:Address {ns: $ns}) WHERE a.communityGen1 IS NOT NULL RETURN count(a) AS n'))[0].n).toBe(0);
    expect(await observe(next, nB)).toEqual(['A', 'A', 'A', 'A', 'A', 'A', 'A', 'A']);
    await next.replaceClustering(syntheticClustering(nB, 'B'));
    await next.replaceCommunities(syntheticCommunities(nB, 2));
    expect(await observe(next, nB)).toEqual(['B', 'B', 'B', 'B', 'B', 'B', 'B', 'B']);
    expect(await raw(next)).toEqual({ links: (nB * 9) / 10, members: nB, inferred: nB / 10, dirty: false });
  });
});
