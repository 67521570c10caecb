// Opening stores from the command line (issue 11, items 8, 9, 19, 20): read commands never create a
// store and say where stores are; unknown --store schemes are refused; archived stores open read-only
// (write-protected media); a file that is not a database or a directory is named in a clear error;
// the printed neo4j-admin command pastes into a shell; chain names are case-insensitive.

import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evmAddress, txid } from '../support/addresses.js';
import { CLI_MAIN, REPO_ROOT, runCli } from '../support/cli.js';
import { tempDir } from '../support/stores.js';

const USDT = 'erc20:0xdAC17F958D2ee523a2206206994597C13D831ec7';

function writeTransfers(dir: string): string {
  const file = join(dir, 'transfers.jsonl');
  const row = { id: `${txid('v1')}:3`, chain: 'ethereum', asset: USDT, txHash: txid('v1'), block: 19_000_000, txIndex: 1, index: 3, from: evmAddress('victim'), to: evmAddress('collector'), amount: '2500000000' };
  writeFileSync(file, `${JSON.stringify(row)}\n`);
  return file;
}

function caseYaml(sources: string[]): string {
  return `name: t\nsources: [${sources.join(', ')}]\nvictimPayments:\n  - id: v1\n    chain: ethereum\n    transfer: "${txid('v1')}:3"\n`;
}

function errorOf(stderr: string): { code: string; message: string; details: Record<string, unknown> } {
  return JSON.parse(stderr).error;
}

describe('read commands on a store that does not exist', () => {
  const reads: [string, (dir: string) => string[]][] = [
    ['stats', () => ['stats']],
    ['address', () => ['address', 'ethereum', evmAddress('victim')]],
    ['cluster show', () => ['cluster', 'show', 'ethereum', evmAddress('victim')]],
    ['cluster explain', () => ['cluster', 'explain', 'ethereum', evmAddress('victim'), evmAddress('collector')]],
    ['communities', () => ['communities']],
    ['export-neo4j-csv', (dir) => ['export-neo4j-csv', join(dir, 'csv')]],
  ];

  it.each(reads)('%s exits 3 naming the path, and creates nothing', (_name, args) => {
    const dir = tempDir();
    const store = join(dir, 'nope', 'case.db');
    const res = runCli([...args(dir), '--store', store, '--json']);
    expect(res.code).toBe(3);
    expect(errorOf(res.stderr)).toMatchObject({ code: 'NOT_FOUND', details: { path: store } });
    expect(existsSync(join(dir, 'nope'))).toBe(false);
  });

  it('trace --no-import exits 3 without creating the case store; verify creates no store either', () => {
    const dir = tempDir();
    writeTransfers(dir);
    writeFileSync(join(dir, 'case.yaml'), caseYaml(['transfers.jsonl']));
    const res = runCli(['trace', join(dir, 'case.yaml'), '--no-import', '--json']);
    expect(res.code).toBe(3);
    expect(existsSync(join(dir, '.ledgerhound'))).toBe(false);
    const verify = runCli(['verify', join(dir, 'no-pack')], { cwd: dir });
    expect(verify.code).not.toBe(0);
    expect(existsSync(join(dir, '.ledgerhound'))).toBe(false);
  });

  it('stats without a store, run where cases sit in sub-folders, names the default store and the stores it sees', () => {
    const dir = tempDir();
    // As after the README's first command: samples/<case>/.ledgerhound/case.db below the working directory.
    const caseDir = join(dir, 'samples', 'pig-butchering');
    mkdirSync(caseDir, { recursive: true });
    expect(runCli(['import', writeTransfers(caseDir), '--quiet'], { cwd: caseDir }).code).toBe(0);
    const res = runCli(['stats'], { cwd: dir });
    expect(res.code).toBe(3);
    expect(res.stderr).toContain(join(dir, '.ledgerhound', 'case.db'));
    expect(res.stderr).toContain('samples/pig-butchering/.ledgerhound/case.db');
    expect(existsSync(join(dir, '.ledgerhound'))).toBe(false);
    const json = errorOf(runCli(['stats', '--json'], { cwd: dir }).stderr);
    expect(json.details).toMatchObject({ found: ['samples/pig-butchering/.ledgerhound/case.db'] });
    // The store it names is the one to use.
    const ok = runCli(['stats', '--store', 'samples/pig-butchering/.ledgerhound/case.db', '--json'], { cwd: dir });
    expect(JSON.parse(ok.stdout).transfers).toBe(1);
  }, 240_000);
});

