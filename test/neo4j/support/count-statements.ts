// Counts the statements a Neo4j store sends (the Runner's rows and stream calls), by what they read:
// the Neo4j tests check that a trace needs a bounded number of round trips, not one per address.

import { Runner } from '../../../graph/neo4j/runner.js';

/** Counts the statements the Neo4j store sends, by what they read. */
export function countStatements(): { counts: Map<string, number>; restore(): void } {
  const counts = new Map<string, number>();
  const proto = Runner.prototype as unknown as Record<'rows' | 'stream', (what: string, ...rest: unknown[]) => unknown>;
  const saved = { rows: proto.rows, stream: proto.stream };
  for (const m of ['rows', 'stream'] as const) {
    proto[m] = function (this: unknown, what: string, ...rest: unknown[]) {
      const key = what.replace(/ of .*/, '');
      counts.set(key, (counts.get(key) ?? 0) + 1);
      return saved[m].call(this, what, ...rest);
    };
  }
  return {
    counts,
    restore: () => {
      proto.rows = saved.rows;
      proto.stream = saved.stream;
    },
  };
}
