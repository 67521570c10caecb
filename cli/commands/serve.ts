// `ledgerhound serve [case]`: the analyst workspace (docs/web.md). Imports the case's sources (as `trace`
// does; --no-import reads the store as it is), traces the case, and serves the money-flow graph and its
// tables to a browser on a loopback address with a random access token in the printed URL. The page and
// its API only read, unless --allow-changes (analysts' notes on addresses, signed by --author,
// LEDGERHOUND_AUTHOR or the OS user) or --allow-fetch (one hop around an address from the expansion
// sources of `expand`, selected by the same options). Runs until interrupted (Ctrl-C).

import { spawn } from 'node:child_process';
import type { Command } from 'commander';
import { readCaseFile } from '../../app/trace-case-file.js';
import { openWorkspace, type Workspace } from '../../app/workspace.js';
import { openFetcher, type WorkspaceFetcher } from '../../app/workspace-fetch.js';
import { noteAuthor } from '../../app/workspace-notes.js';
import { parseWholeNumber } from '../../src/input-values.js';
import type { GraphStore } from '../../src/ports.js';
import { startWorkspaceServer } from '../../web/server/start.js';
import { type CommonOptions, withCommonOptions, withStore } from '../common.js';
import { type FetchOptions, transportFor, withExpansionSourceOptions, withFetchOptions } from '../fetch-options.js';
import { action } from '../output.js';

interface ServeOptions extends CommonOptions, FetchOptions {
  port: string;
  host: string;
  open?: boolean;
  import: boolean;
  allowChanges?: boolean;
  author?: string;
  allowFetch?: boolean;
  busyThreshold?: string;
  [sourceOption: string]: unknown;
}

/** Opens a URL in the desktop's browser (best effort; the URL is printed anyway). */
function openBrowser(url: string): void {
  const [cmd, args] = process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  const child = spawn(cmd as string, args as string[], { stdio: 'ignore', detached: true });
  child.on('error', () => undefined);
  child.unref();
}

export function register(program: Command): void {
  const cmd = program
    .command('serve')
    .description('the analyst workspace: the trace, addresses, clusters and communities in the browser')
    .argument('[case]', 'case file (case.yaml or case.json); without one, the store alone (no trace view)')
    .option('--port <n>', 'port (0: any free port)', '0')
    .option('--host <address>', 'address to listen on (loopback by default; others reach it only with the token)', '127.0.0.1')
    .option('--open', "open the workspace in the desktop's browser")
    .option('--no-import', "do not import the case's sources first (the store is only read)")
    .option('--allow-changes', "let the page add analysts' notes on addresses to the store")
    .option('--author <name>', 'author of the notes written (default: LEDGERHOUND_AUTHOR, else the OS user)')
    .option('--allow-fetch', 'let the page fetch one hop around an address from a chain source (give one: --rpc, --esplora, ...)')
    .option('--busy-threshold <n>', 'with --allow-fetch: do not fetch addresses with more transactions than this', '1000');
  withCommonOptions(withFetchOptions(withExpansionSourceOptions(cmd, (d) => `with --allow-fetch: ${d}`))).action(
    action(async (caseFile: string | undefined, opts: ServeOptions) => {
      const port = parseWholeNumber(opts.port, '--port');
      const busyThreshold = parseWholeNumber(opts.busyThreshold ?? '1000', '--busy-threshold');
      const loaded = caseFile === undefined ? undefined : await readCaseFile(caseFile);
      const writes = Boolean(opts.allowChanges || opts.allowFetch);
      // Without a case there is nothing to import: the store must exist and is only read (written only
      // with --allow-changes or --allow-fetch).
      await withStore({ ...opts, caseFile: loaded?.path, readOnly: !writes && (!loaded || !opts.import), mustExist: !loaded }, async (store) => {
        let fetcher: WorkspaceFetcher | undefined;
        if (opts.allowFetch) fetcher = await openFetcher(store, opts, { transport: transportFor(opts, store.location), busyThreshold });
        try {
          await serveUntilStopped(store, loaded, opts, port, fetcher);
        } finally {
          await fetcher?.close();
        }
      });
    }),
  );
}

/** Opens the workspace, serves it and waits for Ctrl-C (or SIGTERM). */
async function serveUntilStopped(store: GraphStore, loaded: Workspace['loaded'], opts: ServeOptions, port: number, fetcher: WorkspaceFetcher | undefined): Promise<void> {
  const workspace = await openWorkspace(store, loaded, { importSources: opts.import });
  const running = await startWorkspaceServer({
    workspace,
    host: opts.host,
    port,
    ...(opts.allowChanges ? { changes: { author: noteAuthor(opts.author) } } : {}),
    ...(fetcher ? { fetchHop: (chain: string, address: string) => fetcher.fetchHop(chain, address) } : {}),
  });
  process.stdout.write(`Ledgerhound workspace for ${loaded ? loaded.kase.name : 'the store alone'}\n${running.openUrl}\n(Ctrl-C to stop)\n`);
  if (opts.open) openBrowser(running.openUrl);
  await new Promise<void>((done) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void running.close().then(done);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