describe('store locations', () => {
  it.each(['http://127.0.0.1:7474/db/neo4j', 'neo4j:localhost:7687', 'file:case.db', 'bolt:host'])('refuses --store %s with INVALID_INPUT and creates no file', (location) => {
    const dir = tempDir();
    const res = runCli(['import', writeTransfers(dir), '--store', location, '--json'], { cwd: dir });
    expect(res.code).toBe(2);
    expect(errorOf(res.stderr)).toMatchObject({ code: 'INVALID_INPUT', details: { field: '--store', store: location } });
    expect(runCli(['stats', '--store', location], { cwd: dir }).code).toBe(2);
  });

  it('a file that is not a database is STORE_FAILURE (exit 6) naming it, for reads and writes', () => {
    const dir = tempDir();
    const notDb = join(dir, 'notes.db');
    writeFileSync(notDb, 'case notes, not a database\n'.repeat(200));
    const read = runCli(['stats', '--store', notDb, '--json']);
    expect(read.code).toBe(6);
    expect(errorOf(read.stderr)).toMatchObject({ code: 'STORE_FAILURE', details: { path: notDb } });
    const write = runCli(['import', writeTransfers(dir), '--store', notDb, '--json']);
    expect(write.code).toBe(6);
    expect(errorOf(write.stderr)).toMatchObject({ code: 'STORE_FAILURE', details: { path: notDb } });
  });

  it('a directory given as the store is INVALID_INPUT naming it (not EISDIR, exit 1)', () => {
    const dir = tempDir();
    for (const args of [['stats'], ['import', writeTransfers(dir)]]) {
      const res = runCli([...args, '--store', dir, '--json']);
      expect(res.code).toBe(2);
      expect(errorOf(res.stderr)).toMatchObject({ code: 'INVALID_INPUT', details: { store: dir } });
    }
  });
});

describe('archived stores on write-protected media', () => {
  /** Runs the CLI as a user who cannot write the store (root ignores file modes: run as nobody then). */
  function runUnprivileged(args: string[]) {
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: '/tmp' };
    delete env.LEDGERHOUND_STORE;
    return spawnSync(process.execPath, [CLI_MAIN, ...args], { cwd: REPO_ROOT, env, encoding: 'utf8', ...asNobody });
  }

  it('stats and address read a store in a write-protected folder, and a write is refused', () => {
    const dir = tempDir();
    const archive = join(dir, 'archive');
    mkdirSync(archive);
    const store = join(archive, 'case.db');
    expect(runCli(['import', writeTransfers(dir), '--store', store, '--quiet']).code).toBe(0);
    chmodSync(store, 0o444);
    chmodSync(archive, 0o555);
    chmodSync(dir, 0o755);
    const stats = runUnprivileged(['stats', '--store', store, '--json']);
    expect(stats.stderr).toBe('');
    expect(JSON.parse(stats.stdout)).toMatchObject({ transfers: 1 });
    const address = runUnprivileged(['address', 'ethereum', evmAddress('collector'), '--store', store, '--json']);
    expect(JSON.parse(address.stdout).assets).toHaveLength(1);
    const write = runUnprivileged(['import', join(dir, 'transfers.jsonl'), '--store', store, '--json']);
    expect(write.status).toBe(6);
  }, 240_000);
});

