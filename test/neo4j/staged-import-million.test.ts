// A 10^6-transfer file imported on the real Neo4j test server through the CLI in one command (issue 18,
// graph/neo4j/import-staging.ts): a reader polling during the import sees 0 or 10^6 transfers. Its own
// file so that vitest runs it beside the other staged-import tests.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateTransfers } from '../../bench/generate-transfers.js';
import { type Neo4jStore, openNeo4jStore } from '../../graph/neo4j/neo4j-store.js';
import { startCli } from '../support/cli.js';
import { tempDir } from '../support/stores.js';
import { neo4jWanted } from './support/dump-store.js';

function storeUrl(namespace: string): string {
  const url = new URL(process.env.NEO4J_URL as string);
  url.searchParams.set('namespace', namespace);
  return url.toString();
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.runIf(neo4jWanted())('a 10^6-transfer import on Neo4j', () => {
  const stores: Neo4jStore[] = [];
  afterAll(async () => {
    for (const s of stores) await s.close();
  });

  it('imports a 10^6-transfer file through the CLI in one command; a polling reader sees 0 or 10^6', { timeout: 1_800_000 }, async () => {
    const ns = `staged-1e6-${process.pid}`;
    const dir = join(tempDir(), 'million');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'transfers.jsonl');
    const N = 1_000_000;
    await generateTransfers(file, N);
    const reader = await openNeo4jStore({ url: storeUrl(ns) });
    stores.push(reader);
    const t0 = Date.now();
    const child = startCli(['import', '--store', storeUrl(ns), '--json', file]);
    let out = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const seen: number[] = [];
    while (child.exitCode === null) {
      seen.push((await reader.stats()).transfers);
      await Promise.race([exited, sleep(2_000)]);
    }
    expect(await exited, stderr).toBe(0);
    const seconds = (Date.now() - t0) / 1000;
    process.stderr.write(`[staged-import] 10^6 transfers through the CLI: ${seconds.toFixed(1)} s, ${Math.round(N / seconds)} transfers/s\n`);
    expect(out).toContain(`"added": ${N}`);
    seen.push((await reader.stats()).transfers);
    for (const n of seen) expect([0, N]).toContain(n);
    expect(seen.at(-1)).toBe(N);
    expect((await reader.query('MATCH ()-[t:TRANSFER {ns: $ns}]->() RETURN count(t) AS n'))[0].n).toBe(N);
  });

});
