// Keeps the compiled CLI the tests run (dist/, built by `npm ci` through the prepare script) in step with
// the sources: a test must never pass or fail on yesterday's build. Before the suites start, every source
// file the build compiles is compared with its output (dist/<path>.js); when one is newer or missing, the
// build is run again (tsc, and the browser bundle when a web/ui file is newer than it). A fresh clone after
// `npm ci` needs no rebuild.

import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { REPO_ROOT } from './cli.js';

/** The directories tsconfig.json compiles (web/server comes in through cli/commands/serve.ts). */
const COMPILED = ['src', 'app', 'adapters', 'graph', 'cli', 'web/server'];
const BUNDLES = ['dist/web/ui/app.js', 'dist/web/ui/layout-worker.js'];

function* sourcesUnder(dir: string, ext: RegExp): Generator<string> {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourcesUnder(full, ext);
    else if (ext.test(entry.name) && !entry.name.endsWith('.d.ts')) yield full;
  }
}

const mtime = (path: string) => statSync(path, { throwIfNoEntry: false })?.mtimeMs;

/** The first compiled source whose output is missing or older, if any. */
export function staleCompiledSource(root = REPO_ROOT): string | undefined {
  for (const dir of COMPILED) {
    for (const source of sourcesUnder(join(root, dir), /\.ts$/)) {
      const out = mtime(join(root, 'dist', relative(root, source)).replace(/\.ts$/, '.js'));
      if (out === undefined || out < mtime(source)!) return relative(root, source);
    }
  }
  return undefined;
}

/** The first web/ui file newer than the oldest browser bundle, if any. */
export function staleBundleSource(root = REPO_ROOT): string | undefined {
  const built = BUNDLES.map((b) => mtime(join(root, b)));
  if (built.some((t) => t === undefined)) return BUNDLES[0];
  const oldest = Math.min(...(built as number[]));
  for (const source of sourcesUnder(join(root, 'web/ui'), /\.ts$/)) if (mtime(source)! > oldest) return relative(root, source);
  return undefined;
}

function run(what: string, args: string[]): void {
  const res = spawnSync('npm', ['run', '--silent', ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (res.status !== 0) throw new Error(`[fresh-build] ${what} failed (exit ${res.status}): the tests run the compiled CLI`);
}

/** Rebuilds what is stale; says on stderr what it rebuilt and why. */
export function ensureFreshBuild(): void {
  const source = staleCompiledSource();
  if (source !== undefined) {
    process.stderr.write(`[fresh-build] ${source} is newer than its build: npm run build\n`);
    run('npm run build', ['build']);
  }
  const ui = staleBundleSource();
  if (ui !== undefined) {
    process.stderr.write(`[fresh-build] ${ui} is newer than the browser bundle: npm run build:web\n`);
    run('npm run build:web', ['build:web']);
  }
}