describe('export-neo4j-csv', () => {
  it('prints a neo4j-admin command that a POSIX shell passes on argument for argument', () => {
    const dir = tempDir();
    const store = join(dir, 'case.db');
    expect(runCli(['import', writeTransfers(dir), '--store', store, '--quiet']).code).toBe(0);
    const out = join(dir, 'csv out');
    const json = JSON.parse(runCli(['export-neo4j-csv', out, '--store', store, '--json']).stdout);
    expect(json.command).toContain('--array-delimiter=;');
    const text = runCli(['export-neo4j-csv', out, '--store', store]).stdout;
    const printed = text.slice(text.indexOf('  neo4j-admin')).trim();
    expect(printed).toContain("--array-delimiter=';'");
    // The shell sees the printed text; printf shows each argument it received on a line of its own.
    const shell = spawnSync('sh', ['-c', printed.replace(/^neo4j-admin/, "printf '%s\\n'")], { encoding: 'utf8' });
    expect(shell.stdout.trimEnd().split('\n')).toEqual(json.command.slice(1));
    expect(json.shellCommand).toBe(printed.replace(/ \\\n\s+/g, ' '));
  }, 240_000);
});

describe('chain names on the command line', () => {
  it('address takes a chain name in any case, and refuses a typo listing the known chains', () => {
    const dir = tempDir();
    const store = join(dir, 'case.db');
    expect(runCli(['import', writeTransfers(dir), '--store', store, '--quiet']).code).toBe(0);
    const lower = JSON.parse(runCli(['address', 'ethereum', evmAddress('collector'), '--store', store, '--json']).stdout);
    const mixed = runCli(['address', 'Ethereum', evmAddress('collector'), '--store', store, '--json']);
    expect(mixed.code).toBe(0);
    expect(JSON.parse(mixed.stdout)).toEqual(lower);
    const typo = runCli(['address', 'etherum', evmAddress('collector'), '--store', store, '--json']);
    expect(typo.code).toBe(2);
    const err = errorOf(typo.stderr);
    expect(err).toMatchObject({ code: 'INVALID_INPUT', details: { field: 'chain', chain: 'etherum' } });
    expect(err.details.known).toEqual(expect.arrayContaining(['bitcoin', 'ethereum', 'tron']));
    expect(err.message).toContain('ethereum');
  }, 240_000);
});

describe('case sources', () => {
  it('a case naming a missing source fails with NOT_FOUND before anything is imported', () => {
    const dir = tempDir();
    writeTransfers(dir);
    writeFileSync(join(dir, 'case.yaml'), caseYaml(['transfers.jsonl', 'tags-from-the-exchange.jsonl']));
    const res = runCli(['trace', join(dir, 'case.yaml'), '--json', '--quiet']);
    expect(res.code).toBe(3);
    expect(errorOf(res.stderr)).toMatchObject({ code: 'NOT_FOUND', details: { field: 'sources[1]', source: 'tags-from-the-exchange.jsonl' } });
    expect(existsSync(join(dir, '.ledgerhound'))).toBe(false);
    // The same files given to import: the missing one is found before the first is imported.
    const store = join(dir, 'case.db');
    expect(runCli(['import', join(dir, 'transfers.jsonl'), join(dir, 'missing.jsonl'), '--store', store]).code).toBe(3);
    expect(existsSync(store)).toBe(false);
  });
});

describe('rejected records on stderr', () => {
  it('lists at most the first 20 rejected lines of a file and counts the rest', () => {
    const dir = tempDir();
    const list = join(dir, 'scam-addresses.txt');
    writeFileSync(list, `${Array.from({ length: 35 }, (_, i) => `0xnot-an-address-${i}`).join('\n')}\n${evmAddress('scam')}\n`);
    const res = runCli(['import', list, '--chain', 'ethereum', '--label', 'scam', '--category', 'scam', '--store', join(dir, 'case.db')]);
    expect(res.code).toBe(0);
    const lines = res.stderr.trim().split('\n');
    expect(lines.filter((l) => l.includes('(not imported)'))).toHaveLength(20);
    expect(lines.at(-1)).toContain('15 more rejected (35 in all');
  });
});
