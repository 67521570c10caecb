// Starts the workspace server (server.ts) on a loopback address by default with a fresh random access
// token, and says where: the URL to open carries the token (`?token=`), which the page keeps for its
// API calls. The page's files are read from the repository (web/ui) and its build (dist/web/ui).

import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import type { Workspace } from '../../app/workspace.js';
import { createWorkspaceApp, type WorkspaceServerOptions } from './server.js';

export interface StartOptions {
  workspace: Workspace;
  host?: string;
  /** 0 (default): any free port. */
  port?: number;
  /** A fixed token (tests); else 32 random bytes. */
  token?: string;
  /** `--allow-changes`: notes may be added, signed by this author. */
  changes?: WorkspaceServerOptions['changes'];
  /** `--allow-fetch`: one hop around an address from the chain sources. */
  fetchHop?: WorkspaceServerOptions['fetchHop'];
}

export interface RunningWorkspace {
  url: string;
  /** The URL to open: with the token. */
  openUrl: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

/** The repository (or installed package) root: the nearest folder above this file with a package.json. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('package root not found');
    dir = up;
  }
  return dir;
}

const LOOPBACK = ['127.0.0.1', 'localhost', '::1'];

/** Starts the server and resolves once it listens. */
export function startWorkspaceServer(options: StartOptions): Promise<RunningWorkspace> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? randomBytes(32).toString('base64url');
  const root = packageRoot();
  const hosts = LOOPBACK.includes(host) ? LOOPBACK : [host];
  const app = createWorkspaceApp({ workspace: options.workspace, token, uiDir: resolve(root, 'web/ui'), bundleDir: resolve(root, 'dist/web/ui'), hosts, changes: options.changes, fetchHop: options.fetchHop });
  return new Promise((done, fail) => {
    const server = serve({ fetch: app.fetch, hostname: host, port: options.port ?? 0 }, (info) => {
      const shown = host.includes(':') ? `[${host}]` : host;
      const url = `http://${shown}:${info.port}/`;
      done({
        url,
        openUrl: `${url}?token=${token}#/trace`,
        token,
        port: info.port,
        close: () => new Promise((closed) => server.close(() => closed())),
      });
    });
    server.once('error', fail);
  });
}
