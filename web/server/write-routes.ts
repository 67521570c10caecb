// The workspace's only writes (docs/web.md, Safety): POST /api/notes (an analyst's note on an address,
// `serve --allow-changes`) and POST /api/fetch (one hop around an address from a chain source,
// `serve --allow-fetch`). Each is refused with 403 unless the workspace was started with its option.
// Besides the access token (checked for all of /api), a write must show it comes from the workspace's own
// page (CSRF): it carries the custom header `X-Ledgerhound-Request: 1` (a cross-site page cannot send one
// without a CORS preflight, which this server never grants), a JSON body, and no cross-site `Origin` or
// `Sec-Fetch-Site`.

import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { addAddressNote } from '../../app/workspace-notes.js';
import type { Workspace } from '../../app/workspace.js';
import type { FetchHopResult } from '../../app/workspace-fetch.js';

/** The header the page sends with every write. */
export const WRITE_HEADER = 'x-ledgerhound-request';

export interface WriteRouteOptions {
  workspace: Workspace;
  /** `--allow-changes`: notes may be added, signed by this author. */
  changes?: { author: string };
  /** `--allow-fetch`: one hop around an address from the chain sources. */
  fetchHop?: (chain: string, address: string) => Promise<FetchHopResult>;
  /** Answers with the workspace's error shape (status from the error's code). */
  fail(c: Context, e: unknown): Response;
}

/** The paths a POST may go to (any other POST is 405). */
export const WRITE_PATHS: readonly string[] = ['/api/notes', '/api/fetch'];

function forbidden(c: Context, message: string, reason: string): Response {
  return c.json({ error: { code: 'FORBIDDEN', message, details: { reason } } }, 403);
}

/** Why a write does not come from the workspace's own page, or undefined when it does. */
function crossSite(c: Context): string | undefined {
  if (c.req.header(WRITE_HEADER) !== '1') return `missing header ${WRITE_HEADER}: 1`;
  if (!(c.req.header('content-type') ?? '').toLowerCase().startsWith('application/json')) return 'the body must be application/json';
  const site = c.req.header('sec-fetch-site');
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return `Sec-Fetch-Site: ${site}`;
  const origin = c.req.header('origin');
  if (origin !== undefined) {
    const own = new URL(c.req.url);
    // The Host header was checked against the served addresses; the page's origin is that host.
    if (origin !== `${own.protocol}//${c.req.header('host') ?? own.host}`) return `cross-site Origin ${origin}`;
  }
  return undefined;
}

async function jsonBody(c: Context): Promise<Record<string, unknown>> {
  try {
    const body = (await c.req.json()) as unknown;
    return body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Registers the write routes on the workspace's app (after the token check of /api). */
export function registerWriteRoutes(app: Hono, options: WriteRouteOptions): void {
  const limit = bodyLimit({ maxSize: 64 * 1024, onError: (c) => c.json({ error: { code: 'INVALID_INPUT', message: 'request body over 64 KiB' } }, 413) });
  app.post('/api/notes', limit, async (c) => {
    if (!options.changes) return forbidden(c, 'this workspace is read-only: start it with serve --allow-changes to add notes', 'read-only');
    const why = crossSite(c);
    if (why) return forbidden(c, `refused: ${why}`, 'csrf');
    try {
      const note = await addAddressNote(options.workspace, await jsonBody(c), { author: options.changes.author });
      return c.json(note, 201);
    } catch (e) {
      return options.fail(c, e);
    }
  });
  app.post('/api/fetch', limit, async (c) => {
    if (!options.fetchHop) return forbidden(c, 'this workspace does not fetch: start it with serve --allow-fetch and a source (--rpc, --esplora, ...)', 'no-fetch');
    const why = crossSite(c);
    if (why) return forbidden(c, `refused: ${why}`, 'csrf');
    try {
      const body = await jsonBody(c);
      return c.json(await options.fetchHop(String(body.chain ?? ''), String(body.address ?? '')), 200);
    } catch (e) {
      return options.fail(c, e);
    }
  });
}
