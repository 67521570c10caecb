// Hardening of the evidence commands, run as an investigator runs them (the CLI in a child process):
// verify --pubkey with a key that did not sign says so; Ctrl-C during export removes the partial pack,
// says so and exits 130; keygen without --out writes to the user key directory, not the work tree; and
// private keys (*.pem) are git-ignored.

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getAddress } from 'ethers';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI_MAIN } from '../support/cli.js';
import { tempDir } from '../support/stores.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SAMPLE = join(ROOT, 'samples/pig-butchering/case.yaml');

function cli(args: string[], env: Record<string, string> = {}) {
  const res = spawnSync(process.execPath, [CLI_MAIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, LEDGERHOUND_STORE: '', ...env } });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}

describe('verify --pubkey with a key that did not sign', () => {
  const work = tempDir('lh-cli-otherkey-');
  const pack = join(work, 'pack');
  beforeAll(() => {
    for (const who of ['signer', 'other']) expect(cli(['keygen', '--out', join(work, who)]).status).toBe(0);
    const exp = cli(['export', SAMPLE, '--out', pack, '--store', join(work, 'case.db'), '--sign', join(work, 'signer.key.pem'), '--quiet']);
    expect(exp.status, exp.stderr).toBe(0);
  }, 120_000);

  it('says the pack was signed by a key other than the one given (exit 4)', () => {
    const res = cli(['verify', pack, '--pubkey', join(work, 'other.pub.pem')]);
    expect(res.status).toBe(4);
    expect(res.stdout).toContain('signed by a key other than the one given');
    const json = cli(['verify', pack, '--pubkey', join(work, 'other.pub.pem'), '--json']);
    const report = JSON.parse(json.stdout);
    expect(report).toMatchObject({ ok: false, signature: 'other-key', signerTrusted: false });
    expect(report.problems).toEqual([expect.objectContaining({ path: 'manifest.sig', kind: 'signature', detail: expect.stringContaining('signed by a key other than the one given') })]);
  }, 60_000);

  it('still passes with the signer key', () => {
    expect(cli(['verify', pack, '--pubkey', join(work, 'signer.pub.pem')]).status).toBe(0);
  }, 60_000);
});

/** A case big enough that writing its pack takes seconds: one victim, a hub, `n` tagged deposit addresses. */
function writeBigCase(dir: string, n: number): string {
  mkdirSync(dir, { recursive: true });
  const usdt = 'erc20:0xdAC17F958D2ee523a2206206994597C13D831ec7';
  const addr = (i: number) => getAddress(`0x${i.toString(16).padStart(40, '0')}`);
  const hash = (i: number) => `0x${i.toString(16).padStart(64, '0')}`;
  const victim = addr(0xdead);
  const hub = addr(0xbeef);
  const transfers = [{ id: `${hash(1)}:0`, chain: 'ethereum', asset: usdt, txHash: hash(1), block: 19_000_000, txIndex: 0, index: 0, time: '2024-01-01T00:00:00Z', from: victim, to: hub, amount: String(n * 1_000_000) }];
  const tags: object[] = [];
  for (let i = 0; i < n; i++) {
    const to = addr(0x100000 + i);
    const tx = hash(0x10000 + i);
    transfers.push({ id: `${tx}:0`, chain: 'ethereum', asset: usdt, txHash: tx, block: 19_000_001 + i, txIndex: 0, index: 0, time: '2024-01-02T00:00:00Z', from: hub, to, amount: '1000000' });
    tags.push({ chain: 'ethereum', address: to, label: `Exchange desk ${i}`, category: 'exchange', source: 'generated test case', confidence: 90 });
  }
  writeFileSync(join(dir, 'transfers.jsonl'), `${transfers.map((t) => JSON.stringify(t)).join('\n')}\n`);
  writeFileSync(join(dir, 'tags.jsonl'), `${tags.map((t) => JSON.stringify(t)).join('\n')}\n`);
  const caseFile = join(dir, 'case.yaml');
  writeFileSync(caseFile, ['name: Big generated case', 'sources: [transfers.jsonl, tags.jsonl]', 'victimPayments:', '  - id: v0', '    chain: ethereum', `    transfer: "${hash(1)}:0"`, 'policy: fifo', 'maxHops: 5', 'stopAt: [exchange]', ''].join('\n'));
  return caseFile;
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

/** Stops `child` (SIGSTOP) and waits until the kernel reports it stopped (state T in /proc/<pid>/stat). */
async function stopped(child: ChildProcess): Promise<void> {
  child.kill('SIGSTOP');
  for (let i = 0; i < 500; i++) {
    const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
    if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('T')) return;
    await new Promise((r) => setTimeout(r, 2));
  }
  throw new Error(`export ${child.pid} did not stop`);
}

