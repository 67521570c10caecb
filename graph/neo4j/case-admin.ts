// Many cases on one Neo4j server (issue 18): every case is a namespace (connection.ts), marked by its
// :Store node. Listing gives each namespace's counts (what `stats` gives inside one case) and its last
// import; deleting a case first hides all of it in one small transaction (`visibleBelow` 0 and
// `deleting`, visibility.ts: readers see nothing of it, imports are refused) and then removes it in
// bounded transactions, relationships before nodes and the :Store node last, so a delete that is
// interrupted (kill -9) is finished by running it again.

import { type Connection, connect, type Neo4jStoreOptions, storeError } from './connection.js';
import { Neo4jStore } from './neo4j-store.js';
import { partRows } from './import-staging.js';
import { compareCodePoints } from './records.js';
import { Runner } from './runner.js';
import { NAMESPACED_LABELS } from './schema.js';

/** One case (namespace) on the server and what it holds. */
export interface CaseSummary {
  name: string;
  transfers: number;
  transactions: number;
  addresses: number;
  tags: number;
  sources: number;
  /** When the last import committed (ISO 8601), if recorded. */
  lastImport?: string;
  /** A delete was started and not finished: `cases delete` again finishes it. */
  deleting?: boolean;
  /** Imports that died before committing (their records are invisible; removed on the next open). */
  unfinishedImports?: number;
}

/** What deleting a case removed. */
export interface CaseDeleteResult {
  name: string;
  /** Whether the case existed (false: nothing to delete). */
  existed: boolean;
  /** Nodes and relationships removed by this run. */
  removed: number;
}

/** The cases (namespaces) of one Neo4j server, for listing and deleting them. */
export class Neo4jCases {
  readonly location: string;
  private readonly conn: Connection;
  private readonly runner: Runner;

  constructor(conn: Connection) {
    this.conn = conn;
    this.runner = new Runner(conn);
    this.location = conn.location;
  }

  /**
   * The namespaces with a :Store node, or with the marker of an unfinished import (a first import
   * killed before it committed leaves records but no :Store node), by name (code points).
   */
  async names(): Promise<string[]> {
    const recs = await this.runner.rows('listing cases', 'MATCH (m:Store) RETURN m.ns AS ns UNION MATCH (i:Import) RETURN i.ns AS ns');
    return recs.map((r) => r.get('ns') as string).sort(compareCodePoints);
  }

  /** Every case with its counts. */
  async list(): Promise<CaseSummary[]> {
    const out: CaseSummary[] = [];
    for (const name of await this.names()) {
      const row = await this.summary(name);
      if (row) out.push(row);
    }
    return out;
  }

  /** One case with its counts (undefined: no such case). */
  async summary(name: string): Promise<CaseSummary | undefined> {
    const meta = await this.runner.rows(
      'reading a case',
      `OPTIONAL MATCH (m:Store {ns: $name})
       RETURN m IS NOT NULL AS store, m.lastImport AS lastImport, m.deleting AS deleting, COUNT { MATCH (i:Import {ns: $name}) } AS unfinished`,
      { name },
    );
    const unfinished = meta[0].get('unfinished') as number;
    if (meta[0].get('store') !== true && unfinished === 0) return undefined;
    const deleting = meta[0]?.get('deleting') === true;
    const lastImport = (meta[0]?.get('lastImport') as string | null | undefined) ?? undefined;
    const stats = await new Neo4jStore({ ...this.conn, namespace: name }).stats();
    const row: CaseSummary = {
      name,
      transfers: stats.transfers,
      transactions: stats.transactions,
      addresses: stats.addresses,
      tags: stats.tags,
      sources: stats.sources,
    };
    if (lastImport !== undefined) row.lastImport = lastImport;
    if (deleting) row.deleting = true;
    if (unfinished > 0) row.unfinishedImports = unfinished;
    return row;
  }

  /** Runs a `CALL {...} IN TRANSACTIONS` statement; returns how many rows it deleted. */
  private async batched(match: string, action: string, name: string): Promise<number> {
    const session = this.runner.session('WRITE');
    try {
      const res = await session.run(`${match} CALL (x) { ${action} } IN TRANSACTIONS OF ${partRows()} ROWS`, { ns: name });
      const c = res.summary.counters.updates();
      return c.nodesDeleted + c.relationshipsDeleted;
    } finally {
      await session.close();
    }
  }

  /**
   * Deletes case `name`: hidden at once, then removed in bounded transactions (waits for an import
   * of the case that is running to finish). Running it again after an interruption finishes the job.
   */
  async delete(name: string): Promise<CaseDeleteResult> {
    try {
      const marked = await this.runner.write(`deleting case ${name}`, async (tx) => {
        const found = await tx.run(
          `OPTIONAL MATCH (m:Store {ns: $ns})
           RETURN m IS NOT NULL OR EXISTS { MATCH (a:Address {ns: $ns}) } OR EXISTS { MATCH (s:Source {ns: $ns}) } AS exists`,
          { ns: name },
        );
        if (found.records[0].get('exists') !== true) return false;
        // Takes the namespace lock (waits for a running import), then hides everything.
        await tx.run('MERGE (m:Store {ns: $ns}) SET m._lock = true REMOVE m._lock SET m.deleting = true, m.visibleBelow = 0', { ns: name });
        return true;
      });
      if (!marked) return { name, existed: false, removed: 0 };
      let removed = 0;
      // Relationships first (a busy address may have millions), then nodes label by label.
      removed += await this.batched(
        `MATCH ()-[x:TRANSFER]->() USING INDEX x:TRANSFER(ns, chain, block, txIndex, index, id)
         WHERE x.ns = $ns AND x.chain IS NOT NULL AND x.block IS NOT NULL AND x.txIndex IS NOT NULL AND x.index IS NOT NULL AND x.id IS NOT NULL`,
        'DELETE x',
        name,
      );
      removed += await this.batched('MATCH ()-[x:CLUSTER_LINK]->() WHERE x.ns = $ns', 'DELETE x', name);
      for (const label of NAMESPACED_LABELS.filter((l) => l !== 'Store')) {
        removed += await this.batched(`MATCH (x:${label} {ns: $ns})`, 'DETACH DELETE x', name);
      }
      removed += await this.batched('MATCH (x:Store {ns: $ns})', 'DETACH DELETE x', name);
      return { name, existed: true, removed };
    } catch (e) {
      throw storeError(this.conn, `deleting case ${name}`, e);
    }
  }

  async close(): Promise<void> {
    await this.conn.driver.close();
  }
}

/** The cases of the Neo4j server at `options.url` (its `?namespace=` is ignored). */
export function openNeo4jCases(options: Neo4jStoreOptions): Neo4jCases {
  return new Neo4jCases(connect(options));
}
