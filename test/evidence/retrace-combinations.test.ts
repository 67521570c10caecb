// A pack holds everything its trace used, so `verify --retrace` reproduces trace.json byte for byte
// (issue 11, item 2): the sample pig-butchering case, clustered with every heuristic, exported under every
// combination of policy x inheritTags x dust x until, and re-traced from the pack alone. With inheritTags
// the pack carries the cluster links and assignments (store/cluster-*.jsonl) next to the inferred tags.
// Also the command line: `cluster build --heuristics all`, `export --inherit-tags`, `verify --retrace`.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LoadedCase, loadCaseFile } from '../../adapters/files/case-file.js';
import { writeEvidencePack } from '../../app/export-pack.js';
import { CLUSTER_ASSIGNMENTS_FILE, CLUSTER_LINKS_FILE } from '../../adapters/files/evidence-pack-clustering.js';
import { retraceEvidencePack } from '../../app/retrace-pack.js';
import { traceForPack } from '../../app/pack-trace.js';
import { importFiles } from '../../adapters/files/import-files.js';
import { openSqliteStore } from '../../graph/sqlite/sqlite-store.js';
import { clusterStore } from '../../src/clustering/cluster-store.js';
import { HEURISTICS } from '../../src/clustering/heuristics.js';
import { type CaseFile, POLICIES } from '../../src/model/case.js';
import type { GraphStore } from '../../src/ports.js';
import { CLI_MAIN } from '../support/cli.js';
import { tempDir } from '../support/stores.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SAMPLE = join(ROOT, 'samples/pig-butchering/case.yaml');

const combinations = POLICIES.flatMap((policy) =>
  [false, true].flatMap((inheritTags) =>
    [undefined, '2000000'].flatMap((dust) => [undefined, '2024-10-20T00:00:00Z'].map((until) => ({ policy, inheritTags, dust, until }))),
  ),
);

describe('evidence packs of the clustered sample case re-trace identically', () => {
  let store: GraphStore;
  let loaded: LoadedCase;

  beforeAll(async () => {
    loaded = await loadCaseFile(SAMPLE);
    store = openSqliteStore(join(tempDir('lh-combos-'), 'case.db'));
    await importFiles(store, loaded.sourcePaths);
    await clusterStore(store, { heuristics: [...HEURISTICS] });
    expect((await store.stats()).clusterLinks).toBeGreaterThan(0);
  });

  afterAll(async () => {
    await store?.close();
  });

  it.each(combinations)('policy $policy, inheritTags $inheritTags, dust $dust, until $until', async ({ policy, inheritTags, dust, until }) => {
    const kase: CaseFile = { ...loaded.kase, policy, inheritTags };
    if (dust === undefined) delete kase.dust;
    else kase.dust = dust;
    if (until === undefined) delete kase.until;
    else kase.until = until;
    const run = await traceForPack(store, kase);
    const pack = await writeEvidencePack({
      store,
      loaded,
      kase,
      run,
      outDir: join(tempDir('lh-combo-pack-'), 'pack'),
      tool: { name: 'ledgerhound', version: '0.1.0-test' },
      argv: ['export', SAMPLE],
    });
    const paths = pack.manifest.files.map((f) => f.path);
    expect(paths.includes(CLUSTER_LINKS_FILE)).toBe(inheritTags);
    expect(paths.includes(CLUSTER_ASSIGNMENTS_FILE)).toBe(inheritTags);
    const retrace = await retraceEvidencePack(pack.dir, pack.manifest, {
      createStore: async () => openSqliteStore(join(tempDir('lh-combo-retrace-'), 'r.db')),
      trace: async (s, k) => {
        const again = await traceForPack(s, k);
        // Byte for byte, not only the same figures.
        expect(`${JSON.stringify(again.result, null, 2)}\n`).toBe(readFileSync(join(pack.dir, 'trace.json'), 'utf8'));
        return again;
      },
    });
    expect(retrace).toMatchObject({ ok: true, sameResult: true, sameStoreContent: true, differences: [] });
  });
});

describe('the issue: export --inherit-tags after cluster build --heuristics all verifies with --retrace', () => {
  const cli = (args: string[]) => {
    const res = spawnSync(process.execPath, [CLI_MAIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, LEDGERHOUND_STORE: '' } });
    return { status: res.status, stdout: res.stdout, stderr: res.stderr };
  };

  it('exits 0 and says the figures are the same', () => {
    const work = tempDir('lh-inherit-pack-');
    const db = join(work, 'case.db');
    const imported = cli(['import', ...['transfers', 'transactions', 'tags'].map((f) => join(ROOT, `samples/pig-butchering/${f}.jsonl`)), join(ROOT, 'samples/pig-butchering/case-notes-tags.csv'), '--store', db, '--quiet']);
    expect(imported.status, imported.stderr).toBe(0);
    const built = cli(['cluster', 'build', '--heuristics', 'all', '--store', db, '--quiet']);
    expect(built.status, built.stderr).toBe(0);
    const exported = cli(['export', SAMPLE, '--inherit-tags', '--out', join(work, 'pack'), '--store', db, '--quiet']);
    expect(exported.status, exported.stderr).toBe(0);
    const verified = cli(['verify', join(work, 'pack'), '--retrace', '--quiet']);
    expect(verified.stdout).toContain('same figures as trace.json');
    expect(verified.status, verified.stdout + verified.stderr).toBe(0);
  }, 180_000);
});
