// `export` imports a case's sources only when the store does not hold them with the same content
// (app/import-case-sources.ts): unchanged files are skipped, a changed file is imported again.

import { appendFileSync, copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCaseSources } from '../../app/import-case-sources.js';
import { readCaseFile } from '../../app/trace-case-file.js';
import type { GraphStore } from '../../src/ports.js';
import { sqliteFactory, tempDir } from '../support/stores.js';

const SAMPLE = fileURLToPath(new URL('../../samples/pig-butchering/', import.meta.url));

describe('importCaseSources', () => {
  let dir: string;
  let store: GraphStore;
  beforeAll(async () => {
    dir = tempDir('lh-case-sources-');
    for (const f of readdirSync(SAMPLE)) if (/\.(jsonl|csv|yaml)$/.test(f)) copyFileSync(join(SAMPLE, f), join(dir, f));
    store = await sqliteFactory.create();
  }, 60_000);
  afterAll(async () => {
    await store?.close();
  });

  it('imports every source of a fresh store, skips them all the second time, and imports a changed file again', async () => {
    const loaded = await readCaseFile(join(dir, 'case.yaml'));
    const first = await importCaseSources(store, loaded.sourcePaths);
    expect(first.imported.map((r) => r.file)).toEqual(loaded.sourcePaths);
    expect(first.unchanged).toEqual([]);
    const stats = await store.stats();
    const sources = await store.listSources();

    const second = await importCaseSources(store, loaded.sourcePaths);
    expect(second.imported).toEqual([]);
    expect(second.unchanged).toEqual(loaded.sourcePaths);
    expect(await store.stats()).toEqual(stats);
    expect(await store.listSources()).toEqual(sources);

    // A transfer added to transfers.jsonl: that file (only) is imported again and the new record lands.
    const transfersFile = loaded.sourcePaths.find((p) => p.endsWith('transfers.jsonl'))!;
    const last = JSON.parse(readFileSync(transfersFile, 'utf8').trim().split('\n').at(-1)!) as Record<string, unknown>;
    const added = { ...last, id: `${String(last.txHash)}:9999`, index: 9999 };
    appendFileSync(transfersFile, `${JSON.stringify(added)}\n`);
    const third = await importCaseSources(store, loaded.sourcePaths);
    expect(third.imported.map((r) => r.file)).toEqual([transfersFile]);
    expect(third.unchanged).toEqual(loaded.sourcePaths.filter((p) => p !== transfersFile));
    expect(await store.getTransfer(String(last.chain), String(added.id))).toMatchObject({ id: added.id, index: 9999 });
    expect((await store.stats()).transfers).toBe(stats.transfers + 1);
  });
});
