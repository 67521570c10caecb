// Test file order for vitest's two workers: the files that take minutes start first, so that none of
// them is left running alone at the end of the suite. Without a results cache (a fresh clone in CI)
// vitest keeps the files in glob order, and the 10^6-transfer Neo4j import (about 5 minutes) started
// two thirds of the way through and ran on after everything else. The list is from CI's timings
// (`.ci/run`, each over a minute); every other file follows in vitest's own order (cached durations,
// longest first, when a cache exists).

import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Longest first. A file that no longer exists here is simply not matched. */
export const SLOW_FILES = [
  'test/neo4j/staged-import-million.test.ts',
  'test/neo4j/staged-import.test.ts',
  'test/neo4j/cluster-staging.test.ts',
  'test/evidence/retrace-combinations.test.ts',
  'test/neo4j/restart.test.ts',
  'test/neo4j/csv-export.test.ts',
];

export class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (spec: TestSpecification) => {
      const path = spec.moduleId.replaceAll('\\', '/');
      const i = SLOW_FILES.findIndex((f) => path.endsWith(`/${f}`));
      return i < 0 ? SLOW_FILES.length : i;
    };
    // Array.prototype.sort is stable: the other files keep vitest's order.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}
