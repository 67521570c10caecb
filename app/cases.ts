// Use cases `cases list` and `cases delete` (issue 18): the cases (namespaces) one Neo4j server holds,
// with their counts, and deleting one of them (graph/neo4j/case-admin.ts). A SQLite file holds one
// case, so these need a Neo4j URL.

import { isNeo4jLocation, storeLocationOf } from './store.js';
import type { CaseDeleteResult, CaseSummary, Neo4jCases } from '../graph/neo4j/case-admin.js';
import { invalidInput } from '../src/errors.js';

export type { CaseDeleteResult, CaseSummary } from '../graph/neo4j/case-admin.js';

export interface CasesInput {
  /** `--store`: a Neo4j URL (else LEDGERHOUND_STORE); its `?namespace=` is ignored. */
  store?: string;
}

async function withCases<T>(input: CasesInput, fn: (cases: Neo4jCases) => Promise<T>): Promise<T> {
  const location = storeLocationOf({ store: input.store });
  if (!isNeo4jLocation(location)) {
    throw invalidInput('cases are namespaces of a Neo4j server: give --store neo4j://host:port (a SQLite file holds one case)', { field: '--store' }, { store: location });
  }
  const { openNeo4jCases } = await import('../graph/neo4j/case-admin.js');
  const cases = openNeo4jCases({ url: location });
  try {
    return await fn(cases);
  } finally {
    await cases.close();
  }
}

/** The cases on the server with their counts, by name. */
export function listCases(input: CasesInput): Promise<{ store: string; cases: CaseSummary[] }> {
  return withCases(input, async (cases) => ({ store: cases.location, cases: await cases.list() }));
}

/** Deletes case `name` from the server (hidden at once, removed in bounded transactions; rerun to finish). */
export function deleteCase(input: CasesInput & { name: string }): Promise<CaseDeleteResult> {
  return withCases(input, (cases) => cases.delete(input.name));
}

/** The summary of one case, for confirming a delete. */
export function describeCase(input: CasesInput & { name: string }): Promise<CaseSummary | undefined> {
  return withCases(input, (cases) => cases.summary(input.name));
}
