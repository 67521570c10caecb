// Property (fast-check, fixed seed): the sample's trace result does not depend on the order of the
// lines in its data files. TRACING.md orders events by (block, txIndex, index), never by file order,
// so shuffling transfers.jsonl (including the three transfers of the batch transaction),
// transactions.jsonl and both tag files must give byte-identical JSON under fifo and libr, the two
// rules where the order of events at one address changes the answer.

import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { type LoadedCase, loadCaseFile } from '../../adapters/files/case-file.js';
import { importFiles } from '../../adapters/files/import-files.js';
import { openSqliteStore } from '../../graph/sqlite/sqlite-store.js';
import type { Policy } from '../../src/model/case.js';
import { traceCase } from '../../src/tracing/trace-case.js';
import { tempDir } from '../support/stores.js';
import { SAMPLE_CASE } from './expected-trace.js';

const POLICIES: Policy[] = ['fifo', 'libr'];

async function traceFiles(loaded: LoadedCase, files: string[]): Promise<string[]> {
  const store = openSqliteStore(':memory:');
  try {
    await importFiles(store, files);
    const out: string[] = [];
    for (const policy of POLICIES) out.push(JSON.stringify((await traceCase(store, loaded.kase, { policy })).result));
    return out;
  } finally {
    await store.close();
  }
}

/** Applies a permutation given as sort keys to the data lines of a file (a CSV keeps its header first). */
function shuffled(text: string, keys: number[], options: { header: boolean }): string {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const head = options.header ? lines.slice(0, 1) : [];
  const body = options.header ? lines.slice(1) : lines;
  const order = body.map((line, i) => ({ line, key: keys[i % keys.length] * body.length + i })).sort((a, b) => a.key - b.key);
  return [...head, ...order.map((o) => o.line)].join('\n') + '\n';
}

describe('sample pig-butchering case: file order does not matter', () => {
  let loaded: LoadedCase;
  let baseline: string[];

  beforeAll(async () => {
    loaded = await loadCaseFile(SAMPLE_CASE);
    baseline = await traceFiles(loaded, loaded.sourcePaths);
  });

  it('shuffled data files give byte-identical fifo and libr results', async () => {
    const texts = loaded.sourcePaths.map((p) => readFileSync(p, 'utf8'));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat({ max: 1000 }), { minLength: 50, maxLength: 50 }), fc.boolean(), async (keys, reverseFiles) => {
        const dir = tempDir('lh-sample-order-');
        const files = loaded.sourcePaths.map((p, i) => {
          const file = join(dir, basename(p));
          writeFileSync(file, shuffled(texts[i], keys, { header: p.endsWith('.csv') }));
          return file;
        });
        const results = await traceFiles(loaded, reverseFiles ? files.reverse() : files);
        expect(results).toEqual(baseline);
      }),
      { seed: 20241017, numRuns: 8 },
    );
  });
});
