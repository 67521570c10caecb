// Test service: a real Neo4j 5 community server on a free loopback port with authentication on,
// launched from the jar and classpath that prepare.sh built under ${LEDGERHOUND_CACHE}/neo4j/build.
// `start()` is what test/global-setup.ts calls (sets NEO4J_URL, NEO4J_USER, NEO4J_PASSWORD);
// `launchNeo4j()` is for tests and benchmarks that need their own server (restart in mid-import).
// The password reaches the JVM through its environment, never its command line.

import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningService } from '../../global-setup.js';

/** Where prepare.sh put the server jar and its classpath. */
export function neo4jBuildDir(): string {
  return join(process.env.LEDGERHOUND_CACHE ?? join(homedir(), '.cache', 'ledgerhound'), 'neo4j', 'build');
}

export interface LaunchOptions {
  /** Database home directory; reuse it to restart a server on the same data. */
  home: string;
  /** Bolt port on 127.0.0.1 (default: a free one). */
  port?: number;
  /** Password of the `neo4j` user (default: random). */
  password?: string;
  /** JVM heap in MiB (default 1024). */
  heapMb?: number;
  /** How long to wait for Bolt (default 180 s). */
  timeoutMs?: number;
  /** Short-lived server: C1 JIT only (less CPU at start, slower steady state). */
  quickStart?: boolean;
}

/** A running Neo4j JVM. */
export interface Neo4jProcess {
  /** Process id of the JVM (benchmarks read its CPU time). */
  pid: number;
  url: string;
  port: number;
  user: string;
  password: string;
  home: string;
  /** Graceful stop (closes its stdin, then SIGTERM, then SIGKILL). */
  stop(): Promise<void>;
  /** Hard kill (SIGKILL): a crash, for failure tests. */
  kill(): Promise<void>;
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function javaBinary(): string {
  const home = process.env.JAVA_HOME;
  return home && existsSync(join(home, 'bin', 'java')) ? join(home, 'bin', 'java') : 'java';
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Starts a Neo4j server and resolves once Bolt accepts connections. */
export async function launchNeo4j(options: LaunchOptions): Promise<Neo4jProcess> {
  const build = neo4jBuildDir();
  const jar = join(build, 'neo4j-test-server.jar');
  const cpFile = join(build, 'classpath.txt');
  if (!existsSync(jar) || !existsSync(cpFile)) {
    throw new Error(`Neo4j test server not built: run test/services/neo4j/prepare.sh (looked in ${build})`);
  }
  const port = options.port ?? (await freePort());
  const password = options.password ?? randomBytes(12).toString('hex');
  const classpath = `${jar}:${readFileSync(cpFile, 'utf8').trim()}`;
  const args = [
    `-Xmx${options.heapMb ?? 1024}m`,
    '-Xss2m',
    '-XX:+UseParallelGC',
    '-XX:ParallelGCThreads=2',
    ...(options.quickStart ? ['-XX:TieredStopAtLevel=1'] : []),
    '-Dfile.encoding=UTF-8',
    '-cp',
    classpath,
    'dev.ledgerhound.neo4j.TestServer',
    options.home,
    String(port),
  ];
  const child = spawn(javaBinary(), args, {
    env: { ...process.env, NEO4J_PASSWORD: password },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`Neo4j did not start within ${options.timeoutMs ?? 180_000} ms: ${stderr}`));
    }, options.timeoutMs ?? 180_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('LEDGERHOUND-NEO4J-READY')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`Neo4j exited during start (code ${code}, signal ${signal}): ${stderr}`));
    });
  });
  child.stdout?.resume();
  const stop = async () => {
    child.stdin?.end();
    if (await waitForExit(child, 20_000)) return;
    child.kill('SIGTERM');
    if (await waitForExit(child, 10_000)) return;
    child.kill('SIGKILL');
    await waitForExit(child, 10_000);
  };
  const kill = async () => {
    child.kill('SIGKILL');
    await waitForExit(child, 10_000);
  };
  return { pid: child.pid ?? 0, url: `neo4j://127.0.0.1:${port}`, port, user: 'neo4j', password, home: options.home, stop, kill };
}

/**
 * Runs `neo4j-admin database import full <args> neo4j` (the AdminTool shipped in the same jars) into
 * the empty home `home`; resolves with its output, rejects when it fails.
 */
export async function runNeo4jAdminImport(home: string, args: string[]): Promise<string> {
  mkdirSync(home, { recursive: true });
  const build = neo4jBuildDir();
  const classpath = `${join(build, 'neo4j-test-server.jar')}:${readFileSync(join(build, 'classpath.txt'), 'utf8').trim()}`;
  const child = spawn(javaBinary(), ['-Xmx512m', '-cp', classpath, 'org.neo4j.cli.AdminTool', 'database', 'import', 'full', ...args, 'neo4j'], {
    env: { ...process.env, NEO4J_HOME: home, NEO4J_CONF: join(home, 'conf') },
    // neo4j-admin writes import.report into its working directory: keep it in the temporary home.
    cwd: home,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  if (code !== 0) throw new Error(`neo4j-admin import failed (exit ${code}): ${output.slice(-3000)}`);
  return output;
}

/** The global test service: one server in a temporary home, removed after the run. */
export async function start(): Promise<RunningService> {
  const home = mkdtempSync(join(tmpdir(), 'lh-neo4j-'));
  const server = await launchNeo4j({ home });
  return {
    name: 'neo4j',
    env: { NEO4J_URL: server.url, NEO4J_USER: server.user, NEO4J_PASSWORD: server.password },
    stop: async () => {
      await server.stop();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
