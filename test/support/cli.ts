// Runs the ledgerhound CLI from its sources (tsx) in a child process, as a user would run it.

import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAIN = fileURLToPath(new URL('../../cli/main.ts', import.meta.url));
// The tsx loader by absolute URL, so that the CLI can run with any working directory.
const TSX = new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
}

function cliEnv(env: CliOptions['env']): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...process.env, LEDGERHOUND_STORE: undefined, ...env };
  for (const key of Object.keys(out)) if (out[key] === undefined) delete out[key];
  return out;
}

/** Runs `ledgerhound <args>` to completion. */
export function runCli(args: string[], options: CliOptions = {}): CliResult {
  const res = spawnSync(process.execPath, ['--import', TSX, MAIN, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: cliEnv(options.env),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: res.status, signal: res.signal, stdout: res.stdout, stderr: res.stderr };
}

/** Starts `ledgerhound <args>` and returns the child, for tests that interrupt it. */
export function startCli(args: string[], options: CliOptions = {}) {
  return spawn(process.execPath, ['--import', TSX, MAIN, ...args], { cwd: options.cwd ?? REPO_ROOT, env: cliEnv(options.env) });
}
