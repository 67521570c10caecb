// `ledgerhound serve [case]`: the analyst workspace (docs/web.md). Imports the case's sources (as `trace`
// does; --no-import reads the store as it is), traces the case, and serves the money-flow graph and its
// tables to a browser on a loopback address with a random access token in the printed URL. The page and
// its API only read: nothing the browser sends changes the store. Runs until interrupted (Ctrl-C).

import { spawn } from 'node:child_process';
import type { Command } from 'commander';
import { readCaseFile } from '../../app/trace-case-file.js';
import { openWorkspace } from '../../app/workspace.js';
import { parseWholeNumber } from '../../src/input-values.js';
import { startWorkspaceServer } from '../../web/server/start.js';
import { type CommonOptions, withCommonOptions, withStore } from '../common.js';
import { action } from '../output.js';

interface ServeOptions extends CommonOptions {
  port: string;
  host: string;
  open?: boolean;
  import: boolean;
}

/** Opens a URL in the desktop's browser (best effort; the URL is printed anyway). */
function openBrowser(url: string): void {
  const [cmd, args] = process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  const child = spawn(cmd as string, args as string[], { stdio: 'ignore', detached: true });
  child.on('error', () => undefined);
  child.unref();
}

export function register(program: Command): void {
  withCommonOptions(
    program
      .command('serve')
      .description('the analyst workspace: the trace, addresses, clusters and communities in the browser')
      .argument('[case]', 'case file (case.yaml or case.json); without one, the store alone (no trace view)')
      .option('--port <n>', 'port (0: any free port)', '0')
      .option('--host <address>', 'address to listen on (loopback by default; others reach it only with the token)', '127.0.0.1')
      .option('--open', "open the workspace in the desktop's browser")
      .option('--no-import', "do not import the case's sources first (the store is only read)"),
  ).action(
    action(async (caseFile: string | undefined, opts: ServeOptions) => {
      const port = parseWholeNumber(opts.port, '--port');
      const loaded = caseFile === undefined ? undefined : await readCaseFile(caseFile);
      // Without a case there is nothing to import: the store must exist and is only read.
      await withStore({ ...opts, caseFile: loaded?.path, readOnly: !loaded || !opts.import }, async (store) => {
        const workspace = await openWorkspace(store, loaded, { importSources: opts.import });
        const running = await startWorkspaceServer({ workspace, host: opts.host, port });
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
      });
    }),
  );
}
