// The command line against Neo4j (issue 5), run as a user runs it: `--store neo4j://...` on import,
// stats and address with the password only in NEO4J_PASSWORD (never in output), the same `--json`
// as on the embedded store, and `export-neo4j-csv` with `--json` on stdout alone and a clean failure.

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { tempDir } from '../support/stores.js';
import { neo4jWanted } from './support/dump-store.js';

const SAMPLE = join('samples', 'pig-butchering');
const FILES = ['transfers.jsonl', 'transactions.jsonl', 'conversions.jsonl', 'tags.jsonl', 'case-notes-tags.csv'].map((f) => join(SAMPLE, f));

describe.runIf(neo4jWanted())('ledgerhound CLI with --store neo4j://', () => {
  it('imports, counts and summarises addresses on Neo4j exactly as on the embedded store, never printing the password', { timeout: 400_000 }, async () => {
    const password = process.env.NEO4J_PASSWORD as string;
    const url = new URL(process.env.NEO4J_URL as string);
    url.searchParams.set('namespace', `cli-${process.pid}`);
    const neo = url.toString();
    const db = join(tempDir(), 'case.db');

    for (const store of [neo, db]) {
      const imported = runCli(['import', '--store', store, '--json', ...FILES]);
      expect(imported.code, imported.stderr).toBe(0);
    }
    const neoStats = runCli(['stats', '--store', neo, '--json']);
    expect(neoStats.code, neoStats.stderr).toBe(0);
    const sqlStats = runCli(['stats', '--store', db, '--json']);
    const { store: neoLocation, sourceFiles: _a, ...neoCounts } = JSON.parse(neoStats.stdout);
    const { store: _b, sourceFiles: _c, ...sqlCounts } = JSON.parse(sqlStats.stdout);
    expect(neoCounts).toEqual(sqlCounts);
    expect(neoLocation).toContain('namespace=cli-');

    // What the store knows about the scam's collector wallet: the same JSON from both stores.
    const wallet = JSON.parse(readFileSync(join(SAMPLE, 'transfers.jsonl'), 'utf8').split('\n')[0]).to as string;
    const addrNeo = runCli(['address', 'ethereum', wallet, '--store', neo, '--json']);
    const addrSql = runCli(['address', 'ethereum', wallet, '--store', db, '--json']);
    expect(addrNeo.code, addrNeo.stderr).toBe(0);
    expect(addrSql.code, addrSql.stderr).toBe(0);
    expect(JSON.parse(addrNeo.stdout).assets.length).toBeGreaterThan(0);
    expect(addrNeo.stdout).toBe(addrSql.stdout);

    for (const r of [neoStats, addrNeo]) expect(r.stdout + r.stderr).not.toContain(password);

    // A wrong password: STORE_FAILURE (exit 6), the password never echoed.
    const wrong = runCli(['stats', '--store', neo, '--json'], { env: { NEO4J_PASSWORD: 'not-the-password-123' } });
    expect(wrong.code).toBe(6);
    expect(wrong.stdout).toBe('');
    expect(wrong.stderr).toContain('STORE_FAILURE');
    expect(wrong.stderr).not.toContain('not-the-password-123');
  });

  it('export-neo4j-csv: --json on stdout alone, files complete, and no half-written export on failure', { timeout: 240_000 }, () => {
    const db = join(tempDir(), 'case.db');
    expect(runCli(['import', '--store', db, ...FILES]).code).toBe(0);
    const out = join(tempDir(), 'csv');
    const res = runCli(['export-neo4j-csv', out, '--store', db, '--json']);
    expect(res.code, res.stderr).toBe(0);
    const report = JSON.parse(res.stdout);
    expect(report.files['transfer-rels.csv']).toBe(55);
    expect(report.files['conversions.csv']).toBe(2);
    expect(report.command.slice(0, 4)).toEqual(['neo4j-admin', 'database', 'import', 'full']);
    expect(readdirSync(out).sort()).toEqual(Object.keys(report.files).sort());

    // The target is a file, not a directory: an error, and nothing written.
    const blocked = join(tempDir(), 'blocked');
    writeFileSync(blocked, 'x');
    const failed = runCli(['export-neo4j-csv', join(blocked, 'sub'), '--store', db]);
    expect(failed.code).not.toBe(0);
    expect(failed.stdout).toBe('');
  });
});
