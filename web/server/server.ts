// The analyst workspace's HTTP server (docs/web.md) on Hono: the built front end and a read-only JSON API
// over the application layer. Safety rules: every /api call carries the random access token
// (`Authorization: Bearer <token>`, else 401, compared in constant time); the Host header must name the
// address served (no DNS rebinding); no CORS headers at all (the browser's same-origin rule applies); a
// strict Content-Security-Policy (scripts, styles and fonts from this origin only, no inline script, no
// framing); only GET and HEAD (405 otherwise), except the two writes of write-routes.ts (notes with
// --allow-changes, fetching with --allow-fetch; 403 without), which also need a same-origin proof (CSRF).

import { timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { type Context, Hono } from 'hono';
import { addressPanel, neighbourhood } from '../../app/workspace-address.js';
import { communitiesOverview, communityDetail } from '../../app/workspace-communities.js';
import { search } from '../../app/workspace-search.js';
import { caseSummary, explainAddress, type TraceQuery, traceView, type Workspace } from '../../app/workspace.js';
import { isLedgerhoundError } from '../../src/errors.js';
import { POLICIES } from '../../src/model/case.js';
import { registerWriteRoutes, WRITE_PATHS, type WriteRouteOptions } from './write-routes.js';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export interface WorkspaceServerOptions {
  workspace: Workspace;
  token: string;
  /** Folders of the page's files: the sources (index.html, style.css) and the bundle (app.js). */
  uiDir: string;
  bundleDir: string;
  /** Host names the Host header may carry (with any port). */
  hosts: string[];
  /** `--allow-changes`: notes may be added, signed by this author. */
  changes?: WriteRouteOptions['changes'];
  /** `--allow-fetch`: one hop around an address from the chain sources. */
  fetchHop?: WriteRouteOptions['fetchHop'];
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
};

/** The page's static files: name -> folder it is read from. */
const STATIC: Record<string, 'ui' | 'bundle'> = {
  'index.html': 'ui',
  'style.css': 'ui',
  'app.js': 'bundle',
  'app.js.map': 'bundle',
  'layout-worker.js': 'bundle',
  'layout-worker.js.map': 'bundle',
};

function sameToken(given: string | undefined, token: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function json(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
}

/** The query fields of the API: trace settings and view filters, an address, a search. */
type ApiQuery = TraceQuery & { chain?: string; address?: string; q?: string; community?: string };

const FIELDS = ['policy', 'maxHops', 'until', 'victim', 'asset', 'min', 'from', 'chain', 'address', 'q', 'community'] as const;

/** Query fields as the application layer reads them (unknown and empty fields are left out). */
function queryOf(url: URL): ApiQuery {
  const q: ApiQuery = {};
  for (const k of FIELDS) {
    const v = url.searchParams.get(k);
    if (v !== null && v !== '') q[k] = v;
  }
  if (url.searchParams.get('full') === '1') q.full = true;
  return q;
}

/** Builds the Hono app of the workspace. */
export function createWorkspaceApp(options: WorkspaceServerOptions): Hono {
  const { workspace: ws, token } = options;
  const app = new Hono();

  app.use('*', async (c, next) => {
    const host = (c.req.header('host') ?? '').replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
    if (!options.hosts.includes(host)) return c.text('unknown host', 421);
    const write = c.req.method === 'POST' && WRITE_PATHS.includes(c.req.path);
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD' && !write) return c.text('read-only', 405);
    await next();
    c.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('X-Frame-Options', 'DENY');
    c.header('Cross-Origin-Opener-Policy', 'same-origin');
    c.header('Cache-Control', 'no-store');
  });

  app.use('/api/*', async (c, next) => {
    const auth = c.req.header('authorization');
    const given = auth?.startsWith('Bearer ') ? auth.slice(7) : undefined;
    if (!sameToken(given, token)) return c.json({ error: { code: 'UNAUTHORIZED', message: 'missing or wrong access token' } }, 401);
    await next();
  });

  const fail = (c: Context, e: unknown) => {
    const code = isLedgerhoundError(e) ? e.code : 'OTHER';
    const status = code === 'INVALID_INPUT' ? 400 : code === 'NOT_FOUND' ? 404 : 500;
    const message = e instanceof Error ? e.message : String(e);
    const details = isLedgerhoundError(e) ? e.details : {};
    return c.body(json({ error: { code, message, details } }), status, { 'Content-Type': 'application/json; charset=utf-8' });
  };
  const api = (path: string, fn: (q: ApiQuery) => Promise<unknown>) =>
    app.get(`/api/${path}`, async (c) => {
      try {
        const body = json(await fn(queryOf(new URL(c.req.url))));
        return c.body(body, 200, { 'Content-Type': 'application/json; charset=utf-8' });
      } catch (e) {
        return fail(c, e);
      }
    });
  api('case', async () => ({ ...(await caseSummary(ws, POLICIES)), allow: { notes: Boolean(options.changes), fetch: Boolean(options.fetchHop), ...(options.changes ? { author: options.changes.author } : {}) } }));
  api('trace', (q) => traceView(ws, q));
  api('explain', (q) => explainAddress(ws, q));
  api('address', (q) => addressPanel(ws, q));
  api('neighbourhood', (q) => neighbourhood(ws, q));
  api('communities', (q) => communitiesOverview(ws, { full: q.full }));
  api('community', (q) => communityDetail(ws, q));
  api('search', (q) => search(ws, q));
  registerWriteRoutes(app, { workspace: ws, changes: options.changes, fetchHop: options.fetchHop, fail });
  app.get('/api/*', (c) => c.json({ error: { code: 'NOT_FOUND', message: 'no such API' } }, 404));

  app.get('/:file?', async (c) => {
    const name = c.req.param('file') ?? 'index.html';
    const where = STATIC[name];
    if (!where) return c.text('not found', 404);
    const dir = where === 'ui' ? options.uiDir : options.bundleDir;
    const path = normalize(join(dir, name));
    if (!path.startsWith(dir + sep)) return c.text('not found', 404);
    try {
      return c.body(await readFile(path), 200, { 'Content-Type': TYPES[extname(name)] ?? 'application/octet-stream' });
    } catch {
      return c.text(where === 'bundle' ? 'the page is not built: run npm run build:web' : 'not found', 404);
    }
  });
  return app;
}
