// Global test setup: starts every service that the integration suites need, each described by a
// module test/services/<name>/service.ts exporting `start(): Promise<RunningService>`. A service puts
// its connection details in process.env (inherited by the test workers) and is stopped after the run.
// LEDGERHOUND_SERVICES=neo4j,btcd limits which are started (default: all); `none` starts none.
// First, the compiled CLI that the CLI tests run is rebuilt if a source is newer (support/fresh-build.ts).
// The run's temporary files (stores, nodes' data, packs) go under one directory of its own (TMPDIR,
// inherited by the workers and the CLI processes they start), removed after the run unless
// LEDGERHOUND_KEEP_TMP=1: a run made ~700 directories and ~770 MiB in /tmp and left them there.

import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureFreshBuild } from './support/fresh-build.js';

export interface RunningService {
  name: string;
  env: Record<string, string>;
  stop(): Promise<void>;
}

const servicesDir = join(fileURLToPath(new URL('.', import.meta.url)), 'services');
const running: RunningService[] = [];
let runTmp: string | undefined;

export async function setup(): Promise<void> {
  ensureFreshBuild();
  runTmp = mkdtempSync(join(tmpdir(), 'lh-run-'));
  // As /tmp itself (sticky, writable by all): tests run the CLI as an unprivileged user in folders here.
  chmodSync(runTmp, 0o1777);
  process.env.TMPDIR = runTmp;
  const wanted = process.env.LEDGERHOUND_SERVICES?.split(',').map((s) => s.trim());
  const names = readdirSync(servicesDir).filter((n) => existsSync(join(servicesDir, n, 'service.ts'))).sort();
  const selected = names.filter((n) => !wanted || (!wanted.includes('none') && wanted.includes(n)));
  const started = await Promise.all(
    selected.map(async (name) => {
      const mod = (await import(pathToFileURL(join(servicesDir, name, 'service.ts')).href)) as { start(): Promise<RunningService> };
      const svc = await mod.start();
      process.stderr.write(`[global-setup] ${name} started\n`);
      return svc;
    }),
  );
  for (const svc of started) {
    running.push(svc);
    Object.assign(process.env, svc.env);
  }
}

export async function teardown(): Promise<void> {
  await Promise.allSettled(running.map((s) => s.stop()));
  if (runTmp && process.env.LEDGERHOUND_KEEP_TMP !== '1') rmSync(runTmp, { recursive: true, force: true });
}
