// SqliteStore.replaceClustering builds the clustering's secondary indexes once, after the rows (issue 19:
// schema.ts CLUSTER_INDEXES): a replacement that succeeds leaves the indexes in place, one that fails midway
// rolls back to the old clustering with its indexes, and the reads answer as before.

import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../graph/sqlite/sqlite-store.js';
import type { ClusterAssignment, ClusterLink } from '../../src/ports.js';
import { btcAddress, txid } from '../support/addresses.js';
import { tempDir } from '../support/stores.js';

const CLUSTER_INDEX_NAMES = ['cluster_links_a', 'cluster_links_b', 'clusters_id'];

function indexNames(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name IN ('cluster_links_a', 'cluster_links_b', 'clusters_id') ORDER BY name").pluck().all() as string[];
  } finally {
    db.close();
  }
}

const addr = (i: number) => btcAddress(`cw${i}`);
const link = (i: number): ClusterLink => ({ chain: 'bitcoin', a: addr(i), b: addr(i + 1), heuristic: 'multi-input', confidence: 100, evidence: txid(`cw${i}`) });
const member = (i: number, clusterId: string): ClusterAssignment => ({ chain: 'bitcoin', address: addr(i), clusterId });

describe('SqliteStore.replaceClustering, indexes built after the rows', () => {
  it('keeps the indexes after a replacement, and a replacement that fails midway leaves the old clustering and its indexes', async () => {
    const file = join(tempDir(), 'clusters.db');
    const store = openSqliteStore(file);
    try {
      await store.replaceClustering({ links: [0, 1, 2].map(link), assignments: [0, 1, 2, 3].map((i) => member(i, 'old')), inferredTags: [] });
      const failing = {
        *[Symbol.iterator]() {
          yield link(10);
          yield link(11);
          throw new Error('clustering source failed');
        },
      };
      await expect(store.replaceClustering({ links: failing, assignments: [member(10, 'new')], inferredTags: [] })).rejects.toThrow('clustering source failed');
      expect(await store.clusterOf('bitcoin', addr(2))).toEqual({ clusterId: 'old', members: [0, 1, 2, 3].map(addr).sort() });
      expect(await store.clusterOf('bitcoin', addr(10))).toBeUndefined();
      expect((await store.linksOf('bitcoin', addr(1))).map((l) => l.evidence).sort()).toEqual([txid('cw0'), txid('cw1')].sort());
      expect((await store.stats()).clusterLinks).toBe(3);
    } finally {
      await store.close();
    }
    expect(indexNames(file)).toEqual(CLUSTER_INDEX_NAMES);

    const again = openSqliteStore(file);
    try {
      await again.replaceClustering({ links: [20, 21].map(link), assignments: [20, 21, 22].map((i) => member(i, 'next')), inferredTags: [] });
      expect(await again.clusterOf('bitcoin', addr(2))).toBeUndefined();
      expect((await again.clusterOf('bitcoin', addr(21)))?.members).toEqual([20, 21, 22].map(addr).sort());
    } finally {
      await again.close();
    }
    expect(indexNames(file)).toEqual(CLUSTER_INDEX_NAMES);
  });
});