describe('Ctrl-C during export', () => {
  it('removes the partial pack directory, says so and exits 130', async () => {
    const work = tempDir('lh-cli-sigint-');
    const caseFile = writeBigCase(join(work, 'case'), 3000);
    const out = join(work, 'packs');
    mkdirSync(out);
    const child = spawn(process.execPath, [CLI_MAIN, 'export', caseFile, '--out', join(out, 'pack'), '--store', join(work, 'case.db'), '--quiet'], {
      cwd: ROOT,
      env: { ...process.env, LEDGERHOUND_STORE: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (c) => {
      stderr += c;
    });
    const done = exited(child);
    // Interrupt once the pack is being written (its partial directory exists and has files in it). The
    // export is frozen (SIGSTOP) before the partial directory is checked, so it cannot finish the pack
    // between the check and the Ctrl-C; SIGINT waits while it is stopped and arrives with SIGCONT.
    const deadline = Date.now() + 120_000;
    let partial: string | undefined;
    while (Date.now() < deadline && child.exitCode === null) {
      partial = readdirSync(out).find((f) => f.startsWith('.pack.partial-'));
      if (partial && existsSync(join(out, partial, 'case')) && readdirSync(join(out, partial)).length > 0) {
        await stopped(child);
        if (existsSync(join(out, partial))) break;
        child.kill('SIGCONT');
      }
      partial = undefined;
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(partial, `export ended before its pack was being written: ${stderr}`).toBeDefined();
    child.kill('SIGINT');
    child.kill('SIGCONT');
    const { code } = await done;
    expect(code, stderr).toBe(130);
    expect(readdirSync(out)).toEqual([]);
    expect(stderr).toContain(`interrupted: removed the partial evidence pack ${join(out, partial!)}`);
  }, 180_000);
});

describe('keygen without --out', () => {
  it('writes the pair to $XDG_CONFIG_HOME/ledgerhound/keys, outside the work tree', () => {
    const config = tempDir('lh-cli-xdg-');
    const before = readdirSync(ROOT);
    const res = cli(['keygen', '--json'], { XDG_CONFIG_HOME: config });
    expect(res.status, res.stderr).toBe(0);
    const { privateKey, publicKey } = JSON.parse(res.stdout);
    const dir = join(config, 'ledgerhound', 'keys');
    expect(privateKey.startsWith(`${dir}/`)).toBe(true);
    expect(publicKey.startsWith(`${dir}/`)).toBe(true);
    expect(statSync(privateKey).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(readdirSync(ROOT)).toEqual(before);
  });

  it('falls back to ~/.config/ledgerhound/keys', () => {
    const home = tempDir('lh-cli-home-');
    const res = cli(['keygen', '--json'], { HOME: home, XDG_CONFIG_HOME: '' });
    expect(res.status, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout).privateKey.startsWith(join(home, '.config', 'ledgerhound', 'keys'))).toBe(true);
  });

  it('*.pem files are git-ignored', () => {
    for (const file of ['investigator.key.pem', 'keys/investigator.pub.pem']) expect(spawnSync('git', ['check-ignore', '-q', file], { cwd: ROOT }).status, file).toBe(0);
  });
});
