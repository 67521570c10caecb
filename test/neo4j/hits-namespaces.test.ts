// `hits` against every case on a Neo4j server in one query (issue 18, graph/neo4j/cross-namespace.ts):
// `--against neo4j://...?namespace=<prefix>*` makes one side per namespace (case) whose name starts with
// the prefix: `tagged` where that case tagged our address, `seen` where it only transacted with it; a case
// holding none of our addresses is listed with no hits. Three cases on the real test server; one
// statement for all of them.

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findHits } from '../../app/hits.js';
import { importFiles } from '../../adapters/files/import-files.js';
import { namespacePattern } from '../../graph/neo4j/cross-namespace.js';
import { type Neo4jStore, openNeo4jStore } from '../../graph/neo4j/neo4j-store.js';
import { Runner } from '../../graph/neo4j/runner.js';
import { openSqliteStore } from '../../graph/sqlite/sqlite-store.js';
import { REPO_ROOT } from '../support/cli.js';
import { tempDir } from '../support/stores.js';
import { neo4jWanted } from './support/dump-store.js';

const SAMPLE_DIR = join(REPO_ROOT, 'samples/pig-butchering');
const SAMPLE = join(SAMPLE_DIR, 'case.yaml');
/** The scam's TRON deposit address (sample README). */
const TRON_DEPOSIT = 'TJQxYGK1K8Zh1WkTg5jqHWrRRMuKqifwY6';

describe.runIf(neo4jWanted())('hits across every case on a Neo4j server, in one query', () => {
  const prefix = `hits-${process.pid}-${Date.now().toString(36)}-`;
  const url = (ns: string) => {
    const u = new URL(process.env.NEO4J_URL as string);
    u.searchParams.set('namespace', ns);
    return u.toString();
  };
  const stores: Neo4jStore[] = [];

  beforeAll(async () => {
    // Case "transfers": the sample's transfers (our addresses seen, no tags). Case "tags": one tag on the
    // deposit address. Case "other": unrelated data.
    const transfers = await openNeo4jStore({ url: url(`${prefix}transfers`) });
    await importFiles(transfers, [join(SAMPLE_DIR, 'transfers.jsonl')]);
    const tags = await openNeo4jStore({ url: url(`${prefix}tags`) });
    await tags.importBatch({
      source: { name: 'partner-tags', sha256: 'e'.repeat(64), kind: 'file' },
      tags: [{ chain: 'tron', address: TRON_DEPOSIT, label: 'Scam deposit (partner)', category: 'scam', source: 'partner', confidence: 90 }],
    });
    const other = await openNeo4jStore({ url: url(`${prefix}other`) });
    await other.importBatch({
      source: { name: 'other', sha256: 'd'.repeat(64), kind: 'file' },
      tags: [{ chain: 'tron', address: 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t', label: 'Tether', category: 'defi', source: 'x', confidence: 99 }],
    });
    stores.push(transfers, tags, other);
  }, 300_000);

  afterAll(async () => {
    for (const s of stores) {
      await s.wipe();
      await s.close();
    }
  });

  it('recognises the many-namespace form only', () => {
    expect(namespacePattern('neo4j://h:7687?namespace=*')).toBe('*');
    expect(namespacePattern('neo4j+s://h?namespace=team-*')).toBe('team-*');
    expect(namespacePattern('neo4j://h:7687?namespace=case1')).toBeUndefined();
    expect(namespacePattern('case.db')).toBeUndefined();
  });

  it('one side per case: tagged where tagged, seen where transacted, none for the unrelated case', async () => {
    const ours = openSqliteStore(join(tempDir('lh-hits-ns-'), 'case.db'));
    let statements = 0;
    const proto = Runner.prototype as unknown as { rows: (...a: unknown[]) => unknown };
    const rows = proto.rows;
    try {
      // Our side: the sample case, imported into and traced on its own SQLite store.
      proto.rows = function (this: unknown, ...a: unknown[]) {
        statements++;
        return rows.apply(this, a);
      };
      const r = await findHits(ours, SAMPLE, { against: [url(`${prefix}*`)] });
      proto.rows = rows;
      expect(r.against.map((a) => [a.name, a.kind, a.roles])).toEqual([
        [`${prefix}other`, 'store', 'lookup'],
        [`${prefix}tags`, 'store', 'lookup'],
        [`${prefix}transfers`, 'store', 'lookup'],
      ]);
      expect(r.against[0].addresses).toBe(0);
      expect(r.against[1].addresses).toBe(1);
      expect(r.against[2].addresses).toBeGreaterThan(5);
      expect(r.against[2].against).toBe(url(`${prefix}transfers`));
      const deposit = r.hits.find((h) => h.address === TRON_DEPOSIT)!;
      expect(deposit.theirs.map((s) => [s.name, s.roles])).toEqual([
        [`${prefix}tags`, ['tagged']],
        [`${prefix}transfers`, ['seen']],
      ]);
      expect(deposit.theirs[0].labels).toContain('Scam deposit (partner)');
      expect(r.hits.every((h) => h.theirs.every((s) => s.name !== `${prefix}other`))).toBe(true);
      // Opening the server's default namespace checks the schema (one statement), then one lookup for all cases.
      expect(statements).toBeLessThanOrEqual(2);
    } finally {
      proto.rows = rows;
      await ours.close();
    }
  }, 300_000);
});
